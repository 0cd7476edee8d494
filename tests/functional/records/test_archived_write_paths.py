"""Every write path over HTTP refuses an archived record, even to the Zope Manager."""

import base64
import hashlib
import pytest


PDF = b"%PDF-1.4\n% determina\n%%EOF\n"
JSON = {"Accept": "application/json"}


@pytest.fixture
def archived(manager_request):
    response = manager_request.post(
        "/province/cuneo",
        json={"@type": "Fascicolo", "id": "gara", "title": "Gara", "classification": "4.4"},
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    response = manager_request.post(
        "/province/cuneo/gara",
        json={
            "@type": "File",
            "id": "determina",
            "title": "Determina",
            "file": {
                "data": base64.b64encode(PDF).decode(),
                "encoding": "base64",
                "filename": "determina.pdf",
            },
        },
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    response = manager_request.post("/province/cuneo/gara/@workflow/close", headers=JSON)
    assert response.status_code == 200, response.text
    url = "/province/cuneo/gara/determina"
    body = manager_request.get(url, headers=JSON).json()
    assert body["review_state"] == "archived"
    return url


@pytest.fixture
def classic(request_factory):
    """The classic UI and the ZMI (no ++api++), as the Zope Manager."""
    session = request_factory(role="Manager", api=False)
    session.headers["Accept"] = "text/html"
    return session


def _refused(response):
    # Zope answers Unauthorized to an authenticated user with 401 (basic auth) or a
    # redirect to Plone's "insufficient privileges" page; never 200 nor 404.
    assert response.status_code in (302, 401, 403), (response.status_code, response.text[:300])
    if response.status_code == 302:
        assert (
            "require_login" in response.headers["Location"]
            or "login" in (response.headers["Location"])
        )


def _unchanged(manager_request, url):
    response = manager_request.get(url, headers=JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Determina"
    assert body["fingerprint"] == hashlib.sha256(PDF).hexdigest()
    download = manager_request.get(f"{url}/@@download/file")
    assert download.content == PDF


def test_rest_patch_is_refused(manager_request, archived):
    response = manager_request.patch(archived, json={"title": "Altro"}, headers=JSON)
    assert response.status_code in (401, 403)
    _unchanged(manager_request, archived)


def test_rest_file_replacement_is_refused(manager_request, archived):
    response = manager_request.patch(
        archived,
        json={"file": {"data": "ZmFsc28=", "encoding": "base64", "filename": "x.pdf"}},
        headers=JSON,
    )
    assert response.status_code in (401, 403)
    _unchanged(manager_request, archived)


def test_rest_delete_is_refused(manager_request, archived):
    response = manager_request.delete(archived, headers=JSON)
    assert response.status_code in (401, 403)
    _unchanged(manager_request, archived)


def test_rest_move_and_rename_are_refused(manager_request, archived):
    response = manager_request.post(
        "/province/cuneo/@move", json={"source": archived}, headers=JSON
    )
    assert (
        response.status_code != 200
        or response.json().get("errors")
        or not any(item["target"].endswith("/cuneo/determina") for item in response.json())
    )
    assert manager_request.get("/province/cuneo/determina", headers=JSON).status_code == 404
    _unchanged(manager_request, archived)


def test_edit_form_is_refused_with_a_message(manager_request, classic, archived):
    for view in ("@@edit", "edit"):
        response = classic.get(f"{archived}/{view}", allow_redirects=False)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/gara/determina/view")
    page = classic.get(f"{archived}/edit")
    assert "Questo documento è archiviato: nessuno può modificarlo" in page.text
    assert 'name="form.buttons.save"' not in page.text
    response = classic.post(
        f"{archived}/@@edit",
        data={"form.widgets.IDublinCore.title": "Altro", "form.buttons.save": "Salva"},
        files={"form.widgets.file": ("x.pdf", b"falso")},
        allow_redirects=False,
    )
    assert response.status_code == 302
    _unchanged(manager_request, archived)


def test_edit_form_of_a_record_still_needs_modify_permission(request_factory, archived):
    anonymous = request_factory(api=False)
    response = anonymous.get("/province/cuneo/gara/determina/edit", allow_redirects=False)
    assert response.status_code in (302, 401)
    assert "login" in response.headers.get("Location", "login")


def test_delete_and_rename_forms_are_refused(manager_request, classic, archived):
    _refused(classic.get(f"{archived}/delete_confirmation", allow_redirects=False))
    _refused(classic.get(f"{archived}/object_rename", allow_redirects=False))
    _unchanged(manager_request, archived)


def test_zmi_delete_rename_and_properties_are_refused(manager_request, classic, archived):
    folder = "/province/cuneo/gara"
    response = classic.post(
        f"{folder}/manage_delObjects", data={"ids:list": "determina"}, allow_redirects=False
    )
    _refused(response)
    _unchanged(manager_request, archived)
    response = classic.post(
        f"{folder}/manage_renameObject",
        data={"id": "determina", "new_id": "altro"},
        allow_redirects=False,
    )
    _refused(response)
    _unchanged(manager_request, archived)
    response = classic.post(
        f"{archived}/manage_changeProperties", data={"title": "Altro"}, allow_redirects=False
    )
    _refused(response)
    _unchanged(manager_request, archived)


def test_webdav_put_is_refused(manager_request, classic, archived):
    # WebDAV (PUT) needs "Modify portal content", which nobody has on an archived record.
    response = classic.put(archived, data=b"falso", allow_redirects=False)
    assert response.status_code in (401, 403, 404, 405), response.status_code
    _unchanged(manager_request, archived)


def test_a_closed_fascicolo_takes_no_new_record(manager_request, archived):
    response = manager_request.post(
        "/province/cuneo/gara",
        json={"@type": "Document", "id": "tardiva", "title": "Tardiva"},
        headers=JSON,
    )
    assert response.status_code in (401, 403)
    assert manager_request.get("/province/cuneo/gara/tardiva", headers=JSON).status_code == 404
