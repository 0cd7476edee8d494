"""The funding call and the project proposal: schemas, validation and thin classes."""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema import JSONField
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import codes
from provincecomuni.funding.interfaces import IFundingCallMarker
from provincecomuni.funding.interfaces import IProjectProposalMarker
from provincecomuni.validation import FieldValueError
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import datetime
import json
import re


def _positive(label):
    def check(value):
        if value is not None and value < 0:
            raise FieldValueError(
                _(
                    "error_funding_amount_negative",
                    default="${field}: the amount cannot be negative.",
                    mapping={"field": label},
                )
            )
        return True

    return check


def check_rate(value):
    if value is not None and not 0 <= value <= 100:
        raise FieldValueError(
            _(
                "error_funding_rate",
                default="Co-financing rate: use a percentage between 0 and 100.",
            )
        )
    return True


IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{1,119}$")


def check_identifier(value):
    if not IDENTIFIER.match(value or ""):
        raise FieldValueError(
            _(
                "error_funding_identifier",
                default="Identifier: use letters, digits, dots, dashes or slashes "
                "(2 to 120 characters), for example HORIZON-CL5-2024-D1-01-02.",
            )
        )
    return True


class CallDatesInvalid(Invalid):
    """The dates of a call do not fit together."""


def check_call(data):
    """The checks that involve more than one field (also used by the import)."""
    opening = getattr(data, "opening_date", None)
    deadlines = [d for d in (getattr(data, "deadlines", None) or ()) if d]
    if opening and any(d < opening for d in deadlines):
        raise CallDatesInvalid(
            _(
                "error_funding_deadline_before_opening",
                default="Deadlines: every deadline must be on or after the opening date.",
            )
        )
    model_ = getattr(data, "deadline_model", None)
    if model_ == "two-stage" and len(deadlines) != 2:
        raise CallDatesInvalid(
            _(
                "error_funding_two_stage",
                default="Deadlines: a two-stage call has exactly two deadlines.",
            )
        )
    if model_ in ("single-stage",) and len(deadlines) > 1:
        raise CallDatesInvalid(
            _(
                "error_funding_single_stage",
                default="Deadlines: a single-stage call has one deadline.",
            )
        )
    low = getattr(data, "min_contribution", None)
    high = getattr(data, "max_contribution", None)
    if low is not None and high is not None and low > high:
        raise CallDatesInvalid(
            _(
                "error_funding_min_max",
                default="Minimum contribution: it cannot exceed the maximum contribution.",
            )
        )
    budget = getattr(data, "total_budget", None)
    if budget is not None and high is not None and high > budget:
        raise CallDatesInvalid(
            _(
                "error_funding_max_budget",
                default="Maximum contribution: it cannot exceed the total budget.",
            )
        )


