"""Downloads of confidential records are written to the community's journal."""

from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download
from plone.protect.interfaces import IDisableCSRFProtection
from provincecomuni.records import journal
from zope.interface import alsoProvides


class _Journaled:
    def __call__(self):
        result = super().__call__()
        if getattr(self.context, "confidential", False):
            # A GET that writes: only the journal entry (plone.protect would flag it).
            alsoProvides(self.request, IDisableCSRFProtection)
            journal.record_event(self.context, "download", self.fieldname or "file")
        return result


class RecordDownload(_Journaled, Download):
    pass


class RecordDisplayFile(_Journaled, DisplayFile):
    pass
