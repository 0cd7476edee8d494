"""Generated documents and the publication package over HTTP (REST and classic views)."""

from decimal import Decimal
from docx import Document
from plone import api
from plone.protect.authenticator import createToken
from provincecomuni.membership import api as membership

import base64
import hashlib
import io
import json
import pytest
import transaction
import zipfile


PASSWORD = "Una-password-lunga-1"  # noqa: S105
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def site(functional_portal):
    portal = functional_portal
    with api.env.adopt_roles(["Manager"]):
        cuneo = portal["province"]["cuneo"]
        roles = (("coord", "coordinatore"), ("redat", "redattore"), ("lett", "lettore"))
        for userid, role in roles:
            api.user.create(
                email=f"{userid}@example.org",
                username=userid,
                password=PASSWORD,
                properties={"fullname": userid.capitalize()},
            )
            membership.add_member(cuneo, userid, role)
        dossier = api.content.create(
            container=cuneo,
            type="TenderDossier",
            id="gara-mensa",
            title="Servizio mensa scolastica",
            commissioning_comune="004003",
            contract_object="servizi",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="55523100",
            total_amount=Decimal("100000.00"),
            lots=[
                {
                    "cig": "9050626CD6",
                    "subject": "Mensa",
                    "amount": Decimal("100000.00"),
                    "cpv": "55523100",
                    "status": "IN_LAV",
                }
            ],
            procedure_confirmed=True,
        )
    transaction.commit()
    return {"portal": portal, "dossier": dossier}


def _session(request_factory, userid, api=True):
    session = request_factory(basic_auth=(userid, PASSWORD), api=api)
    if not api:
        session.headers["Accept"] = "text/html"
    return session


def _path(url):
    return url.split("/plone", 1)[-1]


def test_rest_generates_a_docx_record_in_the_dossier(request_factory, site):
    coord = _session(request_factory, "coord")
    response = coord.post(
        "/province/cuneo/gara-mensa/@generate-document",
        json={"document": "determina_contrarre", "format": "docx"},
    )
    assert response.status_code == 201, response.text[:2000]
    body = response.json()
    assert body["template"]["source"] == "default"
    assert "RUP" in body["missing"]  # no RUP on the dossier: a placeholder says so
    assert body["record_format"] == DOCX
    download = coord.get(f"{_path(body['@id'])}/@@download/file")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == body["fingerprint"]
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "Servizio mensa scolastica" in text
    assert "[DA COMPLETARE: RUP]" in text


