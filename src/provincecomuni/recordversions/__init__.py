"""Versions of records: working copies (plone.app.iterate) and the metadata diff."""
