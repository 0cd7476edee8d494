"""The record metadata behavior: defaults, fingerprint, format, subjects."""

from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.records.interfaces import IRecord
from provincecomuni.validation import FieldValueError
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import ObjectModifiedEvent

import hashlib
import pytest


def test_file_document_and_image_are_records(portal, community):
    for type_id in ("File", "Document", "Image"):
        behaviors = portal.portal_types[type_id].behaviors
        assert "provincecomuni.record" in behaviors


def test_upload_gets_fingerprint_format_and_defaults(community, make_file, pdf):
    record = make_file(community)
    assert IRecord.providedBy(record)
    assert record.fingerprint == hashlib.sha256(pdf).hexdigest()
    assert record.fingerprint_algorithm == "SHA-256"
    assert record.record_format == "application/pdf"
    assert record.formation_mode == "b"  # an upload is acquired
    assert record.subject_line == "Determina a contrarre"
    assert record.registration_flow == "I"
    assert record.register_kind == "none"
    assert record.record_version == 1
    assert record.record_identifier == record.UID()
    assert record.confidential is False


def test_format_is_detected_not_taken_from_the_name(community, make_file, pdf):
    record = make_file(community, data=pdf, filename="scansione.bin")
    assert record.record_format == "application/pdf"


def test_page_is_fingerprinted_from_its_text(community):
    from plone.app.textfield.value import RichTextValue

    page = api.content.create(
        container=community,
        type="Document",
        id="verbale",
        title="Verbale",
        text=RichTextValue("<p>Seduta del 3 marzo</p>", "text/html", "text/x-html-safe"),
    )
    assert page.formation_mode == "a"  # written here with software
    assert page.fingerprint == hashlib.sha256(b"<p>Seduta del 3 marzo</p>").hexdigest()
    assert page.record_format == "text/html"


def test_new_file_is_a_new_version_with_a_new_fingerprint(community, make_file, pdf):
    record = make_file(community)
    record.file = NamedBlobFile(data=b"seconda versione", filename="determina.txt")
    notify(ObjectModifiedEvent(record))
    assert record.fingerprint == hashlib.sha256(b"seconda versione").hexdigest()
    assert record.record_format == "text/plain"
    assert record.record_version == 2
    # Editing metadata only is not a new version.
    record.document_type = "determina"
    notify(ObjectModifiedEvent(record))
    assert record.record_version == 2


def test_record_in_a_fascicolo_inherits_its_class_and_retention(fascicolo, record):
    assert record.aggregation_id == fascicolo.fascicolo_id
    assert fascicolo.fascicolo_id.startswith("FASC-")
    assert record.classification == "4.4"
    assert record.retention_years == 10


def test_signed_envelope_is_flagged(community, make_file, pdf):
    record = make_file(community, data=b"0\x80\x06\x09*", filename="contratto.pdf.p7m")
    assert record.signed is True


@pytest.mark.parametrize(
    "subject",
    [
        {"role": "author", "kind": "PF", "code": "RSSMRA80A01H501X", "name": "Mario Rossi"},
        {"role": "author", "kind": "PG", "code": "12345678901", "name": "Ditta"},
        {"role": "author", "kind": "PAI", "code": "c h501", "name": "Roma"},
        {"role": "boss", "kind": "PF", "code": "RSSMRA80A01H501U", "name": "Mario Rossi"},
        {"role": "author", "kind": "PF", "code": "RSSMRA80A01H501U", "name": ""},
        {"role": "author", "kind": "PF", "code": "RSSMRA80A01H501U", "name": "M", "x": 1},
    ],
)
def test_wrong_subjects_are_refused_with_a_message(subject):
    from provincecomuni.records.behavior import IRecordMetadata

    with pytest.raises(FieldValueError) as error:
        IRecordMetadata["record_subjects"].validate([subject])
    assert "Subject 1" in translate(error.value.doc())


def test_valid_subjects_pass():
    from provincecomuni.records.behavior import IRecordMetadata

    IRecordMetadata["record_subjects"].validate(
        [
            {"role": "author", "kind": "PF", "code": "RSSMRA80A01H501U", "name": "Mario Rossi"},
            {"role": "recipient", "kind": "PG", "code": "00488410010", "name": "TIM"},
            {"role": "sender", "kind": "PAI", "code": "p_cn", "name": "Provincia di Cuneo"},
        ]
    )
