"""Creating the site as ``make start`` does: once, and never touching an existing site."""

from OFS.userfolder import UserFolder
from plone import api
from plone.app.testing import login
from plone.app.testing import SITE_OWNER_NAME
from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_site
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import pytest


@pytest.fixture
def app_with_request(app, portal):
    """The Zope root, with the site owner logged in as ``zconsole run`` would act."""
    previous = getSite()
    login(app, SITE_OWNER_NAME)
    yield app
    setSite(previous)


def test_creates_the_site_with_its_settings_and_communities(app_with_request):
    site, created = ensure_site(app_with_request, "nuovo")
    assert created is True
    assert site.title == "Province & Comuni"
    assert api.portal.get_registry_record("plone.default_language") == "it"
    assert api.portal.get_registry_record("plone.portal_timezone") == "Europe/Rome"
    assert len(site["province"].objectIds()) == 76
    assert len(site["reti-tematiche"].objectIds()) == 3
    setup_tool = site.portal_setup
    version = setup_tool.getVersionForProfile("provincecomuni:default")
    assert setup_tool.getLastVersionForProfile("provincecomuni:default") == (version,)
    assert site.portal_setup.getLastVersionForProfile("plone.restapi:default") != "unknown"


def test_an_existing_site_is_left_untouched(app_with_request):
    site, _ = ensure_site(app_with_request, "nuovo")
    site.title = "Titolo scelto dall'amministratore"
    site["province"]["cuneo"].description = "Scritta a mano"
    api.content.delete(site["archivio"])
    again, created = ensure_site(app_with_request, "nuovo")
    assert created is False
    assert again is not None
    assert again.title == "Titolo scelto dall'amministratore"
    assert again["province"]["cuneo"].description == "Scritta a mano"
    assert "archivio" not in again.objectIds()


@pytest.fixture(params=["root", "plain"])
def users(request, app):
    """The Zope root's user folder (a PluggableAuthService) and a plain Zope one."""
    if request.param == "root":
        return app.acl_users
    return UserFolder()


def test_admin_is_created_then_its_password_follows_the_environment(app, users):
    request = app.REQUEST
    assert ensure_admin(users, "amministratore", "prima-password", request) is True
    assert users.authenticate("amministratore", "prima-password", request)
    assert ensure_admin(users, "amministratore", "prima-password", request) is False
    assert ensure_admin(users, "amministratore", "seconda-password", request) is True
    assert not users.authenticate("amministratore", "prima-password", request)
    assert users.authenticate("amministratore", "seconda-password", request)
    assert "Manager" in users.getUser("amministratore").getRoles()


def test_a_password_changed_through_the_web_is_not_reset_to_the_default(app, users):
    request = app.REQUEST
    ensure_admin(users, "admin", "admin", request)
    ensure_admin(users, "admin", "scelta-via-web", request)
    # make start without PC_ADMIN_PASSWORD in the environment:
    assert ensure_admin(users, "admin", "admin", request, update_password=False) is False
    assert users.authenticate("admin", "scelta-via-web", request)


def test_mail_settings_come_from_the_environment_when_given(portal):
    from provincecomuni.setuphandlers.site import ensure_mail_settings

    portal.portal_registry["plone.email_from_name"] = "Scelto in Site Setup"
    changed = ensure_mail_settings(
        portal,
        {
            "PC_SMTP_HOST": "smtp.provincia.example",
            "PC_SMTP_PORT": "587",
            "PC_MAIL_FROM": "noreply@provincia.example",
        },
    )
    assert set(changed) == {"plone.smtp_host", "plone.smtp_port", "plone.email_from_address"}
    assert api.portal.get_registry_record("plone.smtp_port") == 587
    # A variable not set leaves the administrator's choice alone; a second start changes nothing.
    assert api.portal.get_registry_record("plone.email_from_name") == "Scelto in Site Setup"
    assert ensure_mail_settings(portal, {"PC_SMTP_HOST": "smtp.provincia.example"}) == []
    with pytest.raises(ValueError, match="PC_SMTP_PORT"):
        ensure_mail_settings(portal, {"PC_SMTP_PORT": "venticinque"})
