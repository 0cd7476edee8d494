"""The proposed awardee's checks: their states, the "aggiudica" guard, expiring checks, the page."""

from datetime import date
from datetime import timedelta
from decimal import Decimal
from plone import api
from plone.namedfile.file import NamedBlobFile
from provincecomuni.procurement import checks
from provincecomuni.procurement import lifecycle
from zope.i18n import translate

import pytest


ACME = "01234560017"
BETA = "09876540015"
GAMMA = "12345670157"
TODAY = date(2027, 5, 10)


@pytest.fixture
def dossier(manager_portal):
    lot = {"subject": "Strade", "cpv": "45233141", "status": "IN_LAV"}
    return api.content.create(
        container=manager_portal["province"]["cuneo"],
        type="TenderDossier",
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


def all_checks(tax_code, valid_until=None, skip=(), **changes):
    """One positive check for every required check of works (the first document type)."""
    # Valid well after TODAY and after the real today (the guard asks on the real today).
    valid_until = valid_until or max(date(2027, 12, 31), date.today() + timedelta(days=400))
    rows = []
    for required in checks.REQUIRED_CHECKS:
        if required.id in skip:
            continue
        row = {
            "tax_code": tax_code,
            "document_type": required.document_types[0],
            "issuer": None,
            "requested": date(2027, 4, 1),
            "outcome": "positivo",
            "valid_until": valid_until,
            "evidence": None,
        }
        row.update(changes.get(required.id, {}))
        rows.append(row)
    return rows


def bidders(*rows):
    base = {"group_role": None, "group_name": None, "awardee": False, "offer_amount": None}
    return [dict(base, **row) for row in rows]


def _missing(dossier):
    """What the checks prerequisite says (the checklist's documents are tested apart)."""
    return [
        translate(m, target_language="it")
        for m in checks.AwardPrerequisites(dossier).missing(lifecycle.AGGIUDICA)
    ]


def _states(dossier, lot="1", today=TODAY, days=30):
    return {
        (item["tax_code"], item["check"].id): item["state"]
        for item in checks.awardee_check_status(dossier, lot, today, days)
    }


@pytest.fixture
def awarded(dossier):
    dossier.bidders = bidders(
        {"lot": "1", "name": "Acme Costruzioni srl", "tax_code": ACME, "awardee": True},
        {"lot": "1", "name": "Beta Strade spa", "tax_code": BETA},
    )
    dossier.requirement_checks = all_checks(ACME)
    return dossier


def test_the_required_checks_of_works_include_soa_and_services_do_not(dossier):
    ids = [c.id for c in checks.required_checks(dossier)]
    assert ids == [
        "casellario_giudiziale",
        "sanzioni_amministrative",
        "antimafia",
        "regolarita_fiscale",
        "carichi_pendenti",
        "durc",
        "disabili",
        "sicurezza_lavoro",
        "casellario_anac",
        "visura_camerale",
        "soa",
    ]
    dossier.contract_object = "servizi"
    assert "soa" not in [c.id for c in checks.required_checks(dossier)]
    # Every document type is one of ANAC's tipoDocumento codes.
    known = {item.code for item in checks.procurement.anac_codes("tipoDocumento")}
    assert {code for c in checks.REQUIRED_CHECKS for code in c.document_types} <= known


def test_all_checks_positive_and_valid_let_the_award_go(awarded):
    states = _states(awarded)
    assert len(states) == 11
    assert set(states.values()) == {checks.OK}
    assert _missing(awarded) == []  # the guard asks on the real today
    # Other transitions are none of this prerequisite's business.
    awarded.requirement_checks = []
    assert checks.AwardPrerequisites(awarded).missing(lifecycle.PUBBLICA) == []


def test_a_missing_check_blocks_the_award_naming_the_company_and_the_check(awarded):
    awarded.requirement_checks = all_checks(ACME, skip=("durc", "antimafia"))
    assert _states(awarded)[(ACME, "durc")] == checks.MISSING
    assert _missing(awarded) == [
        f"Acme Costruzioni srl ({ACME}): manca la verifica Antimafia (comunicazione o White List).",
        f"Acme Costruzioni srl ({ACME}): manca la verifica DURC (regolarità contributiva).",
    ]


def test_a_negative_check_blocks_the_award(awarded):
    awarded.requirement_checks = all_checks(ACME, antimafia={"outcome": "negativo"})
    assert _states(awarded)[(ACME, "antimafia")] == checks.NEGATIVE
    assert _missing(awarded) == [
        f"Acme Costruzioni srl ({ACME}): la verifica Antimafia (comunicazione o White List) "
        "ha esito negativo."
    ]


def test_a_pending_check_blocks_the_award(awarded):
    awarded.requirement_checks = all_checks(
        ACME, casellario_anac={"outcome": "in_attesa", "valid_until": None}
    )
    assert _states(awarded)[(ACME, "casellario_anac")] == checks.PENDING
    assert _missing(awarded) == [
        f"Acme Costruzioni srl ({ACME}): la verifica Casellario informatico ANAC "
        "è ancora in attesa."
    ]


def test_an_expired_check_blocks_the_award(awarded):
    yesterday = date.today() - timedelta(days=1)
    awarded.requirement_checks = all_checks(
        ACME, durc={"requested": yesterday - timedelta(days=120), "valid_until": yesterday}
    )
    assert _missing(awarded) == [
        f"Acme Costruzioni srl ({ACME}): la verifica DURC (regolarità contributiva) è scaduta "
        f"il {yesterday:%d/%m/%Y}."
    ]


def test_states_on_a_given_day_expiring_is_flagged_but_does_not_block(awarded):
    awarded.requirement_checks = all_checks(
        ACME,
        durc={"valid_until": TODAY + timedelta(days=30)},
        casellario_giudiziale={"valid_until": TODAY - timedelta(days=1)},
        visura_camerale={"valid_until": None},  # no end of validity
    )
    states = _states(awarded)
    assert states[(ACME, "durc")] == checks.EXPIRING
    assert states[(ACME, "casellario_giudiziale")] == checks.EXPIRED
    assert states[(ACME, "visura_camerale")] == checks.OK
    assert _states(awarded, days=29)[(ACME, "durc")] == checks.OK
    # The registry setting is the default window.
    api.portal.set_registry_record("provincecomuni.procurement.awards.expiring_days", 10)
    assert checks.expiring_days() == 10
    assert checks.awardee_check_status(awarded, 1, TODAY)[5]["state"] == checks.OK


def test_any_accepted_document_satisfies_a_check_and_the_latest_outcome_decides(awarded):
    rows = all_checks(ACME, skip=("durc", "antimafia"))
    # Antimafia through the White List; DURC through Inarcassa.
    rows.append(dict(rows[0], document_type="00007", issuer="MININT"))
    rows.append(dict(rows[0], document_type="00039", issuer="INARCA"))
    awarded.requirement_checks = rows
    assert set(_states(awarded).values()) == {checks.OK}
    # A later negative outcome beats an earlier positive one...
    negative = dict(rows[0], document_type="00001", outcome="negativo", requested=date(2027, 5, 2))
    awarded.requirement_checks = [*rows, negative]
    assert _states(awarded)[(ACME, "antimafia")] == checks.NEGATIVE
    # ...and a later positive one clears it.
    positive = dict(negative, outcome="positivo", requested=date(2027, 5, 5))
    awarded.requirement_checks = [*rows, negative, positive]
    assert _states(awarded)[(ACME, "antimafia")] == checks.OK


def test_a_renewal_requested_after_an_expired_check_is_pending(awarded):
    rows = all_checks(ACME, durc={"valid_until": date(2027, 5, 1)})
    awarded.requirement_checks = rows
    assert _states(awarded)[(ACME, "durc")] == checks.EXPIRED
    renewal = dict(rows[5], requested=date(2027, 5, 3), outcome="in_attesa", valid_until=None)
    awarded.requirement_checks = [*rows, renewal]
    assert _states(awarded)[(ACME, "durc")] == checks.PENDING


def test_every_member_of_the_awardees_group_is_checked(dossier):
    dossier.bidders = bidders(
        {
            "lot": "2",
            "name": "Acme Costruzioni srl",
            "tax_code": ACME,
            "awardee": True,
            "group_role": "13",
            "group_name": "RTI Acme-Gamma",
        },
        {
            "lot": "2",
            "name": "Gamma Asfalti snc",
            "tax_code": GAMMA,
            "group_role": "10",
            "group_name": "RTI Acme-Gamma",
        },
        {"lot": "2", "name": "Beta Strade spa", "tax_code": BETA},
    )
    dossier.requirement_checks = all_checks(ACME)
    assert checks.awardee_check_status(dossier, "1", TODAY) == []
    companies = {item["tax_code"] for item in checks.awardee_check_status(dossier, "2", TODAY)}
    assert companies == {ACME, GAMMA}
    messages = _missing(dossier)
    assert len(messages) == 11
    assert all(m.startswith(f"Gamma Asfalti snc ({GAMMA}): manca la verifica") for m in messages)
    dossier.requirement_checks = all_checks(ACME) + all_checks(GAMMA)
    assert _missing(dossier) == []


def test_no_proposed_awardee_blocks_the_award(dossier):
    dossier.bidders = bidders({"lot": "1", "name": "Acme Costruzioni srl", "tax_code": ACME})
    assert _missing(dossier) == [
        "Nessun proposto aggiudicatario: indicalo tra gli offerenti di ogni lotto."
    ]


def test_a_company_awarded_two_lots_gets_one_message_per_check(dossier):
    dossier.bidders = bidders(
        {"lot": "1", "name": "Acme Costruzioni srl", "tax_code": ACME, "awardee": True},
        {"lot": "2", "name": "Acme Costruzioni srl", "tax_code": ACME, "awardee": True},
    )
    dossier.requirement_checks = all_checks(ACME, skip=("soa",))
    assert _missing(dossier) == [
        f"Acme Costruzioni srl ({ACME}): manca la verifica Attestazione SOA (lavori)."
    ]


def test_expiring_checks_for_the_dashboard_and_the_reminders(awarded):
    rows = all_checks(
        ACME,
        durc={"valid_until": TODAY + timedelta(days=5)},
        casellario_giudiziale={"valid_until": TODAY - timedelta(days=2)},
    )
    beta_durc = dict(rows[5], tax_code=BETA, valid_until=TODAY + timedelta(days=20))
    # A DURC renewed for Acme would hide the old one.
    awarded.requirement_checks = [*rows, beta_durc]
    items = checks.expiring_checks(awarded, TODAY, 30)
    assert [(i["company"], i["document_type"], i["state"], i["days_left"]) for i in items] == [
        ("Acme Costruzioni srl", "00004", checks.EXPIRED, -2),
        ("Acme Costruzioni srl", "00008", checks.EXPIRING, 5),
        ("Beta Strade spa", "00008", checks.EXPIRING, 20),
    ]
    assert [i["awardee"] for i in items] == [True, True, False]
    assert items[0]["document_title"] == "Certificato integrale del casellario giudiziario"
    assert len(checks.expiring_checks(awarded, TODAY, 10)) == 2
    renewed = dict(rows[5], requested=TODAY, valid_until=TODAY + timedelta(days=120))
    awarded.requirement_checks = [*rows, beta_durc, renewed]
    assert [i["document_type"] for i in checks.expiring_checks(awarded, TODAY, 10)] == ["00004"]


def test_the_dossier_page_shows_the_checks_with_their_state(awarded):
    evidence = api.content.create(
        container=awarded,
        type="File",
        id="durc-acme",
        title="DURC Acme",
        file=NamedBlobFile(data=b"%PDF-1.4", filename="durc.pdf"),
    )
    soon = date.today() + timedelta(days=3)
    awarded.requirement_checks = all_checks(
        ACME,
        skip=("soa",),
        durc={"valid_until": soon, "evidence": evidence.UID()},
        antimafia={"valid_until": date.today() - timedelta(days=3)},
    )
    request = awarded.REQUEST
    request["LANGUAGE"] = "it"
    html = awarded.restrictedTraverse("@@view")()
    assert "Verifiche sui requisiti" in html
    assert "Verifiche del proposto aggiudicatario del lotto 1" in html
    assert "aggiudicazione bloccata: 2 verifiche da completare" in html
    assert 'class="check-expiring"' in html and "In scadenza" in html
    assert 'class="check-expired"' in html and "Scaduta" in html
    assert 'class="check-missing"' in html and "Mancante" in html
    assert evidence.absolute_url() in html
    assert "Beta Strade spa" in html  # in the list of bidders


def test_the_page_without_bidders_says_what_to_do(dossier):
    dossier.REQUEST["LANGUAGE"] = "it"
    html = dossier.restrictedTraverse("@@view")()
    assert "<h2>Verifiche sui requisiti</h2>" in html
    assert "Nessun proposto aggiudicatario: indicalo tra gli offerenti di un lotto" in html
    assert "awardee-checks" not in html and "tender-bidders" not in html


def test_states_and_checks_have_english_names_too(awarded):
    assert translate(checks.STATE_TITLES[checks.OK], target_language="en") == "Valid"
    assert translate(checks.STATE_TITLES[checks.EXPIRING], target_language="en") == "Expiring"
    durc = checks.REQUIRED_CHECKS[5].title
    assert translate(durc, target_language="en") == "DURC (social security compliance)"
    assert translate(durc, target_language="it") == "DURC (regolarità contributiva)"


def test_the_workflow_asks_the_checks_with_the_checklist(awarded):
    """Both prerequisites answer the workflow's question for the award."""
    awarded.requirement_checks = []
    messages = [
        translate(m, target_language="it")
        for m in lifecycle.missing_prerequisites(awarded, lifecycle.AGGIUDICA)
    ]
    assert any("non è stato caricato" in m for m in messages)  # the checklist's minutes
    assert set(_missing(awarded)) <= set(messages)  # and every missing check
    assert _missing(awarded)
