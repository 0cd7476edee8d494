"""The deposit package (pacchetto di versamento) of a closed fascicolo, as a ZIP file.

Layout of the ZIP::

    indice.xml                      package index (IdC, SInCRO-like)
    schema/pacchetto-versamento.xsd the XML Schema of every XML file here
    fascicolo.xml                   the fascicolo's metadata and document index
    documenti/0001-<id>/<file name> each record's content
    documenti/0001-<id>/metadati.xml each record's metadata (annex 5 names)

The ZIP is written to a temporary file, blob by blob in 1 MB chunks, then sent from
that file: memory stays flat whatever the size of the fascicolo (disk holds one
copy while it is sent). Every record's content is hashed while it is copied and
compared with its stored fingerprint: a record altered behind Plone's back stops
the export with an error instead of producing a package with a wrong hash.
"""

from datetime import datetime
from datetime import UTC
from lxml import etree
from plone import api
from provincecomuni.records import fingerprint
from provincecomuni.records import titolario
from provincecomuni.records.archive import records_in
from provincecomuni.records.vocabularies import FASCICOLO_TYPE_XML
from provincecomuni.records.vocabularies import REGISTER_XML

import hashlib
import os
import pathlib
import re
import tempfile
import zipfile


NS = "urn:provincecomuni:records:deposit:1"
XSD = pathlib.Path(__file__).parent / "schema" / "pacchetto-versamento.xsd"
XSD_PATH = "schema/pacchetto-versamento.xsd"
CHUNK = 1 << 20
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class DepositError(ValueError):
    """A package that cannot be produced (fascicolo not closed, record altered)."""


def _el(parent, name, text=None, **attrs):
    element = etree.SubElement(parent, f"{{{NS}}}{name}", **attrs)
    if text is not None:
        element.text = str(text)
    return element


def _root(name):
    return etree.Element(f"{{{NS}}}{name}", nsmap={None: NS})


def _bool(value):
    return "true" if value else "false"


def _retention(years):
    return "illimitato" if not years else str(years)


def _classification(parent, index):
    entry = titolario.get_plan().get(index) if index else None
    if entry is None:
        return
    element = _el(parent, "Classificazione")
    _el(element, "IndiceDiClassificazione", index)
    _el(element, "Descrizione", entry["title"])


def _tobytes(root):
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def record_xml(record, actual_hash):
    root = _root("DocumentoInformatico")
    id_doc = _el(root, "IdDoc")
    impronta = _el(id_doc, "ImprontaCrittograficaDelDocumento")
    _el(impronta, "Impronta", actual_hash)
    _el(impronta, "Algoritmo", "SHA-256")
    _el(id_doc, "Identificativo", record.record_identifier or record.UID())
    _el(root, "ModalitaDiFormazione", record.formation_mode or "b")
    _el(root, "TipologiaDocumentale", record.document_type or "Documento")
    registration = _el(root, "DatiDiRegistrazione")
    _el(registration, "TipologiaDiFlusso", record.registration_flow or "I")
    _el(registration, "TipoRegistro", REGISTER_XML[record.register_kind or "none"])
    if record.registration_number:
        _el(registration, "DataRegistrazione", record.registration_date.isoformat())
        _el(registration, "NumeroDocumento", record.registration_number)
        _el(registration, "CodiceRegistro", record.register_code)
    subjects = _el(root, "Soggetti")
    for subject in record.record_subjects or []:
        role = _el(subjects, "Ruolo")
        _el(role, "TipoRuolo", subject["role"])
        _el(role, "TipoSoggetto", subject["kind"])
        _el(role, "Denominazione", subject["name"])
        _el(role, "CodiceIdentificativo", subject["code"])
    key = _el(root, "ChiaveDescrittiva")
    _el(key, "Oggetto", record.subject_line or record.Title())
    for keyword in record.Subject():
        _el(key, "ParoleChiave", keyword)
    attachments = _el(root, "Allegati")
    _el(attachments, "NumeroAllegati", 0)
    _classification(root, record.classification)
    _el(root, "Riservato", _bool(record.confidential))
    fmt = _el(root, "IdentificativoDelFormato")
    _el(fmt, "Formato", record.record_format or "application/octet-stream")
    check = _el(root, "Verifica")
    _el(check, "FirmatoDigitalmente", _bool(record.signed))
    _el(check, "SigillatoElettronicamente", _bool(record.sealed))
    _el(check, "MarcaturaTemporale", _bool(record.timestamped))
    _el(check, "ConformitaCopieImmagineSuSupportoInformatico", _bool(record.copy_conformity))
    agg = _el(root, "Agg")
    _el(agg, "TipoAgg", "Fascicolo")
    _el(agg, "IdAgg", record.aggregation_id or "")
    _el(root, "NomeDelDocumento", _file_name(record))
    _el(root, "VersioneDelDocumento", record.record_version or 1)
    for change in record.change_trail or []:
        trail = _el(root, "TracciatureModificheDocumento")
        _el(trail, "TipoModifica", {"annulment": "annullamento"}.get(change["type"], "annotazione"))
        _el(trail, "SoggettoAutoreDellaModifica", change["user"])
        _el(trail, "DataModifica", change["time"])
        _el(trail, "Motivazione", change["reason"])
    _el(root, "TempoDiConservazione", _retention(record.retention_years))
    if record.record_notes:
        _el(root, "Note", record.record_notes)
    return _tobytes(root)


