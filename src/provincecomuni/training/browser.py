"""The course page: its data, sessions, seats, and the enrol / cancel buttons."""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.membership import api as membership
from provincecomuni.membership.roles import COORDINATOR
from provincecomuni.training import enrolment
from provincecomuni.vocabularies.pillars import PILLARS


MODE_TITLES = {
    "presenza": _("mode_presenza", default="In presence"),
    "online": _("mode_online", default="Online"),
    "mista": _("mode_mista", default="Blended"),
}


class CourseView(BrowserView):
    def pillar_title(self):
        return dict(PILLARS).get(self.context.pillar, self.context.pillar)

    def mode_title(self):
        return MODE_TITLES.get(self.context.mode, self.context.mode)

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        state = api.content.get_state(self.context)
        return workflow.getTitleForStateOnType(state, self.context.portal_type)

    def sessions(self):
        return enrolment.sessions(self.context)

    def totals(self):
        return enrolment.totals(self.context)

    def seats_left(self):
        return enrolment.seats_left(self.context)

    def is_open(self):
        return enrolment.is_open(self.context)

    def my_status(self):
        if api.user.is_anonymous():
            return None
        return enrolment.status_of(self.context, api.user.get_current().getId())

    def my_position(self):
        state = enrolment.roster(self.context, create=False)
        userid = api.user.get_current().getId()
        if state is None or userid not in state.waiting:
            return None
        return state.waiting.index(userid) + 1

    def is_anonymous(self):
        return api.user.is_anonymous()

    def staff(self):
        """For a Coordinatore: the members of the communities they coordinate (themself
        excluded), each with their status in this course; [] for everybody else."""
        return staff_of(self.context)

    def attendance_rows(self):
        """For the trainers: each enrolled person, with the sessions they attended."""
        if not enrolment.may_record_attendance(self.context):
            return None
        state = enrolment.roster(self.context, create=False)
        if state is None:
            return []
        rows, _total = enrolment.attendance_summary(self.context)
        people = []
        for userid in state.enrolled:
            user = api.user.get(userid=userid)
            people.append(
                {
                    "userid": userid,
                    "fullname": (user.getProperty("fullname") if user else "") or userid,
                    "present": {
                        s.getId()
                        for s in self.sessions()
                        if userid in state.attendance.get(s.UID(), ())
                    },
                    **rows.get(userid, {}),
                }
            )
        return sorted(people, key=lambda p: p["fullname"].lower())

    def certificate_available(self):
        """Whether the current user may download a certificate of this course."""
        if api.user.is_anonymous():
            return False
        if api.content.get_state(self.context) not in ("concluso", "archiviato"):
            return False
        rows, _total = enrolment.attendance_summary(self.context)
        row = rows.get(api.user.get_current().getId())
        return bool(row and row["certified"])


class RecordAttendance(BrowserView):
    """The trainers' form: who attended each session (``present-<session id>`` checkboxes)."""

    def __call__(self):
        request = self.request
        url = self.context.absolute_url()
        if request.method != "POST" or not enrolment.may_record_attendance(self.context):
            return request.response.redirect(url)
        CheckAuthenticator(request)
        try:
            for session in enrolment.sessions(self.context):
                present = request.form.get(f"present-{session.getId()}") or []
                if isinstance(present, str):
                    present = [present]
                enrolment.record_attendance(self.context, session, present)
        except enrolment.EnrolmentError as error:
            api.portal.show_message(error.message, request=request, type="error")
        else:
            api.portal.show_message(
                _("message_attendance_saved", default="Attendance saved."), request=request
            )
        return request.response.redirect(url + "#pc-attendance-title")


