"""The deposit package of a closed fascicolo: valid XML, every hash matches."""

from importlib import resources
from lxml import etree
from plone import api
from plone.app.textfield.value import RichTextValue
from provincecomuni.records import deposit
from provincecomuni.records import registration

import hashlib
import io
import pytest
import zipfile


NS = {"p": deposit.NS}


@pytest.fixture
def closed(fascicolo, make_file, pdf):
    fascicolo.rup = "Maria Bianchi"
    fascicolo.rup_fiscal_code = "BNCMRA80A41D205Z"
    first = make_file(
        fascicolo,
        record_subjects=[
            {"role": "author", "kind": "PAI", "code": "p_cn", "name": "Provincia di Cuneo"},
            {"role": "recipient", "kind": "PG", "code": "00488410010", "name": "Ditta"},
        ],
        subject=("scuole", "manutenzione"),
    )
    registration.register(first)
    api.content.create(
        container=fascicolo,
        type="Document",
        id="verbale",
        title="Verbale di gara",
        text=RichTextValue("<p>Seduta</p>", "text/html", "text/x-html-safe"),
    )
    api.content.transition(obj=fascicolo, transition="close")
    return fascicolo


def _package(fascicolo):
    buffer = io.BytesIO()
    deposit.write_package(fascicolo, buffer)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _schema():
    xsd = resources.files("provincecomuni.records").joinpath("schema/pacchetto-versamento.xsd")
    return etree.XMLSchema(etree.fromstring(xsd.read_bytes()))


def test_an_open_fascicolo_cannot_be_exported(fascicolo, record):
    with pytest.raises(deposit.DepositError):
        _package(fascicolo)


def test_every_xml_file_validates_against_the_schema(closed):
    package = _package(closed)
    schema = _schema()
    xml_files = [n for n in package.namelist() if n.endswith(".xml")]
    assert set(xml_files) == {
        "indice.xml",
        "fascicolo.xml",
        "documenti/0001-determina/metadati.xml",
        "documenti/0002-verbale/metadati.xml",
    }
    for name in xml_files:
        document = etree.fromstring(package.read(name))
        assert schema.validate(document), (name, schema.error_log)
    # The schema in the package is the one we validate with.
    assert package.read(deposit.XSD_PATH) == deposit.XSD.read_bytes()


def test_the_schema_rejects_a_wrong_hash(closed):
    package = _package(closed)
    document = etree.fromstring(package.read("documenti/0001-determina/metadati.xml"))
    document.find(".//p:Impronta", NS).text = "not-a-hash"
    assert not _schema().validate(document)


def test_every_hash_in_the_index_matches_the_files(closed):
    package = _package(closed)
    index = etree.fromstring(package.read("indice.xml"))
    files = index.findall(".//p:File", NS)
    listed = {f.find("p:Path", NS).text: f.find("p:Hash", NS).text for f in files}
    everything_but_index = set(package.namelist()) - {"indice.xml"}
    assert set(listed) == everything_but_index
    for path, digest in listed.items():
        assert hashlib.sha256(package.read(path)).hexdigest() == digest, path


def test_record_metadata_follow_annex_5(closed, pdf):
    package = _package(closed)
    record = closed["determina"]
    document = etree.fromstring(package.read("documenti/0001-determina/metadati.xml"))

    def text(path):
        return document.find(path, NS).text

    assert text("p:IdDoc/p:ImprontaCrittograficaDelDocumento/p:Impronta") == (
        hashlib.sha256(pdf).hexdigest()
    )
    assert text("p:IdDoc/p:Identificativo") == record.UID()
    assert text("p:ModalitaDiFormazione") == "b"
    assert text("p:DatiDiRegistrazione/p:TipoRegistro") == "Protocollo Ordinario"
    assert text("p:DatiDiRegistrazione/p:NumeroDocumento") == record.registration_number
    roles = document.findall("p:Soggetti/p:Ruolo", NS)
    assert [r.find("p:CodiceIdentificativo", NS).text for r in roles] == ["p_cn", "00488410010"]
    keywords = [k.text for k in document.findall("p:ChiaveDescrittiva/p:ParoleChiave", NS)]
    assert keywords == ["scuole", "manutenzione"]
    assert text("p:Classificazione/p:IndiceDiClassificazione") == "4.4"
    assert text("p:IdentificativoDelFormato/p:Formato") == "application/pdf"
    assert text("p:Agg/p:IdAgg") == closed.fascicolo_id
    assert text("p:TempoDiConservazione") == "10"
    assert package.read("documenti/0001-determina/determina.pdf") == pdf


def test_fascicolo_metadata_and_document_index(closed):
    package = _package(closed)
    document = etree.fromstring(package.read("fascicolo.xml"))
    assert document.find("p:IdAgg", NS).text == closed.fascicolo_id
    assert document.find("p:TipologiaFascicolo", NS).text == "Procedimento amministrativo"
    assert document.find("p:ResponsabileDelProcedimento/p:CodiceFiscale", NS).text == (
        "BNCMRA80A41D205Z"
    )
    paths = [p.text for p in document.findall("p:IndiceDocumenti/p:Documento/p:Percorso", NS)]
    assert paths == [
        "documenti/0001-determina/determina.pdf",
        "documenti/0002-verbale/verbale.html",
    ]


def test_an_altered_record_stops_the_export(closed):
    record = closed["determina"]
    record.fingerprint = "0" * 64  # as if the blob had changed since it was fingerprinted
    with pytest.raises(deposit.DepositError, match="does not match"):
        _package(closed)
