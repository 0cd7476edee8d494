"""Creating the Plone site of the platform (used by ``make start`` and by the tests)."""

from Acquisition import aq_base
from Products.CMFPlone.factory import addPloneSite

import logging


logger = logging.getLogger("provincecomuni")

SITE_TITLE = "Province & Comuni"
DEFAULT_LANGUAGE = "it"
TIMEZONE = "Europe/Rome"

# Classic UI: content types, layout and theme, then our profile (which brings
# plone.restapi:default with it).
EXTENSION_PROFILES = (
    "plone.app.contenttypes:default",
    "plone.app.layout:default",
    "plonetheme.barceloneta:default",
    "provincecomuni:default",
)


def ensure_site(app, site_id):
    """Create the site if ``app`` has none with this id; never touch an existing one.

    Returns ``(site, created)``.
    """
    if site_id in app.objectIds():
        return app[site_id], False
    site = addPloneSite(
        app,
        site_id,
        title=SITE_TITLE,
        default_language=DEFAULT_LANGUAGE,
        portal_timezone=TIMEZONE,
        extension_ids=EXTENSION_PROFILES,
    )
    logger.info("Created the Plone site %r.", site_id)
    return site, True


def ensure_admin(users, username, password, request, *, update_password=True):
    """Make sure the user folder ``users`` (the Zope root's) has this Manager.

    A missing user is created with ``password``. An existing user gets ``password``
    only with ``update_password`` (the administrator set it in the environment): a
    password changed through the web is never reset to a default.
    Returns True when it created the user or changed the password.
    """
    if users.getUserById(username) is None:
        users._doAddUser(username, password, ["Manager"], [])
        return True
    if update_password and not users.authenticate(username, password, request):
        _set_password(users, username, password)
        return True
    return False


def _set_password(users, username, password):
    # The Zope root's user folder, as Plone sets it up, is a PluggableAuthService
    # whose "users" plugin (ZODBUserManager) keeps the passwords; a plain Zope
    # UserFolder changes them itself.
    manager = getattr(aq_base(users), "users", None)
    if manager is not None and hasattr(manager, "updateUserPassword"):
        users.users.updateUserPassword(username, password)
    else:
        users._doChangeUser(username, password, ["Manager"], [])


# Environment variable -> (registry record, type). Invitations, notifications, the
# welcome e-mails of the CSV import and the funding digests all need them.
MAIL_SETTINGS = {
    "PC_SMTP_HOST": ("plone.smtp_host", str),
    "PC_SMTP_PORT": ("plone.smtp_port", int),
    "PC_MAIL_FROM": ("plone.email_from_address", str),
    "PC_MAIL_FROM_NAME": ("plone.email_from_name", str),
}


def ensure_mail_settings(site, environ):
    """Apply the mail settings given in the environment to ``site``'s registry.

    Like the administrator's password: a variable that is set wins at every start;
    one that is not set leaves the value chosen in Site Setup > Mail alone.
    Returns the names of the records it changed.
    """
    registry = site.portal_registry
    changed = []
    for variable, (record, kind) in MAIL_SETTINGS.items():
        if not environ.get(variable):
            continue
        try:
            value = kind(environ[variable])
        except ValueError:
            raise ValueError(f"{variable}: '{environ[variable]}' is not a valid value") from None
        if registry[record] != value:
            registry[record] = value
            changed.append(record)
    return changed
