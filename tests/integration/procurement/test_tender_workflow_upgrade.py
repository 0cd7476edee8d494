"""Release 1002, SUA workflow: a site at 1001 gets the tender workflow; old dossiers are mapped."""

from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from provincecomuni.membership import api as membership
from provincecomuni.procurement.workflow import checklist
from provincecomuni.records.interfaces import IFascicolo


PROFILE = "provincecomuni:default"
OLD = "provincecomuni_community_content_workflow"
BEHAVIOR = "provincecomuni.procurement.fascicolo"
EDIT_NOTICE = "provincecomuni: Edit tender notice"


def _old_dossier(cuneo, title):
    """A dossier as release 1001 made it: community workflow, no folders, no checklist."""
    dossier = api.content.create(
        container=cuneo,
        type="TenderDossier",
        title=title,
        commissioning_comune="004078",
        contract_object="servizi",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        total_amount=Decimal("100000.00"),
        lots=[],
    )
    dossier.manage_delObjects(list(dossier.objectIds()))
    del dossier.checklist
    del dossier._checklist_procedure
    return dossier


def test_upgrade_binds_the_workflow_and_maps_the_old_dossiers(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    workflow_tool = portal.portal_workflow
    # The site as release 1001 left it.
    workflow_tool.manage_delObjects(["provincecomuni_tender_workflow"])
    policy = portal.portal_placeful_workflow.getWorkflowPolicyById("provincecomuni_community")
    policy.setChain("TenderDossier", (OLD,))
    fti = portal.portal_types["TenderDossier"]
    fti.manage_changeProperties(behaviors=tuple(b for b in fti.behaviors if b != BEHAVIOR))
    cuneo = portal["province"]["cuneo"]
    draft = _old_dossier(cuneo, "Gara in bozza")
    shared = _old_dossier(cuneo, "Gara condivisa")
    api.content.transition(obj=shared, transition="publish")
    document = api.content.create(
        container=shared,
        type="File",
        title="Bozza del bando",
        file=NamedBlobFile(data=b"%PDF-1.4", filename="bando.pdf"),
    )
    assert workflow_tool.getChainFor(draft) == (OLD,)
    assert not IFascicolo.providedBy(draft)
    # Release 1001 had no permission for the notice's data.
    portal.manage_permission(EDIT_NOTICE, roles=[], acquire=0)
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1001")

    portal.portal_setup.upgradeProfile(PROFILE)

    assert portal.portal_setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert workflow_tool.getChainFor(draft) == ("provincecomuni_tender_workflow",)
    assert api.content.get_state(draft) == "bozza"
    assert api.content.get_state(shared) == "istruttoria"
    history = workflow_tool.getInfoFor(shared, "review_history")
    assert "was 'published'" in history[-1]["comments"]
    for dossier in (draft, shared):
        assert IFascicolo.providedBy(dossier)
        assert dossier.fascicolo_id.startswith("FASC-")
        assert "documenti-gara" in dossier.objectIds()
        assert checklist.get_item(dossier, "bando")["required"]
    # Its document is a record of the fascicolo now, still private.
    assert workflow_tool.getChainFor(document) == ("provincecomuni_record_workflow",)
    assert api.content.get_state(document) == "private"
    assert document.aggregation_id == shared.fascicolo_id
    # The notice's data: whoever may add a dossier in a community writes it in the add
    # form; on a dossier the workflow grants it before publication only.
    assert "Contributor" in [
        r["name"] for r in portal.rolesOfPermission(EDIT_NOTICE) if r["selected"]
    ]
    api.user.create(email="s@example.org", username="sua", password="Una-password-lunga-1")  # noqa: S106
    membership.add_member(cuneo, "sua", "redattore")
    with api.env.adopt_user(username="sua"):
        for dossier in (draft, shared):
            assert api.user.has_permission(EDIT_NOTICE, obj=dossier)
            assert api.user.has_permission("Modify portal content", obj=dossier)
    # The Comune's staff find their dossiers.
    api.user.create(email="c@example.org", username="cuneese", password="Una-password-lunga-1")  # noqa: S106
    membership.set_affiliation("cuneese", "comune", "004078")
    with api.env.adopt_user(username="cuneese"):
        found = {b.Title for b in api.content.find(portal_type="TenderDossier")}
    assert found == {"Gara in bozza", "Gara condivisa"}
