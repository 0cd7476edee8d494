"""The digital agenda through the REST API: @indicators, @measurements, @benchmark."""

import csv
import io
import pytest


JSON = {"Accept": "application/json"}
CSV_IMPORT = (
    "indicator,territory,period,value,source,collected_on\n"
    "SPID_CIE_SERVICES,004003,2024,50,AGID,2024-12-31\n"
    "SPID_CIE_SERVICES,004003,2025,70,AGID,2025-12-31\n"
    "SPID_CIE_SERVICES,004078,2025,90,AGID,2025-12-31\n"
    "SPID_CIE_SERVICES,005005,2025,40,AGID,2025-12-31\n"
    "SUA_EPROCUREMENT,004,2025,80,ANAC,2025-12-31\n"
    "SUA_EPROCUREMENT,005,2025,95,ANAC,2025-12-31\n"
)


def _import(session, text=CSV_IMPORT, **options):
    return session.post("/@measurements", json={"csv": text, **options}, headers=JSON)


def test_indicators_lists_the_definitions(anon_request):
    response = anon_request.get("/@indicators", headers=JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["items_total"] >= 15
    spid = next(i for i in body["items"] if i["code"] == "SPID_CIE_SERVICES")
    assert spid["unit"] == "percent"
    assert spid["aggregation"] == "mean"
    assert spid["methodology_version"] == 1
    assert spid["targets"] == {"2025": 90.0, "2026": 100.0}
    one = anon_request.get("/@indicators/SUA_EPROCUREMENT", headers=JSON).json()
    assert one["level"] == "province"
    assert anon_request.get("/@indicators/NOPE", headers=JSON).status_code == 404


def test_import_then_query_and_benchmark(manager_request, anon_request):
    response = _import(manager_request)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["imported"], report["committed"], report["errors"]) == (6, True, [])
    # Computed Province values: Cuneo 2024 and 2025, Asti 2025.
    assert report["provinces_computed"] == 3

    response = anon_request.get(
        "/@measurements",
        params={"indicator": "SPID_CIE_SERVICES", "province": "004"},
        headers=JSON,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["items_total"] == 3
    assert [(i["territory"], i["period"], i["value"]) for i in body["items"]] == [
        ("004003", "2024", 50.0),
        ("004003", "2025", 70.0),
        ("004078", "2025", 90.0),
    ]

    # Province of Cuneo, 2025: mean(70, 90) = 80; Asti = 40 -> 1st of 2 in Piemonte.
    body = anon_request.get("/@benchmark", params={"territory": "004"}, headers=JSON).json()
    assert body["territory"]["name"] == "Cuneo"
    spid = next(i for i in body["indicators"] if i["indicator"] == "SPID_CIE_SERVICES")
    assert (spid["value"], spid["computed"], spid["rank"], spid["ranked"]) == (80.0, True, 1, 2)
    assert spid["national_average"] == 60.0
    assert (spid["target"], spid["distance_to_target"], spid["target_met"]) == (90.0, -10.0, False)
    sua = next(i for i in body["indicators"] if i["indicator"] == "SUA_EPROCUREMENT")
    assert (sua["value"], sua["rank"]) == (80.0, 2)


def test_measurements_paginated_and_csv(manager_request):
    assert _import(manager_request).status_code == 200
    query = {"indicator": "SPID_CIE_SERVICES", "b_size": 2}
    body = manager_request.get("/@measurements", params=query, headers=JSON).json()
    assert body["items_total"] == 7  # 4 Comuni values, 3 computed Province values
    assert len(body["items"]) == 2
    assert body["batching"]["next_b_start"] == 2
    body = manager_request.get(
        "/@measurements", params={**query, "b_start": 6}, headers=JSON
    ).json()
    assert len(body["items"]) == 1 and "batching" not in body
    response = manager_request.get(
        "/@measurements",
        params={
            "indicator": "SPID_CIE_SERVICES",
            "territory": "004,005",
            "period": "2025",
            "format": "csv",
        },
        headers=JSON,
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["territory_name"], r["value"], r["computed_from"]) for r in rows] == [
        ("Cuneo", "80", "2"),
        ("Asti", "40", "1"),
    ]


