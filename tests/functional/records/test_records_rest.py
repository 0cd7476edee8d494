"""Record metadata, registration and validation through the REST API, over HTTP."""

import base64
import hashlib
import pytest


PDF = b"%PDF-1.4\n% delibera\n%%EOF\n"
JSON = {"Accept": "application/json"}


@pytest.fixture
def record_url(manager_request):
    response = manager_request.post(
        "/province/cuneo",
        json={
            "@type": "File",
            "id": "delibera",
            "title": "Delibera di giunta",
            "file": {
                "data": base64.b64encode(PDF).decode(),
                "encoding": "base64",
                "filename": "delibera.pdf",
                "content-type": "application/octet-stream",
            },
            "fingerprint": "0" * 64,  # read-only: ignored
            "record_subjects": [
                {"role": "author", "kind": "PAI", "code": "p_cn", "name": "Provincia di Cuneo"}
            ],
        },
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    return response.json()["@id"]


def test_record_metadata_are_in_the_rest_representation(manager_request, record_url):
    body = manager_request.get(record_url, headers=JSON).json()
    assert body["fingerprint"] == hashlib.sha256(PDF).hexdigest()
    assert body["fingerprint_algorithm"] == "SHA-256"
    assert body["record_format"] == "application/pdf"  # detected, not the declared type
    assert [body["formation_mode"][k] for k in ("token",)] == ["b"]
    assert [body["registration_flow"][k] for k in ("token",)] == ["I"]
    assert body["subject_line"] == "Delibera di giunta"
    assert body["record_subjects"][0]["code"] == "p_cn"
    assert body["record_version"] == 1


def test_wrong_subject_is_a_400_naming_the_field(manager_request, record_url):
    response = manager_request.patch(
        record_url,
        json={
            "record_subjects": [{"role": "author", "kind": "PF", "code": "XXX", "name": "Rossi"}]
        },
        headers=JSON,
    )
    assert response.status_code == 400
    errors = response.json()["message"]
    assert "record_subjects" in errors
    assert "codice fiscale" in errors


def test_wrong_choice_is_a_400_naming_the_field(manager_request, record_url):
    response = manager_request.patch(record_url, json={"registration_flow": "X"}, headers=JSON)
    assert response.status_code == 400
    assert "registration_flow" in response.json()["message"]


def test_computed_fields_cannot_be_typed(manager_request, record_url):
    response = manager_request.patch(
        record_url, json={"fingerprint": "0" * 64, "registration_number": "PG-1"}, headers=JSON
    )
    assert response.status_code == 204
    body = manager_request.get(record_url, headers=JSON).json()
    assert body["fingerprint"] == hashlib.sha256(PDF).hexdigest()
    assert body["registration_number"] is None


def test_new_file_through_rest_is_a_new_version(manager_request, record_url):
    response = manager_request.patch(
        record_url,
        json={
            "file": {
                "data": base64.b64encode(b"nuova versione").decode(),
                "encoding": "base64",
                "filename": "delibera.txt",
            }
        },
        headers=JSON,
    )
    assert response.status_code == 204
    body = manager_request.get(record_url, headers=JSON).json()
    assert body["fingerprint"] == hashlib.sha256(b"nuova versione").hexdigest()
    assert body["record_version"] == 2


def test_registration_gives_consecutive_numbers(manager_request, record_url):
    year = None
    numbers = []
    for id in ("a", "b"):
        manager_request.post(
            "/province/cuneo", json={"@type": "Document", "id": id, "title": id}, headers=JSON
        )
        response = manager_request.post(f"/province/cuneo/{id}/@registration", json={})
        assert response.status_code == 200, response.text
        numbers.append(response.json()["registration_number"])
        year = response.json()["registration_date"][:4]
    assert numbers == [f"PG-{year}-000001", f"PG-{year}-000002"]
    again = manager_request.post("/province/cuneo/a/@registration", json={})
    assert again.status_code == 400
    assert again.json()["error"]["field"] == "register"
    assert numbers[0] in again.json()["error"]["message"]


def test_repertory_needs_a_valid_code(manager_request, record_url):
    response = manager_request.post(
        f"{record_url}/@registration", json={"register": "repertory", "register_code": "d"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "register_code"
    response = manager_request.post(
        f"{record_url}/@registration", json={"register": "repertory", "register_code": "DET"}
    )
    assert response.status_code == 200
    assert response.json()["registration_number"].startswith("DET-")


def test_classification_plan_is_a_rest_vocabulary(manager_request):
    response = manager_request.get(
        "/@vocabularies/provincecomuni.records.Titolario", params={"b_size": 200}
    )
    assert response.status_code == 200
    terms = {item["token"]: item["title"] for item in response.json()["items"]}
    assert terms["4.4"] == "4.4 Gestione della spesa"


def test_unknown_class_is_a_400_naming_the_field(manager_request, record_url):
    response = manager_request.patch(record_url, json={"classification": "99.9"})
    assert response.status_code == 400
    assert "classification" in response.json()["message"]
