"""The pillars of the programme."""

from provincecomuni import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


PILLARS = (
    ("sua", _("pillar_sua", default="Central procurement office (SUA)")),
    ("sape", _("pillar_sape", default="EU funding office (SAPE)")),
    ("sit", _("pillar_sit", default="Digital innovation (SIT)")),
    ("organisation", _("pillar_organisation", default="Organisation")),
)


@provider(IVocabularyFactory)
def PillarsVocabularyFactory(context=None):
    return SimpleVocabulary([SimpleTerm(value=v, token=v, title=t) for v, t in PILLARS])
