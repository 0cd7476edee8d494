"""SUA dashboard: the dossiers' indexes, the @@gare listing (filters, counts, sort,
pages), its CSV export and the same filters through REST @search."""

from dashboard_helpers import dossiers
from dashboard_helpers import make_dossier
from dashboard_helpers import request_it_fixture  # noqa: F401 - the request_it fixture
from dashboard_helpers import TODAY
from datetime import date
from decimal import Decimal
from plone import api
from plone.app.testing import logout
from provincecomuni.procurement.dashboard.search import DossierSearch
from provincecomuni.procurement.dashboard.search import labels
from provincecomuni.procurement.dashboard.views import CSV_HEADERS
from provincecomuni.procurement.dashboard.views import csv_lines
from zope.i18n import translate

import csv
import io
import pytest


@pytest.fixture
def data(manager_portal):
    return dossiers(manager_portal, TODAY)


@pytest.fixture
def cuneo(manager_portal):
    return manager_portal["province"]["cuneo"]


SCUOLA = "Ristrutturazione scuola"
MENSA = "Servizio mensa scolastica"


def search(cuneo, **form):
    return DossierSearch(cuneo, form, today=TODAY)


def titles(brains):
    return sorted(brain.Title for brain in brains)


def find(**query):
    return titles(api.portal.get_tool("portal_catalog")(portal_type="TenderDossier", **query))


def test_indexes_find_dossiers_by_each_field(data):
    assert find(tender_comune="004003") == ["Ristrutturazione scuola", "Servizio mensa scolastica"]
    assert find(tender_procedure="10") == ["Fornitura computer", "Servizio mensa scolastica"]
    assert find(tender_contract_object="servizi") == ["Servizio mensa scolastica"]
    assert find(tender_rup="rup-bruno") == ["Servizio mensa scolastica"]
    # A CPV division finds the codes under it; a secondary CPV counts too.
    assert find(tender_cpv="45", path="/plone/province/cuneo") == [
        "Gara chiusa",
        "Manutenzione strade",
        "Ristrutturazione scuola",
    ]
    assert find(tender_cpv="4523312") == ["Gara chiusa", "Manutenzione strade"]
    assert find(tender_cpv="71") == ["Ristrutturazione scuola"]
    # A CIG finds its dossier.
    cig = data["mensa"].lots[0]["cig"]
    assert "Servizio mensa scolastica" in find(tender_cigs=cig)
    # Amounts are numbers: a range query.
    assert find(tender_amount={"query": (90000, 400000), "range": "min:max"}) == [
        "Manutenzione strade",
        "Servizio mensa scolastica",
    ]


def test_metadata_has_what_the_listing_shows(data):
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog(portal_type="TenderDossier", Title="Ristrutturazione scuola")
    assert brain.tender_comune == "004003"
    assert brain.tender_cpvs == ("45214200", "71000000")
    assert brain.tender_amount == 1200000.0
    assert brain.tender_cigs == [data["scuola"].lots[0]["cig"]]
    assert brain.tender_next_deadline == "9999-12-31"  # no key date ahead
    (brain,) = catalog(portal_type="TenderDossier", Title="Manutenzione strade")
    assert brain.tender_next_deadline == TODAY.isoformat()
    assert brain.tender_key_dates == (("offer_deadline", f"{TODAY.isoformat()}T12:00:00"),)


def test_listing_shows_only_the_dossiers_of_the_community(data, cuneo):
    results = search(cuneo).results()
    assert results.actual_result_count == 5
    assert "Ponte sul Secchia" not in titles(results)


@pytest.mark.parametrize(
    "form, expected",
    [
        ({"state": "pubblicato"}, ["Manutenzione strade", "Servizio mensa scolastica"]),
        ({"comune": "004003"}, ["Ristrutturazione scuola", "Servizio mensa scolastica"]),
        ({"procedure": "6"}, ["Gara chiusa", "Manutenzione strade", "Ristrutturazione scuola"]),
        ({"object": "forniture"}, ["Fornitura computer"]),
        ({"cpv": "45"}, ["Gara chiusa", "Manutenzione strade", "Ristrutturazione scuola"]),
        ({"cpv": "30213"}, ["Fornitura computer"]),
        ({"amount_min": "100.000,00"}, ["Gara chiusa", "Manutenzione strade", SCUOLA]),
        ({"amount_max": "95000.50"}, ["Fornitura computer", "Servizio mensa scolastica"]),
        ({"amount_min": "50000", "amount_max": "400.000"}, ["Manutenzione strade", MENSA]),
        ({"week": "1"}, ["Gara chiusa", "Manutenzione strade", "Servizio mensa scolastica"]),
        ({"state": "pubblicato", "comune": "004078"}, ["Manutenzione strade"]),
    ],
)
def test_each_filter(data, cuneo, form, expected):
    assert titles(search(cuneo, **form).results()) == expected


