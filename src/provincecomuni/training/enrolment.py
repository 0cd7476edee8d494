"""Enrolment in a course: seats, the waiting list, promotion, cancellation, attendance.

Everything about a course's people lives in one persistent ``CourseRoster`` in the
course's annotations. Its ``revision`` counter changes with every enrolment or
cancellation and the class has no conflict resolution, so two transactions that
change the same course at the same time conflict: ZODB refuses the second commit
and the publisher retries that request, which then sees the seat taken and puts the
person on the waiting list. BTrees alone would not do: FileStorage lets a BTree
merge two insertions under different keys (when it can compare the values), and
the course would be overbooked. Tests: tests/unit/test_training_roster.py (on a
FileStorage) and tests/functional/training/test_last_seat.py (two concurrent
transactions on the site, and two simultaneous HTTP requests).
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList
from plone import api
from provincecomuni import _
from provincecomuni.membership.roles import COORDINATOR
from provincecomuni.membership.storage import get_store
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

import datetime
import logging


logger = logging.getLogger("provincecomuni.training")

KEY = "provincecomuni.training.roster"
OPEN_STATE = "iscrizioni_aperte"
ENROLLED = "enrolled"
WAITING = "waiting"


class EnrolmentError(Exception):
    """An enrolment change that cannot be made: ``message`` says why, ``code`` names it."""

    def __init__(self, message, code, status=409, field=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field


class CourseRoster(Persistent):
    """Who is enrolled, who waits, who attended which session (one per course)."""

    def __init__(self):
        self.enrolled = OOBTree()  # userid -> {"since", "by"}
        self.waiting = PersistentList()  # userids, first come first served
        self.waiting_info = OOBTree()  # userid -> {"since", "by"}
        self.attendance = OOBTree()  # session UID -> OOTreeSet(userid)
        self.revision = 0

    def touch(self):
        self.revision += 1


def roster(course, create=True):
    annotations = IAnnotations(course)
    value = annotations.get(KEY)
    if value is None and create:
        value = annotations[KEY] = CourseRoster()
    return value


def _now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def status_of(course, userid):
    state = roster(course, create=False)
    if state is None:
        return None
    if userid in state.enrolled:
        return ENROLLED
    if userid in state.waiting_info:
        return WAITING
    return None


def seats_left(course):
    state = roster(course, create=False)
    taken = len(state.enrolled) if state is not None else 0
    return max((course.capacity or 0) - taken, 0)


def may_act_for(userid, actor=None):
    """The actor enrols themself, manages training, or coordinates a community of ``userid``."""
    actor = actor or api.user.get_current()
    actor_id = actor.getId()
    if actor_id == userid:
        return True
    if api.user.has_permission("provincecomuni: Manage training", user=actor, obj=api.portal.get()):
        return True
    store = get_store(api.portal.get(), create=False)
    if store is None:
        return False
    return any(
        role == COORDINATOR and store.role_of(uid, userid) is not None
        for uid, role in store.communities_of(actor_id).items()
    )


def _check_actor(userid):
    if api.user.is_anonymous():
        raise EnrolmentError(
            _("error_enrol_anonymous", default="Log in to enrol."), "unauthorized", 401
        )
    if api.user.get(userid=userid) is None:
        raise EnrolmentError(
            _("error_enrol_user", default="No user '${userid}'.", mapping={"userid": userid}),
            "unknown_user",
            400,
            "userid",
        )
    if not may_act_for(userid):
        raise EnrolmentError(
            _(
                "error_enrol_forbidden",
                default="Only the person themself, or a Coordinatore of their community, "
                "may enrol '${userid}' or cancel their enrolment.",
                mapping={"userid": userid},
            ),
            "forbidden",
            403,
            "userid",
        )


def is_open(course, today=None):
    today = today or datetime.date.today()
    if api.content.get_state(course, default=None) != OPEN_STATE:
        return False
    if course.enrolment_start and today < course.enrolment_start:
        return False
    return not (course.enrolment_end and today > course.enrolment_end)


def enrol(course, userid, allow_waiting=True, notify=True):
    """Enrol ``userid``: a seat if one is free, else the waiting list. Returns the status."""
    _check_actor(userid)
    if not is_open(course):
        raise EnrolmentError(
            _("error_enrol_closed", default="Enrolment for this course is closed."), "closed"
        )
    state = roster(course)
    if userid in state.enrolled or userid in state.waiting_info:
        raise EnrolmentError(
            _(
                "error_enrol_already",
                default="'${userid}' is already enrolled in this course (or on its waiting list).",
                mapping={"userid": userid},
            ),
            "already_enrolled",
        )
    record = {"since": _now(), "by": api.user.get_current().getId()}
    if len(state.enrolled) < (course.capacity or 0):
        state.enrolled[userid] = record
        status = ENROLLED
    elif allow_waiting:
        state.waiting.append(userid)
        state.waiting_info[userid] = record
        status = WAITING
    else:
        raise EnrolmentError(_("error_enrol_full", default="The course is full."), "full")
    state.touch()
    if status == ENROLLED:
        _grant_materials(course, userid)
    if notify:
        _mail(course, userid, status)
    return status


def cancel(course, userid, today=None, notify=True):
    """Cancel ``userid``'s enrolment (or place on the waiting list); promote who waits."""
    _check_actor(userid)
    today = today or datetime.date.today()
    if course.cancellation_deadline and today > course.cancellation_deadline:
        raise EnrolmentError(
            _(
                "error_cancel_deadline",
                default="Cancellations closed on ${date}.",
                mapping={"date": course.cancellation_deadline.isoformat()},
            ),
            "deadline",
        )
    state = roster(course)
    if userid in state.waiting_info:
        del state.waiting_info[userid]
        state.waiting.remove(userid)
        state.touch()
        return None
    if userid not in state.enrolled:
        raise EnrolmentError(
            _(
                "error_cancel_not_enrolled",
                default="'${userid}' is not enrolled in this course.",
                mapping={"userid": userid},
            ),
            "not_enrolled",
            404,
        )
    del state.enrolled[userid]
    _revoke_materials(course, userid)
    promoted = None
    while state.waiting and len(state.enrolled) < (course.capacity or 0):
        promoted = state.waiting.pop(0)
        info = state.waiting_info.pop(promoted)
        state.enrolled[promoted] = {"since": _now(), "by": info["by"], "promoted": True}
        _grant_materials(course, promoted)
        if notify:
            _mail(course, promoted, "promoted")
    state.touch()
    return promoted


