"""The record status viewlet: registration, archive state and the record's actions."""

from plone import api
from plone.app.layout.viewlets import ViewletBase
from provincecomuni.records import archive
from provincecomuni.records.interfaces import IFascicolo


class RecordStatusViewlet(ViewletBase):
    def update(self):
        super().update()
        self.is_fascicolo = IFascicolo.providedBy(self.context)
        self.state = api.content.get_state(self.context, default=None)
        self.archived = (
            archive.is_closed(self.context)
            if self.is_fascicolo
            else archive.is_archived(self.context)
        )
        self.url = self.context.absolute_url()

    def can(self, permission):
        return api.user.has_permission(permission, obj=self.context)
