"""Generated documents of a tender dossier: DOCX and PDF filled with its data, stored as records."""

from decimal import Decimal
from docx import Document
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement_documents import generation
from provincecomuni.procurement_documents import kinds
from provincecomuni.procurement_documents import templating
from provincecomuni.validation import FieldValueError
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent

import datetime
import hashlib
import io
import pytest
import re
import zlib


def lot(**changes):
    data = {
        "cig": "9050626CD6",
        "subject": "Strade del centro",
        "amount": Decimal("200000.00"),
        "cpv": "45233141",
        "status": "IN_LAV",
    }
    data.update(changes)
    return data


@pytest.fixture
def cuneo(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal["province"]["cuneo"]


@pytest.fixture
def rup(portal):
    api.user.create(
        email="rup@example.org",
        username="mbianchi",
        password="Una-password-lunga-1",  # noqa: S106
        properties={"fullname": "Maria Bianchi"},
    )
    return "mbianchi"


@pytest.fixture
def dossier(cuneo, rup):
    return api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Manutenzione strade comunali 2027",
        commissioning_comune="004003",
        contract_object="lavori",
        procedure="6",
        award_criterion="ratedCriteria",
        main_cpv="45233141",
        cups=["D27H22000010001"],
        total_amount=Decimal("350000.00"),
        safety_costs=Decimal("12500.50"),
        lots=[
            lot(),
            lot(cig="B7E26B1DC7", subject="Strade delle frazioni", amount=Decimal("150000.00")),
        ],
        rup=rup,
        decision_date=datetime.date(2027, 1, 15),
        offer_deadline=datetime.datetime(2027, 3, 1, 12, 0),
        platform="Piattaforma SUA Cuneo",
    )


def _docx_text(data):
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    parts.extend(p.text for p in document.sections[0].header.paragraphs)
    return "\n".join(parts)


def _pdf_text(data):
    """The text a PDF of fpdf2's core fonts draws (its content streams, inflated)."""
    text = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\) ?Tj", content):
            text.append(re.sub(rb"\\(.)", rb"\1", literal).decode("cp1252"))
    return "\n".join(text)


def _data(document):
    return document.file.data


def _contents(dossier):
    """Everything inside the dossier, folders included (catalog paths)."""
    catalog = api.portal.get_tool("portal_catalog")
    return {b.getPath() for b in catalog(path="/".join(dossier.getPhysicalPath()))}


# Each draft goes into the folder of the checklist item it prepares (open procedure).
FOLDERS = {
    "determina_contrarre": "atti-preliminari",
    "lettera_invito": None,  # an open procedure sends no letters of invitation
    "verbale_gara": "verbali",
    "provvedimento_aggiudicazione": "aggiudicazione",
}


@pytest.mark.parametrize("kind", [kind.id for kind in kinds.KINDS])
def test_each_document_as_docx_carries_the_dossier_data(dossier, kind):
    document = generation.generate(dossier, kind, "docx")

    folder = dossier[FOLDERS[kind]] if FOLDERS[kind] else dossier
    assert document.aq_parent.getPhysicalPath() == folder.getPhysicalPath()
    text = _docx_text(_data(document))
    assert "Provincia di Cuneo" in text
    assert "Manutenzione strade comunali 2027" in text
    assert "Alba" in text  # the commissioning Comune
    assert "Maria Bianchi" in text  # the RUP's name, not the user id
    # The lots table: one row per lot with CIG and amount in Italian format.
    assert "9050626CD6" in text and "B7E26B1DC7" in text
    assert "Strade delle frazioni" in text
    assert "{{" not in text and "{%" not in text


def test_the_determina_has_amounts_codes_and_dates_in_italian(dossier):
    document = generation.generate(dossier, "determina_contrarre", "docx")
    text = _docx_text(_data(document))
    assert "euro 350.000,00" in text
    assert "euro 12.500,50" in text
    assert "200.000,00" in text and "150.000,00" in text
    assert "CUP: D27H22000010001" in text
    assert "45233141 - " in text  # CPV code with its Italian label
    assert 'mediante la procedura "Aperta"' in text
    assert "Offerta economicamente più vantaggiosa" in text
    assert "15/01/2027" in text
    assert "Piattaforma SUA Cuneo" in text


