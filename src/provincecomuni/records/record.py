"""What the server computes on a record: identity, fingerprint, format, defaults."""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.uuid.interfaces import IUUID
from provincecomuni.interfaces import ICommunity
from provincecomuni.records import fingerprint
from provincecomuni.records.interfaces import IFascicolo


def community_of(obj):
    """The community an object is in (itself included), or None."""
    for item in aq_chain(aq_inner(obj)):
        if ICommunity.providedBy(item):
            return item
    return None


def fascicolo_of(obj):
    """The fascicolo a record belongs to (its nearest enclosing one), or None."""
    for item in aq_chain(aq_inner(obj))[1:]:
        if IFascicolo.providedBy(item):
            return item
    return None


def _content_key(obj):
    """What identifies the current content: the file object, or the page's text."""
    namedfile = fingerprint.primary_file(obj)
    if namedfile is not None:
        return namedfile
    return None


def content_changed(obj):
    """Whether the content differs from what was last fingerprinted (cheap for files)."""
    base = aq_base(obj)
    if getattr(base, "fingerprint", None) is None:
        return True
    namedfile = fingerprint.primary_file(obj)
    if namedfile is not None:
        # A new upload is a new NamedBlobFile object: no need to read the blob.
        return getattr(base, "_record_hashed_file", None) is not namedfile
    return fingerprint.sha256_of(obj) != base.fingerprint


def update_fingerprint(obj, force=False):
    """Fingerprint the content if it changed; a change makes a new version.

    Return True when the fingerprint was (re)computed.
    """
    if not force and not content_changed(obj):
        return False
    base = aq_base(obj)
    obj.fingerprint = fingerprint.sha256_of(obj)
    obj.fingerprint_algorithm = fingerprint.ALGORITHM
    obj.record_format = fingerprint.detect_format(obj)
    obj._record_hashed_file = fingerprint.primary_file(obj)
    obj.record_version = (getattr(base, "record_version", None) or 0) + 1
    for flag, value in fingerprint.signature_flags(obj).items():
        setattr(obj, flag, value)
    return True


def apply_defaults(obj):
    """Fill what a user left empty: identifier, formation mode, subject line, class."""
    from provincecomuni.records import titolario

    base = aq_base(obj)
    obj.record_identifier = IUUID(obj, None)
    if not getattr(base, "formation_mode", None):
        obj.formation_mode = "b" if fingerprint.primary_file(obj) is not None else "a"
    if not getattr(base, "subject_line", None):
        obj.subject_line = obj.Title()
    if getattr(base, "registration_flow", None) is None:
        obj.registration_flow = "I"
    if getattr(base, "register_kind", None) is None:
        obj.register_kind = "none"
    fascicolo = fascicolo_of(obj)
    obj.aggregation_id = fascicolo.fascicolo_id if fascicolo is not None else None
    if not getattr(base, "classification", None) and fascicolo is not None:
        obj.classification = getattr(fascicolo, "classification", None)
    if getattr(base, "retention_years", None) is None and obj.classification:
        entry = titolario.get_plan().get(obj.classification)
        if entry is not None:
            obj.retention_years = entry["retention_years"]
    if getattr(base, "change_trail", None) is None:
        obj.change_trail = []
