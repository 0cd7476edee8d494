"""Time the CSV import and the notifications on a real site, then throw it all away.

Run with ``make bench-onboarding`` (``zconsole run instance/etc/zope.conf
bench/onboarding.py``) after ``make create-site``. Everything happens in one
transaction that is aborted at the end: the site is left as it was.

BENCH_EXISTING users (default 2000) are created first; then a file of BENCH_ROWS
rows (default 1000: half of them existing users, each with an ente and two
community roles) is planned (the dry run), imported, and imported again (nothing
to change). Then BENCH_FOLLOWERS members (default 200) follow a community and a
Redattore adds a document there: the time of the before-commit hook that checks
each follower's permission and builds the emails (sent to an in-memory mail host).
"""

from Acquisition import aq_base
from plone import api
from Products.CMFPlone.tests.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from provincecomuni.membership import notifications
from provincecomuni.membership import onboarding
from Testing.makerequest import makerequest
from zope.component import getSiteManager
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import time
import transaction


def timed(label, func, count=None):
    started = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - started
    per = f" ({elapsed / count * 1000:.1f} ms each)" if count else ""
    print(f"{label}: {elapsed:.2f} s{per}")
    return result


def main(app):
    app = makerequest(app)
    setRequest(app.REQUEST)
    portal = app[os.environ.get("PC_SITE_ID", "Plone")]
    setSite(portal)
    existing = int(os.environ.get("BENCH_EXISTING", "2000"))
    rows = int(os.environ.get("BENCH_ROWS", "1000"))
    followers = int(os.environ.get("BENCH_FOLLOWERS", "200"))
    communities = portal["province"].objectIds()[:20]
    with api.env.adopt_roles(["Manager"]):

        def create_existing():
            for number in range(existing):
                api.user.create(
                    email=f"esistente{number}@example.org",
                    username=f"esistente{number}",
                    password="Una-password-lunga-1",  # noqa: S106
                )

        timed(f"{existing} users created with plone.api", create_existing, existing)
        lines = ["nome,email,ente,ruoli"]
        for number in range(rows):
            email = (
                f"esistente{number}@example.org"
                if number < rows // 2
                else f"nuovo{number}@example.org"
            )
            first, second = communities[number % 20], communities[(number + 7) % 20]
            lines.append(f"Persona {number},{email},CN,{first}:lettore|{second}:collaboratore")
        data = "\n".join(lines).encode("utf-8")
        result = timed(
            f"plan (dry run) of {rows} rows",
            lambda: onboarding.import_users(data, dry_run=True),
            rows,
        )
        if result.summary["rejected"]:
            raise SystemExit(f"the generated file has invalid rows: {result.summary}")
        result = timed(
            f"import of {rows} rows ({rows - rows // 2} new users)",
            lambda: onboarding.import_users(data, send_welcome=False),
            rows,
        )
        print("  ", result.summary)
        result = timed(
            f"re-import of the same {rows} rows",
            lambda: onboarding.import_users(data, send_welcome=False),
            rows,
        )
        print("  ", result.summary)

        portal.MailHost = host = MockMailHost("MailHost")
        manager = getSiteManager(portal)
        manager.unregisterUtility(provided=IMailHost)
        manager.registerUtility(aq_base(host), provided=IMailHost)
        api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
        community = portal["province"][communities[0]]
        for number in range(followers):
            userid = f"esistente{number}"
            if membership.role_of(community, userid) is None:
                membership.add_member(community, userid, "lettore")
            notifications.follow(community, userid)
        author = f"esistente{followers}"
        if membership.role_of(community, author) is None:
            membership.add_member(community, author, "redattore")
        else:
            membership.change_role(community, author, "redattore")
        with api.env.adopt_user(username=author):
            document = api.content.create(
                container=community, type="Document", id="bench-doc", title="Bench"
            )
            api.content.transition(obj=document, transition="publish")
        entries = transaction.get().data(notifications._QUEUE_KEY)
        timed(
            f"notifications of one new published document to {followers} followers",
            lambda: notifications.send_queued(portal, entries),
        )
        print(f"   emails built: {len(host.messages)}")
    transaction.abort()


main(app)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
