"""The publication package of a tender dossier: a ZIP streamed to the client.

Layout::

    dossier.json            the structured tender data (the dossier's fields, lots)
    documenti/001-<id>/<file name>   each published document
    index.json              document, type, lot, SHA-256, size, path of each file
    indice.csv              the same index for people (opens in a spreadsheet)
    indice.html             the same index as a page, with links to the files

The package holds what is (or is about to be) published: the documents in the
``published`` state of their workflow, and the documents the checklist links for
the publication of the tender (items needed for "prepara_pubblicazione" or
"pubblica"), which the SUA packs before the tender goes on the platform and which
the "pubblica" transition publishes on the site. Drafts stay out.
Everything the package needs from the database (metadata, page texts and the blob
file of each document) is collected while the request runs; then the ZIP is
written chunk by chunk into a small buffer that the iterator hands to the server.
Nothing reads the database after the request ends (ZPublisher closes the connection
before iterating), and memory holds one chunk of a file at a time, whatever the
size of the dossier. Files are stored (not compressed): PDF and DOCX already are.

The SHA-256 in the index is computed while the file is written into the ZIP, so it
always matches the file in the package; ``record_fingerprint`` is the fingerprint
the records archive stored for it, and ``fingerprint_matches`` says whether they
agree (a mismatch means the file changed behind Plone's back).
"""

from datetime import date
from datetime import datetime
from datetime import UTC
from decimal import Decimal
from plone import api
from plone.dexterity.utils import iterSchemata
from plone.namedfile.interfaces import INamedBlobFile
from provincecomuni.procurement import lifecycle
from provincecomuni.records import fingerprint
from zope.interface import implementer
from zope.schema import getFieldsInOrder
from ZPublisher.Iterators import IUnboundStreamIterator

import csv
import hashlib
import io
import json
import re
import zipfile


CHUNK = 1 << 16  # bytes read from a file at a time
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
PUBLISHED = "published"
NOTICE_TRANSITIONS = (lifecycle.PREPARA_PUBBLICAZIONE, lifecycle.PUBBLICA)
# Personal and judicial data stay out of a package meant for publication.
PRIVATE_FIELDS = ("bidders", "requirement_checks")


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def dossier_data(dossier):
    """The tender's fields (its schema and the SUA behaviors), JSON-ready; lots included.

    Plone's generic behaviors (ownership, navigation, allowed types) are left out.
    """
    from provincecomuni.domain import territories

    comune = territories.comune(getattr(dossier, "commissioning_comune", None) or "")
    data = {
        "uid": dossier.UID(),
        "url": dossier.absolute_url(),
        "review_state": api.content.get_state(dossier, default=None),
        "commissioning_comune_name": comune.name if comune else None,
    }
    for schema in iterSchemata(dossier):
        if not schema.__module__.startswith("provincecomuni."):
            continue
        for name, field in getFieldsInOrder(schema):
            if name in PRIVATE_FIELDS or name in data:
                continue
            value = getattr(field.interface(dossier, None) or dossier, name, None)
            data[name] = _json_value(value)
    return data


def notice_documents(dossier):
    """{uid: checklist item} of the documents linked for the tender's publication."""
    from provincecomuni.procurement.workflow import checklist

    return {
        item["document"]: item
        for item in checklist.items(dossier)
        if item.get("document") and item.get("needed_for") in NOTICE_TRANSITIONS
    }


def published_documents(dossier):
    """The published documents inside the dossier and those linked for its
    publication, in path order (one catalog query)."""
    catalog = api.portal.get_tool("portal_catalog")
    notice = notice_documents(dossier)
    brains = catalog(path="/".join(dossier.getPhysicalPath()), sort_on="path")
    documents = []
    for brain in brains:
        if brain.portal_type in ("Folder",) or dossier.UID() == brain.UID:
            continue
        if brain.review_state != PUBLISHED and brain.UID not in notice:
            continue
        obj = brain.getObject()
        namedfile = fingerprint.primary_file(obj)
        if namedfile is None and getattr(obj, "text", None) is None:
            continue
        documents.append(obj)
    return documents


class _Source:
    """Where the bytes of one document come from, without the database."""

    def __init__(self, obj):
        namedfile = fingerprint.primary_file(obj)
        self.data = None
        self.path = None
        self.handle = None
        if namedfile is None:
            self.data = fingerprint.page_bytes(obj)
            self.filename = f"{obj.getId()}.html"
        else:
            self.filename = namedfile.filename or obj.getId()
            if INamedBlobFile.providedBy(namedfile):
                blob = namedfile._blob
                try:
                    self.path = blob.committed()
                except Exception:  # noqa: BLE001 - uncommitted: keep an open handle
                    self.handle = blob.open("r")
            else:
                self.data = bytes(namedfile.data)

    def chunks(self):
        if self.data is not None:
            for start in range(0, len(self.data), CHUNK):
                yield self.data[start : start + CHUNK]
            return
        handle = self.handle if self.handle is not None else open(self.path, "rb")  # noqa: SIM115
        with handle:
            while True:
                data = handle.read(CHUNK)
                if not data:
                    return
                yield data

    def close(self):
        if self.handle is not None:
            self.handle.close()


