"""Invitations: a one-time, expiring link by email; a person without an account creates one."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from html import unescape
from invite_helpers import call_view
from invite_helpers import create_users
from invite_helpers import install_mock_mailhost
from invite_helpers import parse_mail
from invite_helpers import PASSWORD
from invite_helpers import token_in
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from provincecomuni.membership import api as membership
from provincecomuni.membership import invitations
from provincecomuni.membership.api import MembershipError
from provincecomuni.membership.storage import get_store
from urllib.parse import parse_qs
from urllib.parse import urlparse
from zExceptions import Forbidden

import pytest
import re


ACCEPT = "accetta-invito"


@pytest.fixture
def site(portal):
    """Cuneo with a Coordinatore (carla) and a Redattore (bruno); mail is captured."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    install_mock_mailhost(portal)
    create_users("carla", "bruno", "anna")
    cuneo = portal["province"]["cuneo"]
    membership.add_member(cuneo, "carla", "coordinatore")
    membership.add_member(cuneo, "bruno", "redattore")
    return portal


@pytest.fixture
def cuneo(site):
    return site["province"]["cuneo"]


def invite(site, email="pia@example.org", role="collaboratore", by="carla"):
    """Carla invites through the roster page; returns the emailed token."""
    before = len(site.MailHost.messages)
    answer = call_view(
        site,
        site["province"]["cuneo"],
        "membri",
        by,
        "POST",
        action="invite",
        email=email,
        role=role,
    )
    assert answer.status == 302, answer
    assert len(site.MailHost.messages) == before + 1, answer.messages
    return token_in(parse_mail(site.MailHost.messages[-1]))


def open_link(site, token, actor=None, method="GET", **form):
    return call_view(site, site, ACCEPT, actor, method, token=token, **form)


