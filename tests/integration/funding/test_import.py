"""Importing calls: EU portal search format and CSV; idempotent, all-or-nothing on bad files."""

from pathlib import Path
from plone import api
from provincecomuni.funding import importer

import copy
import datetime
import json
import pytest


D = datetime.date
EXAMPLE = Path(__file__).parent / "data" / "sedia-search-result-example.json"


def _example():
    return json.loads(EXAMPLE.read_text("utf-8"))


def _result(identifier, deadlines=("2024-04-18T00:00:00.000+0000",), **metadata):
    result = copy.deepcopy(_example()["results"][0])
    result["metadata"]["identifier"] = [identifier]
    result["metadata"]["deadlineDate"] = list(deadlines)
    budget = json.loads(result["metadata"]["budgetOverview"][0])
    budget["budgetTopicActionMap"]["1234"][0]["action"] = f"{identifier} - HORIZON-RIA"
    result["metadata"]["budgetOverview"] = [json.dumps(budget)]
    result["metadata"].update(metadata)
    return result


def _sedia(*results):
    return json.dumps({"totalResults": len(results), "results": list(results)}).encode()


def _calls(portal):
    return {
        b.funding_identifier: b.getObject()
        for b in api.content.find(portal_type="FundingCall", unrestricted=True)
    }


def test_the_portal_example_imports_with_its_values(portal, section):
    report = importer.import_data(section, EXAMPLE.read_bytes(), "sedia")
    assert report.created == ["HORIZON-CL5-2024-D1-01-02"]
    call = _calls(portal)["HORIZON-CL5-2024-D1-01-02"]
    assert call.title == "Example topic title"
    assert call.call_identifier == "HORIZON-CL5-2024-D1-01"
    assert call.programme == "horizon-europe"
    assert call.management == "direct"
    assert call.action_type == "HORIZON-RIA"
    assert call.opening_date == D(2024, 1, 16)
    assert call.deadlines == [D(2024, 4, 18)]
    assert call.deadline_model == "single-stage"
    assert call.total_budget == 20_000_000
    assert call.expected_grants == 4
    assert (call.min_contribution, call.max_contribution) == (4_000_000, 5_000_000)
    assert call.subject == ("energy", "climate")
    assert api.content.get_state(call) == "bozza"


def test_deadlines_are_dates_in_rome(portal, section):
    # 22:00 UTC on 17 April is midnight of 18 April in Rome (summer time).
    data = _sedia(_result("HORIZON-X-1", deadlines=["2024-04-17T22:00:00.000+0000"]))
    importer.import_data(section, data, "sedia")
    assert _calls(portal)["HORIZON-X-1"].deadlines == [D(2024, 4, 18)]


def test_import_is_idempotent_and_reports_each_kind(portal, section):
    data = _sedia(_result("HORIZON-X-1"), _result("LIFE-X-2"))
    first = importer.import_data(section, data, "sedia", publish=True)
    assert (first.created, first.updated, first.unchanged) == (["HORIZON-X-1", "LIFE-X-2"], [], [])
    assert api.content.get_state(_calls(portal)["LIFE-X-2"]) == "pubblicato"
    again = importer.import_data(section, data, "sedia")
    assert (again.created, again.updated) == ([], [])
    assert again.unchanged == ["HORIZON-X-1", "LIFE-X-2"]
    assert len(_calls(portal)) == 2

    changed = _sedia(
        _result("HORIZON-X-1", deadlines=["2024-05-02T00:00:00.000+0000"]), _result("LIFE-X-2")
    )
    third = importer.import_data(section, changed, "sedia")
    assert third.updated == ["HORIZON-X-1"]
    assert third.unchanged == ["LIFE-X-2"]
    call = _calls(portal)["HORIZON-X-1"]
    assert call.deadlines == [D(2024, 5, 2)]
    # The catalog follows: the call is open on 2 May and no longer on 3 May.
    brains = api.content.find(funding_identifier="HORIZON-X-1", portal_type="FundingCall")
    assert brains[0].funding_closing == "2024-05-02"


