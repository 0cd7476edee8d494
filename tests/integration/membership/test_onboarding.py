"""Bulk onboarding from CSV: every row validated first, all or nothing, idempotent."""

from Acquisition import aq_base
from email import message_from_bytes
from email import policy
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from provincecomuni.membership import onboarding
from provincecomuni.membership.onboarding import ImportFileError
from zope.component import getSiteManager
from zope.i18n import translate

import pytest


HEADER = "nome,email,ente,ruoli\n"


@pytest.fixture
def mailhost(portal):
    api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
    api.portal.set_registry_record("plone.email_from_name", "Province e Comuni")
    portal.MailHost = host = MockMailHost("MailHost")
    manager = getSiteManager(portal)
    manager.unregisterUtility(provided=IMailHost)
    manager.registerUtility(aq_base(host), provided=IMailHost)
    return host


@pytest.fixture
def site(portal, mailhost):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal


def _csv(*lines, header=HEADER):
    return (header + "\n".join(lines) + "\n").encode("utf-8")


def _errors(result):
    return [
        (plan.row, error.field, translate(error.message, target_language="en"))
        for plan in result.rows
        for error in plan.errors
    ]


def _user_by_email(email):
    found = api.portal.get().acl_users.searchUsers(email=email, exact_match=True)
    return [info["userid"] for info in found]


GOOD = (
    "Anna Bianchi,anna.bianchi@provincia.cuneo.it,CN,cuneo:redattore",
    "Bruno Verdi,bruno@comune.alba.cn.it,004003,cuneo:lettore|modena:collaboratore",
)


def test_a_valid_file_creates_users_memberships_and_affiliations(site, mailhost):
    result = onboarding.import_users(_csv(*GOOD))
    assert result.applied
    assert result.summary == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    [anna] = _user_by_email("anna.bianchi@provincia.cuneo.it")
    [bruno] = _user_by_email("bruno@comune.alba.cn.it")
    assert api.user.get(userid=anna).getProperty("fullname") == "Anna Bianchi"
    cuneo, modena = site["province"]["cuneo"], site["province"]["modena"]
    assert membership.role_of(cuneo, anna) == "redattore"
    assert membership.role_of(cuneo, bruno) == "lettore"
    assert membership.role_of(modena, bruno) == "collaboratore"
    assert membership.affiliation_of(anna) == {"kind": "provincia", "code": "004"}
    assert membership.affiliation_of(bruno) == {"kind": "comune", "code": "004003"}
    assert bruno in api.group.get(groupname="personale-comuni").getGroupMemberIds()
    # each new user gets one welcome email with a link to set the password
    assert len(mailhost.messages) == 2
    message = message_from_bytes(mailhost.messages[0], policy=policy.default)
    assert "anna.bianchi@provincia.cuneo.it" in message["To"]
    body = message.get_payload(decode=True).decode("utf-8")
    assert "/passwordreset/" in body
    assert body.startswith("Buongiorno Anna Bianchi,")  # Italian, the site's language
    assert "Cuneo" in body


def test_login_follows_the_email_as_login_setting(site):
    onboarding.import_users(_csv(GOOD[0]))
    [anna] = _user_by_email("anna.bianchi@provincia.cuneo.it")
    assert api.user.get(userid=anna).getUserName() == "anna.bianchi"
    api.portal.set_registry_record("plone.use_email_as_login", True)
    onboarding.import_users(_csv(GOOD[1]))
    [bruno] = _user_by_email("bruno@comune.alba.cn.it")
    assert api.user.get(userid=bruno).getUserName() == "bruno@comune.alba.cn.it"


def test_a_taken_login_gets_a_number(site):
    api.user.create(email="other@example.org", username="anna.bianchi", password="x" * 12)
    onboarding.import_users(_csv(GOOD[0]))
    [anna] = _user_by_email("anna.bianchi@provincia.cuneo.it")
    assert api.user.get(userid=anna).getUserName() == "anna.bianchi2"


