"""Invitations: a Coordinatore invites a person by email address, with a community role.

The email carries a one-time link with a random token; the membership store keeps
only the token's sha256, so a copy of the database does not let anyone join. The
link expires after ``provincecomuni.invitation_validity_days`` days (registry,
default 14). Following it, a logged-in user becomes a member with the invited
role; a person without an account creates one on the same page.

An invitation ends accepted, revoked, or replaced by a newer invitation to the
same address; its record stays, so a reused link gets "already used" (HTTP 410)
rather than "unknown" (404).
"""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.uuid.interfaces import IUUID
from provincecomuni import _
from provincecomuni.membership import api as membership
from provincecomuni.membership.api import check_role
from provincecomuni.membership.api import MembershipError
from provincecomuni.membership.storage import get_store
from provincecomuni.membership.storage import now_iso
from urllib.parse import urlencode
from zoneinfo import ZoneInfo
from zope.i18n import translate

import hashlib
import secrets


VALIDITY_RECORD = "provincecomuni.invitation_validity_days"
DEFAULT_VALIDITY_DAYS = 14

PENDING = "pending"
ACCEPTED = "accepted"
REVOKED = "revoked"
REPLACED = "replaced"

ACCEPT_VIEW = "accetta-invito"


class InvitationError(MembershipError):
    """An invitation link that cannot be used; ``status`` is the HTTP answer."""


class UnknownInvitation(InvitationError):
    status = 404


class InvitationGone(InvitationError):
    """Expired, already used or revoked: the link existed and no longer works."""

    status = 410


class AccountErrors(MembershipError):
    """The account form has errors: ``errors`` maps each field to its message."""

    def __init__(self, errors):
        super().__init__(next(iter(errors.values())), next(iter(errors)))
        self.errors = errors


def token_hash(token):
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def validity_days():
    days = api.portal.get_registry_record(VALIDITY_RECORD, default=DEFAULT_VALIDITY_DAYS)
    return days if days and days > 0 else DEFAULT_VALIDITY_DAYS


def _store():
    return get_store(api.portal.get())


def _now():
    return datetime.now(UTC)


def normalize_email(email):
    return (email or "").strip().lower()


def check_email(email, field="email"):
    email = normalize_email(email)
    registration = api.portal.get_tool("portal_registration")
    if not email or not registration.isValidEmail(email):
        raise MembershipError(
            _(
                "error_invalid_email",
                default="'${email}' is not a valid email address.",
                mapping={"email": email},
            ),
            field,
        )
    return email


def users_with_email(email):
    """The user ids whose email is ``email`` (case-insensitive)."""
    email = normalize_email(email)
    acl_users = api.portal.get_tool("acl_users")
    found = acl_users.searchUsers(email=email, exact_match=True)
    return sorted(
        {info["userid"] for info in found if normalize_email(_user_email(info["userid"])) == email}
    )


def _user_email(userid):
    user = api.user.get(userid=userid)
    return (user.getProperty("email") if user is not None else "") or ""


def accept_url(token):
    return f"{api.portal.get().absolute_url()}/@@{ACCEPT_VIEW}?{urlencode({'token': token})}"


def expiry_date(record):
    return datetime.fromisoformat(record["expires"])


def is_expired(record, now=None):
    return (now or _now()) >= expiry_date(record)


def _fullname(userid):
    user = api.user.get(userid=userid) if userid else None
    return ((user.getProperty("fullname") if user is not None else "") or userid or "").strip()


# Inviting ------------------------------------------------------------------------


