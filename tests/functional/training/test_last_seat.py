"""Two people take the last seat at the same moment: exactly one gets it.

Two real ZODB connections with their own transactions both enrol before either
commits, like two requests served by two threads. The first commit wins; the second
conflicts (the course's roster changed under it), and, retried as the publisher
retries a conflicting request, finds the course full and joins the waiting list.
"""

from plone import api
from plone.app.testing import SITE_OWNER_NAME
from provincecomuni.training import enrolment
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

import concurrent.futures
import datetime
import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def last_seat(functional_portal):
    """A course with three seats, two already taken (Anna, Mario); all committed.

    Bruno and Zoe sort before and after Mario: in the roster's BTree their two
    insertions land at different places, which BTree conflict resolution merges on
    a FileStorage (the test layers' storage never resolves conflicts, so
    tests/unit/test_training_roster.py shows that case on a real FileStorage).
    """
    portal = functional_portal
    today = datetime.date.today()
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        for username in ("anna", "mario", "bruno", "zoe"):
            api.user.create(email=f"{username}@example.org", username=username, password=PASSWORD)
        plan = api.content.create(
            container=portal["formazione"],
            type="TrainingPlan",
            id="piano",
            title="Piano",
            year=2026,
        )
        course = api.content.create(
            container=plan,
            type="Course",
            id="corso",
            title="Corso",
            pillar="sit",
            audience="Tutti",
            objectives="Imparare.",
            mode="online",
            meeting_url="https://meet.example.org/corso",
            capacity=3,
            enrolment_end=today + datetime.timedelta(days=3),
        )
        api.content.transition(obj=course, transition="apri_iscrizioni")
    for username in ("anna", "mario"):
        with api.env.adopt_user(username=username):
            enrolment.enrol(course, username, notify=False)
    transaction.commit()
    return portal


def _open(db, site_id):
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    manager.begin()
    app = makerequest(connection.root()["Application"])
    return manager, connection, app[site_id]


def _enrol_in(site, username):
    setSite(site)
    course = site["formazione"]["piano"]["corso"]
    with api.env.adopt_user(username=username):
        return enrolment.enrol(course, username, notify=False)


def test_two_concurrent_transactions_for_the_last_seat(functional, last_seat):
    db = functional["zodbDB"]
    site_id = last_seat.getId()
    tm1, conn1, site1 = _open(db, site_id)
    tm2, conn2, site2 = _open(db, site_id)
    try:
        # Both see one seat left, and both take it in their own transaction.
        assert _enrol_in(site1, "bruno") == "enrolled"
        assert _enrol_in(site2, "zoe") == "enrolled"
        tm1.commit()
        with pytest.raises(ConflictError):
            tm2.commit()
        tm2.abort()
        # The retry (what the publisher does on a conflict) sees the course full.
        tm2.begin()
        assert _enrol_in(site2, "zoe") == "waiting"
        tm2.commit()
    finally:
        setSite(last_seat)
        conn1.close()
        conn2.close()
    tm3, conn3, site3 = _open(db, site_id)
    try:
        state = enrolment.roster(site3["formazione"]["piano"]["corso"])
        assert sorted(state.enrolled) == ["anna", "bruno", "mario"]
        assert list(state.waiting) == ["zoe"]
    finally:
        tm3.abort()
        conn3.close()
        setSite(last_seat)


def test_two_simultaneous_requests_over_http(functional, last_seat, request_factory):
    course = "/formazione/piano/corso"
    sessions = {u: request_factory(basic_auth=(u, PASSWORD)) for u in ("bruno", "zoe")}

    def enrol(username):
        return sessions[username].post(f"{course}/@enrol", json={}).json()["status"]

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(enrol, ["bruno", "zoe"]))
    assert statuses == ["enrolled", "waiting"]
    body = sessions["bruno"].get(f"{course}/@enrolments").json()
    assert body["totals"]["enrolled"] == 3
    assert body["totals"]["waiting"] == 1
