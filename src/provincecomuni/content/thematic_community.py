"""A thematic community: the network of all Provinces on one pillar of the programme."""

from plone.dexterity.content import Container
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.interfaces import ICommunity
from zope import schema
from zope.interface import implementer


class IThematicCommunity(model.Schema):
    """The data of a thematic community."""

    pillar = schema.Choice(
        title=_("label_pillar", default="Pillar"),
        description=_("help_pillar", default="The service of the programme this network is about."),
        vocabulary="provincecomuni.vocabularies.Pillars",
        required=True,
    )


@implementer(IThematicCommunity, ICommunity)
class ThematicCommunity(Container):
    """A thematic community (content class kept thin on purpose)."""
