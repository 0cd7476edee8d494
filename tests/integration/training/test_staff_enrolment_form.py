"""The course page's form with which a Coordinatore enrols the members of their community."""

from plone import api
from plone.protect.authenticator import createToken
from Products.statusmessages.interfaces import IStatusMessage
from provincecomuni.membership import api as membership
from provincecomuni.training import enrolment

import pytest
import re


def _post(username, course, **form):
    """Post the staff form as ``username``; the status messages shown afterwards."""
    request = course.REQUEST
    with api.env.adopt_user(username=username):
        request.method = "POST"
        request.form.clear()
        request.form.update({**form, "_authenticator": createToken()})
        course.restrictedTraverse("@@staff-enrolment")()
    assert request.response.getStatus() == 302  # back to the course page
    request.response.setStatus(200)  # the page that shows (and clears) the messages
    request.form.clear()
    request.method = "GET"
    return [(m.type, m.message) for m in IStatusMessage(request).show()]


def _options(html):
    return re.findall(r'<option value="([^"]*)"\s*>([^<]*)</option>', html)


def _page(username, course):
    with api.env.adopt_user(username=username):
        return course.restrictedTraverse("@@view")()


@pytest.fixture
def staff(portal, people):
    """Bruno is a Collaboratore of Cuneo, so the Coordinatrice may enrol him and Dario."""
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "bruno", "collaboratore")
    user = api.user.get(userid="dario")
    user.setMemberProperties({"fullname": "Dario Rossi"})
    return cuneo


def test_the_coordinatore_enrols_a_member_and_cancels(portal, open_course, staff, mails):
    html = _page("coordinatrice", open_course)
    assert "pc-staff-enrol" in html
    # The select lists her community's members, not herself nor outsiders.
    assert _options(html) == [("bruno", "bruno"), ("dario", "Dario Rossi")]

    assert _post("coordinatrice", open_course, userid="dario", enrol="1") == [
        ("info", "Dario Rossi è iscritto al corso.")
    ]
    assert enrolment.status_of(open_course, "dario") == enrolment.ENROLLED
    assert enrolment.roster(open_course).enrolled["dario"]["by"] == "coordinatrice"
    html = _page("coordinatrice", open_course)
    assert "pc-staff-cancel" in html
    # Enrolled: no longer in the select, listed with the button that cancels.
    assert _options(html) == [("bruno", "bruno")]
    assert 'name="userid" type="hidden" value="dario"' in html.replace("\n", " ")

    assert _post("coordinatrice", open_course, userid="dario", enrol="1") == [
        ("error", "'dario' è già iscritto a questo corso (o nella sua lista d'attesa).")
    ]
    assert _post("coordinatrice", open_course, userid="dario", cancel="1") == [
        ("info", "L'iscrizione di Dario Rossi è annullata.")
    ]
    assert enrolment.status_of(open_course, "dario") is None


def test_refused_for_who_does_not_coordinate_the_person(portal, open_course, staff, mails):
    # Bruno is only a Collaboratore: no form, and a forged post is refused.
    assert "pc-staff-enrolment" not in _page("bruno", open_course)
    messages = _post("bruno", open_course, userid="dario", enrol="1")
    assert messages == [
        (
            "error",
            "Solo la persona stessa, o un Coordinatore della sua community, "
            "può iscrivere 'dario' o annullarne l'iscrizione.",
        )
    ]
    # The Coordinatrice cannot enrol someone outside her communities either.
    assert _post("coordinatrice", open_course, userid="anna", enrol="1")[0][0] == "error"
    assert enrolment.status_of(open_course, "dario") is None
    assert enrolment.status_of(open_course, "anna") is None


def test_a_full_course_puts_the_member_on_the_waiting_list(portal, open_course, staff, mails):
    for username in ("anna", "carla"):  # the two seats
        with api.env.adopt_user(username=username):
            enrolment.enrol(open_course, username)
    assert _post("coordinatrice", open_course, userid="dario", enrol="1") == [
        ("info", "Il corso è pieno: Dario Rossi è nella lista d'attesa.")
    ]
    assert enrolment.status_of(open_course, "dario") == enrolment.WAITING
    html = re.sub(r"\s+", " ", _page("coordinatrice", open_course)).replace(" >", ">")
    assert "Dario Rossi</span> (<span>in lista d'attesa</span>)" in html
    # A seat frees: Dario is promoted as before (the waiting list is unchanged).
    with api.env.adopt_user(username="anna"):
        assert enrolment.cancel(open_course, "anna") == "dario"
    assert enrolment.status_of(open_course, "dario") == enrolment.ENROLLED


def test_a_closed_course_is_refused(portal, open_course, staff, mails):
    course = open_course
    api.content.transition(obj=course, transition="chiudi_iscrizioni")
    html = _page("coordinatrice", course)
    assert "pc-staff-enrolment" in html
    assert "pc-staff-enrol-button" not in html
    assert _post("coordinatrice", course, userid="dario", enrol="1") == [
        ("error", "Le iscrizioni a questo corso sono chiuse.")
    ]
    assert enrolment.status_of(course, "dario") is None


def test_a_get_or_a_missing_token_changes_nothing(portal, open_course, staff, mails):
    from zExceptions import Forbidden

    request = open_course.REQUEST
    with api.env.adopt_user(username="coordinatrice"):
        request.method = "POST"
        request.form.clear()
        request.form.update({"userid": "dario", "enrol": "1"})
        with pytest.raises(Forbidden):
            open_course.restrictedTraverse("@@staff-enrolment")()
        request.method = "GET"
        open_course.restrictedTraverse("@@staff-enrolment")()
    request.form.clear()
    assert enrolment.status_of(open_course, "dario") is None
    assert _post("coordinatrice", open_course, enrol="1") == [
        ("error", "Scegli la persona da iscrivere.")
    ]
