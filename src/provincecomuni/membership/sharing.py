"""Sharing with Comuni: a Province shares an item (or a folder) with some of its Comuni.

The staff of a Comune are in the virtual group ``pc.comune.<ISTAT code>`` (from
their affiliation); sharing grants that group the local Reader role, so they
read the item once it is published, without becoming community members.
"""

from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.membership.roles import territory_group_id
from zope import schema
from zope.interface import provider


COMUNE_GROUP_PREFIX = territory_group_id("comune", "")


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


def sync_comune_readers(obj, event=None):
    """Local Reader for exactly the Comuni the item is shared with."""
    wanted = {territory_group_id("comune", code) for code in (obj.shared_with_comuni or ())}
    current = {
        principal
        for principal, _roles in obj.get_local_roles()
        if principal.startswith(COMUNE_GROUP_PREFIX)
    }
    if wanted == current:
        return
    if current - wanted:
        obj.manage_delLocalRoles(list(current - wanted))
    for principal in wanted - current:
        obj.manage_setLocalRoles(principal, ["Reader"])
    obj.reindexObjectSecurity()
