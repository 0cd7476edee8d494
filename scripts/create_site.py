"""Create the Plone site if it does not exist, and the administrator of the Zope root.

Run inside Zope by ``make create-site`` (``zconsole run instance/etc/zope.conf``), which
makes ``app`` available. An existing site is never touched.
"""

from provincecomuni.setuphandlers.site import ensure_admin
from provincecomuni.setuphandlers.site import ensure_mail_settings
from provincecomuni.setuphandlers.site import ensure_site
from Testing.makerequest import makerequest

import os
import time
import transaction


DEFAULT_ADMIN_PASSWORD = "admin"  # noqa: S105 - the documented development default


def main(app):
    app = makerequest(app)
    site_id = os.environ.get("PC_SITE_ID", "Plone")
    admin_user = os.environ.get("PC_ADMIN_USER", "admin")
    # Only a password given in the environment replaces the current one.
    password_given = "PC_ADMIN_PASSWORD" in os.environ
    admin_password = os.environ.get("PC_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD)
    started = time.monotonic()
    if ensure_admin(
        app.acl_users, admin_user, admin_password, app.REQUEST, update_password=password_given
    ):
        transaction.commit()
    if app.acl_users.authenticate(admin_user, DEFAULT_ADMIN_PASSWORD, app.REQUEST):
        print(
            f"WARNING: the administrator '{admin_user}' has the default password. "
            "Set PC_ADMIN_PASSWORD before exposing this server."
        )
    site, created = ensure_site(app, site_id)
    if created:
        transaction.commit()
        print(f"Created the site '{site_id}' in {time.monotonic() - started:.1f} s.")
    else:
        print(f"The site '{site_id}' exists: left as it is.")
    changed = ensure_mail_settings(site, os.environ)
    if changed:
        transaction.commit()
        print(f"Mail settings from the environment: {', '.join(changed)}.")
    elif not site.portal_registry["plone.email_from_address"]:
        print(
            "WARNING: no sender address for e-mails: invitations and notifications are "
            "not sent. Set PC_MAIL_FROM and PC_SMTP_HOST, or Site Setup > Mail."
        )


main(app)  # noqa: F821 - ``app`` is given by zconsole
# Close the database cleanly: the next start then reads the FileStorage index
# instead of scanning the whole Data.fs.
app._p_jar.db().close()  # noqa: F821
