"""The definition of one indicator of the Territorial Digital Agenda (a Dexterity type).

The definitions are content (few, edited by the UPI coordination, workflowed, searchable);
the values measured for them are not: they live in ``store.MeasurementStore``.
"""

from Acquisition import aq_base
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from persistent.list import PersistentList
from plone.dexterity.content import Item
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.validation import FieldValueError
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import re


CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
TARGET_LINE = re.compile(r"^\s*(\d{4})\s*[:=]\s*(-?\d+(?:[.,]\d+)?)\s*$")


def check_code(value):
    if not CODE.match(value or ""):
        raise FieldValueError(
            _(
                "error_indicator_code",
                default="Code: use capital letters, digits and underscores, "
                "starting with a letter (for example SPID_SERVICES).",
            )
        )
    return True


def parse_targets(text):
    """``{year: value}`` from lines like ``2026: 80`` (raises FieldValueError)."""
    targets = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = TARGET_LINE.match(line)
        if not match:
            raise FieldValueError(
                _(
                    "error_targets_line",
                    default="Targets: line ${number} (${line}) is not 'year: value', "
                    "for example 2026: 80.",
                    mapping={"number": number, "line": line.strip()},
                )
            )
        targets[int(match.group(1))] = float(match.group(2).replace(",", "."))
    return targets


def check_targets(value):
    parse_targets(value)
    return True


def _same_object(a, b):
    return a is not None and b is not None and aq_base(a) is aq_base(b)


class IIndicator(model.Schema):
    """An indicator of digital maturity, the same for every territory."""

    @invariant
    def code_is_unique(data):
        """Imports and the API find an indicator by its code: two must not share one.

        ``data.__context__`` is the indicator being edited (or created, through
        REST) or, in the add form, the folder it goes into.
        """
        from provincecomuni.sit.setup import indicator_objects

        try:
            code = data.code
        except AttributeError:
            return
        # Validating the object itself (getValidationErrors) passes the object as data.
        context = getattr(data, "__context__", data)
        for other in indicator_objects():
            if other.code == code and not _same_object(other, context):
                raise Invalid(
                    _(
                        "error_indicator_code_taken",
                        default='Code: ${code} is already the code of the indicator "${title}".',
                        mapping={"code": code, "title": other.Title()},
                    )
                )

    code = schema.TextLine(
        title=_("label_indicator_code", default="Code"),
        description=_(
            "help_indicator_code",
            default="Stable identifier used in imports and in the API, e.g. SPID_SERVICES.",
        ),
        constraint=check_code,
        required=True,
    )
    title_en = schema.TextLine(title=_("label_title_en", default="Name in English"), required=True)
    description_en = schema.Text(
        title=_("label_description_en", default="Description in English"), required=False
    )
    area = schema.Choice(
        title=_("label_area", default="Area"),
        vocabulary="provincecomuni.vocabularies.IndicatorAreas",
        required=True,
    )
    unit = schema.Choice(
        title=_("label_unit", default="Unit"),
        description=_(
            "help_unit",
            default="Values out of the unit's range (a percentage above 100, a negative "
            "count) are refused at import.",
        ),
        vocabulary="provincecomuni.vocabularies.IndicatorUnits",
        required=True,
    )
    direction = schema.Choice(
        title=_("label_direction", default="Direction"),
        vocabulary="provincecomuni.vocabularies.IndicatorDirections",
        default="higher",
        required=True,
    )
    level = schema.Choice(
        title=_("label_level", default="Level"),
        vocabulary="provincecomuni.vocabularies.IndicatorLevels",
        required=True,
    )
    aggregation = schema.Choice(
        title=_("label_aggregation", default="Province value"),
        description=_(
            "help_aggregation",
            default="For an indicator of the Comuni: how the Province value is computed "
            "from its Comuni (it is never typed in).",
        ),
        vocabulary="provincecomuni.vocabularies.IndicatorAggregations",
        default="mean",
        required=True,
    )
    frequency = schema.Choice(
        title=_("label_frequency", default="Period"),
        vocabulary="provincecomuni.vocabularies.IndicatorFrequencies",
        default="year",
        required=True,
    )
    data_source = schema.TextLine(
        title=_("label_data_source", default="Data source"), required=True
    )
    methodology = schema.Text(
        title=_("label_methodology", default="Methodology"),
        description=_(
            "help_methodology",
            default="How the value is measured. Changing it starts a new methodology "
            "version; values already recorded keep the version they were measured with.",
        ),
        required=True,
    )
    targets = schema.Text(
        title=_("label_targets", default="Targets per year"),
        description=_("help_targets", default="One line per year, e.g. 2026: 80"),
        constraint=check_targets,
        required=False,
    )


@implementer(IIndicator)
class Indicator(Item):
    """An indicator definition, with the history of its methodology."""

    methodology_versions = ()

    def methodology_version(self):
        return len(self.methodology_versions) or 1

    def record_methodology(self, today=None):
        """Start a new methodology version if the text changed; return the current version."""
        versions = self.methodology_versions
        text = self.methodology or ""
        if versions and versions[-1]["methodology"] == text:
            return len(versions)
        if not versions:
            self.methodology_versions = versions = PersistentList()
        versions.append(
            {
                "version": len(versions) + 1,
                "methodology": text,
                "since": (today or date.today()).isoformat(),
            }
        )
        return len(versions)

    def spec(self):
        """The definition as plain, immutable data (what imports and computations use)."""
        return IndicatorSpec(
            code=self.code,
            title=self.title,
            title_en=self.title_en or "",
            unit=self.unit,
            direction=self.direction,
            level=self.level,
            aggregation=self.aggregation,
            frequency=self.frequency,
            area=self.area,
            methodology_version=self.methodology_version(),
            targets=parse_targets(self.targets),
            url=self.absolute_url(),
        )


def methodology_changed(obj, event):
    """On add and edit: a new methodology text is a new version."""
    obj.record_methodology()


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    title: str
    unit: str
    direction: str = "higher"
    level: str = "comune"
    aggregation: str = "mean"
    frequency: str = "year"
    area: str = ""
    title_en: str = ""
    methodology_version: int = 1
    targets: dict = field(default_factory=dict)
    url: str = ""

    @property
    def for_comuni(self):
        return self.level in ("comune", "both")

    @property
    def for_provinces(self):
        return self.level in ("province", "both")

    @property
    def computed_for_provinces(self):
        """The Province value is computed from the Comuni (never imported)."""
        return self.for_comuni and self.aggregation != "none"

    def better(self, a, b):
        """Is value ``a`` better than value ``b``?"""
        return a < b if self.direction == "lower" else a > b