def test_bad_filter_values_are_reported_naming_the_field(data, cuneo):
    found = search(cuneo, amount_min="tanti", cpv="4x")
    messages = [translate(error.message, target_language="it") for error in found.errors]
    assert [error.field for error in found.errors] == ["cpv", "amount_min"]
    assert messages[0].startswith("CPV:")
    assert messages[1].startswith("Importo da: tanti")
    # The bad filters are left out, the others apply.
    assert found.results().actual_result_count == 5


def _counts(options):
    return {row["value"]: row["count"] for row in options}


def test_counts_per_filter_value(data, cuneo, request_it):
    facets = search(cuneo).facet_options(request_it)
    assert _counts(facets["state"]) == {"pubblicato": 2, "bozza": 1, "aggiudicato": 1, "chiuso": 1}
    assert _counts(facets["comune"]) == {"004078": 3, "004003": 2}
    assert _counts(facets["procedure"]) == {"6": 3, "10": 2}
    assert _counts(facets["object"]) == {"lavori": 3, "servizi": 1, "forniture": 1}
    assert _counts(facets["cpv"]) == {"45": 3, "71": 1, "55": 1, "30": 1}
    titles_ = {row["value"]: row["title"] for row in facets["comune"]}
    assert titles_ == {"004078": "Cuneo", "004003": "Alba"}
    assert {row["value"]: row["title"] for row in facets["procedure"]}["6"] == "Aperta"


def test_counts_of_a_filter_ignore_its_own_selection(data, cuneo, request_it):
    found = search(cuneo, comune="004003")
    facets = found.facet_options(request_it)
    # Other Comuni still show how many they would give...
    assert _counts(facets["comune"]) == {"004078": 3, "004003": 2}
    assert [row["value"] for row in facets["comune"] if row["selected"]] == ["004003"]
    # ...the other filters count within Alba only.
    assert _counts(facets["state"]) == {"pubblicato": 1, "bozza": 1}
    assert _counts(facets["object"]) == {"lavori": 1, "servizi": 1}
    assert found.week_count() == 1


@pytest.mark.parametrize(
    "sort, order, expected",
    [
        ("amount", "asc", ["Fornitura computer", MENSA, "Manutenzione strade", "Gara chiusa"]),
        ("amount", "desc", [SCUOLA, "Gara chiusa", "Manutenzione strade", MENSA]),
        ("title", "asc", ["Fornitura computer", "Gara chiusa", "Manutenzione strade", SCUOLA]),
        ("title", "desc", [MENSA, SCUOLA, "Manutenzione strade", "Gara chiusa"]),
    ],
)
def test_sort(data, cuneo, sort, order, expected):
    assert [brain.Title for brain in search(cuneo).results(sort, order)][:4] == expected


def test_sort_by_next_deadline_puts_dossiers_without_one_last(data, cuneo):
    ordered = [brain.Title for brain in search(cuneo).results("deadline", "asc")]
    # Three have a key date today; the two without any come last.
    assert sorted(ordered[:3]) == ["Gara chiusa", "Manutenzione strade", MENSA]
    assert sorted(ordered[3:]) == ["Fornitura computer", SCUOLA]


def test_pages_of_25(manager_portal, cuneo):
    for number in range(27):
        make_dossier(cuneo, f"Gara {number:02d}", total_amount=Decimal(1000 + number))
    found = search(cuneo)
    first = found.results("amount", "asc", b_start=0)
    assert first.actual_result_count == 27
    assert len(list(first)) == 25
    second = found.results("amount", "asc", b_start=25)
    assert [brain.Title for brain in second] == ["Gara 25", "Gara 26"]


