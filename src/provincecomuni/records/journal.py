"""The append-only audit journal of each community.

Each community has one ``CommunityJournal`` (a database record of its own, reached
through the community's annotations) whose entries sit in an ``LOBTree`` keyed by the
time of the entry in microseconds, times 1024, plus 10 random bits. So:

- writing an entry touches only the journal's own buckets, never the community, the
  documents or the counters: it cannot conflict with the edit it records;
- two entries written at the same time by two transactions have different keys, and
  BTrees resolve concurrent inserts of different keys into one bucket by themselves.
  The one case left is a bucket split in one of the two transactions (about once
  every 30 entries when writes are truly simultaneous): that transaction is retried;
- keys grow with time, so a period is a key range (no full scan);
- entries are stored as tuples of strings, not dicts: BTrees compare values while
  resolving a conflict, and dicts cannot be ordered (the merge would fail).

There is no method to change or remove an entry, and no view or service that writes.
"""

from BTrees.LOBTree import LOBTree
from datetime import datetime
from datetime import UTC
from persistent import Persistent
from plone import api
from provincecomuni.records.record import community_of
from zope.annotation.interfaces import IAnnotations

import random


KEY = "provincecomuni.records.journal"
FIELDS = ("time", "user", "action", "path", "uid", "title", "detail")
ACTIONS = (
    "create",
    "edit",
    "transition",
    "sharing",
    "registration",
    "archive",
    "annulment",
    "download",
)


def time_key(moment):
    return int(moment.timestamp() * 1_000_000) << 10


class CommunityJournal(Persistent):
    def __init__(self):
        self.entries = LOBTree()

    def append(self, entry, moment):
        """Store ``entry`` (a dict with the keys of FIELDS) at ``moment``; return its key."""
        value = tuple(str(entry.get(field) or "") for field in FIELDS)
        key = time_key(moment) | random.getrandbits(10)  # noqa: S311 - not security
        while not self.entries.insert(key, value):
            key += 1
        return key

    def query(self, start=None, end=None, action=None, user=None, limit=None, reverse=True):
        """Entries between two datetimes (inclusive), newest first, filtered."""
        low = time_key(start) if start else None
        high = (time_key(end) | 1023) if end else None
        items = self.entries.items(low, high)
        keys = reversed(range(len(items))) if reverse else range(len(items))
        count = 0
        for position in keys:
            entry = dict(zip(FIELDS, items[position][1], strict=True))
            if action and entry["action"] != action:
                continue
            if user and entry["user"] != user:
                continue
            yield entry
            count += 1
            if limit and count >= limit:
                return


def journal_of(community, create=False):
    annotations = IAnnotations(community)
    journal = annotations.get(KEY)
    if journal is None and create:
        journal = annotations[KEY] = CommunityJournal()
    return journal


def record_event(obj, action, detail="", community=None):
    """Append an entry about ``obj`` to its community's journal (if it is in one)."""
    community = community if community is not None else community_of(obj)
    if community is None:
        return None
    user = api.user.get_current()
    moment = datetime.now(UTC)
    entry = {
        "time": moment.isoformat(timespec="seconds"),
        "user": user.getId() or "anonymous",
        "action": action,
        "path": "/".join(obj.getPhysicalPath()),
        "uid": getattr(obj, "UID", lambda: "")() or "",
        "title": obj.Title() if hasattr(obj, "Title") else "",
        "detail": str(detail or ""),
    }
    return journal_of(community, create=True).append(entry, moment)
