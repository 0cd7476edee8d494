"""Enrolment through REST: @enrol and @cancel-enrolment with clear errors."""

from plone import api
from plone.app.testing import SITE_OWNER_NAME

import datetime
import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105
COURSE = "/formazione/piano/corso"


@pytest.fixture
def course(functional_portal):
    portal = functional_portal
    today = datetime.date.today()
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        for username in ("anna", "bruno", "carla"):
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
            capacity=1,
            enrolment_end=today + datetime.timedelta(days=3),
            cancellation_deadline=today + datetime.timedelta(days=2),
        )
    transaction.commit()
    return course


@pytest.fixture
def as_user(request_factory):
    return lambda username: request_factory(basic_auth=(username, PASSWORD))


def test_enrol_and_cancel_with_clear_errors(course, as_user, anon_request, manager_request):
    anna, bruno, carla = as_user("anna"), as_user("bruno"), as_user("carla")
    # Planned: the course is not visible yet, enrolment even less.
    assert anna.post(f"{COURSE}/@enrol", json={}).status_code == 401
    assert manager_request.post(f"{COURSE}/@workflow/apri_iscrizioni").status_code == 200
    assert anon_request.post(f"{COURSE}/@enrol", json={}).status_code == 401
    first = anna.post(f"{COURSE}/@enrol", json={})
    assert first.status_code == 201
    assert first.json()["status"] == "enrolled"
    again = anna.post(f"{COURSE}/@enrol", json={})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_enrolled"
    full = bruno.post(f"{COURSE}/@enrol", json={"waiting_list": False})
    assert full.status_code == 409
    assert full.json()["error"]["code"] == "full"
    waiting = bruno.post(f"{COURSE}/@enrol", json={})
    assert waiting.json()["status"] == "waiting"
    # Carla may not cancel for Anna; Anna cancels and Bruno gets the seat.
    forbidden = carla.post(f"{COURSE}/@cancel-enrolment", json={"userid": "anna"})
    assert forbidden.status_code == 403
    cancelled = anna.post(f"{COURSE}/@cancel-enrolment", json={})
    assert cancelled.status_code == 200
    assert cancelled.json()["promoted"] == "bruno"
    assert bruno.get(f"{COURSE}/@enrolments").json()["my_status"] == "enrolled"
    not_enrolled = anna.post(f"{COURSE}/@cancel-enrolment", json={})
    assert not_enrolled.status_code == 404
    assert not_enrolled.json()["error"]["code"] == "not_enrolled"
    listing = manager_request.get(f"{COURSE}/@enrolments").json()
    assert [row["userid"] for row in listing["enrolled"]] == ["bruno"]
    assert listing["waiting"] == []
    # Enrolment closed: a clear error.
    assert manager_request.post(f"{COURSE}/@workflow/chiudi_iscrizioni").status_code == 200
    closed = carla.post(f"{COURSE}/@enrol", json={})
    assert closed.status_code == 409
    assert closed.json()["error"]["code"] == "closed"
    assert closed.json()["error"]["message"]
