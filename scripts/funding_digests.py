"""Send the funding-call digests that are due: run daily by cron.

    .venv/bin/zconsole run instance/etc/zope.conf scripts/funding_digests.py

Each digest is recorded with the mail in one transaction per user, so running it
twice in a day (or after a failure) never sends a digest twice for a period.
"""

from AccessControl.SecurityManagement import newSecurityManager
from provincecomuni.funding.alerts import send_digests
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os


def main(app):
    app = makerequest(app)
    site = app[os.environ.get("PC_SITE_ID", "Plone")]
    admin = app.acl_users.getUser(os.environ.get("PC_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    setSite(site)
    sent = send_digests(site, commit=True)
    print(f"Funding digests sent: {len(sent)}")


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821 - a clean close keeps the FileStorage index
