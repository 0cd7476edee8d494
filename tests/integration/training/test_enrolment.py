"""Enrolment: seats, waiting list, automatic promotion, cancellation deadline, e-mails."""

from plone import api
from provincecomuni.training import enrolment
from zope.annotation.interfaces import IAnnotations

import datetime
import pytest


def _enrol(username, course, userid=None, **kw):
    with api.env.adopt_user(username=username):
        return enrolment.enrol(course, userid or username, **kw)


def _cancel(username, course, userid=None, **kw):
    with api.env.adopt_user(username=username):
        return enrolment.cancel(course, userid or username, **kw)


def test_seats_then_waiting_list_then_promotion(portal, open_course, mails):
    course = open_course
    assert _enrol("anna", course) == "enrolled"
    assert _enrol("bruno", course) == "enrolled"
    assert enrolment.seats_left(course) == 0
    assert _enrol("carla", course) == "waiting"
    assert _enrol("dario", course) == "waiting"
    assert enrolment.totals(course)["waiting"] == 2
    # Anna cancels: Carla, first in line, gets her seat and an e-mail; Dario still waits.
    assert _cancel("anna", course) == "carla"
    assert enrolment.status_of(course, "carla") == "enrolled"
    assert enrolment.status_of(course, "dario") == "waiting"
    assert enrolment.status_of(course, "anna") is None
    sent = mails()
    # In Italian, the site's language.
    assert ("anna@example.org", "Iscrizione confermata: Appalti digitali") in sent
    assert ("carla@example.org", "Lista d'attesa: Appalti digitali") in sent
    assert sent[-1] == ("carla@example.org", "Il posto è tuo: Appalti digitali")


def test_leaving_the_waiting_list_promotes_nobody(portal, open_course, mails):
    for username in ("anna", "bruno", "carla"):
        _enrol(username, open_course)
    assert _cancel("carla", open_course) is None
    assert enrolment.totals(open_course)["waiting"] == 0
    assert enrolment.totals(open_course)["enrolled"] == 2


def test_errors_already_enrolled_full_and_closed(portal, open_course, mails):
    _enrol("anna", open_course)
    with pytest.raises(enrolment.EnrolmentError) as error:
        _enrol("anna", open_course)
    assert error.value.code == "already_enrolled"
    _enrol("bruno", open_course)
    with pytest.raises(enrolment.EnrolmentError) as error:
        _enrol("carla", open_course, allow_waiting=False)
    assert error.value.code == "full"
    open_course.enrolment_end = datetime.date.today() - datetime.timedelta(days=1)
    with pytest.raises(enrolment.EnrolmentError) as error:
        _enrol("carla", open_course)
    assert error.value.code == "closed"


def test_cancellation_only_until_the_deadline(portal, open_course, mails):
    _enrol("anna", open_course)
    late = open_course.cancellation_deadline + datetime.timedelta(days=1)
    with pytest.raises(enrolment.EnrolmentError) as error:
        _cancel("anna", open_course, today=late)
    assert error.value.code == "deadline"
    assert enrolment.status_of(open_course, "anna") == "enrolled"
    _cancel("anna", open_course, today=open_course.cancellation_deadline)
    assert enrolment.status_of(open_course, "anna") is None


def test_a_coordinatore_enrols_their_staff_and_nobody_else(portal, open_course, mails):
    assert _enrol("coordinatrice", open_course, userid="dario") == "enrolled"
    with pytest.raises(enrolment.EnrolmentError) as error:
        _enrol("coordinatrice", open_course, userid="anna")  # not in her community
    assert error.value.code == "forbidden"
    with pytest.raises(enrolment.EnrolmentError) as error:
        _enrol("bruno", open_course, userid="anna")
    assert error.value.code == "forbidden"
    with pytest.raises(enrolment.EnrolmentError) as error:
        _cancel("bruno", open_course, userid="dario")
    assert error.value.code == "forbidden"


def test_the_course_page_offers_enrolment(portal, open_course, mails):
    with api.env.adopt_user(username="anna"):
        html = open_course.restrictedTraverse("@@view")()
        assert "pc-enrol" in html
        _enrol("anna", open_course)
        html = open_course.restrictedTraverse("@@view")()
    assert "pc-cancel" in html
    assert 'pc-seats-left">1<' in html.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("enrolled_only", [True, False])
def test_materials_for_enrolled_people_only_if_the_course_says_so(
    portal, open_course, mails, enrolled_only
):
    open_course.materials_for_enrolled_only = enrolled_only
    material = api.content.create(
        container=open_course, type="File", id="dispense", title="Dispense"
    )
    _enrol("anna", open_course)
    _enrol("bruno", open_course)
    _enrol("carla", open_course)  # waiting list

    def can_read(username):
        # As in a new request: borg.localrole caches local-role checks in the request.
        annotations = IAnnotations(portal.REQUEST)
        for key in [k for k in annotations if str(k).startswith("borg.localrole")]:
            del annotations[key]
        with api.env.adopt_user(username=username):
            return api.user.has_permission("View", obj=material)

    assert can_read("anna")
    assert can_read("carla") is not enrolled_only
    assert can_read("dario") is not enrolled_only
    _cancel("anna", open_course)  # Carla is promoted
    assert can_read("carla")
    assert can_read("anna") is not enrolled_only
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_user(username="carla"):
        assert [b.getId for b in catalog(portal_type="File")] == ["dispense"]
