"""Fixtures of the records archive tests: a community with a fascicolo and records."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.namedfile.file import NamedBlobFile

import pytest


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def community(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal["province"]["cuneo"]


@pytest.fixture
def fascicolo(community):
    return api.content.create(
        container=community,
        type="Fascicolo",
        id="gara-scuole",
        title="Gara manutenzione scuole",
        classification="4.4",
    )


def _make_file(container, id="determina", data=PDF, filename="determina.pdf", **kw):
    return api.content.create(
        container=container,
        type="File",
        id=id,
        title=kw.pop("title", "Determina a contrarre"),
        file=NamedBlobFile(data=data, filename=filename),
        **kw,
    )


@pytest.fixture
def make_file():
    """Create a File record: make_file(container, id=..., data=..., filename=...)."""
    return _make_file


@pytest.fixture
def pdf():
    return PDF


@pytest.fixture
def record(fascicolo):
    return _make_file(fascicolo)
