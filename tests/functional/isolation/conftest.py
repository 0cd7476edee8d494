"""The isolation fixture: two Province communities, their people and their content.

Province A is Cuneo, Province B is Modena. Everything stored in Cuneo carries the
word ``Zafferano`` in its title, text or file data, so a test proves that a channel
leaks nothing of Province A by looking for that one word in whatever it answers.

The data is built once per test module in a layer of its own (a stacked
``DemoStorage`` on top of the product's fixture), and removed when the module ends,
so no other test module sees it. Each test still runs in its own ``DemoStorage``
(the ``functional`` fixture), so a test that edits or deletes changes nothing for
the next one. Community visibility is a further layer, one per state, pushed by the
``visibility`` fixture.
"""

from io import BytesIO
from plone import api
from plone.app.testing import login
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import SITE_OWNER_NAME
from plone.base.interfaces.syndication import IFeedSettings
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from Products.CMFCore.indexing import processQueue
from provincecomuni.membership import api as membership
from provincecomuni.testing import FIXTURE
from zope.configuration import xmlconfig

import datetime
import pytest
import pytz
import re


SECRET = "Zafferano"  # noqa: S105 - a word in every title, text and file of Province A
# What an answer holds if it carries Province A's content (a query for SECRET may be
# echoed back in a search page or a URL, that is no leak).
LEAK = re.compile(
    rf"{SECRET} (pagina|allegato|immagine|evento|cartella|nota)|Descrizione {SECRET}"
    rf"|PDF-1\.4 {SECRET}"
)
PASSWORD = "Isolamento-2026!"  # noqa: S105 - test users only

PROVINCE_A = "cuneo"
PROVINCE_B = "modena"
COMUNE_OF_A = "004078"  # Comune di Cuneo, in the Province of Cuneo

# login -> (fullname, what makes them who they are)
USERS = {
    "a-coordinatore": ("Anna Coordinatrice", ("member", PROVINCE_A, "coordinatore")),
    "a-redattore": ("Rita Redattrice", ("member", PROVINCE_A, "redattore")),
    "a-collaboratore": ("Carlo Collaboratore", ("member", PROVINCE_A, "collaboratore")),
    "a-lettore": ("Luca Lettore", ("member", PROVINCE_A, "lettore")),
    "b-membro": ("Bianca Modenese", ("member", PROVINCE_B, "coordinatore")),
    "upi": ("Ugo Coordinamento", ("group", "upi-coordinamento")),
    "revisore": ("Vera Revisora", ("group", "revisori")),
    "comune-a": ("Marco Comunale", ("comune", COMUNE_OF_A)),
    "esterno": ("Elena Esterna", ()),
}

STATES = ("private", "published")


def _png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def _publish_if(obj, state):
    if state == "published":
        api.content.transition(obj=obj, transition="publish")


def _content_of_a(community):
    """For each content state: a page, a file, an image, an event, and a folder with a page."""
    start = pytz.timezone("Europe/Rome").localize(datetime.datetime(2030, 3, 15, 10, 0))
    for state in STATES:
        label = "privata" if state == "private" else "pubblicata"
        page = api.content.create(
            container=community,
            type="Document",
            id=f"pagina-{state}",
            title=f"{SECRET} pagina {label}",
            description=f"Descrizione {SECRET} {label}",
        )
        file = api.content.create(
            container=community,
            type="File",
            id=f"allegato-{state}",
            title=f"{SECRET} allegato {label}",
            file=NamedBlobFile(
                data=f"%PDF-1.4 {SECRET} {label}".encode(),
                filename=f"allegato-{state}.pdf",
                contentType="application/pdf",
            ),
        )
        image = api.content.create(
            container=community,
            type="Image",
            id=f"immagine-{state}",
            title=f"{SECRET} immagine {label}",
            description=f"Descrizione {SECRET} immagine {label}",
            image=NamedBlobImage(data=_png(), filename=f"immagine-{state}.png"),
        )
        event = api.content.create(
            container=community,
            type="Event",
            id=f"evento-{state}",
            title=f"{SECRET} evento {label}",
            start=start,
            end=start + datetime.timedelta(hours=2),
        )
        folder = api.content.create(
            container=community,
            type="Folder",
            id=f"cartella-{state}",
            title=f"{SECRET} cartella {label}",
        )
        inner = api.content.create(
            container=folder,
            type="Document",
            id="nota",
            title=f"{SECRET} nota {label}",
        )
        for obj in (page, file, image, event, folder, inner):
            _publish_if(obj, state)