def test_bad_rows_are_rejected_with_the_reason_the_others_imported(portal, section):
    bad_budget = _result("HORIZON-X-3")
    bad_budget["metadata"]["budgetOverview"] = ["{not json"]
    before_opening = _result("HORIZON-X-4", deadlines=["2023-12-01T00:00:00.000+0000"])
    data = _sedia(
        _result("HORIZON-X-1"),
        _result("UNKNOWN-X-2"),
        bad_budget,
        before_opening,
        {"reference": "no metadata"},
        _result("HORIZON-X-1"),
    )
    report = importer.import_data(section, data, "sedia")
    assert report.created == ["HORIZON-X-1"]
    assert [(row, identifier) for row, identifier, _ in report.rejected] == [
        (2, "UNKNOWN-X-2"),
        (3, "HORIZON-X-3"),
        (4, "HORIZON-X-4"),
        (5, ""),
        (6, "HORIZON-X-1"),
    ]
    reasons = [importer.translated(reason) for _, _, reason in report.rejected]
    assert reasons[0].startswith("programme: no managed programme for the identifier prefix")
    assert reasons[1] == "budgetOverview: not valid JSON"
    assert reasons[2] == "Deadlines: every deadline must be on or after the opening date."
    assert reasons[3] == "the result has no metadata object"
    assert reasons[4] == "identifier: appears more than once in the file"
    assert set(_calls(portal)) == {"HORIZON-X-1"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"results": [', "the file is not valid JSON"),
        (b'{"totalResults": 0}', "the file has no list of results"),
        (b"\xff\xfe\x00", "the file is not UTF-8 text"),
    ],
)
def test_a_malformed_portal_file_changes_nothing(portal, section, data, message):
    importer.import_data(section, _sedia(_result("HORIZON-X-1")), "sedia")
    with pytest.raises(importer.ImportFileError) as error:
        importer.import_data(section, data, "sedia")
    assert importer.translated(error.value.args[0]).startswith(message)
    assert set(_calls(portal)) == {"HORIZON-X-1"}


CSV_HEADER = (
    "identifier;title;programme;management;beneficiaries;provinces;opening_date;"
    "deadline_model;deadlines;total_budget;cofinancing_rate;keywords\n"
)


def test_csv_regional_calls(portal, section):
    data = (
        CSV_HEADER + "FESR-PIE-2025-01;Efficienza energetica negli edifici comunali;fesr;indirect;"
        "comuni;CN;01/03/2025;single-stage;30/06/2025;1.500.000,00;80;energia|edifici\n"
        + "PNRR-M2C4-I2.2;Resilienza del territorio;pnrr;national;comuni;;2025-02-01;"
        "multiple-cut-off;2025-04-30|2025-09-30;3000000;100;\n"
    ).encode()
    report = importer.import_data(section, data, "csv")
    assert report.created == ["FESR-PIE-2025-01", "PNRR-M2C4-I2.2"]
    assert report.rejected == []
    call = _calls(portal)["FESR-PIE-2025-01"]
    assert call.provinces == ["004"]
    assert call.total_budget == 1_500_000
    assert call.cofinancing_rate == 80
    assert call.subject == ("energia", "edifici")
    assert _calls(portal)["PNRR-M2C4-I2.2"].deadlines == [D(2025, 4, 30), D(2025, 9, 30)]
    assert importer.import_data(section, data, "csv").unchanged == [
        "FESR-PIE-2025-01",
        "PNRR-M2C4-I2.2",
    ]