@pytest.mark.parametrize(
    "line, field, text",
    [
        ("Anna,not-an-email,CN,cuneo:lettore", "email", "not a valid email"),
        (",anna@example.org,CN,cuneo:lettore", "nome", "name is missing"),
        ("Anna,,CN,cuneo:lettore", "email", "email is missing"),
        ("Anna,anna@example.org,ZZ,cuneo:lettore", "ente", "Unknown territory 'ZZ'"),
        ("Anna,anna@example.org,999999,cuneo:lettore", "ente", "Unknown territory"),
        ("Anna,anna@example.org,CN,torino:lettore", "ruoli", "Unknown community 'torino'"),
        ("Anna,anna@example.org,CN,cuneo:sindaco", "ruoli", "Unknown role 'sindaco'"),
        ("Anna,anna@example.org,CN,cuneo", "ruoli", "is not 'community:role'"),
        (
            "Anna,anna@example.org,CN,cuneo:lettore|cuneo:redattore",
            "ruoli",
            "Two roles for 'cuneo'",
        ),
    ],
)
def test_each_invalid_row_is_reported_with_its_field_and_nothing_is_created(
    site, mailhost, line, field, text
):
    result = onboarding.import_users(_csv(GOOD[0], line))
    assert not result.applied
    [(row, error_field, message)] = _errors(result)
    assert (row, error_field) == (3, field)
    assert text in message
    assert result.rows[1].status == "rejected"
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []  # the valid row waits
    assert mailhost.messages == []


def test_a_duplicate_email_names_the_first_row(site):
    result = onboarding.import_users(
        _csv(GOOD[0], "Anna Due,Anna.Bianchi@provincia.cuneo.it,CN,cuneo:lettore")
    )
    assert _errors(result) == [
        (3, "email", "'anna.bianchi@provincia.cuneo.it' is already on row 2.")
    ]
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []


def test_all_errors_of_the_file_are_reported_at_once(site):
    result = onboarding.import_users(
        _csv("Anna,bad,XX,cuneo:capo", "Bruno,bruno@example.org,CN,nessuna:lettore")
    )
    assert [(row, field) for row, field, _message in _errors(result)] == [
        (2, "email"),
        (2, "ente"),
        (2, "ruoli"),
        (3, "ruoli"),
    ]


@pytest.mark.parametrize(
    "data, text",
    [
        (b"", "empty"),
        (b"nome,email,ruoli\nAnna,anna@example.org,cuneo:lettore\n", "lacks the columns ente"),
        (b"nome,email,ente,ruoli\n", "no users"),
        ("nome,email,ente,ruoli\nAnna,anna@example.org,CN,\n".encode("latin-1") + b"\xe8", "UTF-8"),
    ],
)
def test_file_level_errors(site, data, text):
    with pytest.raises(ImportFileError) as info:
        onboarding.import_users(data)
    assert text in translate(info.value.message, target_language="en")


def test_bom_semicolons_and_spreadsheet_codes_are_understood(site):
    data = (
        "\ufeffNome;Email;Ente;Ruoli\n"
        'Anna Bianchi;anna@example.org;4;"cuneo:redattore;modena:lettore"\n'
        "Bruno Verdi;bruno@example.org;4003;cuneo:lettore|community-sua:lettore\n"
    ).encode("utf-8")
    result = onboarding.import_users(data, send_welcome=False)
    assert result.summary["created"] == 2, _errors(result)
    [anna] = _user_by_email("anna@example.org")
    assert membership.affiliation_of(anna) == {"kind": "provincia", "code": "004"}
    assert membership.role_of(site["province"]["modena"], anna) == "lettore"
    [bruno] = _user_by_email("bruno@example.org")
    assert membership.affiliation_of(bruno) == {"kind": "comune", "code": "004003"}
    assert membership.role_of(site["reti-tematiche"]["community-sua"], bruno) == "lettore"


def test_unquoted_semicolon_roles_in_a_semicolon_file_are_a_clear_error(site):
    data = b"nome;email;ente;ruoli\nAnna;anna@example.org;CN;cuneo:redattore;modena:lettore\n"
    result = onboarding.import_users(data)
    [(row, field, message)] = _errors(result)
    assert (row, field) == (2, "ruoli")
    assert "separate the roles with '|'" in message


