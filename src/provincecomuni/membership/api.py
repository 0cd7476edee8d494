"""Membership operations: the one place that validates and changes rosters.

Views, the ``@members`` REST service, invitations and the CSV import all call
these functions, so every channel enforces the same rules (known user, known
role, never without a Coordinatore).
"""

from plone import api
from plone.uuid.interfaces import IUUID
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.membership.roles import COMMUNITY_ROLES
from provincecomuni.membership.roles import COORDINATOR
from provincecomuni.membership.roles import ROLES_BY_ID
from provincecomuni.membership.storage import get_store


class MembershipError(Exception):
    """A membership change that cannot be made; ``message`` says why."""

    status = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAMember(MembershipError):
    status = 404


JOIN_BY_COORDINATOR = "coordinator"
JOIN_ON_REQUEST = "request"
JOIN_OPEN = "open"


def _store():
    return get_store(api.portal.get())


def check_role(role_id, field="role"):
    if role_id not in ROLES_BY_ID:
        known = ", ".join(ROLES_BY_ID)
        raise MembershipError(
            _(
                "error_unknown_role",
                default="Unknown community role '${role}': use one of ${known}.",
                mapping={"role": role_id, "known": known},
            ),
            field,
        )
    return ROLES_BY_ID[role_id]


def check_user(userid, field="userid"):
    user = api.user.get(userid=userid) if userid else None
    if user is None:
        raise MembershipError(
            _("error_unknown_user", default="No user '${userid}'.", mapping={"userid": userid}),
            field,
        )
    return user


def role_of(community, userid):
    return _store().role_of(IUUID(community), userid)


def is_member(community, userid):
    return role_of(community, userid) is not None


def _profiles(userids):
    """``{userid: (fullname, email, exists)}`` for many users at once.

    The roster lists hundreds of members: ``api.user.get`` builds a whole PAS user
    per id (5-9 ms each, group plugins included). Users of Plone's own ZODB
    plugins are read straight from their storage; users of other sources (LDAP...)
    still go through ``api.user.get``.
    """
    acl_users = api.portal.get_tool("acl_users")
    logins = getattr(getattr(acl_users, "source_users", None), "_userid_to_login", None)
    properties = getattr(getattr(acl_users, "mutable_properties", None), "_storage", None)
    profiles = {}
    for userid in userids:
        if logins is not None and properties is not None and userid in logins:
            data = properties.get(userid) or {}
            profiles[userid] = (data.get("fullname") or "", data.get("email") or "", True)
            continue
        user = api.user.get(userid=userid)
        if user is None:
            profiles[userid] = ("", "", False)
        else:
            profiles[userid] = (
                user.getProperty("fullname") or "",
                user.getProperty("email") or "",
                True,
            )
    return profiles


def _member_info(userid, entry, profile=None):
    fullname, email, exists = profile or _profiles([userid])[userid]
    return {
        "userid": userid,
        "fullname": fullname or userid,
        "email": email,
        "role": entry["role"],
        "since": entry["since"],
        "exists": exists,
    }


def list_members(community):
    """Members ordered by role (Coordinatori first), then by name."""
    order = {role.id: index for index, role in enumerate(COMMUNITY_ROLES)}
    roster = _store().roster(IUUID(community))
    profiles = _profiles(list(roster.keys()))
    members = [_member_info(u, entry, profiles[u]) for u, entry in roster.items()]
    members.sort(key=lambda m: (order.get(m["role"], 99), m["fullname"].lower()))
    return members


def count_members(community):
    return len(_store().roster(IUUID(community)))


def _coordinators(uid):
    return [u for u, entry in _store().roster(uid).items() if entry["role"] == COORDINATOR]


def _refuse_last_coordinator(uid, userid):
    if _coordinators(uid) == [userid]:
        raise MembershipError(
            _(
                "error_last_coordinator",
                default="'${userid}' is the community's only Coordinatore: "
                "name another Coordinatore first.",
                mapping={"userid": userid},
            ),
            "userid",
        )


def add_member(community, userid, role_id, by=None):
    check_role(role_id)
    check_user(userid)
    uid = IUUID(community)
    if _store().role_of(uid, userid) is not None:
        raise MembershipError(
            _(
                "error_already_member",
                default="'${userid}' is already a member: change their role instead.",
                mapping={"userid": userid},
            ),
            "userid",
        )
    _store().set_member(uid, userid, role_id, by=by)


