"""Dossiers for the SUA dashboard tests (imported by the test_dashboard_* files)."""

from datetime import date
from datetime import datetime
from decimal import Decimal
from plone import api
from Products.CMFCore.indexing import processQueue

import itertools
import pytest


CIGS = itertools.cycle(["9050626CD6", "B7E26B1DC7", "X3D1234567"])


def set_state(dossier, state):
    """Put a dossier in a state of the tender workflow by its id.

    The tender workflow is another engineer's work: the dashboard only reads the
    state id from the catalog, so the tests write it in the workflow status.
    """
    workflow = api.portal.get_tool("portal_workflow")
    (chain,) = workflow.getChainFor(dossier)
    status = dict(workflow.getStatusOf(chain, dossier) or {})
    status.update(review_state=state, time=api.portal.get().ZopeTime())
    workflow.setStatusOf(chain, dossier, status)
    dossier.reindexObject(idxs=["review_state"])


def make_dossier(container, title, **data):
    amount = data.pop("total_amount", Decimal("100000.00"))
    lots = data.pop("lots", None) or [
        {
            "cig": next(CIGS),
            "subject": title,
            "amount": amount,
            "cpv": data.get("main_cpv", "45233141"),
            "status": "IN_LAV",
        }
    ]
    values = {
        "commissioning_comune": "004078",
        "contract_object": "lavori",
        "procedure": "6",
        "award_criterion": "priceOnly",
        "main_cpv": "45233141",
    }
    values.update(data)
    state = values.pop("state", None)
    dossier = api.content.create(
        container=container,
        type="TenderDossier",
        title=title,
        total_amount=amount,
        lots=lots,
        **values,
    )
    if state:
        set_state(dossier, state)
    processQueue()
    return dossier


def dossiers(portal, today):
    """Five dossiers in Cuneo and one in Modena, with known values."""
    cuneo = portal["province"]["cuneo"]
    modena = portal["province"]["modena"]
    created = {
        "strade": make_dossier(
            cuneo,
            "Manutenzione strade",
            commissioning_comune="004078",  # Cuneo
            procedure="6",
            contract_object="lavori",
            main_cpv="45233120",
            total_amount=Decimal("350000.00"),
            rup="rup-anna",
            offer_deadline=datetime.combine(today, datetime.min.time()).replace(hour=12),
            state="pubblicato",
        ),
        "scuola": make_dossier(
            cuneo,
            "Ristrutturazione scuola",
            commissioning_comune="004003",  # Alba
            procedure="6",
            contract_object="lavori",
            main_cpv="45214200",
            secondary_cpvs=["71000000"],
            total_amount=Decimal("1200000.00"),
            rup="rup-anna",
            state="bozza",
        ),
        "mensa": make_dossier(
            cuneo,
            "Servizio mensa scolastica",
            commissioning_comune="004003",  # Alba
            procedure="10",
            contract_object="servizi",
            main_cpv="55524000",
            total_amount=Decimal("95000.50"),
            rup="rup-bruno",
            publication_date=today,
            state="pubblicato",
        ),
        "pc": make_dossier(
            cuneo,
            "Fornitura computer",
            commissioning_comune="004078",
            procedure="10",
            contract_object="forniture",
            main_cpv="30213000",
            total_amount=Decimal("40000.00"),
            state="aggiudicato",
        ),
        "chiusa": make_dossier(
            cuneo,
            "Gara chiusa",
            commissioning_comune="004078",
            procedure="6",
            contract_object="lavori",
            main_cpv="45233120",
            total_amount=Decimal("500000.00"),
            rup="rup-anna",
            offer_deadline=datetime.combine(today, datetime.min.time()).replace(hour=9),
            state="chiuso",
        ),
        "modena": make_dossier(
            modena,
            "Ponte sul Secchia",
            commissioning_comune="036023",
            procedure="6",
            contract_object="lavori",
            main_cpv="45221111",
            total_amount=Decimal("800000.00"),
            rup="rup-anna",
            offer_deadline=datetime.combine(today, datetime.min.time()).replace(hour=10),
            state="pubblicato",
        ),
    }
    return created


TODAY = date.today()


@pytest.fixture(name="request_it")
def request_it_fixture(portal):
    """The test request, its form empty, in Italian (the site's language)."""
    request = portal.REQUEST
    request.form.clear()
    request["LANGUAGE"] = "it"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "it"
    return request
