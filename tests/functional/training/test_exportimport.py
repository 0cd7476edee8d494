"""collective.exportimport round trip: practices keep their adoptions, courses their roster.

On the functional layer: the import view commits, and each functional test has a
database of its own.
"""

from collective.exportimport.export_content import ExportContent
from collective.exportimport.import_content import ImportContent
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.textfield.value import RichTextValue
from provincecomuni.membership import api as membership
from provincecomuni.practices import adoptions
from provincecomuni.training import enrolment

import datetime
import json
import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105


def _html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


@pytest.fixture
def site(functional_portal):
    """A published practice adopted by Modena; a course under way with attendance."""
    portal = functional_portal
    today = datetime.date.today()
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        for username in ("modena", "revisore", "anna", "bruno", "carla"):
            api.user.create(email=f"{username}@example.org", username=username, password=PASSWORD)
        membership.add_member(portal["province"]["modena"], "modena", "redattore")
        api.group.add_user(groupname="revisori", username="revisore")
        practice = api.content.create(
            container=portal["province"]["cuneo"],
            type="GoodPractice",
            id="pratica",
            title="Pratica",
            pillar="sit",
            provinces=["004"],
            year=2024,
            problem=_html("<p>P</p>"),
            solution=_html("<p>S</p>"),
            results=_html("<p>R</p>"),
            resources="x",
            transferability="y",
            contacts="z",
        )
        workflow = api.portal.get_tool("portal_workflow")
        workflow.doActionFor(practice, "submit")
        plan = api.content.create(
            container=portal["formazione"], type="TrainingPlan", id="piano", title="P", year=2026
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
            capacity=2,
            enrolment_end=today + datetime.timedelta(days=3),
        )
        start = datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(9))
        session = api.content.create(
            container=course,
            type="CourseSession",
            id="s1",
            title="Sessione 1",
            start=start,
            end=start + datetime.timedelta(hours=3),
        )
        api.content.transition(obj=course, transition="apri_iscrizioni")
    with api.env.adopt_user(username="revisore"):
        workflow.doActionFor(practice, "publish")
    with api.env.adopt_user(username="modena"):
        adoptions.declare(practice, "036", "2025-01-10", "positivo", "Riusata.")
    for username in ("anna", "bruno", "carla"):
        with api.env.adopt_user(username=username):
            enrolment.enrol(course, username, notify=False)
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        api.content.transition(obj=course, transition="chiudi_iscrizioni")
        api.content.transition(obj=course, transition="avvia")
        enrolment.record_attendance(course, session, ["anna"])
    transaction.commit()
    return portal


def _export(portal, portal_types):
    view = ExportContent(portal, portal.REQUEST)
    view.portal_type = portal_types
    view.path = "/".join(portal.getPhysicalPath())
    view.depth = -1
    view.errors = []
    view.include_blobs = 0
    view.migration = True
    view.include_revisions = False
    items = list(view.export_content())
    assert view.errors == []
    return json.loads(json.dumps(items))  # exactly what the exported file carries


def _import(portal, items):
    request = portal.REQUEST
    request.form["form.submitted"] = True
    request.form["handle_existing_content"] = "0"
    ImportContent(portal, request)(iterator=items)


def test_round_trip_keeps_adoptions_and_enrolments(site):
    portal = site
    practice = portal["province"]["cuneo"]["pratica"]
    course = portal["formazione"]["piano"]["corso"]
    before = (
        adoptions.list_adoptions(practice),
        sorted(enrolment.roster(course).enrolled),
        list(enrolment.roster(course).waiting),
        enrolment.attendance_summary(course),
        enrolment.totals(course),
    )
    assert before[2] == ["carla"]
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        items = _export(portal, ["GoodPractice", "TrainingPlan", "Course", "CourseSession"])
        assert [i["@type"] for i in items if i["@type"] != "TrainingPlan"] == [
            "Course",
            "CourseSession",
            "GoodPractice",
        ]
        api.content.delete(objects=[practice, portal["formazione"]["piano"]])
        assert "pratica" not in portal["province"]["cuneo"]
        _import(portal, items)

    practice = portal["province"]["cuneo"]["pratica"]
    course = portal["formazione"]["piano"]["corso"]
    assert api.content.get_state(practice) == "pubblicata"
    assert api.content.get_state(course) == "in_corso"
    after = (
        adoptions.list_adoptions(practice),
        sorted(enrolment.roster(course).enrolled),
        list(enrolment.roster(course).waiting),
        enrolment.attendance_summary(course),
        enrolment.totals(course),
    )
    assert after == before
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog.unrestrictedSearchResults(UID=practice.UID())
    assert brain.adoption_count == 1


def test_nobody_else_writes_a_roster_or_adoptions_through_rest(site, request_factory):
    course = "/formazione/piano/corso"
    anna = request_factory(basic_auth=("anna", PASSWORD))
    body = anna.get(course).json()
    assert "enrolment" not in body, body
    assert body["enrolment_totals"]["waiting"] == 1, body
    manager = request_factory(role="Manager")
    assert manager.get(course).json()["enrolment"]["waiting"][0]["userid"] == "carla"
    practice = "/province/cuneo/pratica"
    modena = request_factory(basic_auth=("modena", PASSWORD))
    # Even with edit rights the adoptions are not writable through the practice.
    response = modena.patch(practice, json={"adoptions": []})
    assert response.status_code in (401, 403)
    assert anna.get(practice).json()["adoption_count"] == 1
