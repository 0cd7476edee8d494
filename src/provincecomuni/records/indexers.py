"""Catalog indexers of the records archive."""

from plone.indexer import indexer
from provincecomuni.records.interfaces import IFascicolo
from provincecomuni.records.interfaces import IRecord


@indexer(IRecord)
def record_classification(obj):
    return getattr(obj, "classification", None) or None


@indexer(IFascicolo)
def fascicolo_classification(obj):
    return getattr(obj, "classification", None) or None
