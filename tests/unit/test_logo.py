"""The logo stored in the registry is the one in browser/static (they cannot drift)."""

from pathlib import Path

import base64
import re


ROOT = Path(__file__).resolve().parents[2]


def test_registry_logo_is_static_logo_svg():
    registry = (ROOT / "profiles" / "default" / "registry" / "site.xml").read_text()
    (encoded,) = re.findall(r"<value>filenameb64:([^;]*);datab64:([^<]*)</value>", registry)
    filename, data = (base64.b64decode(part) for part in encoded)
    assert filename == b"logo.svg"
    assert data == (ROOT / "src/provincecomuni/browser/static/logo.svg").read_bytes()
