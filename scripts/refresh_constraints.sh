#!/usr/bin/env bash
# Re-resolve every dependency and rewrite constraints.txt with exact pins.
#
# Plone's release constraints file cannot be fetched from here, so the pins are our
# own: a clean virtualenv installs the product with the few bounds below (the ones an
# unpinned install gets wrong), and `pip freeze --all` records what was installed.
# Review the diff, run `make test`, then `make buildout-versions` and commit all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --upgrade pip wheel
# Bounds an unpinned resolution gets wrong (see README, "Dependencies"):
#  - plone.app.layout 7 is a pre-release for the next Plone;
#  - older setuptools' pkg_resources cannot see plone.app.discussion, which breaks
#    collective.exportimport's ZCML.
"$tmp/venv/bin/pip" install --quiet "setuptools==80.9.0" "plone.app.layout<7" "Products.CMFPlone==6.2.2" -e ".[test,dev]"

"$tmp/venv/bin/pip" freeze --all --exclude-editable | grep -v '^provincecomuni' | LC_ALL=C sort -f > "$tmp/product.txt"

# buildout users also need zc.buildout and the instance recipe with what they bring
# (ZEO, zdaemon, ...): resolved against the product's pins, listed apart.
"$tmp/venv/bin/pip" install --quiet -c "$tmp/product.txt" \
  "zc.buildout==${ZC_BUILDOUT_VERSION:-6.0.1}" \
  "plone.recipe.zope2instance==${ZOPE2INSTANCE_VERSION:-9.1.0}"
"$tmp/venv/bin/pip" freeze --all --exclude-editable | grep -v '^provincecomuni' | LC_ALL=C sort -f > "$tmp/all.txt"

{
  echo "# Exact pins of every distribution the product, its tests and its tools install."
  echo "# Regenerate with 'make constraints' (scripts/refresh_constraints.sh); do not edit by hand."
  echo "# buildout uses the same pins through versions.cfg ('make buildout-versions')."
  cat "$tmp/product.txt"
  echo "# For buildout users only (not installed by make install):"
  grep -vxFf "$tmp/product.txt" "$tmp/all.txt"
} > constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) pins"
