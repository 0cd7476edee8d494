"""The community dashboard: latest documents, upcoming deadlines, members, Comuni."""

from datetime import date
from datetime import timedelta
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from provincecomuni.interfaces import ICommunity
from provincecomuni.interfaces import IUpcomingDeadlines
from provincecomuni.membership import api as membership
from zope.component import getGlobalSiteManager
from zope.interface import implementer

import pytest


@implementer(IUpcomingDeadlines)
class FakeCallDeadlines:
    """What a content type with deadlines registers (here: one inside, one outside the window)."""

    def __init__(self, community):
        self.community = community

    def __call__(self, start, end):
        candidates = [
            (date.today() + timedelta(days=3), "Bando digitale"),
            (date.today() + timedelta(days=400), "Bando lontano"),
        ]
        return [
            {"date": day, "title": title, "url": "http://nohost/bando", "kind": "Scadenza bando"}
            for day, title in candidates
            if start <= day <= end
        ]


@pytest.fixture
def deadlines():
    registry = getGlobalSiteManager()
    registry.registerSubscriptionAdapter(FakeCallDeadlines, (ICommunity,), IUpcomingDeadlines)
    yield
    registry.unregisterSubscriptionAdapter(FakeCallDeadlines, (ICommunity,), IUpcomingDeadlines)


@pytest.fixture
def cuneo(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    community = portal["province"]["cuneo"]
    for userid, fullname, role in (
        ("carla", "Carla Coordinatrice", "coordinatore"),
        ("luca", "Luca Lettore", "lettore"),
    ):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password="Una-password-lunga-1",  # noqa: S106
            properties={"fullname": fullname},
        )
        membership.add_member(community, userid, role)
    api.user.create(
        email="ext@example.org",
        username="ext",
        password="Una-password-lunga-1",  # noqa: S106
    )
    api.content.transition(obj=community, transition="make_internal")
    return community


def _page(community, userid):
    logout()
    login(api.portal.get(), userid)
    try:
        return community.restrictedTraverse("@@view")()
    finally:
        logout()
        login(api.portal.get(), TEST_USER_NAME)


def test_dashboard_shows_deadlines_of_the_coming_weeks(cuneo, deadlines):
    html = _page(cuneo, "luca")
    assert "Bando digitale" in html
    assert "Bando lontano" not in html
    assert "Scadenza bando" in html


def test_dashboard_says_when_there_are_no_deadlines(cuneo):
    html = _page(cuneo, "luca")
    assert "Nessuna scadenza nei prossimi" in html or "No deadlines in the next" in html


def test_members_see_the_roster_with_roles_outsiders_do_not(cuneo):
    html = _page(cuneo, "luca")
    section = html[html.index('class="pc-members') :]
    assert "Membri: 2." in section or "Members: 2." in section
    # Coordinatori first
    assert section.index("Carla Coordinatrice") < section.index("Luca Lettore")
    # The community is internal: a logged-in outsider reads it, not its members.
    outsider = _page(cuneo, "ext")
    assert "Cuneo" in outsider
    assert "Carla Coordinatrice" not in outsider


def test_province_dashboard_still_lists_its_comuni(cuneo):
    html = _page(cuneo, "luca")
    assert "Borgo San Dalmazzo" in html
