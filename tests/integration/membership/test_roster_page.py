"""The roster page of a community (``@@membri``): every form action, and its refusals."""

from AccessControl import Unauthorized
from html import unescape
from invite_helpers import call_view
from invite_helpers import create_users
from invite_helpers import install_mock_mailhost
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from provincecomuni.membership import api as membership
from zExceptions import BadRequest
from zExceptions import Forbidden

import pytest


@pytest.fixture
def site(portal):
    """Cuneo: carla Coordinatore, bruno Redattore, anna Lettore; dario and elena outside."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    install_mock_mailhost(portal)
    create_users("carla", "bruno", "anna", "dario", "elena")
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "carla", "coordinatore")
    membership.add_member(cuneo, "bruno", "redattore")
    membership.add_member(cuneo, "anna", "lettore")
    return portal


@pytest.fixture
def cuneo(site):
    return site["province"]["cuneo"]


def post(site, community, actor, **form):
    return call_view(site, community, "membri", actor, "POST", **form)


def roles(community):
    return {m["userid"]: m["role"] for m in membership.list_members(community)}


BEFORE = {"carla": "coordinatore", "bruno": "redattore", "anna": "lettore"}


# Reading the page ---------------------------------------------------------------------


def test_the_coordinatore_sees_members_with_email_and_every_form(site, cuneo):
    page = call_view(site, cuneo, "membri", "carla")
    assert page.status == 200
    body = unescape(page.body)
    assert "Membri di Cuneo" in body
    for text in ("Carla Rossi", "carla@example.org", "Redattore", "Lettore"):
        assert text in body
    for form_class in ("pc-change-role", "pc-remove-member", "pc-user-search", "pc-invite"):
        assert form_class in body
    assert "Richieste di adesione" in body
    assert "Inviti" in body
    # Every form posts with the CSRF authenticator.
    assert body.count('name="_authenticator"') == body.count('method="post"')


def test_a_member_reads_the_roster_without_emails_or_forms(site, cuneo):
    body = unescape(call_view(site, cuneo, "membri", "anna").body)
    assert "Carla Rossi" in body
    assert "Coordinatore" in body
    assert "carla@example.org" not in body
    assert 'method="post"' not in body
    assert "pc-invite" not in body


def test_a_logged_in_non_member_sees_no_roster(site, cuneo):
    api.content.transition(obj=cuneo, transition="make_internal")
    body = unescape(call_view(site, cuneo, "membri", "dario").body)
    assert "Carla Rossi" not in body
    # Joining is by the Coordinatore (the default): dario is told to ask for an invitation.
    assert "chiedigli un invito" in body
    assert "pc-join-form" not in body


def test_the_roster_of_a_private_community_is_closed_to_outsiders(site, cuneo):
    with pytest.raises(Unauthorized):
        call_view(site, cuneo, "membri", "dario")
    with pytest.raises(Unauthorized):
        call_view(site, cuneo, "membri", None)


def test_anonymous_visitors_of_a_public_community_see_no_roster(site, cuneo):
    api.content.transition(obj=cuneo, transition="make_public")
    body = unescape(call_view(site, cuneo, "membri", None).body)
    assert "Carla Rossi" not in body
    assert "pc-join-form" not in body


def test_searching_users_finds_by_name_email_or_username_but_not_members(site, cuneo):
    for text, expected in (("Dario", ["dario"]), ("elena@example", ["elena"]), ("rossi", None)):
        page = call_view(site, cuneo, "membri", "carla", q=text)
        found = [
            chunk.split('"', 1)[0]
            for chunk in page.body.split('<tr data-userid="')[1:]
            if "pc-add" in chunk.split("</tr>", 1)[0]
        ]
        if expected is None:  # every user is a Rossi: only the non-members are offered
            assert sorted(found) == ["dario", "elena"]
        else:
            assert found == expected
    page = call_view(site, cuneo, "membri", "carla", q="nessuno")
    assert "Nessun utente trovato" in unescape(page.body)


# Adding, changing, removing -------------------------------------------------------


def test_add_an_existing_user_with_a_role(site, cuneo):
    answer = post(site, cuneo, "carla", action="add", userid="dario", role="collaboratore")
    assert answer.status == 302
    assert answer.location == f"{cuneo.absolute_url()}/@@membri"
    assert answer.messages == [("info", "Dario Rossi (dario) aggiunto come Collaboratore.")]
    assert roles(cuneo)["dario"] == "collaboratore"


@pytest.mark.parametrize(
    "form, message",
    [
        ({"userid": "nessuno", "role": "lettore"}, "Nessun utente 'nessuno'."),
        ({"userid": "", "role": "lettore"}, "Scegli un utente."),
        ({"userid": "dario", "role": "capo"}, "Ruolo di community sconosciuto 'capo'"),
        ({"userid": "anna", "role": "redattore"}, "'anna' è già membro: cambiane il ruolo."),
    ],
)
def test_adding_bad_input_is_refused_with_a_message(site, cuneo, form, message):
    answer = post(site, cuneo, "carla", action="add", **form)
    [(kind, text)] = answer.messages
    assert kind == "error"
    assert message in text
    assert roles(cuneo) == BEFORE


def test_change_a_role(site, cuneo):
    answer = post(site, cuneo, "carla", action="change_role", userid="anna", role="redattore")
    assert answer.messages == [("info", "Anna Rossi (anna) ora è Redattore.")]
    assert roles(cuneo)["anna"] == "redattore"


def test_the_last_coordinatore_cannot_step_down_or_be_removed(site, cuneo):
    for form in (
        {"action": "change_role", "userid": "carla", "role": "lettore"},
        {"action": "remove", "userid": "carla"},
    ):
        answer = post(site, cuneo, "carla", **form)
        assert answer.status == 302
        assert answer.messages == [
            (
                "error",
                "'carla' è l'unico Coordinatore della community: "
                "nomina prima un altro Coordinatore.",
            )
        ]
        assert roles(cuneo) == BEFORE
    # With a second Coordinatore, carla may leave.
    post(site, cuneo, "carla", action="change_role", userid="bruno", role="coordinatore")
    answer = post(site, cuneo, "carla", action="remove", userid="carla")
    assert answer.messages == [("info", "Carla Rossi (carla) non è più membro.")]
    assert "carla" not in roles(cuneo)


def test_remove_a_member(site, cuneo):
    answer = post(site, cuneo, "carla", action="remove", userid="anna")
    assert answer.messages == [("info", "Anna Rossi (anna) non è più membro.")]
    assert "anna" not in roles(cuneo)
    assert not api.user.has_permission("View", username="anna", obj=cuneo)


@pytest.mark.parametrize("action", ["change_role", "remove"])
def test_changing_a_non_member_is_refused(site, cuneo, action):
    answer = post(site, cuneo, "carla", action=action, userid="dario", role="lettore")
    assert answer.messages == [("error", "'dario' non è membro.")]
    assert roles(cuneo) == BEFORE


# Requests to join -----------------------------------------------------------------------


@pytest.fixture
def requests_open(site, cuneo):
    """An internal community joined on request; dario asked with a message."""
    api.content.transition(obj=cuneo, transition="make_internal")
    cuneo.join_policy = membership.JOIN_ON_REQUEST
    answer = post(site, cuneo, "dario", action="join", message="Lavoro al SUA di Alba")
    assert answer.messages == [
        ("info", "La tua richiesta è stata inviata al Coordinatore della community.")
    ]
    return cuneo


def test_a_request_appears_to_the_coordinatore_and_is_approved_with_a_role(site, requests_open):
    cuneo = requests_open
    body = unescape(call_view(site, cuneo, "membri", "carla").body)
    assert "Lavoro al SUA di Alba" in body
    assert "pc-approve" in body
    # dario sees that his request waits.
    body = unescape(call_view(site, cuneo, "membri", "dario").body)
    assert "attende l'approvazione del Coordinatore" in body
    assert "pc-join-form" not in body

    answer = post(site, cuneo, "carla", action="approve", userid="dario", role="collaboratore")
    assert answer.messages == [
        ("info", "Richiesta approvata: Dario Rossi (dario) è membro come Collaboratore.")
    ]
    assert roles(cuneo)["dario"] == "collaboratore"
    assert membership.pending_requests(cuneo) == []


def test_a_request_is_rejected(site, requests_open):
    cuneo = requests_open
    answer = post(site, cuneo, "carla", action="reject", userid="dario")
    assert answer.messages == [("info", "Richiesta di Dario Rossi (dario) rifiutata.")]
    assert "dario" not in roles(cuneo)
    assert membership.pending_requests(cuneo) == []


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_a_request_nobody_made_is_refused(site, requests_open, action):
    answer = post(site, requests_open, "carla", action=action, userid="elena", role="lettore")
    assert answer.messages == [("error", "Nessuna richiesta in attesa da 'elena'.")]
    assert "elena" not in roles(requests_open)
    assert len(membership.pending_requests(requests_open)) == 1


def test_approving_with_an_unknown_role_is_refused(site, requests_open):
    answer = post(site, requests_open, "carla", action="approve", userid="dario", role="capo")
    assert answer.messages[0][0] == "error"
    assert "dario" not in roles(requests_open)


# Joining ------------------------------------------------------------------------------------


def test_open_community_a_logged_in_user_joins_as_lettore(site, cuneo):
    api.content.transition(obj=cuneo, transition="make_internal")
    cuneo.join_policy = membership.JOIN_OPEN
    body = unescape(call_view(site, cuneo, "membri", "dario").body)
    assert "Partecipa" in body
    answer = post(site, cuneo, "dario", action="join")
    assert answer.messages == [("info", "Benvenuto: ora sei membro di questa community.")]
    assert roles(cuneo)["dario"] == "lettore"
    # Joining twice is refused with a message.
    answer = post(site, cuneo, "dario", action="join")
    assert answer.messages == [("error", "Sei già membro di questa community.")]


def test_joining_a_community_closed_to_requests_is_refused(site, cuneo):
    api.content.transition(obj=cuneo, transition="make_internal")
    answer = post(site, cuneo, "dario", action="join")
    assert answer.messages == [
        (
            "error",
            "In questa community i membri li aggiunge il Coordinatore: chiedigli un invito.",
        )
    ]
    assert "dario" not in roles(cuneo)


def test_anonymous_cannot_join(site, cuneo):
    api.content.transition(obj=cuneo, transition="make_public")
    cuneo.join_policy = membership.JOIN_OPEN
    with pytest.raises(Unauthorized):
        post(site, cuneo, None, action="join")


# Refusals -------------------------------------------------------------------------------


MANAGING_ACTIONS = [
    {"action": "add", "userid": "dario", "role": "coordinatore"},
    {"action": "change_role", "userid": "anna", "role": "coordinatore"},
    {"action": "remove", "userid": "carla"},
    {"action": "approve", "userid": "dario", "role": "coordinatore"},
    {"action": "reject", "userid": "dario"},
    {"action": "invite", "email": "x@example.org", "role": "coordinatore"},
    {"action": "revoke", "invitation": "x"},
]


@pytest.mark.parametrize("userid", ["bruno", "anna"])
@pytest.mark.parametrize("form", MANAGING_ACTIONS, ids=lambda form: form["action"])
def test_members_who_are_not_coordinatori_may_not_manage(site, cuneo, userid, form):
    with pytest.raises(Unauthorized):
        post(site, cuneo, userid, **form)
    assert roles(cuneo) == BEFORE
    assert site.MailHost.messages == []


def test_a_coordinatore_of_another_community_may_not_manage_this_one(site, cuneo):
    modena = site["province"]["modena"]
    membership.add_member(modena, "dario", "coordinatore")
    api.content.transition(obj=cuneo, transition="make_internal")
    with pytest.raises(Unauthorized):
        post(site, cuneo, "dario", action="add", userid="elena", role="lettore")
    assert roles(cuneo) == BEFORE


def test_a_site_administrator_manages_any_community(site, cuneo):
    setRoles(site, "elena", ["Member", "Site Administrator"])
    answer = post(site, cuneo, "elena", action="add", userid="dario", role="lettore")
    assert answer.messages[0][0] == "info"
    assert roles(cuneo)["dario"] == "lettore"


def test_a_post_without_the_csrf_token_is_forbidden(site, cuneo):
    with pytest.raises(Forbidden):
        call_view(
            site,
            cuneo,
            "membri",
            "carla",
            "POST",
            csrf=False,
            action="remove",
            userid="anna",
        )
    assert roles(cuneo) == BEFORE


def test_an_unknown_action_is_a_bad_request(site, cuneo):
    with pytest.raises(BadRequest):
        post(site, cuneo, "carla", action="promote_everybody")


# The way to the page ------------------------------------------------------------------------


def test_the_members_tab_is_for_those_who_manage_the_community(site, cuneo):
    from invite_helpers import acting_as

    def object_actions(userid, context):
        with acting_as(site, userid):
            actions = site.portal_actions.listFilteredActionsFor(context)["object"]
            return {a["id"]: a["url"] for a in actions}

    assert object_actions("carla", cuneo)["membri"] == f"{cuneo.absolute_url()}/@@membri"
    assert "membri" not in object_actions("anna", cuneo)
    assert "membri" not in object_actions("bruno", cuneo)
    # Only on communities.
    assert "membri" not in object_actions(TEST_USER_NAME, site["province"])


def test_the_community_page_links_to_the_roster_and_offers_to_join(site, cuneo):
    body = unescape(call_view(site, cuneo, "view", "carla").body)
    assert "pc-membership-bar" in body
    assert "Gestisci i membri" in body
    assert f'href="{cuneo.absolute_url()}/@@membri"' in body

    body = unescape(call_view(site, cuneo, "view", "anna").body)
    assert "Sei membro come" in body
    assert "Lettore" in body.split("pc-my-role", 1)[1][:200]

    api.content.transition(obj=cuneo, transition="make_internal")
    cuneo.join_policy = membership.JOIN_ON_REQUEST
    body = unescape(call_view(site, cuneo, "view", "dario").body)
    assert "Chiedi di partecipare" in body
    assert "Gestisci i membri" not in body


def test_a_long_roster_is_shown_fifty_members_a_page(site, cuneo):
    userids = [f"socio{i:02d}" for i in range(57)]
    create_users(*userids)
    for userid in userids:
        membership.add_member(cuneo, userid, "lettore")
    first = unescape(call_view(site, cuneo, "membri", "carla").body)
    assert "60 membri." in first
    assert first.count('<tr data-userid="') == 50
    assert "b_start:int=50" in first or "b_start=50" in first  # the link to the next page
    second = unescape(call_view(site, cuneo, "membri", "carla", b_start="50").body)
    assert second.count('<tr data-userid="') == 10
    shown = {
        chunk.split('"', 1)[0]
        for body in (first, second)
        for chunk in body.split('<tr data-userid="')[1:]
    }
    assert shown == set(userids) | set(BEFORE)
