"""Working copies (plone.app.iterate) of records follow the records rules.

- An archived or annulled record cannot be checked out (it is immutable), nor can a
  working copy be checked in over a baseline that was archived meanwhile.
- On check-in the working copy's file replaces the baseline's: the fingerprint,
  format and version are recomputed (streaming the blob) and the journal says so.
"""

from Acquisition import aq_base
from plone.app.iterate.browser.control import Control
from provincecomuni import _
from provincecomuni.records import archive
from provincecomuni.records import journal
from provincecomuni.records import record
from provincecomuni.records.interfaces import IRecord
from zope.i18n import translate


def refuse_checkout(obj):
    what = translate(_("what_checked_out", default="checked out"), context=obj.REQUEST)
    archive.refuse(obj, what)


def before_checkout(event):
    """IBeforeCheckoutEvent: the baseline is ``event.object``."""
    obj = event.object
    if IRecord.providedBy(obj) and archive.is_archived(obj):
        refuse_checkout(obj)


def before_checkin(event):
    """ICheckinEvent (before the merge): ``event.baseline`` receives the working copy."""
    baseline = event.baseline
    if IRecord.providedBy(baseline) and archive.is_archived(baseline):
        what = translate(
            _("what_checked_in", default="replaced by a working copy"),
            context=baseline.REQUEST,
        )
        archive.refuse(baseline, what)


def after_checkin(obj, event):
    """IAfterCheckinEvent: the new baseline holds the working copy's content."""
    # The working copy was a copy: its file is a different object from the one the
    # baseline last fingerprinted, so a changed file is always recomputed; an
    # unchanged one is compared by hash.
    base = aq_base(obj)
    hashed = getattr(base, "_record_hashed_file", None)
    current = record.fingerprint.primary_file(obj)
    if (
        current is not None
        and hashed is not None
        and current is not hashed
        and record.fingerprint.sha256_of(obj) == getattr(base, "fingerprint", None)
    ):
        obj._record_hashed_file = current  # same bytes: not a new version
    changed = record.update_fingerprint(obj)
    journal.record_event(obj, "checkin", "new content" if changed else "metadata")


class RecordIterateControl(Control):
    """The iterate actions of a record: none while it is archived or annulled."""

    def checkout_allowed(self):
        if archive.is_archived(self.context):
            return False
        return super().checkout_allowed()
