"""Following a community or a folder: who gets an email, and the unsubscribe link.

Notifications leave when the transaction commits, so these tests run on the
functional layer (each test commits into its own throw-away storage) and the
unsubscribe link is followed over HTTP, without logging in.
"""

from Acquisition import aq_base
from email import message_from_bytes
from email import policy
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from provincecomuni.membership import notifications
from urllib.parse import parse_qs
from urllib.parse import urlparse
from zope.component import getSiteManager

import pytest
import re
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def site(functional_portal):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Manager"])
    api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
    portal.MailHost = host = MockMailHost("MailHost")
    manager = getSiteManager(portal)
    manager.unregisterUtility(provided=IMailHost)
    manager.registerUtility(aq_base(host), provided=IMailHost)
    cuneo = portal["province"]["cuneo"]
    for userid, role in (
        ("anna", "lettore"),
        ("bruno", "redattore"),
        ("carla", "redattore"),
        ("dario", None),
        ("elena", "collaboratore"),
    ):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password=PASSWORD,
            properties={"fullname": userid.capitalize()},
        )
        if role:
            membership.add_member(cuneo, userid, role)
    membership.add_member(portal["province"]["modena"], "dario", "redattore")
    for folder_id, title in (("gare", "Gare"), ("verbali", "Verbali")):
        folder = api.content.create(container=cuneo, type="Folder", id=folder_id, title=title)
        api.content.transition(obj=folder, transition="publish")
    for userid in ("anna", "bruno", "carla", "dario"):
        notifications.follow(cuneo, userid)
    notifications.follow(cuneo["gare"], "elena")
    transaction.commit()
    host.reset()
    transaction.commit()
    return portal


def _as(portal, userid, func):
    logout()
    login(portal, userid)
    try:
        return func()
    finally:
        logout()
        login(portal, TEST_USER_NAME)


def _mails(portal):
    result = {}
    for raw in portal.MailHost.messages:
        message = message_from_bytes(raw, policy=policy.default)
        to = re.search(r"<?([\w.]+@example\.org)>?", message["To"]).group(1)
        result[to.split("@")[0]] = message
    return result


def _body(message):
    return message.get_payload(decode=True).decode("utf-8")


def test_new_content_is_mailed_to_followers_who_can_see_it_but_not_its_author(site):
    _as(
        site,
        "carla",
        lambda: api.content.create(
            container=site["province"]["cuneo"]["verbali"],
            type="Document",
            id="verbale-1",
            title="Verbale del tavolo SUA",
        ),
    )
    transaction.commit()
    mails = _mails(site)
    # bruno (redattore) sees a private draft; anna (lettore) does not, nor dario
    # (another Province); carla made it; elena follows another folder.
    assert sorted(mails) == ["bruno"]
    message = mails["bruno"]
    assert "Verbale del tavolo SUA" in message["Subject"]
    body = _body(message)
    assert "Carla ha aggiunto “Verbale del tavolo SUA” in “Verbali”." in body  # Italian
    assert "/province/cuneo/verbali/verbale-1" in body
    assert "@@annulla-iscrizione?t=" in body
    assert message["List-Unsubscribe"].strip().startswith("<http")


def test_a_workflow_change_reaches_those_who_can_now_see_the_item(site):
    cuneo = site["province"]["cuneo"]
    document = _as(
        site,
        "carla",
        lambda: api.content.create(
            container=cuneo["verbali"], type="Document", id="delibera", title="Delibera 12"
        ),
    )
    transaction.commit()
    site.MailHost.reset()
    _as(site, "carla", lambda: api.content.transition(obj=document, transition="publish"))
    transaction.commit()
    mails = _mails(site)
    assert sorted(mails) == ["anna", "bruno"]  # dario is not a member of Cuneo
    assert "Delibera 12" in mails["anna"]["Subject"]
    body = _body(mails["anna"])
    assert "ora è “Pubblicato”" in body


def test_following_a_folder_covers_that_folder_only(site):
    cuneo = site["province"]["cuneo"]
    _as(
        site,
        "bruno",
        lambda: api.content.create(container=cuneo["verbali"], type="Document", title="Altro"),
    )
    transaction.commit()
    assert "elena" not in _mails(site)
    site.MailHost.reset()
    _as(
        site,
        "bruno",
        lambda: api.content.create(container=cuneo["gare"], type="Document", title="Bando mense"),
    )
    transaction.commit()
    mails = _mails(site)
    # elena (collaboratore) cannot see bruno's private draft: nothing yet ...
    assert "elena" not in mails
    site.MailHost.reset()
    document = cuneo["gare"]["bando-mense"]
    _as(site, "bruno", lambda: api.content.transition(obj=document, transition="publish"))
    transaction.commit()
    # ... and once published she hears of it, about the folder she follows.
    mails = _mails(site)
    assert "elena" in mails
    assert "Gare" in _body(mails["elena"])


