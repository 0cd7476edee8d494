"""Fixity against a blob altered behind Plone's back; the archive's pages over HTTP."""

from provincecomuni.records.cli import main as fixity_cli

import base64
import csv
import hashlib
import io
import os
import pytest
import stat
import transaction
import zipfile


PDF = b"%PDF-1.4\n% verbale\n%%EOF\n"
JSON = {"Accept": "application/json"}
EDITOR_PASSWORD = "-".join(("editor", "test", "only"))


@pytest.fixture
def record_url(manager_request):
    response = manager_request.post(
        "/province/cuneo",
        json={"@type": "Fascicolo", "id": "gara", "title": "Gara", "classification": "4.4"},
    )
    assert response.status_code == 201, response.text
    response = manager_request.post(
        "/province/cuneo/gara",
        json={
            "@type": "File",
            "id": "verbale",
            "title": "Verbale",
            "file": {
                "data": base64.b64encode(PDF).decode(),
                "encoding": "base64",
                "filename": "verbale.pdf",
            },
        },
    )
    assert response.status_code == 201, response.text
    return "/province/cuneo/gara/verbale"


@pytest.fixture
def classic(request_factory):
    session = request_factory(role="Manager", api=False)
    session.headers["Accept"] = "text/html"
    return session


def _tamper(functional_portal, path):
    """Overwrite the committed blob file on disk, as a faulty disk or an intruder would."""
    transaction.begin()  # see what the server committed
    record = functional_portal.unrestrictedTraverse(path.strip("/"))
    filename = record.file._blob.committed()
    os.chmod(filename, stat.S_IRUSR | stat.S_IWUSR)
    with open(filename, "r+b") as blob:
        blob.write(b"%PDF-1.4\n% falso!\n")
    return record


def test_fixity_is_clean_then_detects_an_altered_blob(
    manager_request, functional_portal, functional_app, record_url
):
    report = manager_request.get("/province/cuneo/@fixity").json()
    assert report["ok"] is True
    assert report["checked"] == 1
    assert report["bytes"] == len(PDF)

    _tamper(functional_portal, record_url)
    report = manager_request.get("/province/cuneo/@fixity").json()
    assert report["ok"] is False
    [mismatch] = report["mismatches"]
    assert mismatch["path"].endswith("/province/cuneo/gara/verbale")
    assert mismatch["expected"] == hashlib.sha256(PDF).hexdigest()
    assert mismatch["actual"] != mismatch["expected"]

    # The command-line script reports it too, with exit status 1.
    lines = []
    status = fixity_cli(functional_app, ["--site", "plone", "--path", "province"], lines.append)
    assert status == 1
    assert lines[0].startswith("MISMATCH /plone/province/cuneo/gara/verbale")
    assert "1 mismatches" in lines[-1]

    # The deposit package refuses to ship the altered record.
    manager_request.post("/province/cuneo/gara/@workflow/close")
    response = manager_request.get("/province/cuneo/gara/@deposit-package")
    assert response.status_code == 400
    assert "does not match" in response.json()["error"]["message"]


def test_fixity_page_needs_its_permission(request_factory, record_url):
    anonymous = request_factory(api=False)
    response = anonymous.get("/province/cuneo/@@fixity", allow_redirects=False)
    assert response.status_code in (302, 401)


def test_deposit_package_downloads_over_rest_and_ui(manager_request, classic, record_url):
    manager_request.post("/province/cuneo/gara/@workflow/close")
    for session, url in (
        (manager_request, "/province/cuneo/gara/@deposit-package"),
        (classic, "/province/cuneo/gara/@@deposit-package"),
    ):
        response = session.get(url)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert "pacchetto-versamento-FASC-" in response.headers["Content-Disposition"]
        package = zipfile.ZipFile(io.BytesIO(response.content))
        assert package.read("documenti/0001-verbale/verbale.pdf") == PDF
        assert "indice.xml" in package.namelist()


def test_journal_page_csv_and_rest(manager_request, classic, record_url):
    page = classic.get("/province/cuneo/@@journal", params={"action": "create"})
    assert page.status_code == 200
    assert "Verbale" in page.text
    rows = list(csv.DictReader(io.StringIO(classic.get("/province/cuneo/@@journal.csv").text)))
    assert [r["action"] for r in rows][-2:] == ["create", "create"]  # oldest last
    assert {r["title"] for r in rows} >= {"Gara", "Verbale"}
    body = manager_request.get("/province/cuneo/@journal", params={"action": "create"}).json()
    assert body["items_total"] == 2
    bad = manager_request.get("/province/cuneo/@journal", params={"start": "ieri"})
    assert bad.status_code == 400
    assert bad.json()["error"]["field"] == "start"


def test_journal_is_not_for_members(request_factory, functional_portal, record_url):
    from plone import api

    transaction.begin()
    api.user.create(email="e@example.org", username="editor", password=EDITOR_PASSWORD)
    api.user.grant_roles(username="editor", obj=functional_portal.province.cuneo, roles=["Editor"])
    transaction.commit()
    editor = request_factory(basic_auth=("editor", EDITOR_PASSWORD))
    assert editor.get("/province/cuneo/@journal").status_code == 401
    # There is no way to write the journal: no POST/PATCH/DELETE service.
    for method in ("post", "patch", "delete"):
        response = getattr(editor, method)("/province/cuneo/@journal", json={})
        assert response.status_code in (401, 404, 405)


def test_registration_through_the_form(manager_request, classic, record_url):
    page = classic.get(f"{record_url}/@@register-record")
    assert page.status_code == 200
    import re

    token = re.search(r'name="_authenticator" value="([^"]+)"', page.text).group(1)
    response = classic.post(
        f"{record_url}/@@register-record",
        data={
            "register": "repertory",
            "register_code": "verb",
            "form.register": "1",
            "_authenticator": token,
        },
    )
    assert response.status_code == 200
    body = manager_request.get(record_url).json()
    assert body["registration_number"].startswith("VERB-")
    viewed = classic.get(f"{record_url}/view")
    assert body["registration_number"] in viewed.text


def test_downloads_of_confidential_records_are_journaled(manager_request, classic, record_url):
    def downloads():
        body = manager_request.get("/province/cuneo/@journal", params={"action": "download"})
        return body.json()["items_total"]

    assert classic.get(f"{record_url}/@@download/file").content == PDF
    assert downloads() == 0  # not confidential
    manager_request.patch(record_url, json={"confidential": True})
    assert classic.get(f"{record_url}/@@download/file").content == PDF
    assert classic.get(f"{record_url}/@@display-file/file").status_code == 200
    assert downloads() == 2
    entry = manager_request.get("/province/cuneo/@journal", params={"action": "download"})
    assert entry.json()["items"][0]["path"].endswith("/gara/verbale")