def test_valid_rows_only_imports_the_valid_ones(site, mailhost):
    result = onboarding.import_users(
        _csv(GOOD[0], "Rotta,rotta@,CN,cuneo:lettore", GOOD[1]), valid_only=True
    )
    assert result.applied
    assert result.summary == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 1}
    assert _user_by_email("rotta@") == []
    assert len(_user_by_email("bruno@comune.alba.cn.it")) == 1
    assert len(mailhost.messages) == 2


def test_reimport_is_idempotent_and_updates_roles_and_territory(site, mailhost):
    onboarding.import_users(_csv(*GOOD))
    again = onboarding.import_users(_csv(*GOOD))
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert len(mailhost.messages) == 2  # no second welcome
    changed = onboarding.import_users(
        _csv(
            "Anna Bianchi,ANNA.BIANCHI@provincia.cuneo.it,MO,cuneo:coordinatore|ferrara:lettore",
            GOOD[1],
        )
    )
    assert changed.summary == {"created": 0, "updated": 1, "unchanged": 1, "rejected": 0}
    [anna] = _user_by_email("anna.bianchi@provincia.cuneo.it")
    assert membership.role_of(site["province"]["cuneo"], anna) == "coordinatore"
    assert membership.role_of(site["province"]["ferrara"], anna) == "lettore"
    assert membership.affiliation_of(anna)["code"] == "036"  # Modena
    assert len(membership.list_members(site["province"]["cuneo"])) == 2


def test_existing_users_are_matched_by_email(site):
    api.user.create(email="carla@example.org", username="carla", password="x" * 12)
    result = onboarding.import_users(_csv("Carla Neri,carla@example.org,,cuneo:lettore"))
    assert result.summary["updated"] == 1
    assert result.rows[0].userid == "carla"
    assert membership.role_of(site["province"]["cuneo"], "carla") == "lettore"
    assert membership.affiliation_of("carla") is None  # empty ente leaves it alone


def test_demoting_the_only_coordinatore_is_a_row_error(site):
    api.user.create(email="carla@example.org", username="carla", password="x" * 12)
    membership.add_member(site["province"]["cuneo"], "carla", "coordinatore")
    result = onboarding.import_users(_csv("Carla,carla@example.org,,cuneo:lettore"))
    [(row, field, message)] = _errors(result)
    assert (row, field) == (2, "ruoli")
    assert "only Coordinatore" in message
    assert membership.role_of(site["province"]["cuneo"], "carla") == "coordinatore"


def test_dry_run_writes_nothing(site, mailhost):
    result = onboarding.import_users(_csv(*GOOD), dry_run=True)
    assert not result.applied
    assert [row.status for row in result.rows] == ["created", "created"]
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []
    assert mailhost.messages == []


def test_welcome_emails_need_a_sender_address(site):
    api.portal.set_registry_record("plone.email_from_address", "")
    with pytest.raises(ImportFileError):
        onboarding.import_users(_csv(GOOD[0]))
    onboarding.import_users(_csv(GOOD[0]), send_welcome=False)
    assert len(_user_by_email("anna.bianchi@provincia.cuneo.it")) == 1


# The form ------------------------------------------------------------------------------


def _form(portal, **form):
    from plone.protect.authenticator import createToken
    from ZPublisher.HTTPRequest import FileUpload

    import io

    request = portal.REQUEST
    request.method = "POST"
    request["REQUEST_METHOD"] = "POST"
    request.form.clear()
    request.form.update({"_authenticator": createToken(), **form})
    for key, value in form.items():
        request[key] = value
    if "csv" in form:
        data = form["csv"]

        class Field:
            file = io.BytesIO(data)
            filename = "utenti.csv"
            headers = {}
            name = "csv"

        request.form["csv"] = request["csv"] = FileUpload(Field())
    view = portal.restrictedTraverse("@@importa-utenti")
    return view, view()


