"""The roster page of a community (``@@membri``).

Everyone who may view the community reaches it: a Coordinatore (permission
"provincecomuni: Manage community") manages members, join requests and
invitations; a member reads the list; a logged-in non-member finds the button to
join, as the community's joining policy allows.

Every change is a POST carrying Plone's CSRF authenticator, handled here and
answered with a redirect back to the page and a status message naming the
outcome or the problem. A refused change rolls back to a savepoint: nothing of
it is kept.
"""

from AccessControl import Unauthorized
from plone import api
from plone.batching import Batch
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni import _
from provincecomuni.membership import api as membership
from provincecomuni.membership import invitations
from provincecomuni.membership.api import MembershipError
from provincecomuni.membership.roles import COMMUNITY_ROLES
from provincecomuni.membership.roles import ROLES_BY_ID
from zExceptions import BadRequest
from zope.i18n import translate

import transaction


MANAGE_PERMISSION = "provincecomuni: Manage community"
SEARCH_LIMIT = 20
BATCH_SIZE = 50
SEARCH_MIN_LENGTH = 2


def current_userid():
    if api.user.is_anonymous():
        return None
    return api.user.get_current().getId()


def user_label(userid):
    """ "Full Name (userid)", or the userid alone."""
    user = api.user.get(userid=userid) if userid else None
    fullname = (user.getProperty("fullname") if user is not None else "") or ""
    return f"{fullname} ({userid})" if fullname and fullname != userid else (userid or "")