def test_rest_refuses_bad_input_naming_the_field_and_readers(request_factory, site):
    coord = _session(request_factory, "coord")
    response = coord.post(
        "/province/cuneo/gara-mensa/@generate-document",
        json={"document": "contratto", "format": "docx"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "document"
    response = coord.post(
        "/province/cuneo/gara-mensa/@generate-document",
        json={"document": "verbale_gara", "format": "odt"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "format"
    reader = _session(request_factory, "lett")
    response = reader.post(
        "/province/cuneo/gara-mensa/@generate-document",
        json={"document": "verbale_gara", "format": "pdf"},
    )
    assert response.status_code in (401, 403)


def _docx(text):
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return {
        "data": base64.b64encode(out.getvalue()).decode("ascii"),
        "encoding": "base64",
        "filename": "verbale.docx",
        "content-type": DOCX,
    }


def test_coordinator_uploads_a_versioned_template_over_rest(request_factory, site):
    coord = _session(request_factory, "coord")
    broken = coord.post(
        "/province/cuneo",
        json={
            "@type": "DocumentTemplate",
            "title": "Verbale SUA",
            "document_kind": "verbale_gara",
            "file": _docx("Seduta del {{ gara.seduta_apertura"),
        },
    )
    assert broken.status_code == 400, broken.text[:1000]
    assert "Jinja" in broken.text
    created = coord.post(
        "/province/cuneo",
        json={
            "@type": "DocumentTemplate",
            "title": "Verbale SUA",
            "document_kind": "verbale_gara",
            "file": _docx("V1 {{ gara.oggetto }}"),
        },
    )
    assert created.status_code == 201, created.text[:1000]
    url = _path(created.json()["@id"])
    patched = coord.patch(
        url, json={"file": _docx("V2 {{ gara.oggetto }}"), "version_comment": "Seconda"}
    )
    assert patched.status_code == 204, patched.text[:1000]
    versions = coord.get(f"{url}/@template-versions").json()["items"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["comment"] == "Seconda"
    assert versions[0]["user"] == "coord"
    # A redattore cannot upload templates.
    redat = _session(request_factory, "redat")
    refused = redat.post(
        "/province/cuneo",
        json={
            "@type": "DocumentTemplate",
            "title": "Mio",
            "document_kind": "verbale_gara",
            "file": _docx("{{ gara.oggetto }}"),
        },
    )
    assert refused.status_code in (400, 401, 403)
    # Generation uses version 2 of the community's template.
    body = coord.post(
        "/province/cuneo/gara-mensa/@generate-document",
        json={"document": "verbale_gara", "format": "pdf"},
    ).json()
    assert body["template"]["source"] == "community"
    assert body["template"]["version"] == 2
    pdf = coord.get(f"{_path(body['@id'])}/@@download/file").content
    assert pdf.startswith(b"%PDF-")


def _published_file(dossier, id, data):
    from plone.namedfile.file import NamedBlobFile

    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(
            container=dossier,
            type="File",
            id=id,
            title=id,
            file=NamedBlobFile(data=data, filename=f"{id}.pdf"),
        )
        api.content.transition(obj=obj, transition="publish")
    return obj


def test_the_package_is_streamed_to_redattori_only(request_factory, site):
    dossier = site["dossier"]
    _published_file(dossier, "bando", b"%PDF-1.4 bando\n" + b"x" * 400_000)
    _published_file(dossier, "disciplinare", b"%PDF-1.4 disciplinare\n")
    transaction.commit()
    redat = _session(request_factory, "redat")
    response = redat.get("/province/cuneo/gara-mensa/@publication-package", stream=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert "Content-Length" not in response.headers  # sent as it is produced
    chunks = list(response.iter_content(chunk_size=None))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    index = json.loads(archive.read("index.json"))
    assert sorted(e["document"] for e in index["documents"]) == ["bando", "disciplinare"]
    for entry in index["documents"]:
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    reader = _session(request_factory, "lett")
    assert reader.get("/province/cuneo/gara-mensa/@publication-package").status_code in (
        401,
        403,
    )
    classic = _session(request_factory, "redat", api=False)
    page = classic.get("/province/cuneo/gara-mensa/@@pacchetto-pubblicazione")
    assert page.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(page.content)).testzip() is None


def test_the_form_generates_and_shows_what_is_missing(request_factory, site):
    classic = _session(request_factory, "coord", api=False)
    form = classic.get("/province/cuneo/gara-mensa/@@genera-documento")
    assert form.status_code == 200
    assert "Genera documento" in form.text
    with api.env.adopt_user(username="coord"):
        token = createToken()
    response = classic.post(
        "/province/cuneo/gara-mensa/@@genera-documento",
        data={"document": "lettera_invito", "format": "pdf", "_authenticator": token},
    )
    assert response.status_code == 200
    assert "Dati da completare nel documento" in response.text
    assert "RUP" in response.text
    assert "/province/cuneo/gara-mensa/lettera-d" in response.url
    bad = classic.post(
        "/province/cuneo/gara-mensa/@@genera-documento",
        data={"document": "contratto", "format": "pdf", "_authenticator": token},
    )
    assert bad.status_code == 400
    assert "Documento: contratto" in bad.text


def test_the_add_form_refuses_a_broken_template_and_keeps_old_versions(request_factory, site):
    classic = _session(request_factory, "coord", api=False)
    with api.env.adopt_user(username="coord"):
        token = createToken()

    def add(text):
        document = Document()
        document.add_paragraph(text)
        out = io.BytesIO()
        document.save(out)
        return classic.post(
            "/province/cuneo/++add++DocumentTemplate",
            data={
                "form.widgets.title": "Lettera SUA",
                "form.widgets.document_kind:list": "lettera_invito",
                "form.widgets.document_kind-empty-marker": "1",
                "form.buttons.save": "Salva",
                "_authenticator": token,
            },
            files={"form.widgets.file": ("lettera.docx", out.getvalue(), DOCX)},
        )

    refused = add("Entro il {% if gara.scadenza_offerte %}")
    assert refused.status_code == 200
    assert "File del modello: errore di sintassi Jinja" in refused.text
    transaction.begin()
    assert "lettera-sua" not in site["portal"]["province"]["cuneo"].objectIds()

    created = add("Versione uno per {{ comune.nome }}")
    assert created.status_code == 200
    assert "/province/cuneo/lettera-sua/" in created.url
    assert "Versioni del modello" in created.text
    transaction.begin()
    template = site["portal"]["province"]["cuneo"]["lettera-sua"]
    first = template.versions()[0]
    old = classic.get("/province/cuneo/lettera-sua/@@versioni-modello?version=1")
    assert old.status_code == 200, old.text[:500]
    assert hashlib.sha256(old.content).hexdigest() == first["sha256"]
    with api.env.adopt_roles(["Manager"]):
        from plone.namedfile.file import NamedBlobFile
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        template.file = NamedBlobFile(data=old.content, filename="copia.docx")
        notify(ObjectModifiedEvent(template))
    transaction.commit()
    page = classic.get("/province/cuneo/lettera-sua/@@versioni-modello")
    assert page.text.count("copia.docx") == 1 and page.text.count("lettera.docx") == 1
    missing = classic.get("/province/cuneo/lettera-sua/@@versioni-modello?version=9")
    assert missing.status_code == 404