def test_a_bad_import_writes_nothing_and_reports_each_row(manager_request):
    bad = CSV_IMPORT + "SPID_CIE_SERVICES,999999,2025,10,,\nSPID_CIE_SERVICES,004003,2025,170,,\n"
    response = _import(manager_request, bad)
    assert response.status_code == 400
    report = response.json()
    assert report["committed"] is False
    assert [(e["line"], e["code"]) for e in report["errors"]] == [
        (8, "unknown_territory"),
        (9, "duplicate"),
        (9, "out_of_range"),
    ] or [(e["line"], e["code"]) for e in report["errors"]] == [
        (8, "unknown_territory"),
        (9, "out_of_range"),
        (9, "duplicate"),
    ]
    body = manager_request.get(
        "/@measurements", params={"indicator": "SPID_CIE_SERVICES"}, headers=JSON
    ).json()
    assert body["items_total"] == 0


def test_anonymous_cannot_import(anon_request):
    assert _import(anon_request).status_code == 401


@pytest.mark.parametrize(
    "path, params, parameter",
    [
        ("/@measurements", {}, "indicator"),
        ("/@measurements", {"indicator": "NOPE"}, "indicator"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "territory": "12"}, "territory"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "province": "004003"}, "province"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "period": "2025Q1"}, "period"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "from": "ieri"}, "from"),
        (
            "/@measurements",
            {"indicator": "SPID_CIE_SERVICES", "from": "2025", "to": "2024"},
            "to",
        ),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "b_size": "0"}, "b_size"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "b_start": "x"}, "b_start"),
        ("/@measurements", {"indicator": "SPID_CIE_SERVICES", "format": "xml"}, "format"),
        ("/@benchmark", {}, "territory"),
        ("/@benchmark", {"territory": "082"}, "territory"),  # Palermo: not in the programme
        ("/@benchmark", {"territory": "004", "period": "last"}, "period"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(anon_request, path, params, parameter):
    response = anon_request.get(path, params=params, headers=JSON)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"].startswith(f"{parameter}:")


def test_import_a_csv_body_and_replace(manager_request):
    headers = {**JSON, "Content-Type": "text/csv"}
    response = manager_request.post("/@measurements", data=CSV_IMPORT.encode(), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["imported"] == 6
    again = "indicator,territory,period,value\nSUA_EPROCUREMENT,004,2025,90\n"
    response = manager_request.post("/@measurements", data=again.encode(), headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "already_recorded"
    response = manager_request.post(
        "/@measurements?replace=1", data=again.encode(), headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["replaced"] == 1, response.text
    body = manager_request.get(
        "/@measurements",
        params={"indicator": "SUA_EPROCUREMENT", "territory": "004"},
        headers=JSON,
    ).json()
    assert [i["value"] for i in body["items"]] == [90.0]


def test_agenda_progress_over_rest(manager_request):
    assert _import(manager_request).status_code == 200
    response = manager_request.post(
        "/agenda-digitale",
        json={
            "@type": "DigitalAgenda",
            "id": "agenda-cuneo",
            "title": "Agenda digitale di Cuneo",
            "province": "004",
            "first_year": 2024,
            "last_year": 2026,
        },
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    bad = manager_request.post(
        "/agenda-digitale/agenda-cuneo",
        json={
            "@type": "AgendaObjective",
            "title": "Oltre il 100 %",
            "indicator": "SPID_CIE_SERVICES",
            "target_value": 120.0,
            "target_period": "2026",
        },
        headers=JSON,
    )
    assert bad.status_code == 400
    assert "target_value" in bad.text
    response = manager_request.post(
        "/agenda-digitale/agenda-cuneo",
        json={
            "@type": "AgendaObjective",
            "title": "Tutti i servizi con SPID",
            "indicator": "SPID_CIE_SERVICES",
            "target_value": 100.0,
            "target_period": "2026",
        },
        headers=JSON,
    )
    assert response.status_code == 201, response.text
    body = manager_request.get("/agenda-digitale/agenda-cuneo/@progress", headers=JSON).json()
    # Cuneo: 50 in 2024 (Alba alone), mean(70, 90) = 80 in 2025, towards 100: 60 %.
    objective = body["objectives"][0]
    assert (objective["baseline_value"], objective["latest_value"]) == (50.0, 80.0)
    assert objective["progress"] == 60.0
    assert body["progress"] == 60.0
