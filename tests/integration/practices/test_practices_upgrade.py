"""The upgrade to release 1001 brings a site without good practices and training up to date."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID


PROFILE = "provincecomuni:default"
INDEXES = ("practice_provinces", "practice_regions", "practice_year", "adoption_count")


def test_upgrade_adds_good_practices_and_training(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    catalog = api.portal.get_tool("portal_catalog")
    workflow = api.portal.get_tool("portal_workflow")
    # A site of release 1000: no type, workflow, indexes or catalogue page.
    portal.portal_types.manage_delObjects(["GoodPractice"])
    workflow.manage_delObjects(["provincecomuni_good_practice_workflow"])
    for index in INDEXES:
        catalog.delIndex(index)
    portal["buone-pratiche"].setLayout("listing_view")
    portal.portal_types.manage_delObjects(["TrainingPlan", "Course", "CourseSession"])
    workflow.manage_delObjects(["provincecomuni_course_workflow"])
    from plone.base.interfaces.constrains import ISelectableConstrainTypes

    ISelectableConstrainTypes(portal["formazione"]).setConstrainTypesMode(0)
    portal.portal_setup.setLastVersionForProfile(PROFILE, "1000")

    portal.portal_setup.upgradeProfile(PROFILE)

    assert "GoodPractice" in portal.portal_types
    assert workflow.getChainForPortalType("GoodPractice") == (
        "provincecomuni_good_practice_workflow",
    )
    assert set(INDEXES) <= set(catalog.indexes())
    assert portal["buone-pratiche"].getLayout() == "good-practices"
    assert "GoodPractice" in [
        fti.getId() for fti in portal["province"]["cuneo"].allowedContentTypes()
    ]
    # Training: the types, the course workflow, /formazione holding the plans.
    assert {"TrainingPlan", "Course", "CourseSession"} <= set(portal.portal_types.objectIds())
    assert workflow.getChainForPortalType("Course") == ("provincecomuni_course_workflow",)
    assert workflow.getChainForPortalType("CourseSession") == ()
    assert [fti.getId() for fti in portal["formazione"].allowedContentTypes()] == [
        "Document",
        "Folder",
        "TrainingPlan",
    ]
