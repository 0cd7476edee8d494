"""Release 1002, bidders and checks: a site at 1001 gets the behavior and the setting."""

from datetime import date
from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.interfaces import IDexterityFTI
from plone.registry.interfaces import IRegistry
from provincecomuni.procurement.awards import IAwards
from zope.component import getUtility


PROFILE = "provincecomuni:default"
BEHAVIOR = "provincecomuni.procurement.awards"
RECORD = "provincecomuni.procurement.awards.expiring_days"


def test_upgrade_from_1001_adds_bidders_checks_and_the_expiring_window(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    fti = getUtility(IDexterityFTI, name="TenderDossier")
    # A site of release 1001: no behavior, no setting.
    fti.manage_changeProperties(behaviors=tuple(b for b in fti.behaviors if b != BEHAVIOR))
    registry = getUtility(IRegistry)
    del registry.records[RECORD]
    catalog = api.portal.get_tool("portal_catalog")
    catalog.delIndex("tender_checks_expiry")
    cuneo = portal["province"]["cuneo"]
    dossier = api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Gara scuole",
        commissioning_comune="004078",
        contract_object="servizi",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        total_amount=Decimal("100000.00"),
        lots=[
            {
                "cig": "9050626CD6",
                "subject": "Pulizie",
                "amount": Decimal("100000.00"),
                "cpv": None,
                "status": "IN_LAV",
            }
        ],
    )
    assert not IAwards.providedBy(dossier)
    # Checks written by a client before the upgrade are indexed by it.
    dossier.requirement_checks = [
        {
            "tax_code": "01234560017",
            "document_type": "00024",
            "issuer": None,
            "requested": date(2027, 4, 1),
            "outcome": "positivo",
            "valid_until": date(2027, 7, 30),
            "evidence": None,
        }
    ]
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert BEHAVIOR in fti.behaviors
    assert IAwards.providedBy(dossier)
    assert dossier.bidders == []
    assert api.portal.get_registry_record(RECORD) == 30
    assert "tender_checks_expiry" in catalog.indexes()
    found = catalog(tender_checks_expiry={"query": date(2027, 7, 30), "range": "max"})
    assert [b.getId for b in found] == [dossier.getId()]
    # Running it again changes nothing.
    setup.setLastVersionForProfile(PROFILE, "1001")
    setup.upgradeProfile(PROFILE)
    assert list(fti.behaviors).count(BEHAVIOR) == 1
