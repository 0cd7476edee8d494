"""The kinds of document generated from a tender dossier, and their default templates."""

from importlib import resources
from provincecomuni import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


class Kind:
    def __init__(self, id, title, document_type, filename, checklist_item=None):
        self.id = id
        self.title = title  # Italian: it is also the title of the generated record
        self.document_type = document_type  # the record's TipologiaDocumentale
        self.filename = filename  # base name of the generated file and the default template
        # The checklist item of the tender templates this draft prepares: the draft
        # goes into that item's folder.
        self.checklist_item = checklist_item or filename


KINDS = (
    Kind("determina_contrarre", "Determina a contrarre", "Determina", "determina-a-contrarre"),
    Kind("lettera_invito", "Lettera d'invito", "Lettera di invito", "lettera-di-invito"),
    Kind("verbale_gara", "Verbale di gara", "Verbale", "verbale-di-gara", "verbali-di-gara"),
    Kind(
        "provvedimento_aggiudicazione",
        "Provvedimento di aggiudicazione",
        "Provvedimento",
        "provvedimento-di-aggiudicazione",
    ),
)
BY_ID = {kind.id: kind for kind in KINDS}

FORMATS = ("docx", "pdf")
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"
MIMETYPES = {"docx": DOCX_MIMETYPE, "pdf": PDF_MIMETYPE}

KIND_TITLES = {
    "determina_contrarre": _("kind_determina_contrarre", default="Determina a contrarre"),
    "lettera_invito": _("kind_lettera_invito", default="Lettera d'invito"),
    "verbale_gara": _("kind_verbale_gara", default="Verbale di gara"),
    "provvedimento_aggiudicazione": _(
        "kind_provvedimento_aggiudicazione", default="Provvedimento di aggiudicazione"
    ),
}


def default_template_bytes(kind_id):
    """The DOCX template shipped with the product (scripts/build_document_templates.py)."""
    name = f"{BY_ID[kind_id].filename}.docx"
    return resources.files("provincecomuni.data").joinpath("document_templates", name).read_bytes()


@provider(IVocabularyFactory)
def DocumentKindsVocabularyFactory(context=None):
    return SimpleVocabulary(
        [SimpleTerm(value=kind.id, token=kind.id, title=KIND_TITLES[kind.id]) for kind in KINDS]
    )


FORMAT_TITLES = {
    "docx": _("format_docx", default="DOCX (editable)"),
    "pdf": _("format_pdf", default="PDF"),
}


@provider(IVocabularyFactory)
def DocumentFormatsVocabularyFactory(context=None):
    return SimpleVocabulary([SimpleTerm(fmt, fmt, FORMAT_TITLES[fmt]) for fmt in FORMATS])
