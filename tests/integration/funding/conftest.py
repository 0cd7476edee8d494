"""Fixtures of the funding tests: a few calls in /bandi-europei."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import pytest


def create_call(section, identifier, opening, deadlines, **fields):
    fields.setdefault("programme", "horizon-europe")
    model = "multiple-cut-off" if len(deadlines) > 1 else "single-stage"
    fields.setdefault("deadline_model", model)
    call = api.content.create(
        container=section,
        type="FundingCall",
        id=identifier.lower(),
        title=fields.pop("title", f"Bando {identifier}"),
        identifier=identifier,
        opening_date=opening,
        deadlines=list(deadlines),
        **fields,
    )
    return call


@pytest.fixture
def section(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal["bandi-europei"]


@pytest.fixture
def make_call(section):
    """``make_call(identifier, opening, deadlines, **fields)``: a call in the section."""

    def make(identifier, opening, deadlines, **fields):
        return create_call(section, identifier, opening, deadlines, **fields)

    return make


D = datetime.date
