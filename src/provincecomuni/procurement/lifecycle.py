"""The life of a tender dossier: its workflow states and transitions, and the
prerequisites a transition checks before it may run.

The ids below are shared by the workflow definition
(profiles/default/workflows/provincecomuni_tender_workflow), the guards, OCDS,
the SUA dashboard and the reminders: change them in one place only.

Prerequisites are subscription adapters: each feature that can block a
transition (the checklist, the lots' CIGs, the awardee's requirement checks)
registers one, and the workflow guard, the dossier view and the REST answer
all ask ``missing_prerequisites`` the same question.
"""

from zope.interface import Interface


# State id -> (what OCDS calls the tender's status at that point).
BOZZA = "bozza"
ISTRUTTORIA = "istruttoria"
APPROVATO_COMUNE = "approvato_comune"
PRONTO_PUBBLICAZIONE = "pronto_pubblicazione"
PUBBLICATO = "pubblicato"
IN_VALUTAZIONE = "in_valutazione"
AGGIUDICATO = "aggiudicato"
CONTRATTO_STIPULATO = "contratto_stipulato"
CHIUSO = "chiuso"
ANNULLATO = "annullato"
DESERTO = "deserto"

STATES = (
    BOZZA,
    ISTRUTTORIA,
    APPROVATO_COMUNE,
    PRONTO_PUBBLICAZIONE,
    PUBBLICATO,
    IN_VALUTAZIONE,
    AGGIUDICATO,
    CONTRATTO_STIPULATO,
    CHIUSO,
    ANNULLATO,
    DESERTO,
)

# The states in which the tender is public (published on the platform or later).
PUBLIC_STATES = (PUBBLICATO, IN_VALUTAZIONE, AGGIUDICATO, CONTRATTO_STIPULATO, CHIUSO, DESERTO)

# Forward transitions (id -> destination state).
AVVIA_ISTRUTTORIA = "avvia_istruttoria"  # bozza -> istruttoria
APPROVA_COMUNE = "approva_comune"  # istruttoria -> approvato_comune
PREPARA_PUBBLICAZIONE = "prepara_pubblicazione"  # approvato_comune -> pronto_pubblicazione
PUBBLICA = "pubblica"  # pronto_pubblicazione -> pubblicato
AVVIA_VALUTAZIONE = "avvia_valutazione"  # pubblicato -> in_valutazione
AGGIUDICA = "aggiudica"  # in_valutazione -> aggiudicato
STIPULA = "stipula"  # aggiudicato -> contratto_stipulato
CHIUDI = "chiudi"  # contratto_stipulato (or annullato/deserto) -> chiuso
ANNULLA = "annulla"  # any state before aggiudicato -> annullato
DICHIARA_DESERTA = "dichiara_deserta"  # pubblicato / in_valutazione -> deserto


class ITransitionPrerequisites(Interface):
    """Subscription adapter on a tender dossier: what a transition still needs."""

    def missing(transition_id):
        """A list of translatable messages, one per thing missing; empty if none."""


def missing_prerequisites(dossier, transition_id):
    """Everything every registered prerequisite says is missing for a transition."""
    from zope.component import subscribers

    messages = []
    for prerequisite in subscribers((dossier,), ITransitionPrerequisites):
        messages.extend(prerequisite.missing(transition_id) or ())
    return messages
