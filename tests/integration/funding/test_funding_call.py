"""The funding call: where it lives, its fields, its validation and its workflow."""

from plone import api
from plone.app.testing import logout
from provincecomuni.funding import dates
from provincecomuni.funding.content import IFundingCall
from provincecomuni.funding.vocabularies import ProgrammesVocabularyFactory
from zope.i18n import translate
from zope.interface import Invalid
from zope.schema import getValidationErrors

import datetime
import pytest


D = datetime.date


def test_calls_are_added_in_the_funding_section_only(portal, section, make_call):
    call = make_call("HORIZON-CL5-2024-D1-01-02", D(2024, 1, 16), [D(2024, 4, 18)])
    assert call.portal_type == "FundingCall"
    assert [t.getId() for t in section.allowedContentTypes()] == ["FundingCall", "Folder"] or {
        t.getId() for t in section.allowedContentTypes()
    } == {"FundingCall", "Folder"}
    allowed_in_archive = {t.getId() for t in portal["archivio"].allowedContentTypes()}
    assert "FundingCall" not in allowed_in_archive
    assert section.getLayout() == "funding-catalogue"


def test_programmes_are_a_managed_vocabulary(portal, section, make_call):
    vocabulary = ProgrammesVocabularyFactory(portal)
    assert "horizon-europe" in vocabulary
    assert vocabulary.getTerm("pnrr").title == "PNRR"
    records = dict(api.portal.get_registry_record("provincecomuni.funding.programmes"))
    records["ue-test"] = "Programma di prova"
    api.portal.set_registry_record("provincecomuni.funding.programmes", records)
    assert ProgrammesVocabularyFactory(portal).getTerm("ue-test").title == "Programma di prova"


def _errors(**fields):
    class Data:
        pass

    data = Data()
    for name in IFundingCall.names():
        setattr(data, name, IFundingCall[name].missing_value)
    data.identifier = "HORIZON-CL5-2024-D1-01-02"
    data.programme = "horizon-europe"
    data.management = "direct"
    data.deadline_model = "single-stage"
    for name, value in fields.items():
        setattr(data, name, value)
    try:
        IFundingCall.validateInvariants(data)
    except Invalid as error:
        return [translate(error.args[0], target_language="en")]
    return []


def test_deadlines_before_opening_are_refused_with_the_field_named(section):
    errors = _errors(opening_date=D(2024, 5, 1), deadlines=[D(2024, 4, 18)])
    assert errors == ["Deadlines: every deadline must be on or after the opening date."]
    assert _errors(opening_date=D(2024, 4, 18), deadlines=[D(2024, 4, 18)]) == []


def test_two_stage_calls_have_two_deadlines(section):
    errors = _errors(deadline_model="two-stage", deadlines=[D(2024, 4, 18)])
    assert errors == ["Deadlines: a two-stage call has exactly two deadlines."]


def test_amounts_and_rate_are_checked_with_the_field_named(section):
    field = IFundingCall["total_budget"].bind(section)
    with pytest.raises(Exception) as error:
        field.validate(-5.0)
    assert translate(error.value.doc(), target_language="en") == (
        "Total budget (EUR): the amount cannot be negative."
    )
    with pytest.raises(Exception) as error:
        IFundingCall["cofinancing_rate"].bind(section).validate(120.0)
    assert translate(error.value.doc(), target_language="en") == (
        "Co-financing rate: use a percentage between 0 and 100."
    )
    IFundingCall["cofinancing_rate"].bind(section).validate(80.0)
    assert _errors(min_contribution=5.0, max_contribution=1.0) == [
        "Minimum contribution: it cannot exceed the maximum contribution."
    ]


def test_a_draft_is_not_public_a_published_call_is(portal, section, make_call):
    call = make_call("LIFE-2025-SAP-ENV", D(2025, 5, 1), [D(2025, 9, 23)], programme="life")
    assert api.content.get_state(call) == "bozza"
    logout()
    assert not api.user.has_permission("View", obj=call)
    assert not api.content.find(portal_type="FundingCall")
    from plone.app.testing import login
    from plone.app.testing import TEST_USER_NAME

    login(portal, TEST_USER_NAME)
    api.content.transition(obj=call, transition="pubblica")
    logout()
    assert api.user.has_permission("View", obj=call)
    assert [b.getId for b in api.content.find(portal_type="FundingCall")] == ["life-2025-sap-env"]
    login(portal, TEST_USER_NAME)
    api.content.transition(obj=call, transition="archivia")
    assert api.content.get_state(call) == "archiviato"
    logout()
    assert api.user.has_permission("View", obj=call)
    assert not api.user.has_permission("Modify portal content", obj=call)


def test_schema_validation_of_a_complete_call(section, make_call):
    call = make_call(
        "HORIZON-CL5-2024-D1-01-02",
        D(2024, 1, 16),
        [D(2024, 4, 18)],
        total_budget=20_000_000.0,
        expected_grants=4,
        min_contribution=4_000_000.0,
        max_contribution=5_000_000.0,
        cofinancing_rate=100.0,
        beneficiaries=["comuni", "province"],
        management="direct",
    )
    assert getValidationErrors(IFundingCall, call) == []


def test_the_add_form_and_the_call_page_render(portal, section, make_call, monkeypatch):
    form = section.restrictedTraverse("++add++FundingCall")
    html = form()
    for field in ("identifier", "programme", "deadlines", "cofinancing_rate", "beneficiaries"):
        assert f"form-widgets-{field}" in html
    call = make_call(
        "LIFE-2025-SAP-ENV",
        D(2025, 5, 1),
        [D(2025, 9, 23), D(2026, 3, 1)],
        programme="life",
        deadline_model="multiple-cut-off",
        total_budget=5_000_000.0,
        beneficiaries=["comuni"],
    )
    api.content.create(container=call, type="Link", id="guida", title="Guida al bando")
    monkeypatch.setattr(dates, "today", lambda now=None: D(2025, 9, 24))
    page = call.restrictedTraverse("@@view")()
    assert '<dd class="pc-call-identifier">LIFE-2025-SAP-ENV</dd>' in page
    assert 'data-state="open"' in page
    assert "Aperto" in page
    assert "5.000.000 EUR" in page
    assert "Guida al bando" in page
    # The next deadline is the cut-off after today.
    assert page.index("2025-09-23") < page.index("2026-03-01") < page.index("Prossima scadenza")
