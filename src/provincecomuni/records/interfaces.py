"""Interfaces of the records archive."""

from zope.interface import Interface


class IRecord(Interface):
    """Marker: content that carries the record metadata (behavior ``provincecomuni.record``)."""


class IFascicolo(Interface):
    """Marker: an aggregation (fascicolo) of records."""