class IFundingCall(model.Schema):
    """A call for funding: EU direct, regional (indirect) or national."""

    model.fieldset(
        "budget",
        label=_("fieldset_funding_budget", default="Budget"),
        fields=[
            "total_budget",
            "expected_grants",
            "min_contribution",
            "max_contribution",
            "cofinancing_rate",
        ],
    )
    model.fieldset(
        "classification",
        label=_("fieldset_funding_classification", default="Classification"),
        fields=["topics", "provinces", "priority", "procedure"],
    )

    identifier = schema.TextLine(
        title=_("label_funding_identifier", default="Identifier"),
        description=_(
            "help_funding_identifier",
            default="The topic identifier, for example HORIZON-CL5-2024-D1-01-02: "
            "unique, the imports match calls by it.",
        ),
        constraint=check_identifier,
        required=True,
    )
    call_identifier = schema.TextLine(
        title=_("label_funding_call_identifier", default="Call identifier"),
        description=_(
            "help_funding_call_identifier", default="For example HORIZON-CL5-2024-D1-01."
        ),
        required=False,
    )
    programme = schema.Choice(
        title=_("label_funding_programme", default="Programme"),
        vocabulary="provincecomuni.funding.Programmes",
        required=True,
    )
    management = schema.Choice(
        title=_("label_funding_management", default="Management"),
        vocabulary="provincecomuni.funding.Management",
        required=True,
        default="direct",
    )
    action_type = schema.TextLine(
        title=_("label_funding_action_type", default="Type of action"),
        description=_("help_funding_action_type", default="For example HORIZON-RIA."),
        required=False,
    )
    managing_body = schema.TextLine(
        title=_("label_funding_managing_body", default="Managing body"),
        required=False,
    )
    directives.widget(beneficiaries=CheckBoxFieldWidget)
    beneficiaries = schema.List(
        title=_("label_funding_beneficiaries", default="Eligible beneficiaries"),
        value_type=schema.Choice(vocabulary="provincecomuni.funding.Beneficiaries"),
        required=False,
        default=[],
        missing_value=[],
    )
    opening_date = schema.Date(
        title=_("label_funding_opening_date", default="Opening date"),
        required=False,
    )
    deadline_model = schema.Choice(
        title=_("label_funding_deadline_model", default="Deadline model"),
        vocabulary="provincecomuni.funding.DeadlineModels",
        required=True,
        default="single-stage",
    )
    deadlines = schema.List(
        title=_("label_funding_deadlines", default="Deadlines"),
        description=_(
            "help_funding_deadlines",
            default="One date per deadline: two for a two-stage call, one per cut-off.",
        ),
        value_type=schema.Date(),
        required=False,
        default=[],
        missing_value=[],
    )
    total_budget = schema.Float(
        title=_("label_funding_total_budget", default="Total budget (EUR)"),
        constraint=_positive(_("label_funding_total_budget", default="Total budget (EUR)")),
        required=False,
    )
    expected_grants = schema.Int(
        title=_("label_funding_expected_grants", default="Expected grants"),
        constraint=_positive(_("label_funding_expected_grants", default="Expected grants")),
        required=False,
    )
    min_contribution = schema.Float(
        title=_("label_funding_min_contribution", default="Minimum contribution (EUR)"),
        constraint=_positive(
            _("label_funding_min_contribution", default="Minimum contribution (EUR)")
        ),
        required=False,
    )
    max_contribution = schema.Float(
        title=_("label_funding_max_contribution", default="Maximum contribution (EUR)"),
        constraint=_positive(
            _("label_funding_max_contribution", default="Maximum contribution (EUR)")
        ),
        required=False,
    )
    cofinancing_rate = schema.Float(
        title=_("label_funding_cofinancing_rate", default="Co-financing rate (%)"),
        description=_(
            "help_funding_cofinancing_rate",
            default="The share of the costs the call funds, from 0 to 100.",
        ),
        constraint=check_rate,
        required=False,
    )
    topics = schema.List(
        title=_("label_funding_topics", default="Topics"),
        description=_(
            "help_funding_topics", default="Themes of the call; keywords go in Categorization."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        missing_value=[],
    )
    directives.widget(provinces=CheckBoxFieldWidget)
    provinces = schema.List(
        title=_("label_funding_provinces", default="Provinces"),
        description=_(
            "help_funding_provinces",
            default="The Provinces whose territory the call covers; none for the whole country.",
        ),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.Province"),
        required=False,
        default=[],
        missing_value=[],
    )
    priority = schema.TextLine(
        title=_("label_funding_priority", default="Priority / objective / action"),
        description=_(
            "help_funding_priority",
            default="For regional programmes the priority and specific objective; "
            "for PNRR mission, component and investment.",
        ),
        required=False,
    )
    procedure = schema.Choice(
        title=_("label_funding_procedure", default="Procedure"),
        values=("ranking", "first-come"),
        required=False,
    )
    official_url = schema.URI(
        title=_("label_funding_official_url", default="Official link"),
        required=False,
    )

    invariant(check_call)


@implementer(IFundingCall, IFundingCallMarker)
class FundingCall(Container):
    """A funding call; its documents (files, links) live inside it."""


def check_fiscal_code(value):
    if value and not codes.is_fiscal_code(value):
        raise FieldValueError(
            _(
                "error_proposal_fiscal_code",
                default="Lead applicant's fiscal code: ${value} is not a valid codice fiscale.",
                mapping={"value": value},
            )
        )
    return True


PARTNERS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "fiscal_code": {"type": "string"},
            "name": {"type": "string", "minLength": 1},
            "role": {"type": "string"},
        },
        "required": ["fiscal_code", "name"],
        "additionalProperties": False,
    },
}

MILESTONES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "due_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "done": {"type": "boolean"},
        },
        "required": ["title", "due_date"],
        "additionalProperties": False,
    },
}


def check_partners(value):
    for number, partner in enumerate(value or (), start=1):
        code = (partner or {}).get("fiscal_code", "")
        if not codes.is_fiscal_code(code):
            raise FieldValueError(
                _(
                    "error_proposal_partner_fiscal_code",
                    default="Partners: partner ${number} (${name}) has an invalid "
                    "codice fiscale: ${value}.",
                    mapping={"number": number, "name": partner.get("name", ""), "value": code},
                )
            )
    return True


def check_milestones(value):
    for number, milestone in enumerate(value or (), start=1):
        try:
            datetime.date.fromisoformat((milestone or {}).get("due_date", ""))
        except ValueError:
            raise FieldValueError(
                _(
                    "error_proposal_milestone_date",
                    default="Milestones: milestone ${number} has no valid due date "
                    "(use YYYY-MM-DD).",
                    mapping={"number": number},
                )
            ) from None
    return True


def check_call_identifier(value):
    """The proposal answers a call of the catalogue (drafts and archived calls too)."""
    from plone import api

    try:
        catalog = api.portal.get_tool("portal_catalog")
    except api.exc.CannotGetPortalError:
        return True
    found = catalog.unrestrictedSearchResults(
        portal_type="FundingCall", funding_identifier=value or ""
    )
    if not found:
        raise FieldValueError(
            _(
                "error_proposal_call_unknown",
                default="Call: no call in Bandi europei has the identifier ${value}.",
                mapping={"value": value},
            )
        )
    return True


CUP = re.compile(r"^[A-Z0-9]{15}$")


