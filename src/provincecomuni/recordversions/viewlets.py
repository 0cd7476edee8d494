"""The link from a record's page to its metadata differences."""

from plone.app.layout.viewlets import ViewletBase
from provincecomuni.recordversions import diff


class MetadataDiffLink(ViewletBase):
    def update(self):
        super().update()
        self.url = self.context.absolute_url()
        self.available = len(diff.history_of(self.context)) > 1
