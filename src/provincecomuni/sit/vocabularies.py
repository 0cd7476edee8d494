"""The closed lists of an indicator definition: areas, units, directions, levels..."""

from provincecomuni import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


AREAS = (
    ("online_services", _("area_online_services", default="Online services")),
    ("digital_identity", _("area_digital_identity", default="Digital identity (SPID/CIE)")),
    ("pagopa", _("area_pagopa", default="pagoPA payments")),
    ("app_io", _("area_app_io", default="App IO")),
    ("notifications", _("area_notifications", default="Digital notifications (SEND)")),
    ("interoperability", _("area_interoperability", default="Interoperability (PDND)")),
    ("cloud", _("area_cloud", default="Cloud migration")),
    ("open_data", _("area_open_data", default="Open data")),
    ("connectivity", _("area_connectivity", default="Connectivity")),
    ("digital_skills", _("area_digital_skills", default="Digital skills")),
    ("pnrr", _("area_pnrr", default="PNRR digitalisation measures")),
)

# unit -> (label, minimum, maximum, integer only)
UNITS = {
    "percent": (_("unit_percent", default="Percentage (0-100)"), 0.0, 100.0, False),
    "count": (_("unit_count", default="Count (whole number)"), 0.0, None, True),
    "euro": (_("unit_euro", default="Euro"), 0.0, None, False),
    "boolean": (_("unit_boolean", default="Yes/no (1 or 0)"), 0.0, 1.0, True),
    "per_1000": (_("unit_per_1000", default="Per 1,000 inhabitants"), 0.0, None, False),
    "mbps": (_("unit_mbps", default="Megabit per second"), 0.0, None, False),
    "days": (_("unit_days", default="Days"), 0.0, None, False),
}

DIRECTIONS = (
    ("higher", _("direction_higher", default="Higher is better")),
    ("lower", _("direction_lower", default="Lower is better")),
)

LEVELS = (
    ("comune", _("level_comune", default="Comune")),
    ("province", _("level_province", default="Province")),
    ("both", _("level_both", default="Comune and Province")),
)

AGGREGATIONS = (
    ("sum", _("aggregation_sum", default="Sum of the Comuni")),
    ("mean", _("aggregation_mean", default="Mean of the Comuni")),
    (
        "weighted_mean",
        _("aggregation_weighted_mean", default="Mean of the Comuni weighted by population"),
    ),
    ("none", _("aggregation_none", default="None: the Province value is measured")),
)

FREQUENCIES = (
    ("year", _("frequency_year", default="Yearly (2025)")),
    ("quarter", _("frequency_quarter", default="Quarterly (2025-Q1)")),
)


def _vocabulary(pairs):
    return SimpleVocabulary([SimpleTerm(value=v, token=v, title=t) for v, t in pairs])


@provider(IVocabularyFactory)
def AreasVocabularyFactory(context=None):
    return _vocabulary(AREAS)


@provider(IVocabularyFactory)
def UnitsVocabularyFactory(context=None):
    return _vocabulary((code, spec[0]) for code, spec in UNITS.items())


@provider(IVocabularyFactory)
def DirectionsVocabularyFactory(context=None):
    return _vocabulary(DIRECTIONS)


@provider(IVocabularyFactory)
def LevelsVocabularyFactory(context=None):
    return _vocabulary(LEVELS)


@provider(IVocabularyFactory)
def AggregationsVocabularyFactory(context=None):
    return _vocabulary(AGGREGATIONS)


@provider(IVocabularyFactory)
def FrequenciesVocabularyFactory(context=None):
    return _vocabulary(FREQUENCIES)