def invite(community, email, role_id, by=None):
    """Invite ``email`` to ``community`` with ``role_id``, email the link, return the token.

    A newer invitation to the same address replaces the open one. The email is
    queued before anything is stored: if the mail server is not configured,
    nothing is written.
    """
    email = check_email(email)
    role = check_role(role_id)
    uid = IUUID(community)
    store = _store()
    for userid in users_with_email(email):
        if store.role_of(uid, userid) is not None:
            raise MembershipError(
                _(
                    "error_invited_already_member",
                    default="${email} belongs to '${userid}', already a member: "
                    "change their role instead.",
                    mapping={"email": email, "userid": userid},
                ),
                "email",
            )
    token = secrets.token_urlsafe(32)
    created = _now()
    record = {
        "community": uid,
        "email": email,
        "role": role.id,
        "created": created.isoformat(timespec="seconds"),
        "expires": (created + timedelta(days=validity_days())).isoformat(timespec="seconds"),
        "invited_by": by,
        "state": PENDING,
    }
    _send_invitation(community, token, record)
    for key, other in store.open_invitations_of(uid):
        if other["email"] == email:
            store.close_invitation(key, state=REPLACED, closed=now_iso())
    store.add_invitation(token_hash(token), record)
    return token


def _send_invitation(community, token, record):
    language = api.portal.get_default_language() or "it"
    mapping = {
        "inviter": _fullname(record["invited_by"]) or api.portal.get().Title(),
        "community": community.Title(),
        "site": api.portal.get().Title(),
        "role": translate(check_role(record["role"]).title, target_language=language),
        "url": accept_url(token),
        "expires": local_date(expiry_date(record), with_time=True),
    }
    subject = _(
        "invitation_email_subject",
        default="Invitation to the community ${community}",
        mapping=mapping,
    )
    body = _(
        "invitation_email_body",
        default='${inviter} invites you to join the community "${community}" on ${site} '
        "with the role ${role}.\n\n"
        "To accept, open this address:\n${url}\n\n"
        "If you do not have an account yet, you can create one on the same page.\n"
        "The link is personal, works once and expires on ${expires}.\n\n"
        "If you did not expect this invitation, ignore this message.\n",
        mapping=mapping,
    )
    try:
        api.portal.send_email(
            recipient=record["email"],
            subject=translate(subject, target_language=language),
            body=translate(body, target_language=language),
        )
    except ValueError as error:  # plone.api: no SMTP server or sender address configured
        raise MembershipError(
            _(
                "error_mail_not_configured",
                default="The invitation cannot be sent: the site's mail settings are "
                "incomplete (SMTP server and sender address).",
            ),
            "email",
        ) from error


def local_date(moment, with_time=False):
    """``dd/mm/yyyy`` (and ``HH:MM``) in the site's timezone."""
    pattern = "%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y"
    return moment.astimezone(_site_timezone()).strftime(pattern)


def _site_timezone():
    name = api.portal.get_registry_record("plone.portal_timezone", default=None)
    try:
        return ZoneInfo(name) if name else UTC
    except (ValueError, KeyError):
        return UTC


def pending_invitations(community):
    """The community's open invitations, newest first, expired ones flagged."""
    now = _now()
    result = []
    for key, record in _store().open_invitations_of(IUUID(community)):
        result.append(
            {
                "id": key,
                "email": record["email"],
                "role": record["role"],
                "created": datetime.fromisoformat(record["created"]),
                "expires": expiry_date(record),
                "expired": is_expired(record, now),
                "invited_by": record.get("invited_by"),
            }
        )
    result.sort(key=lambda item: item["created"], reverse=True)
    return result


def revoke(community, invitation_id, by=None):
    """Revoke an open invitation of ``community`` (``invitation_id`` from the listing)."""
    store = _store()
    record = store.invitation(invitation_id) if invitation_id else None
    if record is None or record["community"] != IUUID(community) or record["state"] != PENDING:
        raise UnknownInvitation(
            _("error_no_open_invitation", default="No open invitation with this identifier."),
            "invitation",
        )
    store.close_invitation(invitation_id, state=REVOKED, closed=now_iso(), closed_by=by)
    return record


# Following the link ------------------------------------------------------------------


