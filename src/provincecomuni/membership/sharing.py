"""Sharing with Comuni: a Province shares an item (or a folder) with some of its Comuni.

The staff of a Comune are in the virtual group ``pc.comune.<ISTAT code>`` (from
their affiliation); sharing gives that group the local Reader role (computed in
localroles.py), so they read the item once it is published, without becoming
community members.
"""

from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from provincecomuni import _
from zope import schema
from zope.interface import provider


@provider(IFormFieldProvider)
class ISharedWithComuni(model.Schema):
    """Also the marker of the items that have the behavior (no adapter factory)."""

    model.fieldset(
        "sharing_comuni",
        label=_("fieldset_sharing_comuni", default="Comuni"),
        fields=["shared_with_comuni"],
    )
    shared_with_comuni = schema.List(
        title=_("label_shared_with_comuni", default="Shared with the Comuni"),
        description=_(
            "help_shared_with_comuni",
            default="The staff of these Comuni read this item (and, for a folder, "
            "what it contains) once it is published.",
        ),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.ProvinceComuni"),
        required=False,
        default=[],
    )


def reindex_security(obj, event=None):
    """The Comuni's read access is computed (localroles.py); the catalog must follow it.

    Only when the field changed (or the event does not say what changed): reindexing
    the security of a big folder on every edit would be costly.
    """
    descriptions = getattr(event, "descriptions", None) or ()
    changed = [
        name for description in descriptions for name in getattr(description, "attributes", ())
    ]
    if not descriptions or any(name.endswith("shared_with_comuni") for name in changed):
        obj.reindexObjectSecurity()
