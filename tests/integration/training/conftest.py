"""A training plan with a course of two seats and two sessions; people to enrol."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from provincecomuni.training import enrolment

import datetime
import email
import email.header
import pytest


PASSWORD = "Una-password-lunga-1"  # noqa: S105
USERS = ("anna", "bruno", "carla", "dario", "coordinatrice", "docente")


@pytest.fixture
def mailhost(portal):
    registry = api.portal.get_tool("portal_registry")
    registry["plone.email_from_address"] = "noreply@example.org"
    previous = portal.MailHost
    mock = MockMailHost("MailHost")
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
    def sent():
        result = []
        for raw in mailhost.messages:
            message = email.message_from_bytes(raw)
            subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
            result.append((str(message["To"]), subject))
        return result

    return sent


@pytest.fixture
def people(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for username in USERS:
        api.user.create(email=f"{username}@example.org", username=username, password=PASSWORD)
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "coordinatrice", "coordinatore")
    membership.add_member(cuneo, "dario", "lettore")
    return USERS


@pytest.fixture
def course(portal, people, mailhost):
    today = datetime.date.today()
    plan = api.content.create(
        container=portal["formazione"],
        type="TrainingPlan",
        id="piano-2026",
        title="Piano formativo 2026",
        year=2026,
        budget=50000,
    )
    course = api.content.create(
        container=plan,
        type="Course",
        id="appalti-digitali",
        title="Appalti digitali",
        pillar="sua",
        audience="Personale delle SUA",
        objectives="Usare le piattaforme di e-procurement.",
        modules=[{"title": "Norme", "hours": 2}, {"title": "Piattaforme", "hours": 3}],
        trainers=["docente"],
        mode="presenza",
        location="Cuneo, Sala consiliare",
        capacity=2,
        enrolment_start=today - datetime.timedelta(days=1),
        enrolment_end=today + datetime.timedelta(days=10),
        cancellation_deadline=today + datetime.timedelta(days=5),
        attendance_threshold=75,
    )
    start = datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(9))
    for index, hours in enumerate((2, 3), start=1):
        begin = start + datetime.timedelta(days=index)
        api.content.create(
            container=course,
            type="CourseSession",
            id=f"sessione-{index}",
            title=f"Sessione {index}",
            start=begin,
            end=begin + datetime.timedelta(hours=hours),
            place="Sala consiliare",
        )
    return course


@pytest.fixture
def open_course(course):
    api.content.transition(obj=course, transition="apri_iscrizioni")
    return course


@pytest.fixture
def held(portal, open_course, mails):
    """Anna attends both sessions (5 h of 5), Bruno only the second (3 h: 60%)."""
    course = open_course
    for username in ("anna", "bruno"):
        with api.env.adopt_user(username=username):
            enrolment.enrol(course, username)
    api.content.transition(obj=course, transition="chiudi_iscrizioni")
    api.content.transition(obj=course, transition="avvia")
    with api.env.adopt_user(username="docente"):
        assert enrolment.may_record_attendance(course)
        enrolment.record_attendance(course, course["sessione-1"], ["anna"])
        enrolment.record_attendance(course, course["sessione-2"], ["anna", "bruno"])
    return course
