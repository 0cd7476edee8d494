"""PDF certificates of attendance, with a code that a public page verifies.

A certificate is issued once per person and course (the code is kept), to people
whose attendance reaches the course's threshold, once the course is concluded.
The site keeps code -> certificate data in a BTree in its annotations, so the
public verification page is one key lookup and needs no access to the course.
"""

from BTrees.OOBTree import OOBTree
from fpdf import FPDF
from persistent.mapping import PersistentMapping
from plone import api
from provincecomuni import _
from provincecomuni.training import enrolment
from zope.annotation.interfaces import IAnnotations

import datetime
import secrets


SITE_KEY = "provincecomuni.training.certificates"
COURSE_KEY = "provincecomuni.training.issued"
ISSUING_STATES = ("concluso", "archiviato")


class CertificateError(enrolment.EnrolmentError):
    pass


def _registry(create=False):
    annotations = IAnnotations(api.portal.get())
    tree = annotations.get(SITE_KEY)
    if tree is None and create:
        tree = annotations[SITE_KEY] = OOBTree()
    return tree


def _new_code():
    raw = secrets.token_hex(8).upper()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def verify(code):
    """The certificate's data for ``code`` (any case, with or without dashes), or None."""
    tree = _registry()
    if tree is None or not code:
        return None
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    formatted = "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
    record = tree.get(formatted)
    return dict(record, code=formatted) if record is not None else None


def issue(course, userid):
    """The certificate data of ``userid`` for ``course``, issuing it the first time."""
    if api.content.get_state(course) not in ISSUING_STATES:
        raise CertificateError(
            _("error_certificate_not_concluded", default="The course is not concluded yet."),
            "not_concluded",
        )
    rows, total = enrolment.attendance_summary(course)
    row = rows.get(userid)
    if row is None or not row["certified"]:
        raise CertificateError(
            _(
                "error_certificate_threshold",
                default="Attendance below ${threshold}%: no certificate.",
                mapping={"threshold": course.attendance_threshold},
            ),
            "below_threshold",
            403,
        )
    annotations = IAnnotations(course)
    issued = annotations.get(COURSE_KEY)
    if issued is None:
        issued = annotations[COURSE_KEY] = OOBTree()
    code = issued.get(userid)
    registry = _registry(create=True)
    if code is None:
        code = _new_code()
        while code in registry:
            code = _new_code()
        user = api.user.get(userid=userid)
        items = enrolment.sessions(course)
        registry[code] = PersistentMapping(
            userid=userid,
            fullname=(user.getProperty("fullname") if user else "") or userid,
            course_uid=course.UID(),
            course_title=course.Title(),
            hours=row["hours"],
            total_hours=total,
            percent=row["percent"],
            first_date=items[0].start.date().isoformat() if items else None,
            last_date=items[-1].end.date().isoformat() if items else None,
            issued=datetime.date.today().isoformat(),
        )
        issued[userid] = code
    return verify(code)


def _latin1(text):
    return str(text).encode("latin-1", "replace").decode("latin-1")


def render_pdf(data, verify_url):
    """A one-page A4 certificate (fpdf2, core fonts: no font files to ship)."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_compression(False)  # small files anyway; the text stays searchable
    pdf.set_title(_latin1(f"Attestato - {data['course_title']}"))
    pdf.set_creator("Province & Comuni")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 28)
    pdf.cell(0, 30, "Attestato di partecipazione", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 12, "Si attesta che", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 22)
    pdf.cell(0, 16, _latin1(data["fullname"]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(0, 12, "ha partecipato al corso", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 14, _latin1(data["course_title"]), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 14)
    hours = f"{data['hours']:g} ore su {data['total_hours']:g} ({data['percent']:g}%)"
    dates = f"dal {data['first_date']} al {data['last_date']}" if data["first_date"] else ""
    pdf.cell(0, 10, _latin1(f"{hours} {dates}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 8, f"Codice di verifica: {data['code']}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, _latin1(f"Verifica: {verify_url}"), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
