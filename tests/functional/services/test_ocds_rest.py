"""OCDS over HTTP: ``@ocds`` on a dossier, the paginated ``@ocds-releases`` package,
the ocid prefix setting (``@controlpanels/ocds``) and its validation."""

from DateTime import DateTime
from datetime import date
from datetime import datetime
from decimal import Decimal
from plone import api
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds.schema import package_validator
from provincecomuni.procurement.ocds.schema import release_validator

import pytest
import transaction


READER_PASSWORD = "secret-reader-1"  # noqa: S105


def set_state(dossier, state):
    workflow = api.portal.get_tool("portal_workflow")
    for chain in workflow.getChainFor(dossier):
        workflow.setStatusOf(
            chain,
            dossier,
            {
                "review_state": state,
                "action": None,
                "actor": "test",
                "time": DateTime(),
                "comments": "",
            },
        )
    dossier.reindexObject(idxs=["review_state"])


def make_dossier(container, title, state, comune="004078"):
    item = api.content.create(
        container=container,
        type="TenderDossier",
        title=title,
        commissioning_comune=comune,
        contract_object="servizi",
        procedure="9",
        award_criterion="ratedCriteria",
        main_cpv="77310000",
        total_amount=Decimal("250000.00"),
        lots=[
            {
                "cig": "9050626CD6",
                "subject": title,
                "amount": Decimal("250000.00"),
                "cpv": "77310000",
                "status": "PUBB",
            }
        ],
        publication_date=date(2027, 2, 1),
        offer_deadline=datetime(2027, 3, 1, 12, 0),
        award_date=date(2027, 4, 10),
        contract_date=date(2027, 5, 20),
    )
    item.bidders = [
        {
            "lot": "1",
            "name": "Verde Pubblico Soc. Coop.",
            "tax_code": "00743110157",
            "group_role": None,
            "group_name": None,
            "awardee": True,
            "offer_amount": Decimal("231000.10"),
        }
    ]
    set_state(item, state)
    return item


# Public states, one dossier each.
PUBLIC = [
    ("Verde pubblico 1", lifecycle.PUBBLICATO),
    ("Verde pubblico 2", lifecycle.IN_VALUTAZIONE),
    ("Verde pubblico 3", lifecycle.AGGIUDICATO),
    ("Verde pubblico 4", lifecycle.CONTRATTO_STIPULATO),
    ("Verde pubblico 5", lifecycle.CHIUSO),
    ("Verde pubblico 6", lifecycle.DESERTO),
]


@pytest.fixture
def dossiers(functional_portal):
    """Six public dossiers (two Provinces) and two that are not public."""
    with api.env.adopt_roles(["Manager"]):
        cuneo = functional_portal["province"]["cuneo"]
        novara = functional_portal["province"]["novara"]
        created = {}
        for index, (title, state) in enumerate(PUBLIC):
            if state == lifecycle.CHIUSO:
                created[title] = make_dossier(cuneo, title, lifecycle.CONTRATTO_STIPULATO)
                set_state(created[title], state)
                continue
            container = novara if index == 1 else cuneo
            comune = "003106" if index == 1 else "004078"  # Novara / Cuneo
            created[title] = make_dossier(container, title, state, comune)
        created["bozza"] = make_dossier(cuneo, "In bozza", lifecycle.BOZZA)
        created["annullato"] = make_dossier(cuneo, "Annullata", lifecycle.ANNULLATO)
    transaction.commit()
    return created


def _path(item):
    return "/" + "/".join(item.getPhysicalPath()[2:])


def test_ocds_of_a_dossier_is_a_valid_release(manager_request, dossiers):
    dossier = dossiers["Verde pubblico 3"]

    response = manager_request.get(f"{_path(dossier)}/@ocds")

    assert response.status_code == 200, response.text[:1000]
    release = response.json()
    assert not list(release_validator().iter_errors(release))
    assert release["ocid"] == f"ocds-xxxxxx-{dossier.UID()}"
    assert release["tag"] == ["award"]
    assert release["tender"]["procurementMethod"] == "selective"
    assert release["tender"]["mainProcurementCategory"] == "services"
    assert release["awards"][0]["value"] == {"amount": 231000.1, "currency": "EUR"}
    assert release["awards"][0]["suppliers"][0]["id"] == "IT-CF-00743110157"