def new_account(site, token, **fields):
    form = {
        "fullname": "Pia Bianchi",
        "username": "pia",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    form.update(fields)
    return open_link(site, token, None, "POST", **form)


def test_the_coordinatore_invites_and_an_italian_email_carries_the_link(site, cuneo):
    token = invite(site, email="Pia@Example.org", role="redattore")
    mail = parse_mail(site.MailHost.messages[-1])
    assert mail["to"] == "pia@example.org"
    assert mail["subject"] == "Invito alla community Cuneo"
    assert "Carla Rossi ti invita a partecipare alla community" in mail["body"]
    assert "con il ruolo di Redattore" in mail["body"]
    assert f"{site.absolute_url()}/@@accetta-invito?token={token}" in mail["body"]
    expires = (datetime.now(UTC) + timedelta(days=14)).strftime("%d/%m/%Y")
    assert f"scade il {expires}" in mail["body"]
    # Only a hash of the token is kept.
    store = get_store(site)
    assert list(store.invitations.keys()) == [invitations.token_hash(token)]
    assert token not in repr(dict(store.invitations.items()))
    [pending] = invitations.pending_invitations(cuneo)
    assert (pending["email"], pending["role"], pending["expired"]) == (
        "pia@example.org",
        "redattore",
        False,
    )


def test_the_validity_comes_from_the_registry(site, cuneo):
    api.portal.set_registry_record(invitations.VALIDITY_RECORD, 3)
    invite(site)
    [pending] = invitations.pending_invitations(cuneo)
    assert pending["expires"] - pending["created"] == timedelta(days=3)


def test_a_logged_in_user_accepts_and_becomes_member_with_the_role(site, cuneo):
    token = invite(site, email="anna@example.org", role="collaboratore")
    page = open_link(site, token, "anna")
    assert page.status == 200
    assert "Invito alla community Cuneo" in page.body
    assert "Accetta l'invito" in page.body
    assert "L'invito è stato inviato a" in unescape(page.body)
    assert "anna@example.org" in page.body
    assert not membership.is_member(cuneo, "anna")  # showing the page changes nothing

    answer = open_link(site, token, "anna", "POST")
    assert answer.status == 302
    assert answer.location == cuneo.absolute_url()
    assert answer.messages == [("info", "Benvenuto nella community Cuneo.")]
    assert membership.role_of(cuneo, "anna") == "collaboratore"
    assert invitations.pending_invitations(cuneo) == []
    assert api.user.has_permission("Add portal content", username="anna", obj=cuneo)


def test_a_reused_link_gets_410_and_changes_nothing(site, cuneo):
    token = invite(site, email="anna@example.org", role="lettore")
    open_link(site, token, "anna", "POST")
    membership.change_role(cuneo, "anna", "redattore")
    for userid in ("anna", "bruno", None):
        answer = open_link(site, token, userid, "POST", **({} if userid else {"username": "x"}))
        assert answer.status == 410
        assert "Questo invito è già stato usato" in answer.body
    assert membership.role_of(cuneo, "anna") == "redattore"
    assert membership.role_of(cuneo, "bruno") == "redattore"
    assert api.user.get(userid="x") is None


def test_an_expired_link_gets_410_and_changes_nothing(site, cuneo):
    token = invite(site, email="anna@example.org")
    store = get_store(site)
    key = invitations.token_hash(token)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    store.invitations[key] = dict(store.invitations[key], expires=past)
    page = open_link(site, token, "anna")
    assert page.status == 410
    assert "Questo invito è scaduto il" in page.body
    assert "chiedine uno nuovo al Coordinatore" in page.body
    answer = open_link(site, token, "anna", "POST")
    assert answer.status == 410
    assert not membership.is_member(cuneo, "anna")
    # The Coordinatore still sees it, marked as expired, and may revoke it.
    [pending] = invitations.pending_invitations(cuneo)
    assert pending["expired"] is True


def test_a_revoked_link_gets_410(site, cuneo):
    token = invite(site, email="anna@example.org")
    [pending] = invitations.pending_invitations(cuneo)
    answer = call_view(
        site, cuneo, "membri", "carla", "POST", action="revoke", invitation=pending["id"]
    )
    assert answer.messages == [
        ("info", "Invito a anna@example.org revocato: il suo link non funziona più.")
    ]
    assert invitations.pending_invitations(cuneo) == []
    answer = open_link(site, token, "anna", "POST")
    assert answer.status == 410
    assert "ritirato dal Coordinatore" in answer.body
    assert not membership.is_member(cuneo, "anna")


def test_an_unknown_or_missing_token_gets_404(site, cuneo):
    invite(site, email="anna@example.org")
    for token in ("non-esiste", ""):
        answer = open_link(site, token, "anna", "POST")
        assert answer.status == 404
        assert "Questo link di invito non è valido" in answer.body
    assert not membership.is_member(cuneo, "anna")
    assert len(invitations.pending_invitations(cuneo)) == 1


def test_a_new_invitation_to_the_same_address_replaces_the_old_one(site, cuneo):
    first = invite(site, email="pia@example.org", role="lettore")
    second = invite(site, email="pia@example.org", role="redattore")
    [pending] = invitations.pending_invitations(cuneo)
    assert pending["role"] == "redattore"
    assert open_link(site, first).status == 410
    assert open_link(site, second).status == 200


def test_an_invitation_to_a_deleted_community_is_unknown(site, cuneo):
    token = invite(site)
    api.content.delete(cuneo, check_linkintegrity=False)
    assert open_link(site, token).status == 404


def test_an_anonymous_person_creates_an_account_and_joins(site, cuneo):
    token = invite(site, email="pia@example.org", role="collaboratore")
    page = open_link(site, token)
    assert page.status == 200
    assert "Crea il tuo account" in page.body
    assert 'value="pia@example.org"' in page.body  # the address is the invitation's
    assert "Accedi per accettare" in page.body
    # ... which brings a person with an account back to this very link after logging in.
    login_link = re.search(r'href="([^"]*/login\?came_from=[^"]*)"', page.body).group(1)
    came_from = parse_qs(urlparse(unescape(login_link)).query)["came_from"][0]
    assert came_from == f"{site.absolute_url()}/@@accetta-invito?token={token}"

    answer = new_account(site, token)
    assert answer.status == 302, answer.body
    assert answer.location == cuneo.absolute_url()
    user = api.user.get(userid="pia")
    assert user.getProperty("email") == "pia@example.org"
    assert user.getProperty("fullname") == "Pia Bianchi"
    assert membership.role_of(cuneo, "pia") == "collaboratore"
    assert answer.messages == [
        (
            "info",
            "Il tuo account è stato creato e sei membro della community Cuneo. Benvenuto!",
        )
    ]
    # Logged in: the response sets the session cookie.
    assert "__ac" in site.REQUEST.response.cookies
    # The new password works.
    assert site.acl_users.authenticate("pia", PASSWORD, site.REQUEST) is not None
    # ... and the link is used up.
    assert open_link(site, token).status == 410


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"fullname": " "}, "fullname", "Inserisci nome e cognome."),
        ({"username": ""}, "username", "Scegli un nome utente."),
        ({"username": "bruno"}, "username", "Il nome utente 'bruno' è già in uso"),
        ({"username": "pia bianchi!"}, "username", "Il nome utente può contenere solo"),
        ({"password": "", "password_confirm": ""}, "password", "Scegli una password."),
        ({"password": "corta", "password_confirm": "corta"}, "password", "almeno 8 caratteri"),
        ({"password_confirm": "Un-altra-password-1"}, "password_confirm", "diverse"),
    ],
)
def test_account_form_errors_name_the_field_and_create_nothing(site, cuneo, fields, field, message):
    token = invite(site, email="pia@example.org")
    answer = new_account(site, token, **fields)
    assert answer.status == 400
    assert f'id="pc-account-{field}-error"' in answer.body
    error = answer.body.split(f'id="pc-account-{field}-error"', 1)[1].split("</div>", 1)[0]
    assert message in unescape(error)
    assert api.user.get(userid="pia") is None
    assert not membership.is_member(cuneo, "pia")
    assert len(invitations.pending_invitations(cuneo)) == 1
    assert PASSWORD not in answer.body  # passwords are never sent back


