"""Who may upload templates, generate documents and download the publication package;
and the release 1002 upgrade that brings the feature to an existing site."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from provincecomuni.membership import api as membership

import pytest


ADD_TEMPLATE = "provincecomuni: Add DocumentTemplate"
DOWNLOAD = "provincecomuni: Download publication package"
PROFILE = "provincecomuni:default"


@pytest.fixture
def cuneo(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal["province"]["cuneo"]


@pytest.fixture
def dossier(cuneo):
    return api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Servizio mensa",
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


@pytest.fixture
def members(portal, cuneo):
    for userid, role in (
        ("coord", "coordinatore"),
        ("redat", "redattore"),
        ("collab", "collaboratore"),
        ("lett", "lettore"),
    ):
        api.user.create(email=f"{userid}@example.org", username=userid)
        membership.add_member(cuneo, userid, role)
    api.user.create(email="altro@example.org", username="altro")
    membership.add_member(portal["province"]["modena"], "altro", "coordinatore")


def _can(userid, permission, obj):
    return api.user.has_permission(permission, username=userid, obj=obj)


def test_coordinators_upload_templates_others_do_not(cuneo, members):
    assert _can("coord", ADD_TEMPLATE, cuneo)
    assert "DocumentTemplate" in [fti.getId() for fti in cuneo.allowedContentTypes()]
    for userid in ("redat", "collab", "lett", "altro"):
        assert not _can(userid, ADD_TEMPLATE, cuneo), userid


def test_the_package_is_for_coordinators_and_redattori(dossier, members):
    for userid in ("coord", "redat"):
        assert _can(userid, DOWNLOAD, dossier), userid
    for userid in ("collab", "lett", "altro"):
        assert not _can(userid, DOWNLOAD, dossier), userid


def test_generating_needs_the_right_to_add_content(dossier, members):
    for userid in ("coord", "redat", "collab"):
        assert _can(userid, "Add portal content", dossier), userid
    for userid in ("lett", "altro"):
        assert not _can(userid, "Add portal content", dossier), userid


def test_upgrade_from_1001_adds_the_template_type_and_permissions(portal, cuneo):
    types = portal.portal_types
    types.manage_delObjects(["DocumentTemplate"])
    fti = types["ProvinceCommunity"]
    fti.allowed_content_types = tuple(
        t for t in fti.allowed_content_types if t != "DocumentTemplate"
    )
    portal.manage_permission(DOWNLOAD, roles=["Manager"], acquire=0)
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert "DocumentTemplate" in types.objectIds()
    assert "DocumentTemplate" in types["ProvinceCommunity"].allowed_content_types
    roles = {r["name"] for r in portal.rolesOfPermission(DOWNLOAD) if r["selected"]}
    assert {"Coordinator", "Editor", "Site Administrator"} <= roles
    template = api.content.create(
        container=cuneo,
        type="DocumentTemplate",
        title="Modello",
        document_kind="verbale_gara",
    )
    chain = api.portal.get_tool("portal_workflow").getChainFor(template)
    assert chain == ("provincecomuni_community_content_workflow",)