def test_the_form_previews_then_imports(site, mailhost):
    view, html = _form(site, csv=_csv(*GOOD), **{"form.buttons.preview": "1"})
    assert "anna.bianchi@provincia.cuneo.it" in html
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []
    view, html = _form(site, csv=_csv(*GOOD), **{"form.buttons.import": "1"})
    assert view.result.applied
    assert len(_user_by_email("anna.bianchi@provincia.cuneo.it")) == 1


def test_the_form_shows_row_errors_and_file_errors(site):
    view, html = _form(
        site, csv=_csv(GOOD[0], "Anna,bad,CN,cuneo:lettore"), **{"form.buttons.import": "1"}
    )
    assert not view.result.applied
    assert "bad" in html
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []
    view, html = _form(site, csv=b"a,b\n1,2\n", **{"form.buttons.import": "1"})
    assert view.file_error
    view, html = _form(
        site,
        csv=_csv(GOOD[0], "Anna,bad,CN,cuneo:lettore"),
        valid_only="1",
        **{"form.buttons.import": "1"},
    )
    assert view.result.applied
    assert len(_user_by_email("anna.bianchi@provincia.cuneo.it")) == 1


def test_only_site_administrators_may_import(site):
    api.user.create(email="dario@example.org", username="dario", password="x" * 12)
    membership.add_member(site["province"]["cuneo"], "dario", "coordinatore")
    logout()
    login(site, "dario")
    try:
        assert not api.user.has_permission("provincecomuni: Import users", obj=site)
    finally:
        logout()
        login(site, TEST_USER_NAME)
    setRoles(site, TEST_USER_ID, ["Site Administrator"])
    assert api.user.has_permission("provincecomuni: Import users", obj=site)


def test_the_import_is_in_site_setup(site, controlpanel_actions):
    assert "provincecomuni-import-users" in controlpanel_actions


def test_upgrade_grants_the_import_permission(site):
    setup_tool = site.portal_setup
    site.manage_permission("provincecomuni: Import users", roles=["Manager"], acquire=False)
    site.portal_controlpanel.unregisterConfiglet("provincecomuni-import-users")
    setup_tool.setLastVersionForProfile("provincecomuni:default", "1000")
    setup_tool.upgradeProfile("provincecomuni:default")
    assert setup_tool.getLastVersionForProfile("provincecomuni:default") == (
        setup_tool.getVersionForProfile("provincecomuni:default"),
    )
    setRoles(site, TEST_USER_ID, ["Site Administrator"])
    assert api.user.has_permission("provincecomuni: Import users", obj=site)
    actions = [a.getId() for a in site.portal_controlpanel.listActions()]
    assert "provincecomuni-import-users" in actions


# The command line (scripts/import_users.py calls onboarding.command_line) -----------------


def test_command_line_dry_run_then_import(site, tmp_path, mailhost):
    import io

    path = tmp_path / "utenti.csv"
    path.write_bytes(_csv(*GOOD))
    out = io.StringIO()
    assert onboarding.command_line([str(path), "--prova"], out) == 0
    assert "riga 2\tanna.bianchi@provincia.cuneo.it\tcreato" in out.getvalue()
    assert _user_by_email("anna.bianchi@provincia.cuneo.it") == []
    out = io.StringIO()
    assert onboarding.command_line([str(path)], out) == 0
    assert "Importazione completata: creato 2" in out.getvalue()
    assert len(mailhost.messages) == 2


def test_command_line_reports_errors_in_italian(site, tmp_path):
    import io

    path = tmp_path / "utenti.csv"
    path.write_bytes(_csv(GOOD[0], "Anna,bad,CN,cuneo:lettore"))
    out = io.StringIO()
    assert onboarding.command_line([str(path)], out) == 1
    assert "riga 3\tbad\tscartato\temail: 'bad' non è un indirizzo email valido." in out.getvalue()
    assert "Nulla è stato importato" in out.getvalue()
    path.write_bytes(b"x,y\n")
    assert onboarding.command_line([str(path)], io.StringIO()) == 2