def test_the_package_lists_the_public_dossiers_page_by_page(manager_request, dossiers):
    first = manager_request.get("/@ocds-releases", params={"page_size": 4})

    assert first.status_code == 200, first.text[:1000]
    package = first.json()
    assert not list(package_validator().iter_errors(package))
    assert package["version"] == "1.1"
    assert package["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/"
        "ocds_lots_extension/v1.1.5/extension.json"
    ]
    assert package["publisher"]["name"]
    assert package["total"] == 6
    assert len(package["releases"]) == 4
    assert "prev" not in package["links"]
    assert package["links"]["next"].endswith("/@ocds-releases?page=2&page_size=4")

    second = manager_request.get("/@ocds-releases", params={"page": 2, "page_size": 4}).json()

    assert not list(package_validator().iter_errors(second))
    assert len(second["releases"]) == 2
    assert "next" not in second["links"]
    assert second["links"]["prev"].endswith("/@ocds-releases?page=1&page_size=4")
    assert second["uri"].endswith("/@ocds-releases?page=2&page_size=4")
    # Neither the draft nor the cancelled dossier (not a public state) is published.
    ocids = {r["ocid"] for r in package["releases"] + second["releases"]}
    assert f"ocds-xxxxxx-{dossiers['bozza'].UID()}" not in ocids
    assert f"ocds-xxxxxx-{dossiers['annullato'].UID()}" not in ocids
    assert len(ocids) == 6
    titles = [r["tender"]["title"] for r in package["releases"] + second["releases"]]
    assert sorted(titles) == [title for title, _state in PUBLIC]
    # The order is stable: asking again gives the same pages.
    again = manager_request.get("/@ocds-releases", params={"page_size": 4}).json()
    assert [r["ocid"] for r in again["releases"]] == [r["ocid"] for r in package["releases"]]
    beyond = manager_request.get("/@ocds-releases", params={"page": 9, "page_size": 4}).json()
    assert beyond["releases"] == [] and beyond["total"] == 6


def test_the_package_of_one_province(manager_request, dossiers):
    package = manager_request.get("/province/novara/@ocds-releases").json()

    assert package["total"] == 1
    assert [r["tender"]["title"] for r in package["releases"]] == ["Verde pubblico 2"]
    assert package["releases"][0]["buyer"]["name"] == "Comune di Novara"


def test_the_package_shows_only_what_the_caller_may_see(
    request_factory, anon_request, functional_portal, dossiers
):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="r@example.org", username="lettore", password=READER_PASSWORD)
        dossier = dossiers["Verde pubblico 4"]
        # The community workflow (until the tender workflow lands) shows a private
        # dossier to its editors: one local role on one dossier.
        api.user.grant_roles(username="lettore", obj=dossier, roles=["Editor"])
        dossier.reindexObjectSecurity()
    transaction.commit()

    # The community workflow keeps these dossiers private: anonymous sees none.
    assert anon_request.get("/@ocds-releases").json()["total"] == 0
    reader = request_factory(basic_auth=("lettore", READER_PASSWORD))
    package = reader.get("/@ocds-releases").json()
    assert package["total"] == 1
    assert package["releases"][0]["tender"]["title"] == "Verde pubblico 4"
    assert anon_request.get(f"{_path(dossier)}/@ocds").status_code == 401


@pytest.mark.parametrize(
    "params,field",
    [
        ({"page": "0"}, "page"),
        ({"page": "due"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
    ],
)
def test_bad_paging_answers_400_naming_the_parameter(manager_request, params, field):
    response = manager_request.get("/@ocds-releases", params=params)

    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert field in response.json()["error"]["message"]


def test_the_prefix_is_set_in_the_control_panel_and_checked(manager_request, dossiers):
    bad = manager_request.patch("/@controlpanels/ocds", json={"ocid_prefix": "OCDS-12"})
    assert bad.status_code == 400, bad.text[:1000]
    assert "ocds-" in bad.text

    good = manager_request.patch("/@controlpanels/ocds", json={"ocid_prefix": "ocds-213czf"})
    assert good.status_code == 204, good.text[:1000]

    dossier = dossiers["Verde pubblico 1"]
    release = manager_request.get(f"{_path(dossier)}/@ocds").json()
    assert release["ocid"] == f"ocds-213czf-{dossier.UID()}"
    panel = manager_request.get("/@controlpanels/ocds").json()
    assert panel["data"]["ocid_prefix"] == "ocds-213czf"


def test_site_administrators_find_the_control_panel(manager_request):
    panels = manager_request.get("/@controlpanels").json()
    assert "ocds" in [p["@id"].rsplit("/", 1)[-1] for p in panels]
