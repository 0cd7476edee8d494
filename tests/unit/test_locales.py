"""The translation catalogs: every message of the UI exists in Italian (and English)."""

from pathlib import Path

import re


LOCALES = Path(__file__).resolve().parents[2] / "src" / "provincecomuni" / "locales"
DOMAIN = "provincecomuni"


def _entries(path):
    """(msgid, msgstr) pairs of a .po/.pot file, header excluded.

    A long msgstr may be wrapped on continuation lines (``msgstr ""`` then ``"..."``).
    """
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"((?:\n".*")*)$', text, re.M)
    return {
        msgid: msgstr + "".join(re.findall(r'\n"(.*)"', rest))
        for msgid, msgstr, rest in pairs
        if msgid
    }


def test_no_fuzzy_translations():
    # Zope compiles the catalogs without fuzzy entries: a fuzzy message shows in English.
    for language in ("it", "en"):
        text = (LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_text("utf-8")
        assert "#, fuzzy" not in text, f"{language}: review the fuzzy entries"


def test_pot_is_not_empty():
    assert len(_entries(LOCALES / f"{DOMAIN}.pot")) > 40


def test_every_message_is_translated_in_italian_and_english():
    template = set(_entries(LOCALES / f"{DOMAIN}.pot"))
    for language in ("it", "en"):
        catalog = _entries(LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po")
        assert set(catalog) == template, f"{language}: run make i18n"
        untranslated = sorted(msgid for msgid, msgstr in catalog.items() if not msgstr)
        assert untranslated == [], f"{language}: untranslated {untranslated}"


def test_placeholders_survive_translation():
    english = _entries(LOCALES / "en" / "LC_MESSAGES" / f"{DOMAIN}.po")
    italian = _entries(LOCALES / "it" / "LC_MESSAGES" / f"{DOMAIN}.po")
    for msgid, msgstr in italian.items():
        expected = set(re.findall(r"\$\{\w+\}", english[msgid]))
        assert set(re.findall(r"\$\{\w+\}", msgstr)) == expected, msgid