def fascicolo_xml(fascicolo, documents):
    root = _root("AggregazioneDocumentale")
    _el(root, "IdAgg", fascicolo.fascicolo_id)
    _el(root, "TipoAggregazione", "Fascicolo")
    _el(root, "TipologiaFascicolo", FASCICOLO_TYPE_XML[fascicolo.fascicolo_type])
    _el(root, "Oggetto", fascicolo.Title())
    _el(root, "AmministrazioneTitolare", fascicolo.owning_administration or "")
    for administration in fascicolo.participating_administrations or []:
        _el(root, "AmministrazionePartecipante", administration)
    if fascicolo.rup:
        rup = _el(root, "ResponsabileDelProcedimento")
        _el(rup, "Denominazione", fascicolo.rup)
        if fascicolo.rup_fiscal_code:
            _el(rup, "CodiceFiscale", fascicolo.rup_fiscal_code.upper())
    _el(root, "DataApertura", fascicolo.opening_date.isoformat())
    _el(root, "DataChiusura", fascicolo.closing_date.isoformat())
    _classification(root, fascicolo.classification)
    _el(root, "TempoDiConservazione", _retention(fascicolo.retention_years))
    index = _el(root, "IndiceDocumenti")
    for document in documents:
        item = _el(index, "Documento")
        _el(item, "Identificativo", document["identifier"])
        if document["number"]:
            _el(item, "NumeroDocumento", document["number"])
        _el(item, "Percorso", document["path"])
        _el(item, "Impronta", document["sha256"])
    return _tobytes(root)


def index_xml(fascicolo, groups, now):
    root = _root("IdC")
    root.set("version", "1.0")
    self_description = _el(root, "SelfDescription")
    _el(self_description, "ID", f"PdV-{fascicolo.fascicolo_id}-{now:%Y%m%dT%H%M%S}")
    application = _el(self_description, "CreatingApplication")
    _el(application, "Name", "Province & Comuni")
    _el(application, "Version", "1.0")
    _el(application, "Producer", "Province & Comuni")
    _el(self_description, "CreationDate", now.isoformat(timespec="seconds"))
    volume = _el(root, "VdC")
    _el(volume, "ID", fascicolo.fascicolo_id)
    _el(volume, "Description", fascicolo.Title())
    for label, files in groups:
        group = _el(root, "FileGroup")
        _el(group, "Label", label)
        for number, (path, digest, mimetype) in enumerate(files, start=1):
            item = _el(group, "File", format=mimetype)
            _el(item, "ID", f"{label}-{number}")
            _el(item, "Path", path)
            _el(item, "Hash", digest, function="SHA-256")
    process = _el(root, "Process")
    agent = _el(process, "Agent")
    _el(agent, "Name", api.user.get_current().getId() or "system")
    _el(agent, "Role", "Produttore del pacchetto di versamento")
    _el(process, "TimeReference", now.isoformat(timespec="seconds"))
    _el(
        process,
        "LawsAndRegulations",
        "D.lgs. 82/2005 (CAD); Linee guida AgID sulla formazione, gestione e "
        "conservazione dei documenti informatici (2021), allegato 5",
    )
    return _tobytes(root)


