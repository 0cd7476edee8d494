"""Release 1002, bidders and checks: a site at 1001 gets the behavior and the setting."""

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
    setup = portal.portal_setup
    setup.setLastVersionForProfile(PROFILE, "1001")

    setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == ("1002",)
    assert BEHAVIOR in fti.behaviors
    assert IAwards.providedBy(dossier)
    assert dossier.bidders == [] and dossier.requirement_checks == []
    assert api.portal.get_registry_record(RECORD) == 30
    # Running it again changes nothing.
    setup.setLastVersionForProfile(PROFILE, "1001")
    setup.upgradeProfile(PROFILE)
    assert list(fti.behaviors).count(BEHAVIOR) == 1