def test_an_aborted_change_sends_nothing(site):
    _as(
        site,
        "carla",
        lambda: api.content.create(
            container=site["province"]["cuneo"], type="Document", title="Mai salvato"
        ),
    )
    transaction.abort()
    transaction.commit()
    assert site.MailHost.messages == []


def _unsubscribe_query(message):
    url = re.search(r"(http\S+@@annulla-iscrizione\?t=\S+)", _body(message)).group(1)
    return parse_qs(urlparse(url).query)["t"][0]


def _first_mail_for_anna(site):
    cuneo = site["province"]["cuneo"]
    document = _as(
        site,
        "carla",
        lambda: api.content.create(container=cuneo, type="Document", title="Avviso"),
    )
    _as(site, "carla", lambda: api.content.transition(obj=document, transition="publish"))
    transaction.commit()
    return _mails(site)["anna"]


def test_the_unsubscribe_link_works_without_login(site, request_factory):
    token = _unsubscribe_query(_first_mail_for_anna(site))
    anonymous = request_factory(role="Anonymous", api=False)
    anonymous.headers["Accept"] = "text/html"
    response = anonymous.get("@@annulla-iscrizione", params={"t": token})
    assert response.status_code == 200
    assert "pc-unsubscribed" in response.text
    transaction.begin()  # see what the server committed
    assert not notifications.is_following(site["province"]["cuneo"], "anna")
    assert notifications.is_following(site["province"]["cuneo"], "bruno")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.replace(token.split(".")[0], token.split(".")[0][:-3] + "xyz"),
        lambda token: "",
        lambda token: token.split(".")[0],
    ],
)
def test_a_tampered_unsubscribe_link_is_refused(site, request_factory, tamper):
    token = _unsubscribe_query(_first_mail_for_anna(site))
    anonymous = request_factory(role="Anonymous", api=False)
    anonymous.headers["Accept"] = "text/html"
    response = anonymous.get("@@annulla-iscrizione", params={"t": tamper(token)})
    assert response.status_code == 400
    assert "pc-unsubscribe-invalid" in response.text
    transaction.begin()
    assert notifications.is_following(site["province"]["cuneo"], "anna")


def test_a_signature_is_bound_to_its_follower_and_container(site):
    cuneo = site["province"]["cuneo"]
    token = notifications.make_token(cuneo.UID(), "anna")
    assert notifications.read_token(token) == (cuneo.UID(), "anna")
    forged_payload = notifications.make_token(cuneo.UID(), "bruno").split(".")[0]
    assert notifications.read_token(forged_payload + "." + token.split(".")[1]) is None


def test_follow_button_and_views(site, request_factory):
    gare = site["province"]["cuneo"]["gare"]
    session = request_factory(basic_auth=("anna", PASSWORD), api=False)
    session.headers["Accept"] = "text/html"
    page = session.get("province/cuneo/gare")
    assert page.status_code == 200
    assert "pc-follow-button" in page.text
    form = re.search(r'<form class="pc-follow.*?</form>', page.text, re.S).group(0)
    authenticator = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', form)
    assert authenticator
    # without the CSRF token the change is refused
    refused = session.post("province/cuneo/gare/@@segui")
    assert refused.status_code == 403
    done = session.post(
        "province/cuneo/gare/@@segui", data={"_authenticator": authenticator.group(1)}
    )
    assert done.status_code == 200
    transaction.begin()
    assert notifications.is_following(gare, "anna")
    assert "pc-unfollow-button" in session.get("province/cuneo/gare").text
    session.post(
        "province/cuneo/gare/@@non-seguire-piu", data={"_authenticator": authenticator.group(1)}
    )
    transaction.begin()
    assert not notifications.is_following(gare, "anna")
    # a visitor who may not see the folder cannot follow it
    outsider = request_factory(basic_auth=("dario", PASSWORD), api=False)
    outsider.headers["Accept"] = "text/html"
    page = outsider.get("province/cuneo/gare")
    assert "pc-follow-button" not in page.text
    assert "Gare" not in page.text.split("<body", 1)[1]
    token = re.search(r'name="_authenticator"[^>]*value="([^"]+)"', page.text)
    data = {"_authenticator": token.group(1)} if token else {}
    refused = outsider.post("province/cuneo/gare/@@segui", data=data, allow_redirects=False)
    assert refused.status_code in (302, 401, 403)  # Plone sends to its "insufficient privileges"
    assert "require_login" in refused.headers.get("Location", "require_login")
    transaction.begin()
    assert not notifications.is_following(gare, "dario")


def test_a_folder_added_with_its_content_is_one_email(site):
    cuneo = site["province"]["cuneo"]

    def add_folder_with_documents():
        folder = api.content.create(container=cuneo, type="Folder", id="bandi", title="Bandi")
        for number in range(3):
            api.content.create(container=folder, type="Document", title=f"Bando {number}")

    _as(site, "carla", add_folder_with_documents)
    transaction.commit()
    assert len(site.MailHost.messages) == 1
    assert "Bandi" in _mails(site)["bruno"]["Subject"]
