"""TrainingPlan (one per year), Course and CourseSession."""

from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.schema import JSONField
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.validation import FieldValueError
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import json


MODES = ("presenza", "online", "mista")

MODULES_SCHEMA = json.dumps(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "title": {"type": "string", "minLength": 1},
                "hours": {"type": "number", "exclusiveMinimum": 0},
            },
            "required": ["title", "hours"],
            "additionalProperties": False,
        },
    }
)


def check_modules(value):
    for position, module in enumerate(value or (), start=1):
        if not isinstance(module, dict) or not str(module.get("title", "")).strip():
            raise FieldValueError(
                _(
                    "error_course_module_title",
                    default="Modules: module ${n} needs a title.",
                    mapping={"n": position},
                )
            )
        hours = module.get("hours")
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours <= 0:
            raise FieldValueError(
                _(
                    "error_course_module_hours",
                    default="Modules: module ${n} needs its hours (a number above 0).",
                    mapping={"n": position},
                )
            )
    return True


class ITrainingPlan(model.Schema):
    year = schema.Int(title=_("label_plan_year", default="Year"), min=2000, max=2100)
    needs_analysis = schema.Text(
        title=_("label_plan_needs", default="Needs analysis"), required=False
    )
    objectives = schema.Text(title=_("label_plan_objectives", default="Objectives"), required=False)
    budget = schema.Int(
        title=_("label_plan_budget", default="Budget (euro)"), min=0, required=False
    )


@implementer(ITrainingPlan)
class TrainingPlan(Container):
    """The training plan of one year; it holds the year's courses."""


class ICourse(model.Schema):
    pillar = schema.Choice(
        title=_("label_pillar", default="Pillar"),
        vocabulary="provincecomuni.vocabularies.Pillars",
        required=True,
    )
    audience = schema.Text(title=_("label_course_audience", default="Audience"), required=True)
    objectives = schema.Text(
        title=_("label_course_objectives", default="Objectives"), required=True
    )
    modules = JSONField(
        title=_("label_course_modules", default="Modules"),
        description=_(
            "help_course_modules",
            default='In order, each with its hours: [{"title": "...", "hours": 3}]',
        ),
        schema=MODULES_SCHEMA,
        constraint=check_modules,
        default=[],
        required=False,
    )
    trainers = schema.List(
        title=_("label_course_trainers", default="Trainers"),
        description=_("help_course_trainers", default="User ids of the trainers, one a line."),
        value_type=schema.TextLine(),
        default=[],
        missing_value=[],
        required=False,
    )
    mode = schema.Choice(
        title=_("label_course_mode", default="Mode"),
        values=MODES,
        default="presenza",
        required=True,
    )
    location = schema.TextLine(title=_("label_course_location", default="Place"), required=False)
    meeting_url = schema.URI(
        title=_("label_course_meeting_url", default="Meeting link"), required=False
    )
    capacity = schema.Int(title=_("label_course_capacity", default="Seats"), min=1, required=True)
    enrolment_start = schema.Date(
        title=_("label_course_enrolment_start", default="Enrolment opens"), required=False
    )
    enrolment_end = schema.Date(
        title=_("label_course_enrolment_end", default="Enrolment closes"), required=False
    )
    cancellation_deadline = schema.Date(
        title=_("label_course_cancellation_deadline", default="Cancellation possible until"),
        required=False,
    )
    attendance_threshold = schema.Int(
        title=_("label_course_threshold", default="Attendance for the certificate (%)"),
        min=1,
        max=100,
        default=75,
        required=True,
    )
    materials_for_enrolled_only = schema.Bool(
        title=_("label_course_materials_enrolled", default="Materials for enrolled people only"),
        default=False,
        required=False,
    )

    @invariant
    def enrolment_period(data):
        start = getattr(data, "enrolment_start", None)
        end = getattr(data, "enrolment_end", None)
        if start and end and end < start:
            raise Invalid(
                _(
                    "error_course_enrolment_period",
                    default="Enrolment closes: the date is before the opening date.",
                )
            )

    @invariant
    def place_of_the_mode(data):
        mode = getattr(data, "mode", None)
        if mode in ("online", "mista") and not getattr(data, "meeting_url", None):
            raise Invalid(
                _(
                    "error_course_meeting_url",
                    default="Meeting link: an online or blended course needs one.",
                )
            )
        if mode in ("presenza", "mista") and not getattr(data, "location", None):
            raise Invalid(
                _(
                    "error_course_location",
                    default="Place: a course in presence or blended needs one.",
                )
            )


@implementer(ICourse)
class Course(Container):
    """A course of a training plan; its sessions are the CourseSession items inside it."""

    def total_hours(self):
        return sum(float(m.get("hours", 0)) for m in self.modules or ())


class ICourseSession(model.Schema):
    """A dated session (start, end from plone.eventbasic) with its place or link."""

    place = schema.TextLine(title=_("label_session_place", default="Place or link"), required=False)


@implementer(ICourseSession)
class CourseSession(Item):
    """One session of a course, a dated event (IEventBasic)."""
