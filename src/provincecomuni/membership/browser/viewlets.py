"""On every community page: the way to its roster, and to join it."""

from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from provincecomuni.membership import api as membership
from provincecomuni.membership.browser.roster import current_userid
from provincecomuni.membership.browser.roster import MANAGE_PERMISSION
from provincecomuni.membership.browser.roster import RosterView


class MembershipViewlet(ViewletBase):
    """ "Membri" link for members and Coordinatori; "Partecipa" for the others."""

    def update(self):
        super().update()
        self.userid = current_userid()
        self.can_manage = api.user.has_permission(MANAGE_PERMISSION, obj=self.context)
        self.role = membership.role_of(self.context, self.userid) if self.userid else None
        self.roster = RosterView(self.context, self.request)

    def available(self):
        return self.userid is not None

    def roster_url(self):
        return self.roster.roster_url()

    def member_count(self):
        return membership.count_members(self.context)
