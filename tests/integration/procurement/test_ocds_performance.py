"""OCDS: a dossier with 200 documents answers quickly and opens none of their files."""

from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.indexing import processQueue
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds import release as ocds
from provincecomuni.procurement.ocds.schema import release_validator
from ZODB.blob import Blob

import json
import statistics
import time


DOCUMENTS = 200


def test_ocds_with_200_documents_reads_the_catalog_not_the_files(manager_portal, monkeypatch):
    cuneo = manager_portal["province"]["cuneo"]
    dossier = api.content.create(
        container=cuneo,
        type="TenderDossier",
        id="gara-grande",
        title="Gara con molti documenti",
        commissioning_comune="004078",
        contract_object="forniture",
        procedure="10",
        award_criterion="priceOnly",
        main_cpv="30192000",
        total_amount=Decimal("120000.00"),
        lots=[
            {
                "cig": "9050626CD6",
                "subject": "Cancelleria",
                "amount": Decimal("120000.00"),
                "cpv": "30192000",
                "status": "PUBB",
            }
        ],
    )
    folder = api.content.create(container=dossier, type="Folder", id="documenti", title="Doc")
    for number in range(DOCUMENTS):
        api.content.create(
            container=folder,
            type="File",
            id=f"doc-{number:03d}",
            title=f"Documento {number}",
            file=NamedBlobFile(b"%PDF-1.4 " + b"x" * 2048, filename=f"doc-{number}.pdf"),
        )
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getChainFor(dossier)[0]
    workflow.setStatusOf(chain, dossier, {"review_state": lifecycle.PUBBLICATO, "time": None})

    processQueue()  # index the new files now, not during the first catalog query
    opened = []
    original = Blob.open

    def counting_open(self, *args, **kwargs):
        opened.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Blob, "open", counting_open)
    json.dumps(ocds.release(dossier))  # warm-up (vocabularies, code lists)
    times = []
    for _run in range(5):
        started = time.perf_counter()
        body = json.dumps(ocds.release(dossier))
        times.append(time.perf_counter() - started)

    release = json.loads(body)
    assert len(release["tender"]["documents"]) == DOCUMENTS
    assert release["tender"]["documents"][0]["format"] == "application/pdf"
    assert not opened, "the release must not open the documents' files"
    assert statistics.median(times) < 0.2, times
    assert not list(release_validator().iter_errors(release))