def check_cup(value):
    if value and not CUP.match(value):
        raise FieldValueError(
            _("error_proposal_cup", default="CUP: use 15 capital letters and digits.")
        )
    return True


class ProposalInvalid(Invalid):
    """The data of a proposal do not fit together."""


def check_proposal(data):
    start = getattr(data, "project_start", None)
    end = getattr(data, "project_end", None)
    if start and end and end < start:
        raise ProposalInvalid(
            _("error_proposal_dates", default="Project end: it cannot precede the project start.")
        )
    budget = getattr(data, "budget", None)
    grant = getattr(data, "requested_grant", None)
    if budget is not None and grant is not None and grant > budget:
        raise ProposalInvalid(
            _(
                "error_proposal_grant",
                default="Requested grant: it cannot exceed the project budget.",
            )
        )


class IProjectProposal(model.Schema):
    """A proposal a Province prepares with its Comuni in answer to a call."""

    model.fieldset(
        "outcome",
        label=_("fieldset_proposal_outcome", default="Submission and outcome"),
        fields=["submission_date", "outcome_date", "outcome_notes"],
    )
    model.fieldset(
        "execution",
        label=_("fieldset_proposal_execution", default="Funded project"),
        fields=["cup", "project_start", "project_end", "milestones"],
    )

    call_identifier = schema.TextLine(
        title=_("label_proposal_call", default="Call"),
        description=_(
            "help_proposal_call",
            default="The identifier of the call the proposal answers, for example "
            "HORIZON-CL5-2024-D1-01-02.",
        ),
        constraint=check_call_identifier,
        required=True,
    )
    lead_applicant_name = schema.TextLine(
        title=_("label_proposal_lead_name", default="Lead applicant"),
        required=True,
    )
    lead_applicant_fiscal_code = schema.TextLine(
        title=_("label_proposal_lead_fiscal_code", default="Lead applicant's fiscal code"),
        constraint=check_fiscal_code,
        required=False,
    )
    partner_comuni = schema.List(
        title=_("label_proposal_partner_comuni", default="Partner Comuni"),
        description=_(
            "help_proposal_partner_comuni", default="Comuni of the Province taking part."
        ),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.ProvinceComuni"),
        required=False,
        default=[],
        missing_value=[],
    )
    partners = JSONField(
        title=_("label_proposal_partners", default="Other partners"),
        description=_(
            "help_proposal_partners",
            default='Other bodies, as a JSON list: [{"fiscal_code": "...", "name": "...", '
            '"role": "..."}].',
        ),
        schema=json.dumps(PARTNERS_SCHEMA),
        constraint=check_partners,
        required=False,
        default=[],
        missing_value=[],
    )
    budget = schema.Float(
        title=_("label_proposal_budget", default="Project budget (EUR)"),
        constraint=_positive(_("label_proposal_budget", default="Project budget (EUR)")),
        required=False,
    )
    requested_grant = schema.Float(
        title=_("label_proposal_requested_grant", default="Requested grant (EUR)"),
        constraint=_positive(_("label_proposal_requested_grant", default="Requested grant (EUR)")),
        required=False,
    )
    cofinancing = schema.Float(
        title=_("label_proposal_cofinancing", default="Co-financing (EUR)"),
        constraint=_positive(_("label_proposal_cofinancing", default="Co-financing (EUR)")),
        required=False,
    )
    submission_date = schema.Date(
        title=_("label_proposal_submission_date", default="Submission date"),
        description=_(
            "help_proposal_submission_date",
            default="Set when the proposal is marked as submitted, if empty.",
        ),
        required=False,
    )
    outcome_date = schema.Date(
        title=_("label_proposal_outcome_date", default="Outcome date"), required=False
    )
    outcome_notes = schema.Text(
        title=_("label_proposal_outcome_notes", default="Outcome"), required=False
    )
    cup = schema.TextLine(
        title=_("label_proposal_cup", default="CUP"),
        description=_("help_proposal_cup", default="Codice Unico di Progetto, 15 characters."),
        constraint=check_cup,
        required=False,
    )
    project_start = schema.Date(
        title=_("label_proposal_start", default="Project start"), required=False
    )
    project_end = schema.Date(title=_("label_proposal_end", default="Project end"), required=False)
    milestones = JSONField(
        title=_("label_proposal_milestones", default="Reporting milestones"),
        description=_(
            "help_proposal_milestones",
            default='As a JSON list: [{"title": "...", "due_date": "YYYY-MM-DD", "done": false}].',
        ),
        schema=json.dumps(MILESTONES_SCHEMA),
        constraint=check_milestones,
        required=False,
        default=[],
        missing_value=[],
    )

    invariant(check_proposal)


@implementer(IProjectProposal, IProjectProposalMarker)
class ProjectProposal(Container):
    """A project proposal; its documents live inside it."""

    def milestone_dates(self):
        dates = []
        for milestone in self.milestones or ():
            try:
                dates.append(datetime.date.fromisoformat(milestone["due_date"]))
            except (KeyError, TypeError, ValueError):
                continue
        return dates