class RosterView(BrowserView):
    template = ViewPageTemplateFile("templates/roster.pt")

    # action name -> (method, needs "Manage community")
    actions = {
        "add": ("add_member", True),
        "change_role": ("change_role", True),
        "remove": ("remove_member", True),
        "approve": ("approve_request", True),
        "reject": ("reject_request", True),
        "invite": ("invite", True),
        "revoke": ("revoke_invitation", True),
        "join": ("join", False),
    }

    def __call__(self):
        if self.request.method == "POST":
            return self.handle_post()
        return self.template()

    # Who is looking -------------------------------------------------------------

    def can_manage(self):
        return api.user.has_permission(MANAGE_PERMISSION, obj=self.context)

    def userid(self):
        return current_userid()

    def my_role(self):
        userid = self.userid()
        return membership.role_of(self.context, userid) if userid else None

    def can_read_roster(self):
        return self.can_manage() or self.my_role() is not None

    # What the page shows ----------------------------------------------------------

    def role_title(self, role_id):
        role = ROLES_BY_ID.get(role_id)
        return role.title if role else role_id

    def role_options(self):
        """``[(role id, translated title)]``, translated once for every select."""
        return [(role.id, translate(role.title, context=self.request)) for role in COMMUNITY_ROLES]

    def members(self):
        """The page of members to show (``b_start``), in the roster's order."""
        if not self.can_read_roster():
            return Batch([], BATCH_SIZE)
        try:
            start = max(int(self.request.form.get("b_start", 0)), 0)
        except ValueError:
            start = 0
        return Batch(membership.list_members(self.context), BATCH_SIZE, start)

    def requests(self):
        return membership.pending_requests(self.context) if self.can_manage() else []

    def invitations(self):
        if not self.can_manage():
            return []
        return [
            dict(item, expires_label=invitations.local_date(item["expires"], with_time=True))
            for item in invitations.pending_invitations(self.context)
        ]

    def validity_days(self):
        return invitations.validity_days()

    def search_text(self):
        return (self.request.form.get("q") or "").strip()

    def search_results(self):
        """Users matching the search (name, email or username), members left out."""
        text = self.search_text()
        if not self.can_manage() or len(text) < SEARCH_MIN_LENGTH:
            return []
        acl_users = api.portal.get_tool("acl_users")
        found = {}
        for criterion in ("fullname", "email", "login"):
            for info in acl_users.searchUsers(**{criterion: text}):
                found.setdefault(info["userid"], info)
        results = []
        for userid in sorted(found):
            if membership.is_member(self.context, userid):
                continue
            user = api.user.get(userid=userid)
            if user is None:
                continue
            results.append(
                {
                    "userid": userid,
                    "fullname": user.getProperty("fullname") or userid,
                    "email": user.getProperty("email") or "",
                }
            )
        results.sort(key=lambda r: r["fullname"].lower())
        return results[:SEARCH_LIMIT]

    def join_policy(self):
        return membership.join_policy(self.context)

    def request_pending(self):
        userid = self.userid()
        if not userid:
            return False
        return any(r["userid"] == userid for r in membership.pending_requests(self.context))

    def show_join(self):
        """A logged-in non-member may join (open) or ask to (on request)."""
        return (
            self.userid() is not None
            and self.my_role() is None
            and self.join_policy() in (membership.JOIN_OPEN, membership.JOIN_ON_REQUEST)
            and not self.request_pending()
        )

    def roster_url(self):
        return f"{self.context.absolute_url()}/@@membri"

    # Changes --------------------------------------------------------------------------

    def handle_post(self):
        CheckAuthenticator(self.request)
        action = self.request.form.get("action")
        if action not in self.actions:
            raise BadRequest(f"Unknown action {action!r}")
        method, needs_manage = self.actions[action]
        if needs_manage and not self.can_manage():
            raise Unauthorized("You may not manage the members of this community.")
        if not needs_manage and self.userid() is None:
            raise Unauthorized("Log in to join a community.")
        savepoint = transaction.savepoint()
        try:
            message = getattr(self, method)()
        except MembershipError as error:
            savepoint.rollback()
            self.status(error.message, "error")
        else:
            self.status(message, "info")
        return self.request.response.redirect(self.roster_url())

    def status(self, message, kind):
        IStatusMessage(self.request).add(translate(message, context=self.request), type=kind)

    def form_value(self, name):
        return (self.request.form.get(name) or "").strip()

    def _required_userid(self):
        userid = self.form_value("userid")
        if not userid:
            raise MembershipError(_("error_choose_user", default="Choose a user."), "userid")
        return userid

    def _role_mapping(self, userid, role_id):
        return {
            "name": user_label(userid),
            "role": translate(self.role_title(role_id), context=self.request),
        }

    def add_member(self):
        userid, role_id = self._required_userid(), self.form_value("role")
        membership.add_member(self.context, userid, role_id, by=self.userid())
        return _(
            "status_member_added",
            default="${name} added as ${role}.",
            mapping=self._role_mapping(userid, role_id),
        )

    def change_role(self):
        userid, role_id = self._required_userid(), self.form_value("role")
        membership.change_role(self.context, userid, role_id, by=self.userid())
        return _(
            "status_role_changed",
            default="${name} is now ${role}.",
            mapping=self._role_mapping(userid, role_id),
        )

    def remove_member(self):
        userid = self._required_userid()
        membership.remove_member(self.context, userid)
        return _(
            "status_member_removed",
            default="${name} is no longer a member.",
            mapping={"name": user_label(userid)},
        )

    def approve_request(self):
        userid, role_id = self._required_userid(), self.form_value("role")
        membership.approve_request(self.context, userid, role_id, by=self.userid())
        return _(
            "status_request_approved",
            default="Request approved: ${name} is a member as ${role}.",
            mapping=self._role_mapping(userid, role_id),
        )

    def reject_request(self):
        userid = self._required_userid()
        membership.reject_request(self.context, userid)
        return _(
            "status_request_rejected",
            default="Request of ${name} rejected.",
            mapping={"name": user_label(userid)},
        )

    def invite(self):
        email, role_id = self.form_value("email"), self.form_value("role")
        invitations.invite(self.context, email, role_id, by=self.userid())
        return _(
            "status_invitation_sent",
            default="Invitation sent to ${email} as ${role}; the link is valid for ${days} days.",
            mapping={
                "email": invitations.normalize_email(email),
                "role": translate(self.role_title(role_id), context=self.request),
                "days": invitations.validity_days(),
            },
        )

    def revoke_invitation(self):
        record = invitations.revoke(self.context, self.form_value("invitation"), by=self.userid())
        return _(
            "status_invitation_revoked",
            default="Invitation to ${email} revoked: its link no longer works.",
            mapping={"email": record["email"]},
        )

    def join(self):
        outcome = membership.join(self.context, self.userid(), self.form_value("message"))
        if outcome == "member":
            return _("status_joined", default="Welcome: you are now a member of this community.")
        return _(
            "status_join_requested",
            default="Your request has been sent to the community's Coordinatore.",
        )
