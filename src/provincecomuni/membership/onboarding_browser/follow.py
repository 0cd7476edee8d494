"""Follow and stop following a community or a folder, and the emailed unsubscribe link."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.membership import notifications
from zExceptions import BadRequest
from zExceptions import NotFound
from zope.interface import alsoProvides


class FollowViewlet(ViewletBase):
    """The "Segui" / "Non seguire più" button on communities and their folders."""

    def update(self):
        super().update()
        self.userid = None
        if api.user.is_anonymous():
            return
        context_state = api.content.get_view("plone_context_state", self.context, self.request)
        if not context_state.is_view_template():
            return
        if not notifications.can_be_followed(self.context):
            return
        self.userid = api.user.get_current().getId()
        self.following = notifications.is_following(self.context, self.userid)

    def available(self):
        return self.userid is not None

    def render(self):
        return self.index() if self.available() else ""


class _FollowAction(BrowserView):
    def __call__(self):
        if self.request.method != "POST":
            raise BadRequest("POST only")
        CheckAuthenticator(self.request)
        if api.user.is_anonymous() or not notifications.can_be_followed(self.context):
            raise NotFound()
        userid = api.user.get_current().getId()
        message = self.change(userid)
        api.portal.show_message(message, request=self.request)
        self.request.response.redirect(self.context.absolute_url())
        return ""


class FollowView(_FollowAction):
    def change(self, userid):
        notifications.follow(self.context, userid)
        return _(
            "message_following",
            default="You follow this: you will receive an email about new content and "
            "changes of state here.",
        )


class UnfollowView(_FollowAction):
    def change(self, userid):
        notifications.unfollow(self.context, userid)
        return _("message_not_following", default="You no longer follow this.")


class UnsubscribeView(BrowserView):
    """The link in each notification: stops following, no login needed.

    The token is the proof (HMAC-signed follower and container), so a GET (one
    click in the email) or the RFC 8058 one-click POST of mail clients suffices.
    """

    done = False
    container_title = ""
    container_url = ""

    def __call__(self):
        found = notifications.read_token(self.request.form.get("t", ""))
        if found is None:
            self.request.response.setStatus(400)
            return self.index()
        uid, userid = found
        # A genuine signed link; writing on GET is intended here.
        alsoProvides(self.request, IDisableCSRFProtection)
        notifications.unfollow_uid(uid, userid)
        self.done = True
        # The catalog answers only with what the visitor may see.
        for brain in api.content.find(UID=uid):
            self.container_title = brain.Title
            self.container_url = brain.getURL()
        return self.index()