def _file_name(record):
    namedfile = fingerprint.primary_file(record)
    if namedfile is not None and namedfile.filename:
        return namedfile.filename
    return f"{record.getId()}.html"


def _write_bytes(archive, path, data):
    archive.writestr(path, data, compress_type=zipfile.ZIP_DEFLATED)
    return hashlib.sha256(data).hexdigest()


def _write_record(archive, path, record):
    digest = hashlib.sha256()
    with archive.open(path, "w", force_zip64=True) as target:
        namedfile = fingerprint.primary_file(record)
        if namedfile is not None:
            for data in fingerprint.iter_file(namedfile):
                digest.update(data)
                target.write(data)
        else:
            data = fingerprint.page_bytes(record)
            digest.update(data)
            target.write(data)
    return digest.hexdigest()


def write_package(fascicolo, target):
    """Write the package of a closed fascicolo into the binary file object ``target``."""
    from provincecomuni.records.archive import is_closed

    if not is_closed(fascicolo):
        raise DepositError("Only a closed (archived) fascicolo can be exported.")
    now = datetime.now(UTC)
    documents, content_files, metadata_files = [], [], []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, record in enumerate(records_in(fascicolo), start=1):
            folder = f"documenti/{number:04d}-{SAFE_NAME.sub('_', record.getId())}"
            name = SAFE_NAME.sub("_", _file_name(record))
            path = f"{folder}/{name}"
            actual = _write_record(archive, path, record)
            if actual != record.fingerprint:
                raise DepositError(
                    f"{'/'.join(record.getPhysicalPath())}: the content does not match "
                    f"its fingerprint (stored {record.fingerprint}, found {actual})."
                )
            content_files.append((path, actual, record.record_format or ""))
            metadata_path = f"{folder}/metadati.xml"
            digest = _write_bytes(archive, metadata_path, record_xml(record, actual))
            metadata_files.append((metadata_path, digest, "application/xml"))
            documents.append(
                {
                    "identifier": record.record_identifier or record.UID(),
                    "number": record.registration_number,
                    "path": path,
                    "sha256": actual,
                }
            )
        digest = _write_bytes(archive, "fascicolo.xml", fascicolo_xml(fascicolo, documents))
        metadata_files.insert(0, ("fascicolo.xml", digest, "application/xml"))
        schema_digest = _write_bytes(archive, XSD_PATH, XSD.read_bytes())
        groups = (
            ("documenti", content_files),
            ("metadati", metadata_files),
            ("schema", [(XSD_PATH, schema_digest, "application/xml")]),
        )
        archive.writestr(
            "indice.xml",
            index_xml(fascicolo, groups, now),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return len(documents)


def build_package_file(fascicolo):
    """Write the package into a temporary file; return its path (the caller removes it)."""
    handle, path = tempfile.mkstemp(prefix="pdv-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as target:
            write_package(fascicolo, target)
    except BaseException:
        os.unlink(path)
        raise
    return path


def package_filename(fascicolo):
    return f"pacchetto-versamento-{SAFE_NAME.sub('_', fascicolo.fascicolo_id)}.zip"


def stream_package(fascicolo, response):
    """Set the response's headers; return an iterator over the package file."""
    from ZPublisher.Iterators import filestream_iterator

    path = build_package_file(fascicolo)
    iterator = filestream_iterator(path, "rb")
    size = os.path.getsize(path)
    os.unlink(path)  # the open file stays readable until the iterator is closed
    response.setHeader("Content-Type", "application/zip")
    response.setHeader("Content-Length", str(size))
    response.setHeader(
        "Content-Disposition", f'attachment; filename="{package_filename(fascicolo)}"'
    )
    return iterator