MATERIALS_ROLE = "Reader"


def _grant_materials(course, userid):
    """Enrolled people read the course's private materials (a local Reader role)."""
    roles = set(course.get_local_roles_for_userid(userid))
    if MATERIALS_ROLE not in roles:
        course.manage_setLocalRoles(userid, sorted(roles | {MATERIALS_ROLE}))
        course.reindexObjectSecurity()


def _revoke_materials(course, userid):
    roles = set(course.get_local_roles_for_userid(userid)) - {MATERIALS_ROLE}
    if roles:
        course.manage_setLocalRoles(userid, sorted(roles))
    else:
        course.manage_delLocalRoles([userid])
    course.reindexObjectSecurity()


MATERIAL_READERS = ["Manager", "Site Administrator", "Owner", "Editor", "Reader"]


def publish_material(obj, event):
    """Material added to a course: public, unless the course keeps it for enrolled people.

    Kept for enrolled people, it is readable by the roles of MATERIAL_READERS only:
    the enrolled get a local Reader role on the course. Files and images have no
    workflow in Plone (they acquire View from the course), so their View is set on
    them; a Document stays in its private state. Otherwise a Document is published.
    """
    from provincecomuni.training.content import ICourse

    course = event.newParent
    if not ICourse.providedBy(course) or event.oldParent is not None:
        return
    if obj.portal_type == "CourseSession":
        return
    state = api.content.get_state(obj, default=None)
    if course.materials_for_enrolled_only:
        if state is None:
            for permission in ("View", "Access contents information"):
                obj.manage_permission(permission, roles=MATERIAL_READERS, acquire=False)
            obj.reindexObjectSecurity()
    elif state == "private":
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=obj, to_state="published")


