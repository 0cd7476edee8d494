"""Where the measured values live: two BTrees inside the ZODB, not content objects.

2.8 million values (5,554 Comuni x 50 indicators x 10 periods) as content would mean
2.8 million catalogued objects; here a value is one small tuple in a bucket of a BTree.

* ``values``: ``(indicator, territory, period) -> record``. Territory codes are ISTAT
  codes, and a Comune's 6-digit code starts with its Province's 3-digit code, so "one
  indicator, one Province's Comuni, all periods" is ONE contiguous key range
  (``(ind, "004000")`` to ``(ind, "004999")``), and "one territory over time" another.
* ``cross``: ``(indicator, period, level, territory) -> value``, level ``"P"`` or ``"C"``:
  a cross-section, for ranks and averages: the 76 Provinces of one period, the Comuni
  of one Province in one period (again a prefix range) or all Comuni.
* ``computed``: ``(indicator, period, province) -> (value, number of Comuni)`` for the
  Province values computed from their Comuni: the 76 of one period are one short
  range, from which the averages of all the Comuni of a region or of the country follow
  without reading 5,554 values.

A record is a tuple ``(value, source, collected_on, methodology_version, computed_from)``
where ``computed_from`` is 0 for a measured value and the number of Comuni a computed
Province value was aggregated from.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations


ANNOTATION_KEY = "provincecomuni.sit.measurements"
PROVINCE, COMUNE = "P", "C"
HIGH = "\uffff"


def level_of(territory):
    return PROVINCE if len(territory) == 3 else COMUNE


class MeasurementStore(Persistent):
    def __init__(self):
        self.values = OOBTree()
        self.cross = OOBTree()
        self.computed = OOBTree()
        self.length = Length()

    def __len__(self):
        return self.length()

    def get(self, indicator, territory, period):
        return self.values.get((indicator, territory, period))

    def put(self, indicator, territory, period, record):
        """Store a record; return True if it replaced one."""
        key = (indicator, territory, period)
        replaced = key in self.values
        self.values[key] = tuple(record)
        self.cross[(indicator, period, level_of(territory), territory)] = record[0]
        if record[4]:
            self.computed[(indicator, period, territory)] = (record[0], record[4])
        elif replaced:
            self.computed.pop((indicator, period, territory), None)
        if not replaced:
            self.length.change(1)
        return replaced

    def delete(self, indicator, territory, period):
        key = (indicator, territory, period)
        if key not in self.values:
            return False
        del self.values[key]
        del self.cross[(indicator, period, level_of(territory), territory)]
        self.computed.pop((indicator, period, territory), None)
        self.length.change(-1)
        return True

    def series(self, indicator, territory):
        """[(period, record)] of one territory, in period order."""
        return [
            (key[2], record)
            for key, record in self.values.items(
                (indicator, territory, ""), (indicator, territory, HIGH)
            )
        ]

    def comuni_of_province(self, indicator, province):
        """[(comune, period, record)] of the Comuni of one Province, all periods."""
        return [
            (key[1], key[2], record)
            for key, record in self.values.items(
                (indicator, province + "000"), (indicator, province + "999", HIGH)
            )
        ]

    def indicator_items(self, indicator):
        """Every (territory, period, record) of one indicator, in key order (lazy)."""
        for key, record in self.values.items((indicator,), (indicator, HIGH)):
            yield key[1], key[2], record

    def cross_section(self, indicator, period, level, prefix=""):
        """{territory: value} of one period at one level (Comuni: optionally of one Province)."""
        low = (indicator, period, level, prefix)
        high = (indicator, period, level, prefix + HIGH)
        return {key[3]: value for key, value in self.cross.items(low, high)}

    def province_totals(self, indicator, period):
        """{province: (value, number of Comuni)} of the computed Province values."""
        low, high = (indicator, period, ""), (indicator, period, HIGH)
        return {key[2]: item for key, item in self.computed.items(low, high)}


def get_store(portal, create=False):
    annotations = IAnnotations(portal)
    store = annotations.get(ANNOTATION_KEY)
    if store is None and create:
        store = annotations[ANNOTATION_KEY] = MeasurementStore()
    return store


def set_store(portal, store):
    IAnnotations(portal)[ANNOTATION_KEY] = store
