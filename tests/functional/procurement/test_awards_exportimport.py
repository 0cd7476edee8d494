"""collective.exportimport round trip of a tender dossier: lots, bidders, checks, history, files,
and its checklist (linked documents, the Comune's approvals, comments).

On the functional layer: collective.exportimport's import commits.
"""

from datetime import date
from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement.notice import _plain
from provincecomuni.procurement.workflow import checklist

import json


ACME = "01234560017"
BETA = "09876540015"


def _export(portal, path):
    request = portal.REQUEST
    request.form.clear()
    request.form["form.submitted"] = True
    request.method = "POST"
    view = api.content.get_view("export_content", portal, request)
    written = []
    # The view streams the file to the browser: keep what it writes.
    request.response.write = written.append
    view(
        portal_type=["TenderDossier", "Folder", "File"],
        path=path,
        include_blobs=1,
        migration=True,
    )
    return b"".join(written).decode("utf-8")


def _import(portal, data):
    request = portal.REQUEST
    request.form.clear()
    request.form["form.submitted"] = True
    request.method = "POST"
    view = api.content.get_view("import_content", portal, request)
    return json.loads(view(jsonfile=data, return_json=True))


def _file(container, id_, data):
    return api.content.create(
        container=container,
        type="File",
        id=id_,
        title=id_.upper(),
        file=NamedBlobFile(data=data, filename=f"{id_}.pdf", contentType="application/pdf"),
    )


def _snapshot(dossier):
    wf = api.portal.get_tool("portal_workflow")
    files = {
        brain.getPath().split(dossier.getId(), 1)[1]: brain.getObject()
        for brain in api.content.find(context=dossier, portal_type="File")
    }
    return {
        "uid": dossier.UID(),
        "title": dossier.title,
        "lots": dossier.lots,
        "total": dossier.total_amount,
        "bidders": dossier.bidders,
        "checks": dossier.requirement_checks,
        "state": api.content.get_state(dossier),
        "checklist": _plain(checklist.items(dossier)),
        "checklist_status": [checklist.status(dossier, item) for item in checklist.items(dossier)],
        "history": [
            (entry["action"], entry["review_state"], entry["actor"], entry["time"].ISO8601())
            for entry in wf.getInfoFor(dossier, "review_history")
        ],
        "files": {
            path: (obj.UID(), obj.file.data, obj.file.filename, obj.file.contentType)
            for path, obj in files.items()
        },
    }


def test_a_dossier_survives_export_and_import(functional_portal):
    portal = functional_portal
    setRoles(portal, TEST_USER_ID, ["Manager"])
    cuneo = portal["province"]["cuneo"]
    lot = {"subject": "Strade", "cpv": "45233141", "status": "IN_LAV"}
    dossier = api.content.create(
        container=cuneo,
        type="TenderDossier",
        id="gara-strade",
        title="Manutenzione strade comunali 2027",
        commissioning_comune="004078",
        contract_object="lavori",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        total_amount=Decimal("350000.00"),
        lots=[
            dict(lot, cig="9050626CD6", amount=Decimal("200000.10")),
            dict(lot, cig="B7E26B1DC7", amount=Decimal("149999.90")),
        ],
    )
    folder = api.content.create(container=dossier, type="Folder", id="verifiche", title="V")
    durc = _file(dossier, "durc-acme", b"%PDF-1.4 durc acme")
    casellario = _file(folder, "casellario-acme", b"%PDF-1.4 casellario acme")
    dossier.bidders = [
        {
            "lot": "1",
            "name": "Acme Costruzioni srl",
            "tax_code": ACME,
            "group_role": "13",
            "group_name": "RTI Acme-Beta",
            "awardee": True,
            "offer_amount": Decimal("190000.10"),
        },
        {
            "lot": "1",
            "name": "Beta Strade spa",
            "tax_code": BETA,
            "group_role": "10",
            "group_name": "RTI Acme-Beta",
            "awardee": False,
            "offer_amount": None,
        },
        {
            "lot": "2",
            "name": "Beta Strade spa",
            "tax_code": BETA,
            "group_role": None,
            "group_name": None,
            "awardee": True,
            "offer_amount": Decimal("140000.00"),
        },
    ]
    dossier.requirement_checks = [
        {
            "tax_code": ACME,
            "document_type": "00024",
            "issuer": "INPS",
            "requested": date(2027, 4, 1),
            "outcome": "positivo",
            "valid_until": date(2027, 7, 30),
            "evidence": durc.UID(),
        },
        {
            "tax_code": ACME,
            "document_type": "00004",
            "issuer": "MINGIU",
            "requested": date(2027, 4, 2),
            "outcome": "negativo",
            "valid_until": None,
            "evidence": casellario.UID(),
        },
        {
            "tax_code": BETA,
            "document_type": "00001",
            "issuer": None,
            "requested": date(2027, 4, 3),
            "outcome": "in_attesa",
            "valid_until": None,
            "evidence": None,
        },
    ]
    # The checklist: the call notice linked, approved for the Comune, commented.
    bando = _file(dossier["documenti-gara"], "bando", b"%PDF-1.4 bando")
    checklist.link(dossier, "bando", bando.UID())
    checklist.approve(dossier, "bando")
    checklist.comment(dossier, "bando", "Manca il timbro a pagina 3.")
    api.content.transition(obj=dossier, transition="avvia_istruttoria")
    api.content.transition(obj=dossier, transition="riporta_in_bozza")
    api.content.transition(obj=dossier, transition="avvia_istruttoria", comment="Istruttoria")
    before = _snapshot(dossier)
    assert len(before["history"]) == 4
    assert len(before["files"]) == 3
    bando_item = next(i for i in before["checklist"] if i["id"] == "bando")
    assert bando_item["document"] == bando.UID()
    assert bando_item["approval"]["uid"] == bando.UID()
    assert [c.get("text") for c in bando_item["comments"]] == [None, "Manca il timbro a pagina 3."]
    assert ("approved", False) in before["checklist_status"]

    data = _export(portal, "/".join(dossier.getPhysicalPath()))
    items = json.loads(data)
    types = sorted(i["@type"] for i in items if i["@type"] != "Folder")
    assert types == ["File", "File", "File", "TenderDossier"]
    exported = next(i for i in items if i["@type"] == "TenderDossier")
    # Plain JSON inside the grids: amounts as exact text, dates as ISO dates.
    assert exported["bidders"][0]["offer_amount"] == "190000.10"
    assert exported["requirement_checks"][0]["requested"] == "2027-04-01"

    api.content.delete(obj=dossier, check_linkintegrity=False)
    assert "gara-strade" not in cuneo
    assert not api.content.find(UID=before["uid"])

    result = _import(portal, data)
    assert result["state"] == "success", result
    dossier = cuneo["gara-strade"]
    after = _snapshot(dossier)
    assert after == before
    # Decimals and dates come back as such, not as text.
    assert isinstance(dossier.bidders[0]["offer_amount"], Decimal)
    assert isinstance(dossier.requirement_checks[0]["requested"], date)
    assert isinstance(dossier.lots[0]["amount"], Decimal)
    # The evidence UIDs point at the re-imported files.
    assert api.content.get(UID=dossier.requirement_checks[0]["evidence"]) == dossier["durc-acme"]
    assert (
        api.content.get(UID=dossier.requirement_checks[1]["evidence"])
        == dossier["verifiche"]["casellario-acme"]
    )
    # The catalog knows it again, in its state.
    brains = api.content.find(UID=before["uid"])
    assert [b.review_state for b in brains] == ["istruttoria"]
