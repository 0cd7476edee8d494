"""The edit form's "Offerenti e verifiche" tab, submitted as a browser does."""

from datetime import date
from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.protect.authenticator import createToken

import pytest
import re
import requests
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105
ACME = "01234560017"
BETA = "09876540015"
P = "form.widgets.IAwards"
EVIDENCE = {}


@pytest.fixture
def dossier(functional_portal):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(email="sua@example.org", username="sua", password=PASSWORD)
        api.user.grant_roles(username="sua", roles=["Manager"])
        lot = {"subject": "Strade", "cpv": "45233141", "status": "IN_LAV"}
        dossier = api.content.create(
            container=functional_portal["province"]["cuneo"],
            type="TenderDossier",
            id="gara",
            title="Manutenzione strade comunali 2027",
            commissioning_comune="004078",
            contract_object="lavori",
            procedure="6",
            award_criterion="priceOnly",
            main_cpv="45233141",
            total_amount=Decimal("350000.00"),
            lots=[
                dict(lot, cig="9050626CD6", amount=Decimal("200000.00")),
                dict(lot, cig="B7E26B1DC7", amount=Decimal("150000.00")),
            ],
        )
        evidence = api.content.create(
            container=dossier,
            type="File",
            id="durc",
            title="DURC Acme",
            file=NamedBlobFile(data=b"%PDF-1.4", filename="durc.pdf"),
        )
    transaction.commit()
    EVIDENCE["uid"] = evidence.UID()
    return dossier


@pytest.fixture
def owner(dossier):
    with api.env.adopt_user(username="sua"):
        token = createToken()
    session = requests.Session()
    session.auth = ("sua", PASSWORD)
    session.headers["Accept-Language"] = "it"
    session.token = token
    return session


def _main_fields():
    fields = {
        "form.widgets.title": "Manutenzione strade comunali 2027",
        "form.widgets.commissioning_comune:list": "004078",
        "form.widgets.contract_object:list": "lavori",
        "form.widgets.procedure:list": "6",
        "form.widgets.award_criterion:list": "priceOnly",
        "form.widgets.main_cpv": "45233141",
        "form.widgets.total_amount": "350000",
        "form.widgets.lots.count": "2",
    }
    for name in ("commissioning_comune", "contract_object", "procedure", "award_criterion"):
        fields[f"form.widgets.{name}-empty-marker"] = "1"
    for number, (cig, amount) in enumerate((("9050626CD6", "200000"), ("B7E26B1DC7", "150000"))):
        prefix = f"form.widgets.lots.{number}"
        fields.update(
            {
                f"{prefix}-empty-marker": "1",
                f"{prefix}.widgets.cig": cig,
                f"{prefix}.widgets.subject": "Strade",
                f"{prefix}.widgets.amount": amount,
                f"{prefix}.widgets.cpv": "45233141",
                f"{prefix}.widgets.status:list": "IN_LAV",
                f"{prefix}.widgets.status-empty-marker": "1",
            }
        )
    return fields


def _bidder(number, lot, name, tax_code, awardee=False, offer=""):
    prefix = f"{P}.bidders.{number}"
    fields = {
        f"{prefix}-empty-marker": "1",
        f"{prefix}.widgets.lot": lot,
        f"{prefix}.widgets.name": name,
        f"{prefix}.widgets.tax_code": tax_code,
        f"{prefix}.widgets.group_role-empty-marker": "1",
        f"{prefix}.widgets.group_name": "",
        f"{prefix}.widgets.awardee-empty-marker": "1",
        f"{prefix}.widgets.offer_amount": offer,
    }
    if awardee:
        fields[f"{prefix}.widgets.awardee:list"] = "selected"
    return fields


def _check(number, tax_code, document_type, requested, valid_until, evidence=""):
    prefix = f"{P}.requirement_checks.{number}"
    return {
        f"{prefix}-empty-marker": "1",
        f"{prefix}.widgets.tax_code": tax_code,
        f"{prefix}.widgets.document_type:list": document_type,
        f"{prefix}.widgets.document_type-empty-marker": "1",
        f"{prefix}.widgets.issuer-empty-marker": "1",
        f"{prefix}.widgets.requested": requested,
        f"{prefix}.widgets.outcome:list": "positivo",
        f"{prefix}.widgets.outcome-empty-marker": "1",
        f"{prefix}.widgets.valid_until": valid_until,
        f"{prefix}.widgets.evidence": evidence,
    }


