"""Fixity: recompute the fingerprints of records and report every mismatch.

The records are found through the catalog (``object_provides``), each blob is read
in chunks; the objects are released from the connection cache as the check goes, so
memory stays flat whatever the size of the archive.
"""

from plone import api
from provincecomuni.records import fingerprint
from provincecomuni.records.interfaces import IRecord

import time


def check(context=None, path=None):
    """Check every record below ``context`` (the site by default).

    Return ``{"checked", "mismatches", "missing", "seconds", "bytes"}``; a mismatch
    is ``{"path", "uid", "expected", "actual"}``.
    """
    context = context if context is not None else api.portal.get()
    catalog = api.portal.get_tool("portal_catalog")
    query = {
        "object_provides": IRecord.__identifier__,
        "path": "/".join(context.getPhysicalPath()),
        "sort_on": "path",
    }
    started = time.monotonic()
    checked, total_bytes, mismatches, missing = 0, 0, [], []
    for brain in catalog.unrestrictedSearchResults(**query):
        obj = brain._unrestrictedGetObject()
        expected = getattr(obj, "fingerprint", None)
        try:
            actual = fingerprint.sha256_of(obj)
        except (OSError, KeyError) as error:  # blob file gone
            missing.append({"path": brain.getPath(), "uid": brain.UID, "error": str(error)})
            continue
        namedfile = fingerprint.primary_file(obj)
        total_bytes += namedfile.getSize() if namedfile is not None else 0
        checked += 1
        if expected != actual:
            mismatches.append(
                {
                    "path": brain.getPath(),
                    "uid": brain.UID,
                    "expected": expected,
                    "actual": actual,
                }
            )
        # Keep the connection cache small on big archives.
        if checked % 100 == 0:
            obj._p_jar.cacheGC()
    return {
        "checked": checked,
        "bytes": total_bytes,
        "mismatches": mismatches,
        "missing": missing,
        "seconds": round(time.monotonic() - started, 3),
    }
