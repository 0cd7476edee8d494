"""The fascicolo's view: its metadata and the index of its records."""

from plone import api
from plone.dexterity.browser.view import DefaultView
from provincecomuni.records import titolario
from provincecomuni.records.archive import records_in


class FascicoloView(DefaultView):
    def documents(self):
        rows = []
        for record in records_in(self.context):
            if not api.user.has_permission("View", obj=record):
                continue
            rows.append(
                {
                    "title": record.Title(),
                    "url": record.absolute_url(),
                    "number": record.registration_number,
                    "date": record.registration_date,
                    "state": api.content.get_state(record, default=""),
                    "fingerprint": record.fingerprint,
                    "format": record.record_format,
                }
            )
        return rows

    def classification(self):
        index = self.context.classification
        entry = titolario.get_plan().get(index) if index else None
        return f"{index} {entry['title']}" if entry else index