def record_attendance(course, session, userids):
    """Who attended ``session``: only enrolled people count."""
    state = roster(course)
    unknown = [u for u in userids if u not in state.enrolled]
    if unknown:
        raise EnrolmentError(
            _(
                "error_attendance_unknown",
                default="Attendance: ${users} not enrolled in the course.",
                mapping={"users": ", ".join(sorted(unknown))},
            ),
            "not_enrolled",
            400,
            "attendance",
        )
    state.attendance[session.UID()] = OOTreeSet(userids)
    state.touch()


def _session_hours(session):
    if not session.start or not session.end:
        return 0.0
    return max((session.end - session.start).total_seconds() / 3600.0, 0.0)


def sessions(course):
    return sorted(
        (obj for obj in course.objectValues() if obj.portal_type == "CourseSession"),
        key=lambda s: s.start,
    )


def attendance_summary(course):
    """Per enrolled person: hours attended, percentage, and whether it earns a certificate."""
    state = roster(course, create=False)
    items = sessions(course)
    total = sum(_session_hours(s) for s in items)
    rows = {}
    if state is None:
        return rows, total
    for userid in state.enrolled:
        hours = sum(_session_hours(s) for s in items if userid in state.attendance.get(s.UID(), ()))
        percent = round(100.0 * hours / total, 1) if total else 0.0
        rows[userid] = {
            "hours": round(hours, 2),
            "percent": percent,
            "certified": bool(total) and percent >= course.attendance_threshold,
        }
    return rows, total


def totals(course):
    state = roster(course, create=False)
    rows, _total = attendance_summary(course)
    return {
        "capacity": course.capacity,
        "enrolled": len(state.enrolled) if state else 0,
        "waiting": len(state.waiting) if state else 0,
        "attended": sum(1 for r in rows.values() if r["hours"] > 0),
        "certified": sum(1 for r in rows.values() if r["certified"]),
    }


MAILS = {
    ENROLLED: (
        _("mail_enrolled_subject", default="Enrolled: ${title}"),
        _("mail_enrolled_body", default="You have a seat in the course ${title}.\n\n${url}\n"),
    ),
    WAITING: (
        _("mail_waiting_subject", default="Waiting list: ${title}"),
        _(
            "mail_waiting_body",
            default="The course ${title} is full: you are on its waiting list and will get "
            "a seat, with an e-mail, as soon as one frees.\n\n${url}\n",
        ),
    ),
    "promoted": (
        _("mail_promoted_subject", default="A seat is yours: ${title}"),
        _(
            "mail_promoted_body",
            default="A seat freed in the course ${title}: you are now enrolled.\n\n${url}\n",
        ),
    ),
}


def _mail(course, userid, kind):
    user = api.user.get(userid=userid)
    email = user.getProperty("email") if user else None
    if not email:
        return
    subject, body = MAILS[kind]
    mapping = {"title": course.Title(), "url": course.absolute_url()}
    request = api.env.getRequest()
    from zope.i18nmessageid import Message

    try:
        api.portal.send_email(
            recipient=email,
            subject=translate(Message(subject, mapping=mapping), context=request),
            body=translate(Message(body, mapping=mapping), context=request),
        )
    except ValueError:
        logger.warning("E-mail not sent (no sender configured) to %s", userid)


def may_record_attendance(course, user=None):
    """The course's trainers and whoever may edit the course record attendance."""
    user = user or api.user.get_current()
    if user.getId() in (course.trainers or ()):
        return True
    return api.user.has_permission("Modify portal content", user=user, obj=course)
