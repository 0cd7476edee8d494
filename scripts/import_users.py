"""Import users from a CSV file into the site: the command-line twin of @@importa-utenti.

    .venv/bin/zconsole run instance/etc/zope.conf scripts/import_users.py utenti.csv \
        [--prova] [--solo-valide] [--senza-email] [--url https://portale.example.it]

``zconsole`` provides ``app`` and runs as the Zope system user. ``--url`` (or the
environment variable PC_PUBLIC_URL) is the public address of the Zope root, used for
the links in the welcome emails; by default http://$PC_HOST:$PC_PORT. The report
is printed one row per line; nothing is committed for a dry run (--prova) or when
rows have errors without --solo-valide. The welcome emails leave at commit.
"""

from provincecomuni.membership.onboarding import command_line
from Testing.makerequest import makerequest
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import os
import sys
import transaction


def main(app, argv):
    url = os.environ.get("PC_PUBLIC_URL") or "http://{}:{}".format(
        os.environ.get("PC_HOST", "127.0.0.1"), os.environ.get("PC_PORT", "8080")
    )
    if "--url" in argv:
        index = argv.index("--url")
        url = argv[index + 1]
        argv = argv[:index] + argv[index + 2 :]
    app = makerequest(app, environ={"SERVER_NAME": "localhost", "SERVER_PORT": "80"})
    app.REQUEST["SERVER_URL"] = url.rstrip("/")
    setRequest(app.REQUEST)
    site = app[os.environ.get("PC_SITE_ID", "Plone")]
    setSite(site)
    code = command_line(argv, sys.stdout)
    if code == 0 and "--prova" not in argv:
        transaction.commit()
    else:
        transaction.abort()
    return code


# zconsole leaves sys.argv as it was: our arguments follow this script's path.
_args = sys.argv[next(i for i, a in enumerate(sys.argv) if a.endswith("import_users.py")) + 1 :]
_code = main(app, _args)  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
sys.exit(_code)
