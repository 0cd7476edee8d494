"""Release 1001, invitations and the roster page (registry record, "Members" action)."""

from plone.registry import field
from plone.registry.interfaces import IRegistry
from plone.registry.record import Record
from provincecomuni.membership.invitations import DEFAULT_VALIDITY_DAYS
from provincecomuni.membership.invitations import VALIDITY_RECORD
from zope.component import getUtility


PROFILE = "profile-provincecomuni:default"


def upgrade(setup_tool):
    # The record of registry/invitations.xml, added alone: importing the whole
    # registry step would reset the site's other settings to the profile's values.
    registry = getUtility(IRegistry)
    if VALIDITY_RECORD not in registry.records:
        registry.records[VALIDITY_RECORD] = Record(
            field.Int(
                title="Validità degli inviti (giorni)",
                description="Per quanti giorni il link di un invito a una community resta valido.",
                min=1,
                max=365,
            ),
            DEFAULT_VALIDITY_DAYS,
        )
    # The "Members" tab of the communities (actions.xml holds only that action).
    setup_tool.runImportStepFromProfile(PROFILE, "actions", run_dependencies=False)
