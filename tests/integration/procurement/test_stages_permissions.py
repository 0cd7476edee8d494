"""Who may change what of a tender dossier in each state of its workflow.

Before publication the SUA edits everything; from "pubblicato" the notice's data
("provincecomuni: Edit tender notice") is frozen; in "in valutazione",
"aggiudicato" and "contratto stipulato" the SUA still modifies the dossier
(bidders, checks, award and contract dates, lots' status); closed, annulled or
deserted dossiers are read only. The Comune's staff never edit the dossier.
"""

from DateTime import DateTime
from decimal import Decimal
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from provincecomuni.membership import api as membership
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.content import ITenderDossier
from provincecomuni.procurement.content import NOTICE_FIELDS
from provincecomuni.validation import FieldValueError
from zope.i18n import translate

import pytest


PASSWORD = "Una-password-lunga-1"  # noqa: S105
EDIT_NOTICE = "provincecomuni: Edit tender notice"
MODIFY = "Modify portal content"
WORKFLOW = "provincecomuni_tender_workflow"

# state: (Edit tender notice, Modify portal content) for a Redattore of the community
EXPECTED = {
    lifecycle.BOZZA: (True, True),
    lifecycle.ISTRUTTORIA: (True, True),
    lifecycle.APPROVATO_COMUNE: (True, True),
    lifecycle.PRONTO_PUBBLICAZIONE: (True, True),
    lifecycle.PUBBLICATO: (False, False),
    lifecycle.IN_VALUTAZIONE: (False, True),
    lifecycle.AGGIUDICATO: (False, True),
    lifecycle.CONTRATTO_STIPULATO: (False, True),
    lifecycle.CHIUSO: (False, False),
    lifecycle.ANNULLATO: (False, False),
    lifecycle.DESERTO: (False, False),
}


def lot(**changes):
    data = {
        "cig": "9050626CD6",
        "subject": "Strade",
        "amount": Decimal("200000.00"),
        "cpv": "45233141",
        "status": "IN_LAV",
    }
    data.update(changes)
    return data


@pytest.fixture
def dossier(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for userid in ("sua", "coord", "collab", "cuneese"):
        api.user.create(email=f"{userid}@example.org", username=userid, password=PASSWORD)
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "sua", "redattore")
    membership.add_member(cuneo, "coord", "coordinatore")
    membership.add_member(cuneo, "collab", "collaboratore")
    membership.set_affiliation("cuneese", "comune", "004078")
    return api.content.create(
        container=cuneo,
        type="TenderDossier",
        title="Manutenzione strade comunali 2027",
        commissioning_comune="004078",
        contract_object="lavori",
        procedure="6",
        award_criterion="priceOnly",
        main_cpv="45233141",
        total_amount=Decimal("350000.00"),
        lots=[lot(), lot(cig="B7E26B1DC7", amount=Decimal("150000.00"))],
    )


def set_state(dossier, state):
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow_tool.setStatusOf(
        WORKFLOW,
        dossier,
        {
            "review_state": state,
            "action": None,
            "actor": "test",
            "time": DateTime(),
            "comments": "",
        },
    )
    workflow_tool.getWorkflowById(WORKFLOW).updateRoleMappingsFor(dossier)


def test_every_state_of_the_workflow_is_covered(portal):
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(WORKFLOW)
    assert set(workflow.states.objectIds()) == set(EXPECTED)
    assert EDIT_NOTICE in workflow.permissions


@pytest.mark.parametrize("state", sorted(EXPECTED))
def test_what_the_sua_may_change_in_each_state(dossier, state):
    set_state(dossier, state)
    notice, modify = EXPECTED[state]
    for userid in ("sua", "coord"):
        with api.env.adopt_user(username=userid):
            assert api.user.has_permission(EDIT_NOTICE, obj=dossier) is notice, (userid, state)
            assert api.user.has_permission(MODIFY, obj=dossier) is modify, (userid, state)
    for userid in ("collab", "cuneese"):
        with api.env.adopt_user(username=userid):
            assert not api.user.has_permission(EDIT_NOTICE, obj=dossier), (userid, state)
            assert not api.user.has_permission(MODIFY, obj=dossier), (userid, state)


def test_a_collaboratore_who_adds_a_dossier_writes_its_notice(dossier):
    with api.env.adopt_user(username="collab"):
        assert api.user.has_permission(EDIT_NOTICE, obj=dossier.aq_parent)


def test_the_notice_fields_carry_the_write_permission():
    from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY

    permissions = ITenderDossier.queryTaggedValue(WRITE_PERMISSIONS_KEY)
    assert {name: permissions.get(name) for name in NOTICE_FIELDS} == dict.fromkeys(
        NOTICE_FIELDS, "provincecomuni.EditTenderNotice"
    )
    # What the SUA records after publication is not protected.
    for name in ("award_date", "contract_date", "rup", "phase_delegates", "lots"):
        assert name not in permissions


def _validate_lots(dossier, lots):
    ITenderDossier["lots"].bind(dossier).validate(lots)


def test_after_publication_only_the_status_of_a_lot_changes(dossier):
    set_state(dossier, lifecycle.AGGIUDICATO)
    with api.env.adopt_user(username="sua"):
        _validate_lots(
            dossier,
            [lot(status="AGG"), lot(cig="B7E26B1DC7", amount=Decimal("150000"), status="NON_AGG")],
        )
        with pytest.raises(FieldValueError) as error:
            _validate_lots(dossier, [lot(), lot(cig="B7E26B1DC7", amount=Decimal("140000.00"))])
        message = translate(error.value.doc(), target_language="it")
        assert message == (
            "Lotto 2, Importo del lotto (EUR): il bando è pubblicato, di un lotto può "
            "cambiare solo lo stato."
        )
        with pytest.raises(FieldValueError):
            _validate_lots(dossier, [lot()])
        with pytest.raises(FieldValueError):
            second = lot(cig="B7E26B1DC7", amount=Decimal("150000.00"))
            _validate_lots(dossier, [lot(subject="Altro"), second])


def test_before_publication_the_lots_change_freely(dossier):
    set_state(dossier, lifecycle.PRONTO_PUBBLICAZIONE)
    with api.env.adopt_user(username="sua"):
        _validate_lots(dossier, [lot(amount=Decimal("350000.00"), subject="Tutte le strade")])
