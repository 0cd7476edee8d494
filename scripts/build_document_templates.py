"""Build the default DOCX templates of the SUA generated documents.

Usage: ``.venv/bin/python scripts/build_document_templates.py`` (writes
``src/provincecomuni/data/document_templates/*.docx``; the files are committed, so
a site never needs this script: run it again after changing the texts below).

The templates are plain Word documents with Jinja2 tags that docxtpl fills
(``{{ gara.oggetto }}``; ``{%tr for ... %}`` rows repeat a table row). Coordinators
download them, adapt the wording in Word or LibreOffice, and upload them as
"Document template" items of their Province community.
"""

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from pathlib import Path


TARGET = Path(__file__).resolve().parent.parent / "src/provincecomuni/data/document_templates"


def new_document(title):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(11)
    header = document.sections[0].header.paragraphs[0]
    header.text = "{{ ente.nome }} - Stazione Unica Appaltante"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "{{ gara.oggetto }} - CIG {{ gara.cig }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document


def para(document, text, bold=False, center=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def table(document, headers, cells, loop="lotto in lotti"):
    """A table with a header row and one row repeated for each item of ``loop``."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    grid.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(grid.rows[2].cells, cells, strict=True):
        cell.text = text
    grid.rows[3].cells[0].text = "{%tr endfor %}"
    return grid


def subject_block(document):
    para(document, "Oggetto: {{ gara.oggetto }}", bold=True)
    para(
        document,
        "Comune committente: {{ comune.nome }} - CUP: {{ gara.cup }} - CPV principale: "
        "{{ gara.cpv }}",
    )


LOT_TABLE = (
    ("Lotto", "CIG", "Oggetto", "CPV", "Importo (euro)"),
    (
        "{{ lotto.numero }}",
        "{{ lotto.cig }}",
        "{{ lotto.oggetto }}",
        "{{ lotto.cpv }}",
        "{{ lotto.importo }}",
    ),
)


def signature(document, place_date):
    para(document, place_date)
    para(document, "Il Responsabile unico del progetto", center=True)
    para(document, "{{ rup.nome }}", center=True)
    para(document, "(documento firmato digitalmente ai sensi del d.lgs. 82/2005)", center=True)


def determina():
    document = new_document("Determina a contrarre")
    subject_block(document)
    para(document, "IL RESPONSABILE UNICO DEL PROGETTO", bold=True, center=True)
    para(
        document,
        "Premesso che il Comune di {{ comune.nome }} ha affidato alla Stazione Unica "
        "Appaltante della {{ ente.nome }} lo svolgimento della procedura di affidamento "
        "in oggetto;",
    )
    para(
        document,
        "Visto il decreto legislativo 31 marzo 2023, n. 36 (Codice dei contratti "
        "pubblici), e in particolare l'articolo 17, comma 1, secondo il quale le stazioni "
        "appaltanti, prima dell'avvio delle procedure di affidamento, adottano la "
        "decisione di contrarre;",
    )
    para(
        document,
        "Dato atto che l'importo complessivo dell'appalto è di euro "
        "{{ gara.importo_totale }}, di cui euro {{ gara.oneri_sicurezza }} per oneri della "
        "sicurezza non soggetti a ribasso, e che le opzioni e i rinnovi ammontano a euro "
        "{{ gara.opzioni }};",
    )
    para(document, "DETERMINA", bold=True, center=True)
    para(
        document,
        "1. di contrarre per l'affidamento di {{ gara.tipo_contratto|lower }} avente ad "
        'oggetto "{{ gara.oggetto }}" mediante la procedura "{{ gara.procedura }}", '
        "con il criterio di aggiudicazione: {{ gara.criterio }};",
    )
    para(document, "2. di suddividere l'appalto nei seguenti lotti:")
    table(document, *LOT_TABLE)
    para(
        document,
        "3. di svolgere la procedura sulla piattaforma di approvvigionamento digitale "
        "{{ gara.piattaforma }};",
    )
    para(
        document,
        "4. di dare atto che il Responsabile unico del progetto è {{ rup.nome }}.",
    )
    signature(document, "{{ comune.nome }}, {{ gara.data_determina }}")
    return document


def lettera_invito():
    document = new_document("Lettera d'invito")
    para(document, "Spett.le operatore economico")
    subject_block(document)
    para(
        document,
        "In esecuzione della determina a contrarre del {{ gara.data_determina }}, la "
        "Stazione Unica Appaltante della {{ ente.nome }}, per conto del Comune di "
        "{{ comune.nome }}, invita codesto operatore economico a presentare offerta per "
        'l\'affidamento in oggetto, mediante la procedura "{{ gara.procedura }}".',
    )
    para(
        document,
        "Importo complessivo a base di gara: euro {{ gara.importo_totale }}, "
        "di cui euro {{ gara.oneri_sicurezza }} per oneri della sicurezza.",
    )
    para(document, "L'appalto è suddiviso nei seguenti lotti:")
    table(document, *LOT_TABLE)
    para(document, "Criterio di aggiudicazione: {{ gara.criterio }}.")
    para(
        document,
        "L'offerta dovrà pervenire esclusivamente attraverso la piattaforma "
        "{{ gara.piattaforma }} (riferimento {{ gara.riferimento_piattaforma }}) entro il "
        "{{ gara.scadenza_offerte }}.",
    )
    para(document, "La prima seduta di gara si terrà il {{ gara.seduta_apertura }}.")
    signature(document, "{{ ente.nome }}, {{ oggi }}")
    return document


def verbale():
    document = new_document("Verbale di gara")
    subject_block(document)
    para(
        document,
        "Il giorno {{ gara.seduta_apertura }}, sulla piattaforma {{ gara.piattaforma }}, "
        "il Responsabile unico del progetto {{ rup.nome }} apre la seduta di gara della "
        'procedura "{{ gara.procedura }}" (criterio: {{ gara.criterio }}), le cui '
        "offerte dovevano pervenire entro il {{ gara.scadenza_offerte }}.",
    )
    para(document, "Lotti della procedura:")
    table(
        document,
        ("Lotto", "CIG", "Oggetto", "Importo (euro)", "Offerte pervenute"),
        (
            "{{ lotto.numero }}",
            "{{ lotto.cig }}",
            "{{ lotto.oggetto }}",
            "{{ lotto.importo }}",
            "{{ lotto.offerte }}",
        ),
    )
    para(document, "Sono pervenute le offerte dei seguenti operatori economici:")
    table(
        document,
        ("Lotto", "Operatore economico", "C.F. / P.IVA", "Ruolo", "Offerta (euro)"),
        (
            "{{ o.lotto }}",
            "{{ o.nome }}",
            "{{ o.codice_fiscale }}",
            "{{ o.ruolo }} {{ o.raggruppamento }}",
            "{{ o.offerta }}",
        ),
        loop="o in offerenti",
    )
    para(document, "Esaminate le offerte, si propone l'aggiudicazione come segue:")
    table(
        document,
        ("Lotto", "CIG", "Proposta di aggiudicazione"),
        ("{{ lotto.numero }}", "{{ lotto.cig }}", "{{ lotto.aggiudicatario }}"),
    )
    signature(document, "{{ ente.nome }}, {{ gara.seduta_apertura }}")
    return document


def provvedimento():
    document = new_document("Provvedimento di aggiudicazione")
    subject_block(document)
    para(document, "IL RESPONSABILE UNICO DEL PROGETTO", bold=True, center=True)
    para(
        document,
        "Richiamata la determina a contrarre del {{ gara.data_determina }} con la quale è "
        'stata indetta la procedura "{{ gara.procedura }}" per l\'affidamento in oggetto, '
        "per conto del Comune di {{ comune.nome }}, per un importo complessivo di euro "
        "{{ gara.importo_totale }};",
    )
    para(
        document,
        "Visti i verbali di gara e l'esito positivo delle verifiche sul possesso dei "
        "requisiti dell'aggiudicatario, ai sensi dell'articolo 17, comma 5, del d.lgs. "
        "36/2023;",
    )
    para(document, "DISPONE", bold=True, center=True)
    para(document, "l'aggiudicazione dei lotti come segue:")
    table(
        document,
        ("Lotto", "CIG", "Oggetto", "Aggiudicatario", "C.F. / P.IVA", "Importo (euro)"),
        (
            "{{ a.lotto }}",
            "{{ a.cig }}",
            "{{ a.oggetto }}",
            "{{ a.nome }}",
            "{{ a.codice_fiscale }}",
            "{{ a.importo }}",
        ),
        loop="a in aggiudicatari",
    )
    para(
        document,
        "Il presente provvedimento è pubblicato sulla piattaforma {{ gara.piattaforma }} e "
        "comunicato ai concorrenti ai sensi dell'articolo 90 del d.lgs. 36/2023.",
    )
    signature(document, "{{ ente.nome }}, {{ gara.data_aggiudicazione }}")
    return document


BUILDERS = {
    "determina-a-contrarre": determina,
    "lettera-di-invito": lettera_invito,
    "verbale-di-gara": verbale,
    "provvedimento-di-aggiudicazione": provvedimento,
}


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        document = build()
        # Fixed metadata, so rebuilding gives the same content.
        document.core_properties.author = "Province & Comuni"
        document.core_properties.title = name
        path = TARGET / f"{name}.docx"
        document.save(path)
        print(path)


if __name__ == "__main__":
    main()
