"""iCalendar feeds (RFC 5545, with the icalendar library): one course, or every course."""

from plone import api
from Products.Five.browser import BrowserView
from provincecomuni.training import enrolment

import datetime
import icalendar


PRODID = "-//Province & Comuni//Formazione//IT"


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def _add_sessions(calendar, course):
    for session in enrolment.sessions(course):
        if not session.start or not session.end:
            continue
        event = icalendar.Event()
        event.add("uid", f"{session.UID()}@provincecomuni")
        event.add("summary", f"{course.Title()}: {session.Title()}")
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        place = session.place or course.location or course.meeting_url
        if place:
            event.add("location", place)
        event.add("url", session.absolute_url())
        calendar.add_component(event)


def _respond(request, calendar, filename):
    request.response.setHeader("Content-Type", "text/calendar; charset=utf-8")
    request.response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
    return calendar.to_ical()


class CourseICal(BrowserView):
    """``<course>/@@ics``: the sessions of one course."""

    def __call__(self):
        calendar = _calendar(self.context.Title())
        _add_sessions(calendar, self.context)
        return _respond(self.request, calendar, f"{self.context.getId()}.ics")


class AllCoursesICal(BrowserView):
    """``/formazione/@@corsi.ics``: the sessions of every course the visitor may see."""

    def __call__(self):
        calendar = _calendar("Formazione")
        for brain in api.content.find(portal_type="Course", sort_on="sortable_title"):
            _add_sessions(calendar, brain.getObject())
        return _respond(self.request, calendar, "corsi.ics")
