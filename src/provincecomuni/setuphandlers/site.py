"""Creating the Plone site of the platform (used by ``make start`` and by the tests)."""

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


def ensure_admin(users, username, password, request):
    """Make sure the user folder ``users`` (the Zope root's) has this Manager and password.

    Returns True when it created the user or changed the password.
    """
    if users.getUserById(username) is None:
        users._doAddUser(username, password, ["Manager"], [])
        return True
    if not users.authenticate(username, password, request):
        users._doChangeUser(username, password, ["Manager"], [])
        return True
    return False
