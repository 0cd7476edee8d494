"""Command-line fixity check: ``make fixity`` (``zconsole run ... scripts/records_fixity.py``).

Prints one line per mismatch or missing file and a summary; the exit status is 0
when every fingerprint matches, 1 otherwise.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system as system_user
from provincecomuni.records import fixity
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import argparse
import json


def main(app, argv, out=print):
    parser = argparse.ArgumentParser(description="Recompute the fingerprints of records.")
    parser.add_argument("--site", default="Plone", help="the Plone site id")
    parser.add_argument(
        "--path", default="", help="only the records below this path inside the site"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    app = makerequest(app)
    site = app[args.site]
    newSecurityManager(None, system_user)
    setSite(site)
    context = site.unrestrictedTraverse(args.path.strip("/")) if args.path else site
    result = fixity.check(context)
    if args.json:
        out(json.dumps(result, indent=2))
    else:
        for item in result["mismatches"]:
            out(f"MISMATCH {item['path']} stored={item['expected']} now={item['actual']}")
        for item in result["missing"]:
            out(f"MISSING {item['path']} {item['error']}")
        out(
            f"{result['checked']} records, {result['bytes']} bytes, "
            f"{len(result['mismatches'])} mismatches, {len(result['missing'])} missing, "
            f"{result['seconds']} s"
        )
    return 0 if not result["mismatches"] and not result["missing"] else 1
