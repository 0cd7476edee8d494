"""Marker interfaces shared across the package."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IProvinceComuniLayer(IDefaultBrowserLayer):
    """Browser layer: active on a site where the add-on is installed."""


class ICommunity(Interface):
    """A shared workspace: a Province community or a thematic network.

    Views, services and the access model (membership, roles) register for this
    interface, so they apply to both kinds of community.
    """


class IUpcomingDeadlines(Interface):
    """What one content type contributes to a community's "upcoming deadlines".

    Register a subscription adapter for ICommunity providing this interface;
    the community dashboard and its REST representation gather them all, so a
    new type adds its deadlines without touching the dashboard.
    """

    def __call__(start, end):
        """Deadlines between ``start`` and ``end`` (datetime.date, inclusive).

        Return an iterable of dicts with the keys ``date`` (datetime.date),
        ``title`` (str), ``url`` (absolute URL of the item) and ``kind`` (a
        translated label such as "Scadenza bando"). Return only what the
        current user may see (query the catalog, which filters by permission).
        """
