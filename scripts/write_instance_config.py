"""Write instance/etc/{zope.conf,zope.ini,site.zcml} from instance/templates/.

Every setting comes from a PC_* environment variable with a safe default (see
README, "Configuration"). Run by ``make start`` before the server starts, so the
files always match the environment of the run.
"""

from pathlib import Path

import os
import re
import sys


ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def settings(environ=os.environ):
    # PC_INSTANCE_HOME lets a second instance (the benchmark's) keep its own etc/.
    instance_home = Path(environ.get("PC_INSTANCE_HOME", INSTANCE)).resolve()
    var_dir = Path(environ.get("PC_VAR_DIR", instance_home / "var")).resolve()
    storage = environ.get("PC_STORAGE", "filestorage")
    if storage != "filestorage":
        sys.exit(f"PC_STORAGE={storage!r}: only 'filestorage' is supported in this release.")
    return {
        "instance_home": str(instance_home),
        "var_dir": str(var_dir),
        "host": environ.get("PC_HOST", "127.0.0.1"),
        "port": environ.get("PC_PORT", "8080"),
        "threads": environ.get("PC_THREADS", "4"),
        "debug_mode": "on" if environ.get("PC_DEBUG_MODE", "off") == "on" else "off",
        "zodb_cache_size": environ.get("PC_ZODB_CACHE_SIZE", "100000"),
        "storage": (
            "    <blobstorage>\n"
            f"      blob-dir {var_dir / 'blobstorage'}\n"
            "      <filestorage>\n"
            f"        path {var_dir / 'filestorage' / 'Data.fs'}\n"
            "      </filestorage>\n"
            "    </blobstorage>"
        ),
    }


def render(template: str, values: dict) -> str:
    def replace(match):
        return values[match.group(1)]

    return re.sub(r"\{\{(\w+)\}\}", replace, template)


def main():
    values = settings()
    var_dir = Path(values["var_dir"])
    for sub in ("filestorage", "blobstorage", "log", "cache"):
        (var_dir / sub).mkdir(parents=True, exist_ok=True)
    etc = Path(values["instance_home"]) / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    for name in ("zope.conf", "zope.ini", "site.zcml"):
        template = (INSTANCE / "templates" / f"{name}.in").read_text(encoding="utf-8")
        (etc / name).write_text(render(template, values), encoding="utf-8")


if __name__ == "__main__":
    main()