class EnrolmentAction(BrowserView):
    """Target of the enrol / cancel buttons: does it, then back to the course with a message."""

    def __call__(self):
        request = self.request
        url = self.context.absolute_url()
        if request.method != "POST":
            return request.response.redirect(url)
        CheckAuthenticator(request)
        userid = api.user.get_current().getId()
        try:
            if "cancel" in request.form:
                enrolment.cancel(self.context, userid)
                message = _("message_cancelled", default="Your enrolment is cancelled.")
            else:
                status = enrolment.enrol(self.context, userid)
                message = (
                    _("message_enrolled", default="You are enrolled.")
                    if status == enrolment.ENROLLED
                    else _(
                        "message_waiting",
                        default="The course is full: you are on the waiting list.",
                    )
                )
        except enrolment.EnrolmentError as error:
            api.portal.show_message(error.message, request=request, type="error")
        else:
            api.portal.show_message(message, request=request)
        return request.response.redirect(url)


def staff_of(course):
    """The people the current user may enrol as their staff (the rule of ``@enrol``:
    the members of the communities where they are Coordinatore)."""
    if api.user.is_anonymous():
        return []
    me = api.user.get_current().getId()
    people = {}
    for uid, role in membership.communities_of(me).items():
        if role != COORDINATOR:
            continue
        community = api.content.get(UID=uid)
        if community is None:
            continue
        for member in membership.list_members(community):
            if member["userid"] != me:
                people.setdefault(member["userid"], member["fullname"])
    return sorted(
        (
            {"userid": u, "fullname": name, "status": enrolment.status_of(course, u)}
            for u, name in people.items()
        ),
        key=lambda p: (p["fullname"].lower(), p["userid"]),
    )


class StaffEnrolmentAction(BrowserView):
    """Target of the Coordinatore's form: enrol a member of their community, or cancel
    their enrolment (``userid`` and ``enrol`` or ``cancel``); back to the course."""

    def __call__(self):
        request = self.request
        url = self.context.absolute_url()
        if request.method != "POST":
            return request.response.redirect(url)
        CheckAuthenticator(request)
        userid = (request.form.get("userid") or "").strip()
        if not userid:
            api.portal.show_message(
                _("message_staff_choose", default="Choose the person to enrol."),
                request=request,
                type="error",
            )
            return request.response.redirect(url + "#pc-staff-title")
        user = api.user.get(userid=userid)
        name = (user.getProperty("fullname") if user else "") or userid
        try:
            if "cancel" in request.form:
                enrolment.cancel(self.context, userid)
                message = _(
                    "message_staff_cancelled",
                    default="The enrolment of ${name} is cancelled.",
                    mapping={"name": name},
                )
            else:
                status = enrolment.enrol(self.context, userid)
                if status == enrolment.ENROLLED:
                    message = _(
                        "message_staff_enrolled",
                        default="${name} is enrolled.",
                        mapping={"name": name},
                    )
                else:
                    message = _(
                        "message_staff_waiting",
                        default="The course is full: ${name} is on the waiting list.",
                        mapping={"name": name},
                    )
        except enrolment.EnrolmentError as error:
            api.portal.show_message(error.message, request=request, type="error")
        else:
            api.portal.show_message(message, request=request)
        return request.response.redirect(url + "#pc-staff-title")


class CertificateDownload(BrowserView):
    """``<course>/@@attestato``: the current user's PDF certificate."""

    def __call__(self):
        from provincecomuni.training import certificates

        if api.user.is_anonymous():
            self.request.response.setStatus(401)
            return "Login required"
        userid = api.user.get_current().getId()
        try:
            data = certificates.issue(self.context, userid)
        except certificates.CertificateError as error:
            self.request.response.setStatus(error.status)
            api.portal.show_message(error.message, request=self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        portal_url = api.portal.get().absolute_url()
        verify_url = f"{portal_url}/@@verifica-attestato?codice={data['code']}"
        pdf = certificates.render_pdf(data, verify_url)
        response = self.request.response
        response.setHeader("Content-Type", "application/pdf")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="attestato-{self.context.getId()}.pdf"'
        )
        return pdf


class VerifyCertificate(BrowserView):
    """``/@@verifica-attestato?codice=...``: public check of a certificate's code."""

    def update(self):
        from provincecomuni.training import certificates

        self.code = (self.request.form.get("codice") or "").strip()
        self.result = certificates.verify(self.code) if self.code else None

    def __call__(self):
        self.update()
        return self.index()