def _entry(number, obj, checklist_titles=None):
    source = _Source(obj)
    folder = f"documenti/{number:03d}-{SAFE.sub('_', obj.getId())}"
    return {
        "source": source,
        "path": f"{folder}/{SAFE.sub('_', source.filename)}",
        "title": obj.Title(),
        "type": getattr(obj, "document_type", None)
        or (checklist_titles or {}).get(obj.UID())
        or obj.portal_type,
        "lot": getattr(obj, "tender_lot", None) or "",
        "format": getattr(obj, "record_format", None) or "",
        "record_fingerprint": getattr(obj, "fingerprint", None),
        "url": obj.absolute_url(),
        "uid": obj.UID(),
    }


class _Buffer:
    """A write-only, unseekable file: what ZipFile writes, the iterator takes away."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts = []
        return data


def package_name(dossier):
    return f"pacchetto-pubblicazione-{SAFE.sub('_', dossier.getId())}.zip"


@implementer(IUnboundStreamIterator)
class PackageIterator:
    """Produces the ZIP chunk by chunk; reads only the data collected beforehand."""

    def __init__(self, dossier):
        self.dossier_json = json.dumps(dossier_data(dossier), ensure_ascii=False, indent=2).encode(
            "utf-8"
        )
        # A document's type in the index: its record type, else its checklist item.
        titles = {
            item["document"]: item["title"]
            for item in getattr(dossier, "checklist", None) or ()
            if item.get("document")
        }
        self.entries = [
            _entry(number, obj, titles)
            for number, obj in enumerate(published_documents(dossier), start=1)
        ]
        self.meta = {
            "dossier": dossier.Title(),
            "dossier_url": dossier.absolute_url(),
            "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._chunks = self._generate()

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            data = next(self._chunks)
            if data:
                return data

    def close(self):
        for entry in self.entries:
            entry["source"].close()

    def _generate(self):
        buffer = _Buffer()
        index = []
        try:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr("dossier.json", self.dossier_json, zipfile.ZIP_DEFLATED)
                yield buffer.take()
                for entry in self.entries:
                    digest, size = hashlib.sha256(), 0
                    with archive.open(entry["path"], "w", force_zip64=True) as target:
                        for data in entry["source"].chunks():
                            digest.update(data)
                            size += len(data)
                            target.write(data)
                            yield buffer.take()
                    sha256 = digest.hexdigest()
                    index.append(
                        {
                            "document": entry["title"],
                            "type": entry["type"],
                            "lot": entry["lot"],
                            "path": entry["path"],
                            "format": entry["format"],
                            "sha256": sha256,
                            "size": size,
                            "record_fingerprint": entry["record_fingerprint"],
                            "fingerprint_matches": entry["record_fingerprint"] in (None, sha256),
                            "uid": entry["uid"],
                            "url": entry["url"],
                        }
                    )
                    yield buffer.take()
                index_json = dict(self.meta, documents=index)
                archive.writestr(
                    "index.json",
                    json.dumps(index_json, ensure_ascii=False, indent=2).encode("utf-8"),
                    zipfile.ZIP_DEFLATED,
                )
                archive.writestr("indice.csv", _csv(index), zipfile.ZIP_DEFLATED)
                archive.writestr("indice.html", _html(self.meta, index), zipfile.ZIP_DEFLATED)
            yield buffer.take()
        finally:
            self.close()


CSV_COLUMNS = (
    ("document", "Documento"),
    ("type", "Tipo"),
    ("lot", "Lotto"),
    ("path", "File"),
    ("sha256", "SHA-256"),
    ("size", "Dimensione (byte)"),
)


def _csv(index):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow([label for _name, label in CSV_COLUMNS])
    for row in index:
        writer.writerow([row[name] for name, _label in CSV_COLUMNS])
    # A BOM so that spreadsheets open the accents right.
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def _html(meta, index):
    """The index as a page to open in a browser from the unpacked folder (links work)."""
    from html import escape

    rows = []
    for row in index:
        cells = [
            f'<a href="{escape(row["path"])}">{escape(row["document"])}</a>',
            escape(str(row["type"])),
            escape(str(row["lot"])),
            f"<code>{escape(row['sha256'])}</code>",
            f"{row['size']:,}".replace(",", "."),
        ]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    headers = "".join(f'<th scope="col">{escape(label)}</th>' for label in HTML_COLUMNS)
    title = escape(meta["dossier"])
    page = (
        '<!DOCTYPE html>\n<html lang="it"><head><meta charset="utf-8">'
        f"<title>Indice - {title}</title></head><body>"
        f"<h1>{title}</h1><p>Pacchetto di pubblicazione generato il "
        f"{escape(meta['generated'])} (UTC).</p>"
        f"<table><thead><tr>{headers}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )
    return page.encode("utf-8")


HTML_COLUMNS = ("Documento", "Tipo", "Lotto", "SHA-256", "Dimensione (byte)")


def stream(dossier, response):
    """Set the headers; return the iterator the server sends."""
    iterator = PackageIterator(dossier)
    response.setHeader("Content-Type", "application/zip")
    response.setHeader("Content-Disposition", f'attachment; filename="{package_name(dossier)}"')
    return iterator
