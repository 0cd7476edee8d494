"""Marker interfaces of the digital agenda."""

from zope.interface import Interface


class IDigitalAgendaSection(Interface):
    """The ``agenda-digitale`` section: indicator definitions, dashboards, import."""
