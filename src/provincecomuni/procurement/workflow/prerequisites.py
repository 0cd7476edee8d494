"""The prerequisites of the tender workflow's transitions that this package checks.

"Pronto per la pubblicazione" needs a valid CIG on every lot; every transition
needs the required checklist documents meant for it, present and, where the
Comune must approve them, approved for their current version. (The awardee's
requirement checks before "aggiudicato" are another feature's prerequisite.)
"""

from plone import api
from provincecomuni import _
from provincecomuni.domain import procurement
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.lifecycle import ITransitionPrerequisites
from provincecomuni.procurement.workflow import checklist
from zope.interface import implementer


@implementer(ITransitionPrerequisites)
class LotsAndChecklist:
    def __init__(self, context):
        self.context = context

    def missing(self, transition_id):
        messages = []
        state = api.content.get_state(self.context, default=None)
        if transition_id == lifecycle.CHIUDI and state in (lifecycle.ANNULLATO, lifecycle.DESERTO):
            return messages  # an annulled or deserted tender has no contract to file
        if transition_id == lifecycle.PREPARA_PUBBLICAZIONE:
            lots = self.context.lots or []
            if not lots:
                messages.append(_("missing_lots", default="The dossier has no lots."))
            for number, lot in enumerate(lots, start=1):
                cig = (lot.get("cig") or "").strip()
                if not procurement.is_cig(cig):
                    messages.append(
                        _(
                            "missing_lot_cig",
                            default="Lot ${number}: it needs a valid CIG.",
                            mapping={"number": number},
                        )
                    )
        messages.extend(checklist.missing_for(self.context, transition_id))
        return messages
