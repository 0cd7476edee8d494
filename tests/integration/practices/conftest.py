"""People and a practice for the good-practice tests; e-mails go to a mock mail host."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership

import email
import email.header
import pytest


PASSWORD = "Una-password-lunga-1"  # noqa: S105


def _user(username, fullname):
    return api.user.create(
        email=f"{username}@example.org",
        username=username,
        password=PASSWORD,
        properties={"fullname": fullname},
    )


class Mail:
    """One sent e-mail: its recipients, subject and decoded body."""

    def __init__(self, raw):
        message = email.message_from_bytes(raw)
        self.to = str(message["To"])
        self.subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
        self.body = message.get_payload(decode=True).decode("utf-8")


def sent(mailhost):
    return [Mail(raw) for raw in mailhost.messages]


@pytest.fixture
def mailhost(portal):
    """Plone's mock mail host: ``mailhost.messages`` holds what was sent."""
    registry = api.portal.get_tool("portal_registry")
    registry["plone.email_from_address"] = "noreply@example.org"
    registry["plone.email_from_name"] = "Province & Comuni"
    previous = portal.MailHost
    mock = MockMailHost("MailHost")
    mock.smtp_host = "localhost"
    portal.MailHost = mock
    sm = portal.getSiteManager()
    sm.unregisterUtility(provided=IMailHost)
    sm.registerUtility(mock, provided=IMailHost)
    yield mock
    portal.MailHost = previous
    sm.unregisterUtility(provided=IMailHost)
    sm.registerUtility(previous, provided=IMailHost)


@pytest.fixture
def mails(mailhost):
    """The e-mails sent so far (call it)."""
    return lambda: sent(mailhost)


@pytest.fixture
def people(portal):
    """Cuneo: an author (collaboratore) and an editor (redattore); two reviewers;
    Modena: an editor (who adopts); a logged-in outsider."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    users = {
        "autrice": _user("autrice", "Anna Autrice"),
        "redattore": _user("redattore", "Rino Redattore"),
        "revisore": _user("revisore", "Rita Revisore"),
        "revisore2": _user("revisore2", "Remo Revisore"),
        "modena": _user("modena", "Mara Modenese"),
        "esterno": _user("esterno", "Ettore Esterno"),
    }
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "autrice", "collaboratore")
    membership.add_member(cuneo, "redattore", "redattore")
    membership.add_member(portal["province"]["modena"], "modena", "redattore")
    api.group.add_user(groupname="revisori", username="revisore")
    api.group.add_user(groupname="revisori", username="revisore2")
    return users


PRACTICE = {
    "title": "Gare telematiche per i piccoli Comuni",
    "description": "La SUA gestisce le gare dei Comuni sotto i 5.000 abitanti.",
    "pillar": "sua",
    "provinces": ["004"],
    "comuni": ["004001"],
    "year": 2023,
    "problem": "<p>I piccoli Comuni non hanno uffici gare.</p>",
    "solution": "<p>Una piattaforma unica di e-procurement provinciale.</p>",
    "results": "<p>120 gare in un anno, tempi medi ridotti del 30%.</p>",
    "resources": "Due funzionari, una piattaforma in riuso.",
    "cost": 45000,
    "transferability": "Serve una convenzione SUA con i Comuni.",
    "contacts": "Ufficio SUA, sua@provincia.cuneo.it",
    "subjects": ("appalti", "e-procurement"),
}


def make_practice(container, **overrides):
    from plone.app.textfield.value import RichTextValue

    data = {**PRACTICE, **overrides}
    for name in ("problem", "solution", "results"):
        data[name] = RichTextValue(data[name], "text/html", "text/x-html-safe")
    subjects = data.pop("subjects")
    practice = api.content.create(container=container, type="GoodPractice", **data)
    practice.setSubject(subjects)
    practice.reindexObject()
    return practice


@pytest.fixture
def new_practice(portal, people):
    """Write a practice in a community as a given user."""

    def write(username, container=None, **overrides):
        with api.env.adopt_user(username=username):
            return make_practice(container or portal["province"]["cuneo"], **overrides)

    return write


@pytest.fixture
def practice(portal, people):
    """A draft practice written by the author in the (private) Cuneo community."""
    with api.env.adopt_user(username="autrice"):
        return make_practice(portal["province"]["cuneo"])
