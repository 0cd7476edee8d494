"""Fixed vocabularies of the AgID metadata (annex 5) and of fascicoli."""

from provincecomuni import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


# ModalitaDiFormazione: the letters of the guidelines (section 2.1.1).
FORMATION_MODES = (
    ("a", _("formation_a", default="Created with software tools")),
    ("b", _("formation_b", default="Acquired (received, scanned or copied)")),
    ("c", _("formation_c", default="From forms or electronic transactions")),
    ("d", _("formation_d", default="Generated from databases")),
)

# TipologiaDiFlusso
FLOWS = (
    ("E", _("flow_E", default="Incoming (E)")),
    ("U", _("flow_U", default="Outgoing (U)")),
    ("I", _("flow_I", default="Internal (I)")),
)

# TipoRegistro
REGISTERS = (
    ("none", _("register_none", default="Not registered")),
    ("protocol", _("register_protocol", default="Protocol (Protocollo ordinario)")),
    ("repertory", _("register_repertory", default="Repertory (Repertorio/Registro)")),
)

# Ruolo of a subject.
SUBJECT_ROLES = (
    ("author", _("role_author", default="Author")),
    ("sender", _("role_sender", default="Sender")),
    ("recipient", _("role_recipient", default="Recipient")),
    ("operator", _("role_operator", default="Operator")),
    ("assignee", _("role_assignee", default="Assignee")),
    ("producer", _("role_producer", default="Producer")),
    ("rup", _("role_rup", default="RUP (responsible for the procedure)")),
    ("registrar", _("role_registrar", default="Registrar")),
    ("other", _("role_other", default="Other")),
)

# TipoSoggetto: natural person, legal person, Italian public administration.
SUBJECT_KINDS = (
    ("PF", _("kind_PF", default="Natural person")),
    ("PG", _("kind_PG", default="Legal person")),
    ("PAI", _("kind_PAI", default="Public administration")),
)

# TipoAggregazione / TipologiaFascicolo
FASCICOLO_TYPES = (
    ("affare", _("fascicolo_affare", default="Affair (affare)")),
    ("attivita", _("fascicolo_attivita", default="Activity (attività)")),
    ("persona_fisica", _("fascicolo_persona_fisica", default="Natural person")),
    ("persona_giuridica", _("fascicolo_persona_giuridica", default="Legal person")),
    (
        "procedimento_amministrativo",
        _("fascicolo_procedimento", default="Administrative procedure"),
    ),
)

# Annex 5 values written in the deposit package's XML.
FORMATION_XML = {"a": "a", "b": "b", "c": "c", "d": "d"}
REGISTER_XML = {"none": "Nessuno", "protocol": "Protocollo Ordinario", "repertory": "Repertorio"}
FASCICOLO_TYPE_XML = {
    "affare": "Affare",
    "attivita": "Attività",
    "persona_fisica": "Persona fisica",
    "persona_giuridica": "Persona giuridica",
    "procedimento_amministrativo": "Procedimento amministrativo",
}


def _vocabulary(items):
    return SimpleVocabulary([SimpleTerm(value=v, token=v, title=t) for v, t in items])


@provider(IVocabularyFactory)
def FormationModesVocabulary(context=None):
    return _vocabulary(FORMATION_MODES)


@provider(IVocabularyFactory)
def FlowsVocabulary(context=None):
    return _vocabulary(FLOWS)


@provider(IVocabularyFactory)
def RegistersVocabulary(context=None):
    return _vocabulary(REGISTERS)


@provider(IVocabularyFactory)
def FascicoloTypesVocabulary(context=None):
    return _vocabulary(FASCICOLO_TYPES)
