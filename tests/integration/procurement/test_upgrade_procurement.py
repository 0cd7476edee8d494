"""Upgrade to release 1001 adds the tender dossier to an existing site."""

from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID


PROFILE = "provincecomuni:default"


def test_upgrade_adds_the_tender_dossier_type(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    types = portal.portal_types
    types.manage_delObjects(["TenderDossier"])
    community_fti = types["ProvinceCommunity"]
    community_fti.allowed_content_types = tuple(
        t for t in community_fti.allowed_content_types if t != "TenderDossier"
    )
    policy = portal.portal_placeful_workflow.getWorkflowPolicyById("provincecomuni_community")
    policy.delChain("TenderDossier")
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1000")

    portal.portal_setup.upgradeProfile(PROFILE)

    assert "TenderDossier" in types.objectIds()
    cuneo = portal["province"]["cuneo"]
    assert "TenderDossier" in [fti.getId() for fti in cuneo.allowedContentTypes()]
    dossier = cuneo[cuneo.invokeFactory("TenderDossier", "gara", title="Gara")]
    assert dossier.portal_type == "TenderDossier"
    # Release 1002 (run by the same upgrade) gives dossiers their own workflow.
    chain = portal.portal_workflow.getChainFor(dossier)
    assert chain == ("provincecomuni_tender_workflow",)
