"""SHA-256 fingerprints and formats of records, computed by the server.

Blobs are read in chunks, never whole, so fingerprinting a 2 GB file needs a few
megabytes of memory.
"""

from plone.namedfile.interfaces import INamedBlobFile
from plone.namedfile.interfaces import INamedFile
from Products.CMFCore.utils import getToolByName

import hashlib


ALGORITHM = "SHA-256"
CHUNK = 1 << 20
SNIFF = 8192


def primary_file(obj):
    """The file a record is about (File.file, Image.image), or None for a page."""
    for name in ("file", "image"):
        value = getattr(obj, name, None)
        if INamedFile.providedBy(value):
            return value
    return None


def iter_file(namedfile, chunk=CHUNK):
    """Yield the bytes of a (blob) file chunk by chunk."""
    if INamedBlobFile.providedBy(namedfile):
        with namedfile.open() as handle:
            while True:
                data = handle.read(chunk)
                if not data:
                    return
                yield data
    else:
        data = namedfile.data
        for start in range(0, len(data), chunk):
            yield data[start : start + chunk]


def page_bytes(obj):
    """The content of a page (Document) as the bytes that are fingerprinted."""
    text = getattr(obj, "text", None)
    raw = getattr(text, "raw", None) or ""
    return raw.encode("utf-8")


def sha256_of(obj):
    """The hexadecimal SHA-256 of the record's content, streamed."""
    digest = hashlib.sha256()
    namedfile = primary_file(obj)
    if namedfile is not None:
        for data in iter_file(namedfile):
            digest.update(data)
    else:
        digest.update(page_bytes(obj))
    return digest.hexdigest()


# Signatures that tell a format for certain, whatever the file is called.
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"<?xml", "application/xml"),
)


def detect_format(obj):
    """The MIME type of the record, detected from its first bytes and its file name."""
    namedfile = primary_file(obj)
    if namedfile is None:
        return "text/html"
    head = b""
    for data in iter_file(namedfile, chunk=SNIFF):
        head = data
        break
    for signature, mimetype in MAGIC:
        if head.startswith(signature):
            return mimetype
    registry = getToolByName(obj, "mimetypes_registry", None)
    detected = None
    if registry is not None:
        try:
            mimetype = registry.classify(head, filename=namedfile.filename or None)
        except Exception:  # noqa: BLE001 - an unknown format is not an error
            mimetype = None
        if mimetype is not None:
            detected = str(mimetype.normalized())
    return detected or namedfile.contentType or "application/octet-stream"


def signature_flags(obj):
    """Verification flags that the file name tells for certain (CAdES envelopes)."""
    namedfile = primary_file(obj)
    name = (getattr(namedfile, "filename", None) or "").lower()
    flags = {}
    if name.endswith(".p7m"):
        flags["signed"] = True
    if name.endswith((".tsd", ".m7m")):
        flags["timestamped"] = True
    return flags
