"""Vocabularies of the funding feature: programmes (managed), management, beneficiaries."""

from plone.registry.interfaces import IRegistry
from provincecomuni import _
from zope.component import queryUtility
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PROGRAMMES_RECORD = "provincecomuni.funding.programmes"
PREFIXES_RECORD = "provincecomuni.funding.sedia_prefixes"
IMPORT_URL_RECORD = "provincecomuni.funding.import_url"

MANAGEMENT = (
    ("direct", _("management_direct", default="Direct EU management")),
    ("indirect", _("management_indirect", default="Indirect, through a regional programme")),
    ("national", _("management_national", default="National / PNRR")),
)

BENEFICIARIES = (
    ("comuni", _("beneficiary_comuni", default="Comuni")),
    ("province", _("beneficiary_province", default="Province")),
    ("unioni", _("beneficiary_unioni", default="Unions of Comuni")),
    ("enti-pubblici", _("beneficiary_public_bodies", default="Other public bodies")),
    ("associazioni", _("beneficiary_associations", default="Associations")),
    ("imprese", _("beneficiary_companies", default="Companies")),
    ("universita", _("beneficiary_universities", default="Universities and research")),
    ("scuole", _("beneficiary_schools", default="Schools")),
)

DEADLINE_MODELS = (
    ("single-stage", _("deadline_single_stage", default="Single stage")),
    ("two-stage", _("deadline_two_stage", default="Two stages")),
    ("multiple-cut-off", _("deadline_multiple_cut_off", default="Multiple cut-off")),
    ("open-ended", _("deadline_open_ended", default="Until funds run out")),
)

STATES = (
    ("forthcoming", _("call_state_forthcoming", default="Forthcoming")),
    ("open", _("call_state_open", default="Open")),
    ("closed", _("call_state_closed", default="Closed")),
)


def _vocabulary(pairs):
    return SimpleVocabulary([SimpleTerm(value=t, token=t, title=title) for t, title in pairs])


def registry_value(name, default=None):
    registry = queryUtility(IRegistry)
    if registry is None:
        return default
    value = registry.get(name, default)
    return default if value is None else value


def programmes() -> dict[str, str]:
    """The managed programmes, token -> name (registry record)."""
    return dict(registry_value(PROGRAMMES_RECORD, {}) or {})


@provider(IVocabularyFactory)
def ProgrammesVocabularyFactory(context=None):
    items = sorted(programmes().items(), key=lambda item: item[1].lower())
    return _vocabulary(items)


@provider(IVocabularyFactory)
def ManagementVocabularyFactory(context=None):
    return _vocabulary(MANAGEMENT)


@provider(IVocabularyFactory)
def BeneficiariesVocabularyFactory(context=None):
    return _vocabulary(BENEFICIARIES)


@provider(IVocabularyFactory)
def DeadlineModelsVocabularyFactory(context=None):
    return _vocabulary(DEADLINE_MODELS)


@provider(IVocabularyFactory)
def CallStatesVocabularyFactory(context=None):
    return _vocabulary(STATES)
