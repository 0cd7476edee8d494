"""Following an invitation link (``@@accetta-invito?token=...`` on the site root).

The link lives on the site root, not on the community: the community may be
private, and the person following the link may not have an account yet.

GET only shows the page (mail scanners that prefetch links must not use up a
one-time token); the person accepts with a POST carrying the CSRF authenticator:

* logged in: becomes a member with the invited role, and lands on the community;
* anonymous: fills in full name, username and password (the email address is
  the invitation's), gets an account, is logged in, becomes a member and lands
  on the community.

An unknown token answers 404, an expired, used or revoked one 410, each with a
message saying what to do; nothing changes.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni import _
from provincecomuni.membership import invitations
from provincecomuni.membership.invitations import AccountErrors
from provincecomuni.membership.invitations import InvitationError
from provincecomuni.membership.roles import ROLES_BY_ID
from urllib.parse import urlencode
from zope.i18n import translate


ACCOUNT_FIELDS = ("fullname", "username", "password", "password_confirm")


class AcceptInvitationView(BrowserView):
    template = ViewPageTemplateFile("templates/accept.pt")

    error = None
    record = None
    community = None

    def __call__(self):
        response = self.request.response
        # The token is a secret: keep it out of caches and Referer headers.
        response.setHeader("Cache-Control", "no-store")
        response.setHeader("Referrer-Policy", "no-referrer")
        self.errors = {}
        self.token = (self.request.form.get("token") or "").strip()
        try:
            _key, self.record, self.community = invitations.lookup(self.token)
        except InvitationError as error:
            self.error = translate(error.message, context=self.request)
            response.setStatus(error.status)
            return self.template()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if api.user.is_anonymous():
                return self.create_account()
            return self.accept()
        return self.template()

    # What the page shows ------------------------------------------------------------

    def anonymous(self):
        return api.user.is_anonymous()

    def current_user_label(self):
        user = api.user.get_current()
        return user.getProperty("fullname") or user.getId()

    def community_title(self):
        return self.community.Title()

    def role_title(self):
        return ROLES_BY_ID[self.record["role"]].title

    def expires_label(self):
        return invitations.local_date(invitations.expiry_date(self.record), with_time=True)

    def email(self):
        return self.record["email"]

    def action_url(self):
        return f"{api.portal.get().absolute_url()}/@@{invitations.ACCEPT_VIEW}"

    def login_url(self):
        came_from = invitations.accept_url(self.token)
        return f"{api.portal.get().absolute_url()}/login?{urlencode({'came_from': came_from})}"

    def value(self, name):
        """The submitted value of a field (never a password)."""
        if name.startswith("password"):
            return ""
        return self.request.form.get(name, "")

    def error_of(self, name):
        return self.errors.get(name)

    # Accepting -------------------------------------------------------------------------

    def accept(self):
        userid = api.user.get_current().getId()
        community, joined = invitations.accept(self.token, userid)
        mapping = {"community": community.Title()}
        if joined:
            message = _(
                "status_invitation_accepted",
                default="Welcome to the community ${community}.",
                mapping=mapping,
            )
        else:
            message = _(
                "status_invitation_already_member",
                default="You were already a member of the community ${community}: "
                "your role is unchanged.",
                mapping=mapping,
            )
        IStatusMessage(self.request).add(translate(message, context=self.request), type="info")
        return self.request.response.redirect(community.absolute_url())

    def create_account(self):
        form = self.request.form
        values = {name: form.get(name) or "" for name in ACCOUNT_FIELDS}
        try:
            user, community = invitations.create_account_and_accept(
                self.token,
                values["fullname"],
                values["username"],
                values["password"],
                values["password_confirm"],
            )
        except AccountErrors as error:
            self.errors = {
                field: translate(message, context=self.request)
                for field, message in error.errors.items()
            }
            self.request.response.setStatus(400)
            return self.template()
        self.log_in(user.getId(), user.getUserName(), values["password"])
        message = _(
            "status_account_created",
            default="Your account has been created and you are a member of the community "
            "${community}. Welcome!",
            mapping={"community": community.Title()},
        )
        IStatusMessage(self.request).add(translate(message, context=self.request), type="info")
        return self.request.response.redirect(community.absolute_url())

    def log_in(self, userid, login, password):
        """Log the new user in: the credentials plugins (plone.session) set the cookie.

        plone.session sets up a session only for the user of the request, so the
        update runs as the new user (as Plone's own password reset does).
        """
        acl_users = api.portal.get_tool("acl_users")
        original = getSecurityManager()
        try:
            newSecurityManager(self.request, acl_users.getUserById(userid))
            acl_users.updateCredentials(self.request, self.request.response, login, password)
        finally:
            setSecurityManager(original)
