"""Attendance per session, the certificate threshold, the PDF and its public verification."""

from plone import api
from plone.app.testing import logout
from provincecomuni.training import certificates
from provincecomuni.training import enrolment

import icalendar
import pytest


def test_attendance_counts_hours_against_the_threshold(portal, held):
    rows, total = enrolment.attendance_summary(held)
    assert total == 5.0
    assert rows["anna"] == {"hours": 5.0, "percent": 100.0, "certified": True}
    assert rows["bruno"] == {"hours": 3.0, "percent": 60.0, "certified": False}
    assert enrolment.totals(held) == {
        "capacity": 2,
        "enrolled": 2,
        "waiting": 0,
        "attended": 2,
        "certified": 1,
    }
    held.attendance_threshold = 60
    assert enrolment.totals(held)["certified"] == 2


def test_only_enrolled_people_and_only_trainers(portal, held):
    with pytest.raises(enrolment.EnrolmentError) as error:
        enrolment.record_attendance(held, held["sessione-1"], ["carla"])
    assert error.value.field == "attendance"
    with api.env.adopt_user(username="anna"):
        assert not enrolment.may_record_attendance(held)


def test_certificates_only_when_concluded_and_above_the_threshold(portal, held):
    with pytest.raises(certificates.CertificateError) as error:
        certificates.issue(held, "anna")
    assert error.value.code == "not_concluded"
    api.content.transition(obj=held, transition="concludi")
    with pytest.raises(certificates.CertificateError) as error:
        certificates.issue(held, "bruno")
    assert error.value.code == "below_threshold"
    data = certificates.issue(held, "anna")
    assert data["course_title"] == "Appalti digitali"
    assert data["hours"] == 5.0
    # Issued once: asking again gives the same code.
    assert certificates.issue(held, "anna")["code"] == data["code"]
    pdf = certificates.render_pdf(data, "http://example.org/verifica")
    assert pdf.startswith(b"%PDF-")
    assert b"Appalti digitali" in pdf
    assert data["code"].encode() in pdf


def test_the_public_page_verifies_a_code(portal, held):
    api.content.transition(obj=held, transition="concludi")
    code = certificates.issue(held, "anna")["code"]
    logout()
    request = portal.REQUEST
    request.form["codice"] = code.lower().replace("-", "")
    html = portal.restrictedTraverse("@@verifica-attestato")()
    assert "pc-certificate-valid" in html
    assert "Appalti digitali" in html
    request.form["codice"] = "0000-0000-0000-0000"
    html = portal.restrictedTraverse("@@verifica-attestato")()
    assert "pc-certificate-invalid" in html
    assert "Appalti digitali" not in html


def test_the_enrolled_person_downloads_the_pdf(portal, held):
    api.content.transition(obj=held, transition="concludi")
    with api.env.adopt_user(username="anna"):
        assert "pc-certificate" in held.restrictedTraverse("@@view")()
        body = held.restrictedTraverse("@@attestato")()
    assert body.startswith(b"%PDF-")
    assert held.REQUEST.response.getHeader("Content-Type") == "application/pdf"


def test_ical_feeds_are_valid_calendars(portal, held):
    feed = held.restrictedTraverse("@@ics")()
    calendar = icalendar.Calendar.from_ical(feed)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Appalti digitali: Sessione 1",
        "Appalti digitali: Sessione 2",
    ]
    first = events[0]
    assert first.decoded("dtend") - first.decoded("dtstart") == (
        held["sessione-1"].end - held["sessione-1"].start
    )
    assert str(first["location"]) == "Sala consiliare"
    assert str(calendar["version"]) == "2.0"
    assert feed.startswith(b"BEGIN:VCALENDAR")
    all_courses = portal["formazione"].restrictedTraverse("@@corsi.ics")()
    everything = icalendar.Calendar.from_ical(all_courses)
    assert len(everything.walk("VEVENT")) == 2


def test_the_trainer_records_attendance_on_the_course_page(portal, held):
    from plone.protect.authenticator import createToken

    with api.env.adopt_user(username="docente"):
        html = held.restrictedTraverse("@@view")()
        assert "pc-save-attendance" in html
        request = held.REQUEST
        request.method = "POST"
        request.form.update(
            {
                "present-sessione-1": ["anna", "bruno"],
                "present-sessione-2": ["bruno"],
                "_authenticator": createToken(),
            }
        )
        held.restrictedTraverse("@@record-attendance")()
    rows, _total = enrolment.attendance_summary(held)
    assert rows["anna"]["hours"] == 2.0
    assert rows["bruno"] == {"hours": 5.0, "percent": 100.0, "certified": True}
    with api.env.adopt_user(username="anna"):
        assert "pc-save-attendance" not in held.restrictedTraverse("@@view")()
