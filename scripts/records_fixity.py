"""Fixity check of the records archive, run inside Zope by ``zconsole run``.

    .venv/bin/zconsole run instance/etc/zope.conf scripts/records_fixity.py \
        [--site Plone] [--path province/cuneo] [--json]

Exit status 0 when every fingerprint matches, 1 when a record was altered or lost.
"""

from provincecomuni.records.cli import main

import sys


# zconsole leaves sys.argv as it was: ``zconsole run zope.conf <this script> [args]``.
script = next(i for i, arg in enumerate(sys.argv) if arg.endswith("records_fixity.py"))
status = main(app, sys.argv[script + 1 :])  # noqa: F821 - ``app`` is given by zconsole
app._p_jar.db().close()  # noqa: F821
sys.exit(status)