def change_role(community, userid, role_id, by=None):
    check_role(role_id)
    uid = IUUID(community)
    current = _store().role_of(uid, userid)
    if current is None:
        raise NotAMember(
            _(
                "error_not_member",
                default="'${userid}' is not a member.",
                mapping={"userid": userid},
            ),
            "userid",
        )
    if current == COORDINATOR and role_id != COORDINATOR:
        _refuse_last_coordinator(uid, userid)
    _store().set_member(uid, userid, role_id, by=by)


def remove_member(community, userid):
    uid = IUUID(community)
    current = _store().role_of(uid, userid)
    if current is None:
        raise NotAMember(
            _(
                "error_not_member",
                default="'${userid}' is not a member.",
                mapping={"userid": userid},
            ),
            "userid",
        )
    if current == COORDINATOR:
        _refuse_last_coordinator(uid, userid)
    _store().remove_member(uid, userid)


def communities_of(userid):
    """``{community uid: role id}`` of one user."""
    return dict(_store().communities_of(userid))


# Joining -----------------------------------------------------------------------


def join_policy(community):
    return getattr(community, "join_policy", None) or JOIN_BY_COORDINATOR


def join(community, userid, message=""):
    """A logged-in user asks to join; returns "member" or "pending"."""
    uid = IUUID(community)
    store = _store()
    if store.role_of(uid, userid) is not None:
        raise MembershipError(
            _("error_already_joined", default="You are already a member of this community."),
            "userid",
        )
    policy = join_policy(community)
    if policy == JOIN_OPEN:
        store.set_member(uid, userid, "lettore", by=userid)
        return "member"
    if policy == JOIN_ON_REQUEST:
        store.add_request(uid, userid, message)
        return "pending"
    raise MembershipError(
        _(
            "error_join_closed",
            default="Only the Coordinatore adds members to this community: ask them to invite you.",
        ),
        "join_policy",
    )


def pending_requests(community):
    requests = _store().pending_requests(IUUID(community))
    return [
        dict(
            _member_info(userid, {"role": None, "since": entry["since"]}),
            message=entry["message"],
        )
        for userid, entry in requests.items()
    ]


def approve_request(community, userid, role_id="lettore", by=None):
    check_role(role_id)
    uid = IUUID(community)
    if userid not in _store().pending_requests(uid):
        raise NotAMember(
            _(
                "error_no_request",
                default="No pending request from '${userid}'.",
                mapping={"userid": userid},
            ),
            "userid",
        )
    _store().set_member(uid, userid, role_id, by=by)


def reject_request(community, userid):
    uid = IUUID(community)
    if userid not in _store().pending_requests(uid):
        raise NotAMember(
            _(
                "error_no_request",
                default="No pending request from '${userid}'.",
                mapping={"userid": userid},
            ),
            "userid",
        )
    _store().discard_request(uid, userid)


# Territory of a user (Province staff, Comune staff) ------------------------------

PROVINCE_STAFF = "provincia"
COMUNE_STAFF = "comune"


def set_affiliation(userid, kind, code):
    """Record that a user works for a Province or a Comune (by ISTAT code)."""
    if kind == PROVINCE_STAFF:
        known = territories.province(code) is not None
    elif kind == COMUNE_STAFF:
        known = territories.comune(code) is not None
    else:
        raise MembershipError(
            _(
                "error_unknown_affiliation_kind",
                default="Affiliation must be 'provincia' or 'comune'.",
            ),
            "kind",
        )
    if not known:
        raise MembershipError(
            _(
                "error_unknown_territory",
                default="Unknown ISTAT code '${code}'.",
                mapping={"code": code},
            ),
            "territory",
        )
    _store().affiliations[userid] = {"kind": kind, "code": code}
    group = "personale-province" if kind == PROVINCE_STAFF else "personale-comuni"
    other = "personale-comuni" if kind == PROVINCE_STAFF else "personale-province"
    # Straight to the groups tool: listing a staff group's members grows with it.
    groups_tool = api.portal.get_tool("portal_groups")
    groups_tool.addPrincipalToGroup(userid, group)
    groups_tool.removePrincipalFromGroup(userid, other)


def affiliation_of(userid):
    entry = _store().affiliations.get(userid)
    return dict(entry) if entry else None
