"""The pages of the digital agenda: dashboard (charts and table), comparison, import, export."""

from io import BytesIO
from lxml import html
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.protect.authenticator import createToken
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.sit.measurements import import_csv
from provincecomuni.sit.setup import indicator_specs
from provincecomuni.sit.store import get_store
from provincecomuni.sit.store import MeasurementStore
from provincecomuni.sit.store import set_store
from zope.interface import alsoProvides

import csv
import io
import pytest


DATA = (
    "indicator,territory,period,value,source,collected_on\n"
    "SPID_CIE_SERVICES,004003,2023,40,AGID,\n"
    "SPID_CIE_SERVICES,004003,2024,60,AGID,\n"
    "SPID_CIE_SERVICES,004078,2024,80,AGID,\n"
    "SPID_CIE_SERVICES,036023,2024,90,AGID,\n"
    "PNRR_FUNDS,004003,2024,125000.5,PA digitale 2026,\n"
    "SUA_EPROCUREMENT,004,2024,70,ANAC,\n"
    "SUA_EPROCUREMENT,036,2024,100,ANAC,\n"
)


@pytest.fixture
def section(portal):
    store = MeasurementStore()
    report = import_csv(store, indicator_specs(portal), DATA)
    assert report.errors == []
    set_store(portal, store)
    return portal["agenda-digitale"]


def _view(section, name, **form):
    request = section.REQUEST
    alsoProvides(request, IProvinceComuniLayer)
    request.form.clear()
    request.form.update(form)
    for key, value in form.items():
        request.set(key, value)
    return section.restrictedTraverse(f"@@{name}")


def test_province_dashboard_has_charts_and_the_table(section):
    page = html.fromstring(_view(section, "dashboard", territory="004")())
    assert "Cuneo" in page.cssselect("h1")[0].text_content()
    card = page.cssselect('[data-indicator="SPID_CIE_SERVICES"]')[0]
    svg = card.cssselect("svg.pc-chart")[0]
    assert svg.get("role") == "img"
    # Two periods: a line through two points; the target 2024? none; 2023 and 2024 values.
    assert len(svg.cssselect("circle.pc-chart-point")) == 2
    assert svg.cssselect("polyline.pc-chart-line")
    assert "2023: 40 %" in svg.cssselect("desc")[0].text
    rows = {
        tr.cssselect("th")[0].text_content().strip(): [
            td.text_content().strip() for td in tr.cssselect("td")
        ]
        for tr in page.cssselect("table.pc-benchmark-table tbody tr")
    }
    spid = rows["Servizi online accessibili con SPID e CIE"]
    # Cuneo 2024 = mean(60, 80) = 70, computed; Modena 90: Cuneo 2nd of 2.
    assert (spid[0], " ".join(spid[1].split()), spid[2]) == ("2024", "70 % *", "2/2")
    assert spid[4] == "80 %"  # national: (70 + 90) / 2
    sua = rows["Gare della SUA su piattaforma certificata"]
    assert sua[:3] == ["2024", "70 %", "2/2"]
    assert (sua[5], sua[6]) == ("–", "–")  # no target for 2024
    funds = rows["Finanziamenti PA digitale 2026 assegnati"]
    assert funds[1].startswith("125.000 €")  # the sum of its Comuni, rounded
    # The Comuni of the Province link to their dashboards.
    links = page.cssselect(".pc-comuni-links a")
    assert len(links) == 247
    assert links[0].get("href").endswith("@@dashboard?territory=004001")


def test_comune_dashboard_ranks_among_the_comuni_of_its_province(section):
    page = html.fromstring(_view(section, "dashboard", territory="004003")())
    assert "Alba" in page.cssselect("h1")[0].text_content()
    rows = {
        tr.cssselect("th")[0].text_content().strip(): [
            td.text_content().strip() for td in tr.cssselect("td")
        ]
        for tr in page.cssselect("table.pc-benchmark-table tbody tr")
    }
    assert "Gare della SUA su piattaforma certificata" not in rows  # Provinces only
    spid = rows["Servizi online accessibili con SPID e CIE"]
    # Alba 60 vs Cuneo 80 in 2024: 2nd of 2; target 2024 none.
    assert spid[:3] == ["2024", "60 %", "2/2"]
    assert spid[4] == "76,7 %"  # national Comuni: (60 + 80 + 90) / 3


def test_dashboard_of_an_unknown_territory_says_why(section):
    view = _view(section, "dashboard", territory="999")
    page = html.fromstring(view())
    assert section.REQUEST.response.getStatus() == 400
    assert "territory" in page.cssselect(".alert-danger")[0].text_content()


def test_compare_two_provinces(section):
    page = html.fromstring(_view(section, "compare", territory=["004", "036"])())
    header = [th.text_content().strip() for th in page.cssselect("table.pc-compare-table thead th")]
    assert header[1:] == ["Cuneo", "Modena"]
    row = next(
        tr
        for tr in page.cssselect("table.pc-compare-table tbody tr")
        if "SPID" in tr.cssselect("th")[0].text_content()
    )
    cells = [" ".join(td.text_content().split()) for td in row.cssselect("td")]
    assert cells[0].startswith("70 % (2024")
    assert cells[1].startswith("90 % (2024")
    bars = page.cssselect("svg.pc-chart rect.pc-chart-bar")
    assert len(bars) >= 4


@pytest.mark.parametrize(
    "codes", [["004"], ["004", "005", "036", "038", "001", "006"], ["004", "004003"]]
)
def test_compare_needs_two_to_five_territories_of_one_level(section, codes):
    page = html.fromstring(_view(section, "compare", territory=codes)())
    assert section.REQUEST.response.getStatus() == 400
    assert page.cssselect(".alert-danger")


def test_export_csv_of_a_selection(section):
    view = _view(section, "export-measurements", indicator="SPID_CIE_SERVICES", province="004")
    rows = list(csv.DictReader(io.StringIO(view())))
    assert [(r["territory"], r["period"], r["value"]) for r in rows] == [
        ("004003", "2023", "40"),
        ("004003", "2024", "60"),
        ("004078", "2024", "80"),
    ]
    assert section.REQUEST.response.getHeader("Content-Type").startswith("text/csv")


class Upload(BytesIO):
    filename = "misure.csv"


def test_import_form_reports_errors_and_imports_nothing(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    section = portal["agenda-digitale"]
    bad = DATA + "SPID_CIE_SERVICES,004003,2024,61,AGID,\n"
    request = section.REQUEST
    request.method = "POST"
    view = _view(
        section,
        "import-measurements",
        csvfile=Upload(bad.encode()),
        **{"form.buttons.import": "1", "_authenticator": createToken()},
    )
    page = html.fromstring(view())
    codes = [tr.get("data-code") for tr in page.cssselect("table.pc-import-report tbody tr")]
    assert codes == ["duplicate"]
    assert page.cssselect(".pc-import-errors")
    assert get_store(portal) is None
    request.form["csvfile"] = Upload(DATA.encode())
    page = html.fromstring(view())
    assert page.cssselect(".pc-import-ok")
    # Computed: SPID Cuneo 2023 and 2024, Modena 2024; PNRR_FUNDS Cuneo 2024.
    assert len(get_store(portal)) == 7 + 4


def test_overview_lists_the_indicators_by_area(section):
    page = html.fromstring(_view(section, "digital-agenda-overview")())
    codes = [c.text for c in page.cssselect(".pc-indicator-table code")]
    assert len(codes) >= 15
    assert len(page.cssselect("#pc-dashboard-province option")) == 76