def _read_csv(cuneo, request, **form):
    found = search(cuneo, **form)
    headers = [translate(label, target_language="it") for _key, label in CSV_HEADERS]
    data = b"".join(csv_lines(found.all_results("amount", "asc"), labels(request), headers, 2))
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_of_the_filtered_result(data, cuneo, request_it):
    rows = _read_csv(cuneo, request_it, object="lavori")
    assert rows[0][:7] == [
        "Oggetto",
        "Comune committente",
        "Procedura di scelta del contraente",
        "Oggetto del contratto",
        "CPV",
        "CIG",
        "Importo (EUR)",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Manutenzione strade",
        "Gara chiusa",
        "Ristrutturazione scuola",
    ]
    strade = rows[1]
    assert strade[1:5] == ["Cuneo", "Aperta", "Lavori", "45233120"]
    assert strade[6] == "350.000,00"
    assert strade[7] == TODAY.strftime("%d/%m/%Y")
    assert strade[9] == "rup-anna"
    assert strade[10].endswith("/province/cuneo/manutenzione-strade")
    assert rows[3][4] == "45214200, 71000000"
    assert rows[3][6] == "1.200.000,00"


def test_csv_view_answers_with_excel_csv(data, cuneo, request_it):
    view = api.content.get_view("gare.csv", cuneo, request_it)
    request_it.form.update({"comune": "004003"})
    assert view() == b""
    response = request_it.response
    assert response.getHeader("Content-Type") == "text/csv; charset=utf-8"
    assert "attachment" in response.getHeader("Content-Disposition")


def test_listing_page_renders_filters_with_labels_and_a_sortable_table(data, cuneo, request_it):
    request_it.form.update({"state": "pubblicato", "sort_on": "amount", "sort_order": "desc"})
    html = api.content.get_view("gare", cuneo, request_it)()
    assert 'for="pc-filter-comune"' in html and 'id="pc-filter-comune"' in html
    assert "Alba (1)" in html and "Cuneo (1)" in html
    assert '<th scope="col"' in html and 'aria-sort="descending"' in html
    assert html.index("Manutenzione strade") < html.index("Servizio mensa scolastica")
    assert "Ristrutturazione scuola" not in html
    assert "350.000,00" in html
    assert "@@gare.csv?" in html


def test_the_listing_shows_only_what_the_user_may_see(data, cuneo, manager_portal):
    # Anonymous: the dossiers are private in the community, nothing shows, no counts.
    logout()
    found = search(cuneo)
    assert found.results().actual_result_count == 0
    assert list(found.rids()) == []


def _with_checks(cuneo, title, *valid_until):
    dossier = make_dossier(cuneo, title)
    dossier.requirement_checks = [
        {
            "tax_code": "01234560017",
            "document_type": document_type,
            "issuer": None,
            "requested": date(2026, 1, 1),
            "outcome": "positivo",
            "valid_until": day,
            "evidence": None,
        }
        for document_type, day in zip(("00024", "00004"), valid_until, strict=False)
    ]
    dossier.reindexObject()
    return dossier


def test_dossiers_with_checks_expired_or_expiring_are_flagged_and_filtered(
    manager_portal, cuneo, request_it
):
    from datetime import timedelta

    _with_checks(cuneo, "Gara con DURC scaduto", TODAY - timedelta(days=3))
    _with_checks(cuneo, "Gara con DURC in scadenza", TODAY + timedelta(days=10))
    _with_checks(cuneo, "Gara con verifiche valide", TODAY + timedelta(days=200))
    make_dossier(cuneo, "Gara senza verifiche")
    found = search(cuneo, checks="1")
    assert titles(found.results()) == ["Gara con DURC in scadenza", "Gara con DURC scaduto"]
    assert search(cuneo).checks_count() == 2
    request_it.form.update({"sort_on": "title"})
    view = api.content.get_view("gare", cuneo, request_it)
    view.update()
    view.search.today = TODAY
    flags = {row["title"]: row["checks"] for row in view.rows()}
    assert flags == {
        "Gara con DURC in scadenza": "expiring",
        "Gara con DURC scaduto": "expired",
        "Gara con verifiche valide": None,
        "Gara senza verifiche": None,
    }
    html = api.content.get_view("gare", cuneo, request_it)()
    assert "Verifiche sui requisiti scadute o in scadenza (2)" in " ".join(html.split())
    assert "Verifiche scadute" in html and "Verifiche in scadenza" in html