def lookup(token):
    """``(key, record, community)`` of a usable token, or InvitationError saying why not."""
    key = token_hash(token)
    record = _store().invitation(key) if token else None
    # Unrestricted: an anonymous person may follow the link to a private community.
    community = uuidToObject(record["community"], unrestricted=True) if record else None
    if record is None or community is None:
        raise UnknownInvitation(
            _(
                "error_unknown_invitation",
                default="This invitation link is not valid. Check that you copied the whole "
                "address, or ask the community's Coordinatore for a new invitation.",
            ),
            "token",
        )
    if record["state"] == ACCEPTED:
        raise InvitationGone(
            _(
                "error_invitation_used",
                default="This invitation has already been used. If it was you, log in to "
                "reach the community; otherwise ask the Coordinatore for a new invitation.",
            ),
            "token",
        )
    if record["state"] in (REVOKED, REPLACED):
        raise InvitationGone(
            _(
                "error_invitation_revoked",
                default="This invitation has been withdrawn by the community's Coordinatore.",
            ),
            "token",
        )
    if is_expired(record):
        raise InvitationGone(
            _(
                "error_invitation_expired",
                default="This invitation expired on ${date}: ask the community's "
                "Coordinatore for a new one.",
                mapping={"date": local_date(expiry_date(record))},
            ),
            "token",
        )
    return key, record, community


def accept(token, userid):
    """``userid`` accepts: becomes a member with the invited role.

    Returns ``(community, joined)``; ``joined`` is False when the user was already
    a member (the role is left alone and the invitation is used up).
    """
    key, record, community = lookup(token)
    joined = not membership.is_member(community, userid)
    if joined:
        membership.add_member(community, userid, record["role"], by=record["invited_by"])
    _store().close_invitation(key, state=ACCEPTED, closed=now_iso(), accepted_by=userid)
    return community, joined


# A new account from an invitation --------------------------------------------------


def check_account(record, fullname, username, password, confirm):
    """The errors of the account form, by field (empty when all is well)."""
    errors = {}
    registration = api.portal.get_tool("portal_registration")
    if not (fullname or "").strip():
        errors["fullname"] = _("error_fullname_required", default="Enter your full name.")
    username = (username or "").strip()
    if not username:
        errors["username"] = _("error_username_required", default="Choose a username.")
    elif not registration._ALLOWED_MEMBER_ID_PATTERN.match(username):
        errors["username"] = _(
            "error_username_invalid",
            default="The username may contain only letters, digits, '.', '-', '_' and '@'.",
        )
    elif registration.principal_id_or_login_name_exists(username):
        errors["username"] = _(
            "error_username_taken",
            default="The username '${username}' is taken: choose another one.",
            mapping={"username": username},
        )
    if not password:
        errors["password"] = _("error_password_required", default="Choose a password.")
    else:
        problem = registration.testPasswordValidity(password)
        if problem:
            errors["password"] = problem
        elif password != confirm:
            errors["password_confirm"] = _(
                "error_password_mismatch", default="The two passwords differ."
            )
    if users_with_email(record["email"]):
        errors["email"] = _(
            "error_email_has_account",
            default="An account with the address ${email} already exists: log in with it "
            "and follow the invitation link again.",
            mapping={"email": record["email"]},
        )
    return errors


def create_account_and_accept(token, fullname, username, password, confirm):
    """Create the invited person's account and make them a member.

    Returns ``(user, community)``; raises InvitationError for a bad token or
    AccountErrors (nothing created) when a field is wrong.
    """
    key, record, community = lookup(token)
    errors = check_account(record, fullname, username, password, confirm)
    if errors:
        raise AccountErrors(errors)
    user = api.user.create(
        email=record["email"],
        username=username.strip(),
        password=password,
        properties={"fullname": fullname.strip()},
    )
    membership.add_member(community, user.getId(), record["role"], by=record["invited_by"])
    _store().close_invitation(key, state=ACCEPTED, closed=now_iso(), accepted_by=user.getId())
    return user, community
