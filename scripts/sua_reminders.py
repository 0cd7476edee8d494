"""Send each RUP the reminder of their tenders' deadlines: run daily by cron.

    .venv/bin/zconsole run instance/etc/zope.conf scripts/sua_reminders.py [YYYY-MM-DD]

One Italian email per RUP with the key dates of their dossiers in the next 7 days
(today included) and the requirement checks whose validity ends in those days;
nothing is sent to a RUP with nothing due. It also refreshes the "next deadline"
of the dossiers whose next key date has passed (the SUA listing sorts on it).
The optional date replaces today (to resend a missed day).
"""

from AccessControl.SecurityManagement import newSecurityManager
from datetime import date
from provincecomuni.procurement.dashboard.reminders import refresh_next_deadlines
from provincecomuni.procurement.dashboard.reminders import send_reminders
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import re
import sys
import transaction


def main(app, argv):
    today = date.fromisoformat(argv[0]) if argv else date.today()
    app = makerequest(app)
    site = app[os.environ.get("PC_SITE_ID", "Plone")]
    admin = app.acl_users.getUser(os.environ.get("PC_ADMIN_USER", "admin"))
    newSecurityManager(None, admin.__of__(app.acl_users))
    setSite(site)
    refreshed = refresh_next_deadlines(site, date.today())
    sent = send_reminders(site, today=today)
    transaction.commit()  # the MailHost queue sends at commit
    print(f"SUA reminders sent: {len(sent)}; next deadlines refreshed: {refreshed}")


main(app, [arg for arg in sys.argv[1:] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", arg)])  # noqa: F821
app._p_jar.db().close()  # noqa: F821 - a clean close keeps the FileStorage index
