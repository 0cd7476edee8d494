"""Fill the empty translations of the provincecomuni catalogs after `make i18n`.

- English: an empty msgstr takes the message's default text (the "#. Default:" line),
  or the msgid itself when it is the English text (titles in ZCML).
- Italian: an empty msgstr takes the text given for its msgid in a JSON file
  ({"msgid": "Testo italiano"}), so new translations can be reviewed as one file.

Usage: python scripts/fill_catalogs.py [italian.json]
"""

from pathlib import Path

import json
import re
import sys


LOCALES = Path(__file__).resolve().parents[1] / "src" / "provincecomuni" / "locales"
ENTRY = re.compile(
    r'(?P<head>(?:#\. Default: "(?P<default>(?:[^"\\]|\\.)*)"\n)?(?:#.*\n)*)'
    r'msgid "(?P<msgid>(?:[^"\\]|\\.)*)"\nmsgstr ""\n(?!")'  # not a wrapped msgstr
)


def fill(path, lookup):
    text = path.read_text(encoding="utf-8")
    missing = []

    def replace(match):
        msgid = match["msgid"]
        if not msgid:
            return match[0]  # the header
        value = lookup(msgid, match["default"])
        if value is None:
            missing.append(msgid)
            return match[0]
        return f'{match["head"]}msgid "{msgid}"\nmsgstr "{value}"\n'

    path.write_text(ENTRY.sub(replace, text), encoding="utf-8")
    return missing


def main(argv):
    english = LOCALES / "en" / "LC_MESSAGES" / "provincecomuni.po"
    # Values are written as they are: defaults and msgids are already escaped.
    fill(english, lambda msgid, default: msgid if default is None else default)
    italian_texts = json.loads(Path(argv[1]).read_text(encoding="utf-8")) if len(argv) > 1 else {}

    def italian(msgid, default):
        text = italian_texts.get(msgid)
        if text is None:
            return None
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    missing = fill(LOCALES / "it" / "LC_MESSAGES" / "provincecomuni.po", italian)
    for msgid in missing:
        print(f"untranslated (it): {msgid}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
