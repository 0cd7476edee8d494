"""REST for courses: ``@enrol``, ``@cancel-enrolment``, ``@enrolments``, ``@attendance``.

Errors answer with a status and a machine-readable ``code``: ``closed`` (409),
``full`` (409, only when the client refuses the waiting list), ``already_enrolled``
(409), ``deadline`` (409), ``not_enrolled`` (404), ``forbidden`` (403).
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni.training import enrolment
from zope.i18n import translate
from zope.interface import alsoProvides


def _error(request, error):
    request.response.setStatus(error.status)
    body = {
        "type": "BadRequest" if error.status == 400 else "Conflict",
        "code": error.code,
        "message": translate(error.message, context=request),
    }
    if error.field:
        body["field"] = error.field
    return {"error": body}


def _me():
    return api.user.get_current().getId()


def _state(course, userid):
    return {
        "@id": f"{course.absolute_url()}/@enrolments",
        "userid": userid,
        "status": enrolment.status_of(course, userid),
        "seats_left": enrolment.seats_left(course),
        "totals": enrolment.totals(course),
    }


class EnrolPost(Service):
    """``POST /<course>/@enrol`` with ``{"userid": ..., "waiting_list": true}`` (both optional)."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) if self.request.get("BODY") else {}
        userid = data.get("userid") or _me()
        try:
            enrolment.enrol(self.context, userid, allow_waiting=data.get("waiting_list", True))
        except enrolment.EnrolmentError as error:
            return _error(self.request, error)
        self.request.response.setStatus(201)
        return _state(self.context, userid)


class CancelPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        data = json_body(self.request) if self.request.get("BODY") else {}
        userid = data.get("userid") or _me()
        try:
            promoted = enrolment.cancel(self.context, userid)
        except enrolment.EnrolmentError as error:
            return _error(self.request, error)
        return {**_state(self.context, userid), "promoted": promoted}


class EnrolmentsGet(Service):
    """Totals for everybody; the lists of names for who manages the course."""

    def reply(self):
        course = self.context
        result = {
            "@id": f"{course.absolute_url()}/@enrolments",
            "open": enrolment.is_open(course),
            "seats_left": enrolment.seats_left(course),
            "totals": enrolment.totals(course),
        }
        if not api.user.is_anonymous():
            result["my_status"] = enrolment.status_of(course, _me())
        if api.user.has_permission("Modify portal content", obj=course):
            state = enrolment.roster(course, create=False)
            rows, _total = enrolment.attendance_summary(course)
            result["enrolled"] = [
                {"userid": u, **dict(state.enrolled[u]), **rows.get(u, {})}
                for u in (state.enrolled if state else ())
            ]
            result["waiting"] = list(state.waiting) if state else []
        return result


class AttendancePost(Service):
    """``POST /<course>/@attendance`` ``{"session": "<id>", "present": ["userid", ...]}``."""

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        course = self.context
        if not enrolment.may_record_attendance(course):
            self.request.response.setStatus(403)
            return {"error": {"type": "Forbidden", "message": "Trainers only."}}
        data = json_body(self.request)
        session = course.get(data.get("session") or "")
        if session is None or session.portal_type != "CourseSession":
            self.request.response.setStatus(400)
            return {
                "error": {
                    "type": "BadRequest",
                    "field": "session",
                    "message": "session: not a session of this course.",
                }
            }
        try:
            enrolment.record_attendance(course, session, list(data.get("present") or []))
        except enrolment.EnrolmentError as error:
            return _error(self.request, error)
        rows, total = enrolment.attendance_summary(course)
        return {"totals": enrolment.totals(course), "hours": total, "people": rows}
