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