@pytest.mark.parametrize("kind", [kind.id for kind in kinds.KINDS])
def test_each_document_as_pdf(dossier, kind):
    document = generation.generate(dossier, kind, "pdf")
    data = _data(document)
    assert data.startswith(b"%PDF-")
    assert int(re.search(rb"/Count (\d+)", data).group(1)) >= 1
    text = _pdf_text(data)
    assert "Manutenzione strade comunali 2027" in text
    assert "9050626CD6" in text
    assert "Maria Bianchi" in text
    assert document.file.contentType == "application/pdf"
    assert document.record_format == "application/pdf"


def test_the_generated_document_is_a_record_of_the_dossier(dossier):
    document = generation.generate(dossier, "determina_contrarre", "docx")
    data = _data(document)
    assert document.portal_type == "File"
    assert document.fingerprint == hashlib.sha256(data).hexdigest()
    assert document.document_type == "Determina"
    assert document.formation_mode == "a"
    assert document.subject_line == "Determina a contrarre - Manutenzione strade comunali 2027"
    assert "modello predefinito" in document.record_notes
    assert document.file.filename.endswith(".docx")
    info = generation.generation_info(document)
    assert info["template"]["source"] == "default"
    assert info["template"]["version"] == 0
    expected = hashlib.sha256(kinds.default_template_bytes("determina_contrarre")).hexdigest()
    assert info["template"]["sha256"] == expected
    assert info["missing"] == []
    catalog = api.portal.get_tool("portal_catalog")
    assert catalog(UID=document.UID(), path="/".join(dossier.getPhysicalPath()))


def test_missing_data_is_a_visible_placeholder_and_is_reported(dossier):
    dossier.rup = None
    dossier.decision_date = None
    document = generation.generate(dossier, "determina_contrarre", "docx")
    text = _docx_text(_data(document))
    assert "[DA COMPLETARE: RUP]" in text
    assert "[DA COMPLETARE: data della determina]" in text
    info = generation.generation_info(document)
    assert info["missing"] == ["RUP", "data della determina"]
    assert "Dati da completare: RUP; data della determina." in document.record_notes


def test_verbale_and_provvedimento_use_bidders_and_awardees(dossier):
    dossier.bidders = [
        {
            "lot": "1",
            "name": "Strade Sicure S.r.l.",
            "tax_code": "00488410010",
            "group_role": None,
            "group_name": None,
            "awardee": True,
            "offer_amount": Decimal("187654.32"),
        },
        {
            "lot": "1",
            "name": "Asfalti & Co. S.p.A.",
            "tax_code": "01234567897",
            "group_role": None,
            "group_name": None,
            "awardee": False,
            "offer_amount": Decimal("190000.00"),
        },
    ]
    verbale = _docx_text(_data(generation.generate(dossier, "verbale_gara", "docx")))
    assert "Strade Sicure S.r.l." in verbale
    assert "Asfalti & Co. S.p.A." in verbale  # escaped for the XML, shown as typed
    assert "187.654,32" in verbale
    provvedimento = generation.generate(dossier, "provvedimento_aggiudicazione", "docx")
    text = _docx_text(_data(provvedimento))
    assert "Strade Sicure S.r.l. | 00488410010 | 187.654,32" in text
    # Lot 2 has no awardee yet: said in the document and in the report.
    missing = generation.generation_info(provvedimento)["missing"]
    assert "aggiudicatario del lotto 2" in missing
    assert "[DA COMPLETARE: aggiudicatario del lotto 2]" in text


def test_unknown_document_or_format_is_refused_naming_the_field(dossier):
    before = _contents(dossier)
    with pytest.raises(FieldValueError) as error:
        generation.generate(dossier, "contratto", "docx")
    assert translate(error.value.doc(), target_language="it").startswith("Documento:")
    with pytest.raises(FieldValueError) as error:
        generation.generate(dossier, "determina_contrarre", "odt")
    assert translate(error.value.doc(), target_language="it").startswith("Formato:")
    assert _contents(dossier) == before


# Templates: validation at upload, versions


def _docx(*paragraphs):
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _template(cuneo, data, title="Determina SUA Cuneo", kind="determina_contrarre"):
    return api.content.create(
        container=cuneo,
        type="DocumentTemplate",
        title=title,
        document_kind=kind,
        file=NamedBlobFile(data=data, filename="determina.docx"),
        version_comment="Prima versione",
    )


def _upload_error(data):
    from provincecomuni.procurement_documents.content import IDocumentTemplate

    field = IDocumentTemplate["file"]
    with pytest.raises(FieldValueError) as error:
        field.validate(NamedBlobFile(data=data, filename="modello.docx"))
    return translate(error.value.doc(), target_language="it")


