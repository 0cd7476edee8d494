"""The digital agenda of a Province: objectives tied to indicators, progress computed.

A ``DigitalAgenda`` (container, in the agenda-digitale section) holds ``AgendaObjective``
items. Each objective names an indicator, a target value and the period by which it
should be reached, and the actions planned; its progress is computed from the
Province's measurements, never typed in.
"""

from datetime import date
from plone import api
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.sit.measurements import QUARTER
from provincecomuni.sit.measurements import range_error
from provincecomuni.sit.measurements import YEAR
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.validation import FieldValueError
from zope import schema
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import datetime


def check_target_period(value):
    if not (YEAR.match(value or "") or QUARTER.match(value or "")):
        raise FieldValueError(
            _(
                "error_target_period",
                default="Period: write a year (2026) or a quarter (2026-Q2).",
            )
        )
    return True


@provider(IVocabularyFactory)
def IndicatorsVocabularyFactory(context=None):
    """The indicators that have a Province value (measured or computed)."""
    specs = sorted(indicator_specs().values(), key=lambda s: s.title)
    return SimpleVocabulary(
        [
            SimpleTerm(value=s.code, token=s.code, title=f"{s.title} ({s.code})")
            for s in specs
            if s.for_provinces or s.computed_for_provinces
        ]
    )


class IDigitalAgenda(model.Schema):
    """The digital agenda of one Province."""

    province = schema.Choice(
        title=_("label_agenda_province", default="Province"),
        vocabulary="provincecomuni.vocabularies.Province",
        required=True,
    )
    first_year = schema.Int(
        title=_("label_agenda_first_year", default="From year"), min=2000, max=2100, required=True
    )
    last_year = schema.Int(
        title=_("label_agenda_last_year", default="To year"), min=2000, max=2100, required=True
    )

    @invariant
    def years_in_order(data):
        if data.first_year and data.last_year and data.first_year > data.last_year:
            raise Invalid(_("error_agenda_years", default="To year: it comes before From year."))


class IAgendaObjective(model.Schema):
    """One objective of a digital agenda."""

    indicator = schema.Choice(
        title=_("label_objective_indicator", default="Indicator"),
        vocabulary="provincecomuni.vocabularies.ProvinceIndicators",
        required=True,
    )
    baseline_period = schema.TextLine(
        title=_("label_objective_baseline", default="Baseline period"),
        description=_(
            "help_objective_baseline",
            default="The period progress is measured from (the first value if empty).",
        ),
        constraint=check_target_period,
        required=False,
    )
    target_value = schema.Float(
        title=_("label_objective_target", default="Target value"), required=True
    )
    target_period = schema.TextLine(
        title=_("label_objective_target_period", default="To be reached by"),
        description=_(
            "help_objective_target_period", default="A year (2026) or a quarter (2026-Q2)."
        ),
        constraint=check_target_period,
        required=True,
    )
    actions = schema.Text(
        title=_("label_objective_actions", default="Actions"),
        description=_("help_objective_actions", default="What will be done, by whom."),
        required=False,
    )

    @invariant
    def target_fits_the_unit(data):
        spec = indicator_specs().get(data.indicator) if data.indicator else None
        if spec is not None and data.target_value is not None:
            problem = range_error(spec, data.target_value)
            if problem:
                raise Invalid(f"target_value: {problem}")


@implementer(IDigitalAgenda)
class DigitalAgenda(Container):
    """A Province's digital agenda (its objectives are its items)."""


@implementer(IAgendaObjective)
class AgendaObjective(Item):
    """An objective: indicator, target, date and actions."""


def period_end(period):
    """The last day of a period (``2026`` -> 2026-12-31, ``2026-Q2`` -> 2026-06-30)."""
    match = QUARTER.match(period or "")
    if match:
        year, quarter = int(match.group(1)), int(match.group(2))
        if quarter == 4:
            return date(year, 12, 31)
        return date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    return date(int(period), 12, 31)


def objective_progress(store, spec, province, baseline_period, target_value, target_period, today):
    """Where one objective stands, from the Province's values of the indicator."""
    series = store.series(spec.code, province) if store is not None else []
    result = {
        "indicator": spec.code,
        "indicator_title": spec.title,
        "unit": spec.unit,
        "target_value": target_value,
        "target_period": target_period,
        "baseline_period": None,
        "baseline_value": None,
        "latest_period": None,
        "latest_value": None,
        "progress": None,
        "status": "no_data",
    }
    if not series:
        return result
    values = dict(series)
    base_period = baseline_period if baseline_period in values else series[0][0]
    baseline = values[base_period][0]
    latest_period, record = series[-1]
    latest = record[0]
    result.update(
        baseline_period=base_period,
        baseline_value=baseline,
        latest_period=latest_period,
        latest_value=latest,
    )
    if latest == target_value or spec.better(latest, target_value):
        progress = 100.0
    elif target_value == baseline:
        progress = 0.0
    else:
        progress = max(0.0, min(100.0, (latest - baseline) / (target_value - baseline) * 100))
    result["progress"] = round(progress, 1)
    if progress >= 100:
        result["status"] = "reached"
    elif today > period_end(target_period):
        result["status"] = "missed"
    else:
        result["status"] = "in_progress"
    return result


def agenda_progress(agenda, today=None):
    """Every objective's progress and the agenda's (the mean over objectives with data)."""
    today = today or date.today()
    store = get_store(api.portal.get())
    specs = indicator_specs()
    objectives = []
    for obj in agenda.objectValues():
        if not IAgendaObjective.providedBy(obj) or obj.indicator not in specs:
            continue
        item = objective_progress(
            store,
            specs[obj.indicator],
            agenda.province,
            obj.baseline_period,
            obj.target_value,
            obj.target_period,
            today,
        )
        item.update(title=obj.title, url=obj.absolute_url(), actions=obj.actions or "")
        objectives.append(item)
    measured = [o["progress"] for o in objectives if o["progress"] is not None]
    return {
        "province": agenda.province,
        "progress": round(sum(measured) / len(measured), 1) if measured else None,
        "objectives": objectives,
    }


@indexer(IDigitalAgenda)
def agenda_province_of_agenda(obj):
    return obj.province


@indexer(IAgendaObjective)
def agenda_province_of_objective(obj):
    return getattr(obj.__parent__, "province", None)


@indexer(IAgendaObjective)
def objective_end(obj):
    """The objective's deadline in the catalog's ``end`` index (for upcoming deadlines)."""
    if not obj.target_period:
        raise AttributeError("end")
    from DateTime import DateTime

    return DateTime(period_end(obj.target_period).isoformat() + " 23:59 Europe/Rome")


@implementer(IUpcomingDeadlines)
class ObjectiveDeadlines:
    """The target dates of the objectives of the Province's digital agendas."""

    def __init__(self, context):
        self.context = context

    def __call__(self, start, end):
        code = getattr(self.context, "istat_code", None)
        if not code:
            return []
        from DateTime import DateTime

        brains = api.content.find(
            portal_type="AgendaObjective",
            agenda_province=code,
            end={
                "query": [DateTime(start.isoformat()), DateTime(end.isoformat()) + 1],
                "range": "min:max",
            },
            sort_on="end",
        )
        kind = translate(
            _("deadline_kind_objective", default="Digital agenda objective"),
            context=getRequest(),
        )
        return [
            {
                "date": brain.end.asdatetime().date(),
                "title": brain.Title,
                "url": brain.getURL(),
                "kind": kind,
            }
            for brain in brains
            if start <= brain.end.asdatetime().date() <= end
        ]
