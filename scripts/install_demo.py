"""Install the demo profile (sample documents) on the site: ``make demo``.

Run inside Zope by ``zconsole run``, which makes ``app`` available. Idempotent: the
profile only adds what is missing.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import transaction


def main(app):
    app = makerequest(app)
    site = app[os.environ.get("PC_SITE_ID", "Plone")]
    admin = app.acl_users.getUser(os.environ.get("PC_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    setSite(site)
    site.portal_setup.runAllImportStepsFromProfile("profile-provincecomuni:demo")
    transaction.commit()
    print("Demo content installed (profile provincecomuni:demo).")


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821 - a clean close keeps the FileStorage index