def test_csv_rows_with_wrong_values_are_rejected(portal, section):
    data = (
        CSV_HEADER
        + "A-1;Uno;fesr;;comuni;;2025-03-01;;2025-06-30;-5;;\n"
        + "A-2;Due;fesr;;comuni;;2025-03-01;;2025-06-30;100;120;\n"
        + "A-3;Tre;fesr;;comuni;XX;2025-03-01;;2025-06-30;100;;\n"
        + "A-4;Quattro;fesr;;comuni;;31/02/2025;;2025-06-30;100;;\n"
        + "A-5;Cinque;nessuno;;comuni;;2025-03-01;;2025-06-30;100;;\n"
        + "A-6;Sei;fesr;;comuni;;2025-03-01;;2025-06-30;100;50;\n"
    ).encode()
    report = importer.import_data(section, data, "csv")
    assert report.created == ["A-6"]
    assert [(row, importer.translated(reason)) for row, _, reason in report.rejected] == [
        (2, "total_budget: Total budget (EUR): the amount cannot be negative."),
        (3, "cofinancing_rate: Co-financing rate: use a percentage between 0 and 100."),
        (4, "provinces: 'XX' is not a Province (use its sigla or ISTAT code)"),
        (5, "opening_date: '31/02/2025' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        (6, "programme: 'nessuno' is not a managed programme"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"identifier;title\nA;B\n", "missing columns: programme, deadlines"),
        (
            b"identifier;title;programme;deadlines\nA-1;Uno;fesr;2025-06-30\nA-2;Due;fesr\n",
            "row 3 has 3 fields instead of 4",
        ),
        (b"identifier;title;programme;deadlines;colour\n", "unknown columns: colour"),
        (b"", "the file is empty"),
    ],
)
def test_a_malformed_csv_changes_nothing(portal, section, data, message):
    with pytest.raises(importer.ImportFileError) as error:
        importer.import_data(section, data, "csv")
    assert importer.translated(error.value.args[0]).startswith(message)
    assert _calls(portal) == {}


def test_a_failure_while_writing_rolls_back_the_rows_already_written(portal, section, monkeypatch):
    data = _sedia(_result("HORIZON-X-1"), _result("HORIZON-X-2"))
    calls = []
    original = importer.createContentInContainer

    def failing_create(container, type_name, **kwargs):
        calls.append(kwargs["id"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(container, type_name, **kwargs)

    monkeypatch.setattr(importer, "createContentInContainer", failing_create)
    with pytest.raises(RuntimeError):
        importer.import_data(section, data, "sedia")
    assert "horizon-x-1" not in section.objectIds()


def test_the_import_reads_a_configured_address(portal, section, tmp_path):
    path = tmp_path / "calls.json"
    path.write_bytes(_sedia(_result("HORIZON-X-9")))
    api.portal.set_registry_record("provincecomuni.funding.import_url", path.as_uri())
    url = api.portal.get_registry_record("provincecomuni.funding.import_url")
    report = importer.import_data(section, importer.fetch(url), "sedia")
    assert report.created == ["HORIZON-X-9"]
    with pytest.raises(importer.ImportFileError):
        importer.fetch("ftp://example.org/calls.json")
    with pytest.raises(importer.ImportFileError):
        importer.fetch((tmp_path / "missing.json").as_uri())


def test_the_import_page_shows_the_report(portal, section):
    from plone.protect.authenticator import createToken

    class Upload:  # what the page uses of Zope's FileUpload
        filename = "bandi.csv"

        def __init__(self, data):
            self.data = data

        def read(self):
            return self.data

    request = section.REQUEST
    request.method = "POST"
    request.form.clear()
    request.form.update(
        {
            "file": Upload(
                (
                    CSV_HEADER
                    + "A-6;Sei;fesr;;comuni;;2025-03-01;;2025-06-30;100;50;\n"
                    + "A-7;Sette;fesr;;comuni;;2025-03-01;;2025-06-30;-1;;\n"
                ).encode()
            ),
            "format": "csv",
            "import": "1",
            "_authenticator": createToken(),
        }
    )
    html = api.content.get_view("funding-import", section, request)()
    assert "1 creati, 0 aggiornati, 0 invariati, 1 scartati." in html
    # The reasons are in the language of the request, like the rest of the page.
    assert "total_budget: Dotazione complessiva (EUR): l'importo non può essere negativo." in html
    assert "A-7" in html