def _save(
    owner,
    dossier,
    second_tax_code=BETA,
    valid_until="2027-07-30",
    second_lot="1",
    second_awardee=False,
    check_tax_code=ACME,
):
    data = {
        **_main_fields(),
        f"{P}.bidders.count": "2",
        **_bidder(0, "1", "Acme Costruzioni srl", ACME, awardee=True, offer="190000,10"),
        **_bidder(1, second_lot, "Beta Strade spa", second_tax_code, awardee=second_awardee),
        f"{P}.requirement_checks.count": "1",
        **_check(0, check_tax_code, "00024", "2027-04-01", valid_until, EVIDENCE["uid"]),
        "form.buttons.save": "Salva",
        "_authenticator": owner.token,
    }
    return owner.post(f"{dossier.absolute_url()}/@@edit", data=data, allow_redirects=False)


def test_the_edit_form_has_the_bidders_and_checks_tab(owner, dossier):
    page = owner.get(f"{dossier.absolute_url()}/@@edit").text
    for label in (
        "Offerenti e verifiche",
        "Offerenti",
        "Verifiche sui requisiti",
        "Codice fiscale / partita IVA",
        "Ruolo nel raggruppamento",
        "Ente certificante",
        "Documento di riscontro",
        "Mandatario",
        "Certificato integrale del casellario giudiziario",
    ):
        assert label in page, label
    assert 'name="form.widgets.IAwards.requirement_checks.TT.widgets.evidence"' in page
    # The lots grid shows each lot's CPV as its search-as-you-type select expects it.
    cell = re.search(r'<input[^>]*name="form.widgets.lots.0.widgets.cpv"[^>]*>', page).group(0)
    assert 'value="45233141"' in cell


def test_the_add_form_has_no_bidders(owner, dossier):
    page = owner.get(f"{dossier.aq_parent.absolute_url()}/++add++TenderDossier").text
    assert "form.widgets.IAwards.bidders" not in page


def test_the_edit_form_saves_bidders_and_checks(owner, dossier):
    response = _save(owner, dossier)
    assert response.status_code == 302, response.text[-3000:]
    transaction.begin()
    # The lots keep their CPV through the edit form.
    assert [lot["cpv"] for lot in dossier.lots] == ["45233141", "45233141"]
    assert dossier.bidders == [
        {
            "lot": "1",
            "name": "Acme Costruzioni srl",
            "tax_code": ACME,
            "group_role": None,
            "group_name": None,
            "awardee": True,
            "offer_amount": Decimal("190000.10"),
        },
        {
            "lot": "1",
            "name": "Beta Strade spa",
            "tax_code": BETA,
            "group_role": None,
            "group_name": None,
            "awardee": False,
            "offer_amount": None,
        },
    ]
    assert dossier.requirement_checks == [
        {
            "tax_code": ACME,
            "document_type": "00024",
            "issuer": None,
            "requested": date(2027, 4, 1),
            "outcome": "positivo",
            "valid_until": date(2027, 7, 30),
            "evidence": EVIDENCE["uid"],
        }
    ]
    page = owner.get(dossier.absolute_url()).text
    assert "Verifiche del proposto aggiudicatario del lotto 1" in page
    assert "DURC Acme" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"second_tax_code": "01234560018"}, "non è un codice fiscale (16 caratteri)"),
        (
            {"valid_until": "2027-03-01"},
            "Valida fino al: non può precedere la data della richiesta",
        ),
        ({"second_lot": "3"}, "non è un lotto di questo fascicolo (i suoi lotti vanno da 1 a 2)"),
        ({"second_awardee": True}, "il lotto 1 ha già un proposto aggiudicatario (offerente 1)"),
        (
            {"check_tax_code": "12345670157"},
            "12345670157 non è il codice fiscale di alcun offerente",
        ),
    ],
)
def test_errors_are_shown_and_nothing_is_saved(owner, dossier, changes, message):
    response = _save(owner, dossier, **changes)
    assert response.status_code == 200
    assert message in response.text
    transaction.begin()
    assert dossier.bidders == []
