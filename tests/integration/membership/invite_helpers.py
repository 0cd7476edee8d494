"""Helpers of the roster page and invitation tests: users, captured mail, view calls."""

from email import message_from_bytes
from email import message_from_string
from email.header import decode_header
from email.header import make_header
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import TEST_USER_NAME
from plone.app.testing.utils import MockMailHost
from plone.protect.authenticator import createToken
from Products.MailHost.interfaces import IMailHost
from Products.statusmessages import STATUSMESSAGEKEY
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni.interfaces import IProvinceComuniLayer
from zope.annotation.interfaces import IAnnotations
from zope.component import getSiteManager
from zope.interface import alsoProvides

import contextlib
import dataclasses
import re


PASSWORD = "Una-password-lunga-1"  # noqa: S105


def install_mock_mailhost(portal):
    """Capture mail in ``portal.MailHost.messages`` (as plone.app.testing's mock layer)."""
    api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
    api.portal.set_registry_record("plone.email_from_name", "Province & Comuni")
    mailhost = MockMailHost("MailHost")
    portal.MailHost = mailhost
    getSiteManager(portal).registerUtility(mailhost, provided=IMailHost)
    return mailhost


def parse_mail(raw):
    message = message_from_bytes(raw) if isinstance(raw, bytes) else message_from_string(raw)
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    return {
        "to": message["To"],
        "subject": str(make_header(decode_header(message["Subject"]))),
        "body": body,
    }


def token_in(mail):
    """The invitation token of the link in an email."""
    match = re.search(r"@@accetta-invito\?token=([A-Za-z0-9_\-]+)", mail["body"])
    assert match, mail["body"]
    return match.group(1)


def create_users(*userids):
    for userid in userids:
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password=PASSWORD,
            properties={"fullname": userid.capitalize() + " Rossi"},
        )


@contextlib.contextmanager
def acting_as(portal, userid):
    """Run as ``userid`` (None: anonymous), then back to the test user."""
    logout()
    if userid:
        login(portal, userid)
    try:
        yield
    finally:
        logout()
        login(portal, TEST_USER_NAME)


@dataclasses.dataclass
class Answer:
    body: str
    status: int
    location: str | None
    messages: list  # [(type, text)]


def call_view(portal, context, name, actor, method="GET", csrf=True, **form):
    """Publish-like call of ``context/@@name`` as user ``actor`` (traversal checks permissions).

    A POST carries a valid CSRF authenticator of that user unless ``csrf`` is False.
    """
    request = portal.REQUEST
    alsoProvides(request, IProvinceComuniLayer)
    IAnnotations(request).pop(STATUSMESSAGEKEY, None)
    request.cookies.pop(STATUSMESSAGEKEY, None)
    response = request.response
    response.setStatus(200)
    response.headers.pop("location", None)
    request.form.clear()
    request.form.update(form)
    request.method = method
    request.environ["REQUEST_METHOD"] = method
    with acting_as(portal, actor):
        if method == "POST" and csrf:
            request.form["_authenticator"] = createToken()
        view = context.restrictedTraverse(f"@@{name}")
        body = view() or ""
        messages = [(m.type, m.message) for m in IStatusMessage(request).show()]
    return Answer(body, response.getStatus(), response.getHeader("location"), messages)