def test_a_template_with_a_jinja_syntax_error_is_refused_at_upload(cuneo):
    message = _upload_error(_docx("Oggetto: {{ gara.oggetto }", "Fine"))
    assert message.startswith("File del modello: errore di sintassi Jinja")
    assert "gara.oggetto" in message  # where the error is


def test_a_template_with_unknown_names_or_not_a_docx_is_refused(cuneo):
    message = _upload_error(_docx("Spett.le {{ ditta.nome }}"))
    assert "ditta" in message and "gara" in message
    message = _upload_error(b"%PDF-1.4 not a word document")
    assert message.startswith("File del modello:")
    assert ".docx" in message


def test_a_valid_template_passes_the_check():
    assert templating.check_template(kinds.default_template_bytes("verbale_gara"))


def test_uploaded_template_is_used_and_every_upload_is_a_version(cuneo, dossier):
    template = _template(cuneo, _docx("PRIMA {{ gara.oggetto }} per {{ comune.nome }}"))
    assert [v["version"] for v in template.versions()] == [1]
    assert template.versions()[0]["comment"] == "Prima versione"

    first = generation.generate(dossier, "determina_contrarre", "docx")
    assert "PRIMA Manutenzione strade comunali 2027 per Alba" in _docx_text(_data(first))

    template.file = NamedBlobFile(
        data=_docx("SECONDA {{ gara.oggetto }} - RUP {{ rup.nome }}"), filename="v2.docx"
    )
    template.version_comment = "Aggiunto il RUP"
    notify(ObjectModifiedEvent(template))
    # An edit that does not change the file is not a new version.
    notify(ObjectModifiedEvent(template))
    versions = template.versions()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["comment"] == "Aggiunto il RUP"
    assert versions[0]["filename"] == "determina.docx"

    second = generation.generate(dossier, "determina_contrarre", "docx")
    assert "SECONDA Manutenzione strade comunali 2027 - RUP Maria Bianchi" in _docx_text(
        _data(second)
    )
    info_first = generation.generation_info(first)["template"]
    info_second = generation.generation_info(second)["template"]
    assert info_first["uid"] == info_second["uid"] == template.UID()
    assert (info_first["version"], info_second["version"]) == (1, 2)
    assert info_second["sha256"] == versions[1]["sha256"] != versions[0]["sha256"]
    assert "versione 2" in second.record_notes
    # The other documents still use the default templates.
    other = generation.generate(dossier, "lettera_invito", "docx")
    assert generation.generation_info(other)["template"]["source"] == "default"


def test_a_template_of_another_province_is_not_used(portal, cuneo, dossier):
    _template(portal["province"]["modena"], _docx("MODENA {{ gara.oggetto }}"))
    document = generation.generate(dossier, "determina_contrarre", "docx")
    assert "MODENA" not in _docx_text(_data(document))


def test_the_template_in_use_can_be_downloaded_to_adapt_it(cuneo, dossier):
    request = dossier.REQUEST
    request.form["document"] = "verbale_gara"
    view = api.content.get_view("modello-documento", dossier, request)
    assert view() == kinds.default_template_bytes("verbale_gara")
    assert "modello-verbale-di-gara.docx" in request.response.getHeader("Content-Disposition")
    own = _docx("Verbale {{ gara.oggetto }}")
    _template(cuneo, own, kind="verbale_gara")
    assert view() == own


def test_an_unknown_filter_is_refused_at_upload():
    message = _upload_error(_docx("{{ gara.oggetto | maiuscolo }}"))
    assert message.startswith("File del modello: errore di sintassi Jinja")
    assert "maiuscolo" in message


def test_a_template_that_fails_with_the_data_says_so_and_stores_nothing(cuneo, dossier):
    assert templating.check_template(_docx("Quota {{ 100 / lotti|length * 0 / 0 }}"))
    _template(cuneo, _docx("Quota {{ 100 / lotti|length * 0 / 0 }}"), title="Quote")
    before = _contents(dossier)
    with pytest.raises(FieldValueError) as error:
        generation.generate(dossier, "determina_contrarre", "docx")
    message = translate(error.value.doc(), target_language="it")
    assert message.startswith("Modello: Quote (versione 1) non si può compilare:")
    assert "division" in message
    assert _contents(dossier) == before
