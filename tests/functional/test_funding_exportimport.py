"""collective.exportimport round trip of calls and proposals.

On the functional layer: collective.exportimport's import commits.
"""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import json


D = datetime.date


def _export(portal, types):
    request = portal.REQUEST
    request.form.clear()
    request.form["form.submitted"] = True
    request.method = "POST"
    view = api.content.get_view("export_content", portal, request)
    written = []
    # The view streams the file to the browser: keep what it writes.
    request.response.write = written.append
    view(portal_type=types, include_blobs=1, migration=True)
    return b"".join(written).decode("utf-8")


def _import(portal, data):
    request = portal.REQUEST
    request.form.clear()
    request.form["form.submitted"] = True
    request.method = "POST"
    view = api.content.get_view("import_content", portal, request)
    return json.loads(view(jsonfile=data, return_json=True))


def test_calls_and_proposals_survive_a_round_trip(functional_portal):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Manager"])
    section = portal["bandi-europei"]
    call = api.content.create(
        container=section,
        type="FundingCall",
        id="life-2025-sap-env",
        title="LIFE SAP ENV",
        identifier="LIFE-2025-SAP-ENV",
        opening_date=D(2025, 5, 1),
        deadlines=[D(2025, 9, 23), D(2026, 3, 1)],
        programme="life",
        deadline_model="multiple-cut-off",
        beneficiaries=["comuni", "province"],
        provinces=["004"],
        total_budget=5_000_000.0,
        cofinancing_rate=60.0,
        topics=["natura"],
    )
    api.content.transition(obj=call, transition="pubblica")
    community = portal["province"]["cuneo"]
    proposal = api.content.create(
        container=community,
        type="ProjectProposal",
        id="natura-cuneo",
        title="Natura Cuneo",
        call_identifier="LIFE-2025-SAP-ENV",
        lead_applicant_name="Provincia di Cuneo",
        lead_applicant_fiscal_code="00447820044",
        partners=[{"fiscal_code": "00480530047", "name": "Comune di Cuneo"}],
        milestones=[{"title": "Relazione", "due_date": "2026-06-30"}],
        budget=800_000.0,
    )
    api.content.transition(obj=proposal, transition="prepara")
    data = _export(portal, ["FundingCall", "ProjectProposal"])
    items = json.loads(data)
    assert sorted(i["@type"] for i in items) == ["FundingCall", "ProjectProposal"]

    api.content.delete(objects=[call, proposal])
    assert not api.content.find(portal_type=["FundingCall", "ProjectProposal"])

    result = _import(portal, data)
    assert result["state"] == "success", result
    call = section["life-2025-sap-env"]
    assert call.identifier == "LIFE-2025-SAP-ENV"
    assert call.deadlines == [D(2025, 9, 23), D(2026, 3, 1)]
    assert call.opening_date == D(2025, 5, 1)
    assert call.beneficiaries == ["comuni", "province"]
    assert call.provinces == ["004"]
    assert call.total_budget == 5_000_000.0
    assert call.topics == ["natura"]
    assert api.content.get_state(call) == "pubblicato"
    proposal = community["natura-cuneo"]
    assert proposal.partners == [{"fiscal_code": "00480530047", "name": "Comune di Cuneo"}]
    assert proposal.milestones == [{"title": "Relazione", "due_date": "2026-06-30"}]
    assert api.content.get_state(proposal) == "in_preparazione"
    # The indexes are rebuilt: the call is found by its closing date again.
    assert [b.funding_identifier for b in api.content.find(funding_closing="2026-03-01")] == [
        "LIFE-2025-SAP-ENV"
    ]
