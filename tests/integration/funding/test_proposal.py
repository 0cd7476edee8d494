"""Project proposals: in a Province community, their workflow, visibility and deadlines."""

from plone import api
from plone.app.testing import logout
from provincecomuni.funding.content import IProjectProposal
from provincecomuni.funding.deadlines import ProposalDeadlines
from provincecomuni.interfaces import IUpcomingDeadlines
from zope.component import subscribers
from zope.i18n import translate

import datetime
import pytest


D = datetime.date


@pytest.fixture
def community(portal, section):
    return portal["province"]["cuneo"]


@pytest.fixture
def proposal(community, make_call):
    make_call("LIFE-2025-SAP-ENV", D(2025, 5, 1), [D(2025, 9, 23)], programme="life")
    return api.content.create(
        container=community,
        type="ProjectProposal",
        id="scuole-efficienti",
        title="Scuole efficienti",
        call_identifier="LIFE-2025-SAP-ENV",
        lead_applicant_name="Comune di Cuneo",
        lead_applicant_fiscal_code="00480530047",
        partner_comuni=["004003"],
        partners=[{"fiscal_code": "00447820044", "name": "Provincia di Cuneo"}],
        budget=1_000_000.0,
        requested_grant=600_000.0,
        cofinancing=400_000.0,
        milestones=[
            {"title": "Relazione intermedia", "due_date": "2026-12-15"},
            {"title": "Relazione finale", "due_date": "2027-06-30"},
            {"title": "Kick-off", "due_date": "2026-12-01", "done": True},
        ],
    )


def test_proposals_are_added_in_province_communities_only(portal, community, proposal):
    assert proposal.portal_type == "ProjectProposal"
    assert "ProjectProposal" in [t.getId() for t in community.allowedContentTypes()]
    assert "ProjectProposal" not in [t.getId() for t in portal["archivio"].allowedContentTypes()]
    assert portal.portal_workflow.getChainFor(proposal) == ("provincecomuni_proposal_workflow",)


def test_the_workflow_from_idea_to_closed(community, proposal, monkeypatch):
    from provincecomuni.funding import dates

    monkeypatch.setattr(dates, "today", lambda now=None: D(2026, 11, 26))
    assert api.content.get_state(proposal) == "idea"
    api.content.transition(obj=proposal, transition="prepara")
    api.content.transition(obj=proposal, transition="presenta")
    assert api.content.get_state(proposal) == "presentata"
    assert proposal.submission_date == D(2026, 11, 26)
    api.content.transition(obj=proposal, transition="finanzia")
    assert proposal.outcome_date == D(2026, 11, 26)
    api.content.transition(obj=proposal, transition="avvia")
    api.content.transition(obj=proposal, transition="chiudi")
    assert api.content.get_state(proposal) == "chiusa"
    with pytest.raises(api.exc.InvalidParameterError):
        api.content.transition(obj=proposal, transition="prepara")


def test_not_funded_is_an_end_state_for_editors(community, proposal):
    api.content.transition(obj=proposal, transition="prepara")
    api.content.transition(obj=proposal, transition="presenta")
    api.content.transition(obj=proposal, transition="non_finanzia")
    assert api.content.get_state(proposal) == "non_finanziata"


def test_a_proposal_is_visible_only_inside_its_community(portal, community, proposal):
    api.content.transition(obj=community, transition="make_public")
    api.user.create(email="socio@example.org", username="socio")
    api.user.grant_roles(username="socio", obj=community, roles=["Reader"])
    api.user.create(email="altro@example.org", username="altro")
    api.user.grant_roles(username="altro", obj=portal["province"]["asti"], roles=["Editor"])
    with api.env.adopt_user(username="socio"):
        assert api.user.has_permission("View", obj=proposal)
        assert [b.getId for b in api.content.find(portal_type="ProjectProposal")] == [
            "scuole-efficienti"
        ]
    with api.env.adopt_user(username="altro"):
        assert not api.user.has_permission("View", obj=proposal)
        assert not api.content.find(portal_type="ProjectProposal")
    logout()
    # The community is public, its proposals are not.
    assert api.user.has_permission("View", obj=community)
    assert not api.user.has_permission("View", obj=proposal)
    assert not api.content.find(portal_type="ProjectProposal")


def test_partners_and_codes_are_validated_with_the_field_named(community):
    field = IProjectProposal["partners"].bind(community)
    with pytest.raises(Exception) as error:
        field.validate([{"fiscal_code": "00000000001", "name": "Ente X"}])
    assert translate(error.value.doc(), target_language="en") == (
        "Partners: partner 1 (Ente X) has an invalid codice fiscale: 00000000001."
    )
    field.validate([{"fiscal_code": "RSSMRA85T10A562S", "name": "Mario Rossi"}])
    with pytest.raises(Exception) as error:
        IProjectProposal["lead_applicant_fiscal_code"].bind(community).validate("123")
    assert "Lead applicant's fiscal code" in translate(error.value.doc(), target_language="en")
    with pytest.raises(Exception) as error:
        IProjectProposal["milestones"].bind(community).validate(
            [{"title": "X", "due_date": "2026-02-30"}]
        )
    assert translate(error.value.doc(), target_language="en") == (
        "Milestones: milestone 1 has no valid due date (use YYYY-MM-DD)."
    )
    with pytest.raises(Exception) as error:
        IProjectProposal["call_identifier"].bind(community).validate("NESSUN-BANDO")
    assert translate(error.value.doc(), target_language="en") == (
        "Call: no call in Bandi europei has the identifier NESSUN-BANDO."
    )
    with pytest.raises(Exception) as error:
        IProjectProposal["cup"].bind(community).validate("abc")
    assert translate(error.value.doc(), target_language="en") == (
        "CUP: use 15 capital letters and digits."
    )


def _proposal_deadlines(community):
    return [
        adapter
        for adapter in subscribers((community,), IUpcomingDeadlines)
        if isinstance(adapter, ProposalDeadlines)
    ]


def test_milestones_show_on_the_community_dashboard(portal, community, proposal):
    adapters = _proposal_deadlines(community)
    assert len(adapters) == 1
    deadlines = adapters[0](D(2026, 11, 26), D(2026, 12, 31))
    # The milestone already done is left out; the one after the period too.
    assert [(d["date"], d["title"]) for d in deadlines] == [
        (D(2026, 12, 15), "Scuole efficienti: Relazione intermedia")
    ]
    assert deadlines[0]["url"] == proposal.absolute_url()
    # Another community's dashboard does not show it.
    asti = portal["province"]["asti"]
    other = _proposal_deadlines(asti)
    assert other[0](D(2026, 11, 26), D(2027, 12, 31)) == []


def test_milestones_in_the_calendar_for_members_only(portal, section, proposal):
    request = section.REQUEST
    request.form.clear()
    request.form.update({"from": "2026-11-26", "to": "2027-12-31", "province": "004"})
    view = api.content.get_view("funding-calendar", section, request)
    titles = [e["title"] for e in view.events()]
    assert titles == [
        "Scuole efficienti: Relazione intermedia",
        "Scuole efficienti: Relazione finale",
    ]
    logout()
    assert api.content.get_view("funding-calendar", section, request).events() == []
