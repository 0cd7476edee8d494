"""The publication package of a tender dossier: published documents only, an index that
matches its files, the tender data, produced chunk by chunk with flat memory."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement_documents import generation
from provincecomuni.procurement_documents import package

import csv
import hashlib
import io
import json
import os
import pytest
import tracemalloc
import zipfile


@pytest.fixture
def dossier(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return api.content.create(
        container=portal["province"]["cuneo"],
        type="TenderDossier",
        title="Fornitura arredi scolastici",
        commissioning_comune="004003",
        contract_object="forniture",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="39160000",
        total_amount=Decimal("250000.00"),
        lots=[
            {
                "cig": "9050626CD6",
                "subject": "Banchi",
                "amount": Decimal("250000.00"),
                "cpv": "39160000",
                "status": "IN_LAV",
            }
        ],
        procedure_confirmed=True,
    )


def _file(container, id, data, filename, publish=True, **kw):
    obj = api.content.create(
        container=container,
        type="File",
        id=id,
        title=kw.pop("title", id.replace("-", " ").capitalize()),
        file=NamedBlobFile(data=data, filename=filename),
        **kw,
    )
    if publish:
        api.content.transition(obj=obj, transition="publish")
    return obj


def _read(dossier):
    iterator = package.PackageIterator(dossier)
    chunks = list(iterator)
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks))), chunks


@pytest.fixture
def filled(dossier):
    bando = _file(dossier, "bando", b"%PDF-1.4 bando di gara\n" * 50, "bando.pdf")
    bando.document_type = "Bando"
    bando.tender_lot = "1"
    _file(dossier, "bozza-interna", b"riservato", "bozza.txt", publish=False)
    folder = dossier["documenti-gara"]  # made by the template of the procedure
    if api.content.get_state(folder) != "published":
        api.content.transition(obj=folder, transition="publish")
    _file(folder, "capitolato", os.urandom(300_000), "capitolato tecnico.pdf")
    page = api.content.create(
        container=dossier,
        type="Document",
        id="avviso",
        title="Avviso",
        text=RichTextValue("<p>Avviso di gara</p>", "text/html", "text/x-html-safe"),
    )
    api.content.transition(obj=page, transition="publish")
    generated = generation.generate(dossier, "determina_contrarre", "pdf")
    api.content.transition(obj=generated, transition="publish")
    return dossier


def test_only_published_documents_are_in_the_package(filled):
    archive, _chunks = _read(filled)
    names = archive.namelist()
    documents = [n for n in names if n.startswith("documenti/")]
    assert len(documents) == 4
    assert any(n.endswith("/bando.pdf") for n in documents)
    assert any(n.endswith("/capitolato_tecnico.pdf") for n in documents)
    assert any(n.endswith("/avviso.html") for n in documents)
    assert any("determina-a-contrarre" in n and n.endswith(".pdf") for n in documents)
    assert not any("bozza" in n for n in names)
    assert {"dossier.json", "index.json", "indice.csv", "indice.html"} <= set(names)


def test_the_index_matches_the_files(filled):
    archive, _chunks = _read(filled)
    index = json.loads(archive.read("index.json"))
    assert index["dossier"] == "Fornitura arredi scolastici"
    assert len(index["documents"]) == 4
    for entry in index["documents"]:
        data = archive.read(entry["path"])
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        if entry["record_fingerprint"] is not None:
            assert entry["record_fingerprint"] == entry["sha256"]
        assert entry["fingerprint_matches"] is True
    bando = next(e for e in index["documents"] if e["path"].endswith("bando.pdf"))
    assert (bando["document"], bando["type"], bando["lot"]) == ("Bando", "Bando", "1")
    determina = next(e for e in index["documents"] if "determina" in e["path"])
    assert determina["type"] == "Determina"
    # The human-readable index says the same.
    text = archive.read("indice.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Documento", "Tipo", "Lotto", "File", "SHA-256", "Dimensione (byte)"]
    assert sorted((r[3], r[4], int(r[5])) for r in rows[1:]) == sorted(
        (e["path"], e["sha256"], e["size"]) for e in index["documents"]
    )
    page = archive.read("indice.html").decode("utf-8")
    for entry in index["documents"]:
        assert f'<a href="{entry["path"]}">' in page
        assert entry["sha256"] in page


def test_the_package_has_the_tender_data(filled):
    filled.bidders = [{"lot": "1", "name": "Ditta", "tax_code": "00488410010"}]
    archive, _chunks = _read(filled)
    data = json.loads(archive.read("dossier.json"))
    assert data["title"] == "Fornitura arredi scolastici"
    assert data["commissioning_comune"] == "004003"
    assert data["commissioning_comune_name"] == "Alba"
    assert "constrain_types_mode" not in data  # Plone's own behaviors stay out
    assert data["total_amount"] == "250000.00"
    assert data["lots"][0]["cig"] == "9050626CD6"
    assert data["lots"][0]["amount"] == "250000.00"
    assert "bidders" not in data  # personal data stays out of a publication package


def test_a_changed_file_is_flagged_in_the_index(filled):
    bando = filled["bando"]
    bando.fingerprint = "0" * 64  # what the archive stored no longer matches the file
    archive, _chunks = _read(filled)
    entry = next(
        e for e in json.loads(archive.read("index.json"))["documents"] if "bando" in e["path"]
    )
    assert entry["fingerprint_matches"] is False
    assert entry["sha256"] == hashlib.sha256(archive.read(entry["path"])).hexdigest()


def test_an_empty_dossier_gives_a_package_with_the_data_only(dossier):
    archive, _chunks = _read(dossier)
    assert json.loads(archive.read("index.json"))["documents"] == []
    assert sorted(archive.namelist()) == [
        "dossier.json",
        "index.json",
        "indice.csv",
        "indice.html",
    ]


def test_the_package_is_produced_chunk_by_chunk_with_flat_memory(dossier):
    size = 8 * 1024 * 1024
    for number in range(3):
        _file(dossier, f"allegato-{number}", os.urandom(size), f"allegato-{number}.bin")
    iterator = package.PackageIterator(dossier)
    tracemalloc.start()
    try:
        total, largest, count = 0, 0, 0
        digest = hashlib.sha256()
        for chunk in iterator:
            total += len(chunk)
            largest = max(largest, len(chunk))
            count += 1
            digest.update(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 3 * size
    assert count > 3 * size // package.CHUNK  # many chunks, not one body
    assert largest <= package.CHUNK + 64 * 1024
    assert peak < 4 * 1024 * 1024, peak  # a 24 MB package with a few MB of memory


def test_the_view_streams_the_zip(filled):
    from ZPublisher.Iterators import IUnboundStreamIterator

    request = filled.REQUEST
    view = api.content.get_view("pacchetto-pubblicazione", filled, request)
    body = view()
    assert IUnboundStreamIterator.providedBy(body)
    assert request.response.getHeader("Content-Type") == "application/zip"
    assert "pacchetto-pubblicazione-fornitura-arredi-scolastici.zip" in (
        request.response.getHeader("Content-Disposition")
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(body)))
    assert archive.testzip() is None