class IsolationFixture(PloneSandboxLayer):
    """Province A (Cuneo) and Province B (Modena), private, with their people and content."""

    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        # What Plone includes at start-up for its add-ons, and the test layer does not.
        import provincecomuni

        xmlconfig.includeOverrides(configurationContext, "overrides.zcml", provincecomuni)
        configurationContext.execute_actions()

    def setUpPloneSite(self, portal):
        login(portal.aq_parent, SITE_OWNER_NAME)  # content owned by the site owner
        provinces = portal["province"]
        for login_name, (fullname, kind) in USERS.items():
            api.user.create(
                email=f"{login_name}@example.org",
                username=login_name,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
            if kind and kind[0] == "member":
                membership.add_member(provinces[kind[1]], login_name, kind[2])
            elif kind and kind[0] == "group":
                api.group.add_user(groupname=kind[1], username=login_name)
            elif kind and kind[0] == "comune":
                membership.set_affiliation(login_name, "comune", kind[1])

        _content_of_a(provinces[PROVINCE_A])
        page = api.content.create(
            container=provinces[PROVINCE_B],
            type="Document",
            id="pagina-modena",
            title="Pagina di Modena",
        )
        api.content.transition(obj=page, transition="publish")
        # Channels that are off by default are on here, so that the tests prove them.
        api.portal.set_registry_record("plone.enable_sitemap", True)
        for feed_source in (portal, provinces[PROVINCE_A], provinces[PROVINCE_B]):
            IFeedSettings(feed_source).enabled = True
        # Index now, while the site is the active one (see setuphandlers/structure.py):
        # at commit, behaviours (IEvent, exclude_from_nav) would not be resolved.
        processQueue()


ISOLATION_FIXTURE = IsolationFixture(name="ProvinceComuni:IsolationFixture")


class VisibilityFixture(PloneSandboxLayer):
    """Province A's community in one visibility state."""

    defaultBases = (ISOLATION_FIXTURE,)
    transitions = {"private": None, "internal": "make_internal", "public": "make_public"}

    def __init__(self, visibility):
        super().__init__(name=f"ProvinceComuni:Isolation:{visibility}")
        self.visibility = visibility

    def setUpPloneSite(self, portal):
        login(portal.aq_parent, SITE_OWNER_NAME)
        transition = self.transitions[self.visibility]
        if transition:
            api.content.transition(obj=portal["province"][PROVINCE_A], transition=transition)
        processQueue()


VISIBILITY_LAYERS = {name: VisibilityFixture(name) for name in VisibilityFixture.transitions}


def _pushed(layer):
    """Set a layer up for a while; its DemoStorage is popped on tear-down."""
    layer.setUp()
    try:
        yield layer
    finally:
        layer.tearDown()


@pytest.fixture(scope="module")
def isolation_data(functional_session):
    """Province A and B with people and content, for the tests of one module."""
    yield from _pushed(ISOLATION_FIXTURE)


@pytest.fixture(scope="module", params=tuple(VISIBILITY_LAYERS))
def visibility(request, isolation_data):
    """Province A's community in each visibility in turn (tests are grouped by it)."""
    for _layer in _pushed(VISIBILITY_LAYERS[request.param]):
        yield request.param


@pytest.fixture
def server(isolation_data, functional):
    """The functional test server, over the isolation data (one DemoStorage per test)."""
    return functional["portal"].absolute_url()


@pytest.fixture(scope="module")
def site_url(functional_session, isolation_data):
    """The portal's URL on the test server (for module-scoped checks)."""
    return f"http://{functional_session['host']}:{functional_session['port']}/plone"