def test_an_address_with_an_account_must_log_in_instead(site, cuneo):
    token = invite(site, email="anna@example.org")
    answer = new_account(site, token, username="anna2")
    assert answer.status == 400
    assert "Esiste già un account con l'indirizzo anna@example.org" in unescape(answer.body)
    assert api.user.get(userid="anna2") is None
    # Logged in as anna, the same link works.
    assert open_link(site, token, "anna", "POST").status == 302
    assert membership.role_of(cuneo, "anna") == "collaboratore"


def test_accepting_without_the_csrf_token_is_refused(site, cuneo):
    token = invite(site, email="anna@example.org")
    with pytest.raises(Forbidden):
        call_view(site, site, ACCEPT, "anna", "POST", csrf=False, token=token)
    with pytest.raises(Forbidden):
        call_view(site, site, ACCEPT, None, "POST", csrf=False, token=token)
    assert not membership.is_member(cuneo, "anna")


def test_an_existing_member_who_follows_the_link_keeps_their_role(site, cuneo):
    token = invite(site, email="anna@example.org", role="lettore")
    membership.add_member(cuneo, "anna", "redattore")
    answer = open_link(site, token, "anna", "POST")
    assert answer.status == 302
    assert membership.role_of(cuneo, "anna") == "redattore"
    assert "Eri già membro" in answer.messages[0][1]


# Who may invite, and bad input -----------------------------------------------------


@pytest.mark.parametrize("userid", ["bruno", "anna"])
def test_only_a_coordinatore_may_invite(site, cuneo, userid):
    from AccessControl import Unauthorized

    if userid == "anna":
        membership.add_member(cuneo, "anna", "lettore")
    with pytest.raises(Unauthorized):
        call_view(site, cuneo, "membri", userid, "POST", action="invite", email="x@example.org")
    assert site.MailHost.messages == []
    assert invitations.pending_invitations(cuneo) == []


def test_a_site_manager_may_invite(site, cuneo):
    invite(site, by=TEST_USER_NAME)
    assert len(invitations.pending_invitations(cuneo)) == 1


@pytest.mark.parametrize(
    "email, role, message",
    [
        ("non-un-indirizzo", "lettore", "'non-un-indirizzo' non è un indirizzo email valido."),
        ("", "lettore", "'' non è un indirizzo email valido."),
        ("pia@example.org", "capo", "Ruolo di community sconosciuto 'capo'"),
        ("bruno@example.org", "lettore", "appartiene a 'bruno', che è già membro"),
    ],
)
def test_bad_invitations_are_refused_with_a_message(site, cuneo, email, role, message):
    answer = call_view(
        site, cuneo, "membri", "carla", "POST", action="invite", email=email, role=role
    )
    assert answer.status == 302
    [(kind, text)] = answer.messages
    assert kind == "error"
    assert message in text
    assert site.MailHost.messages == []
    assert invitations.pending_invitations(cuneo) == []


def test_without_mail_settings_nothing_is_stored(site, cuneo):
    api.portal.set_registry_record("plone.email_from_address", "")
    with pytest.raises(MembershipError) as raised:
        invitations.invite(cuneo, "pia@example.org", "lettore", by="carla")
    assert raised.value.field == "email"
    assert invitations.pending_invitations(cuneo) == []
    assert len(get_store(site).invitations) == 0


def test_revoking_an_unknown_or_foreign_invitation_is_refused(site, cuneo):
    invite(site)
    [pending] = invitations.pending_invitations(cuneo)
    modena = site["province"]["modena"]
    with pytest.raises(MembershipError):
        invitations.revoke(modena, pending["id"])
    answer = call_view(site, cuneo, "membri", "carla", "POST", action="revoke", invitation="x")
    assert answer.messages == [("error", "Nessun invito aperto con questo identificativo.")]
    assert len(invitations.pending_invitations(cuneo)) == 1
