"""The commissioning Comune's staff on their own dossiers (a borg.localrole provider).

The staff of a Comune are the virtual group ``pc.comune.<ISTAT code>`` (their
affiliation, membership/pas.py). On a dossier commissioned by their Comune they
get: Reader (the dossier once public), Reviewer (its documents while private:
the record and community content workflows let Reviewers view private items)
and TenderCommissioner (the dossier in every state, approving documents,
approving the dossier). On other Comuni's dossiers they get nothing. Computed,
not stored: the Sharing page cannot remove it, and it follows the field.
"""

from borg.localrole.interfaces import ILocalRoleProvider
from provincecomuni.membership.roles import territory_group_id
from provincecomuni.procurement.content import ITenderDossier
from zope.component import adapter
from zope.interface import implementer


COMMISSIONER_ROLES = ("Reader", "Reviewer", "TenderCommissioner")


@implementer(ILocalRoleProvider)
@adapter(ITenderDossier)
class CommissioningComuneRoles:
    def __init__(self, context):
        self.context = context

    def getAllRoles(self):
        code = getattr(self.context, "commissioning_comune", None)
        if code:
            yield territory_group_id("comune", code), COMMISSIONER_ROLES

    def getRoles(self, principal_id):
        return dict(self.getAllRoles()).get(principal_id, ())
