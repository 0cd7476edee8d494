#!/usr/bin/env bash
# Refresh the translation catalogs of the provincecomuni domain with i18ndude:
# extract every message id from src/ and profiles/ into provincecomuni.pot, then
# merge it into the Italian and English .po files (existing translations are kept).
# The .mo files are compiled by Zope at start-up (zope_i18n_compile_mo_files).
set -euo pipefail
cd "$(dirname "$0")/.."
I18NDUDE=${I18NDUDE:-.venv/bin/i18ndude}
LOCALES=src/provincecomuni/locales
DOMAIN=provincecomuni

"$I18NDUDE" rebuild-pot --pot "$LOCALES/$DOMAIN.pot" --create "$DOMAIN" src/provincecomuni profiles
for lang in it en; do
  mkdir -p "$LOCALES/$lang/LC_MESSAGES"
  po="$LOCALES/$lang/LC_MESSAGES/$DOMAIN.po"
  [ -f "$po" ] || touch "$po"
  "$I18NDUDE" sync --pot "$LOCALES/$DOMAIN.pot" "$po"
done
# The UI is Italian first: list the Italian messages still without a translation.
awk '/^msgid "/ {id=$0} /^msgstr ""$/ && id != "msgid \"\"" {print "untranslated (it): " id}' \
  "$LOCALES/it/LC_MESSAGES/$DOMAIN.po"
