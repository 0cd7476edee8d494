"""The four community roles and the Plone roles each one grants inside its community."""

from provincecomuni import _

import dataclasses


@dataclasses.dataclass(frozen=True)
class CommunityRole:
    id: str
    title: str  # an i18n message id
    description: str
    plone_roles: tuple[str, ...]


COORDINATOR = "coordinatore"
EDITOR = "redattore"
CONTRIBUTOR = "collaboratore"
READER = "lettore"

# Ordered from the most to the least powerful; forms and listings keep this order.
COMMUNITY_ROLES = (
    CommunityRole(
        COORDINATOR,
        _("community_role_coordinatore", default="Coordinatore"),
        _(
            "community_role_coordinatore_help",
            default="Manages members and settings, and edits everything.",
        ),
        ("Coordinator", "Editor", "Contributor", "Reviewer", "Reader"),
    ),
    CommunityRole(
        EDITOR,
        _("community_role_redattore", default="Redattore"),
        _("community_role_redattore_help", default="Edits and publishes everything."),
        ("Editor", "Contributor", "Reviewer", "Reader"),
    ),
    CommunityRole(
        CONTRIBUTOR,
        _("community_role_collaboratore", default="Collaboratore"),
        _("community_role_collaboratore_help", default="Adds content and edits their own."),
        ("Contributor", "Reader"),
    ),
    CommunityRole(
        READER,
        _("community_role_lettore", default="Lettore"),
        _("community_role_lettore_help", default="Reads the community's content."),
        ("Reader",),
    ),
)

ROLES_BY_ID = {role.id: role for role in COMMUNITY_ROLES}

GROUP_PREFIX = "pc."


def group_id(community_uid, role_id):
    """The virtual group of one role in one community (``pc.<uid>.<role>``)."""
    return f"{GROUP_PREFIX}{community_uid}.{role_id}"


def territory_group_id(kind, code):
    """The virtual group of a territory's staff (``pc.comune.001272``)."""
    return f"{GROUP_PREFIX}{kind}.{code}"
