"""The instance configuration written from the templates and the PC_* variables."""

from pathlib import Path

import importlib.util
import re


ROOT = Path(__file__).resolve().parents[2]


def _module():
    spec = importlib.util.spec_from_file_location(
        "write_instance_config", ROOT / "scripts" / "write_instance_config.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _render(environ):
    module = _module()
    values = module.settings(environ)
    return {
        name: module.render((ROOT / "instance" / "templates" / f"{name}.in").read_text(), values)
        for name in ("zope.conf", "zope.ini", "site.zcml")
    }


def test_safe_defaults():
    files = _render({})
    assert "listen = 127.0.0.1:8080" in files["zope.ini"]
    assert "cache-size 100000" in files["zope.conf"]
    assert "debug-mode off" in files["zope.conf"]
    var = ROOT / "instance" / "var"
    assert f"path {var / 'filestorage' / 'Data.fs'}" in files["zope.conf"]
    assert f"blob-dir {var / 'blobstorage'}" in files["zope.conf"]
    for text in files.values():
        assert not re.search(r"\{\{\w+\}\}", text)


def test_environment_variables(tmp_path):
    files = _render(
        {
            "PC_HOST": "0.0.0.0",  # noqa: S104 - the value under test
            "PC_PORT": "9090",
            "PC_VAR_DIR": str(tmp_path),
            "PC_ZODB_CACHE_SIZE": "50000",
            "PC_THREADS": "8",
            "PC_DEBUG_MODE": "on",
        }
    )
    assert "listen = 0.0.0.0:9090" in files["zope.ini"]
    assert "threads = 8" in files["zope.ini"]
    assert "cache-size 50000" in files["zope.conf"]
    assert "debug-mode on" in files["zope.conf"]
    assert f"path {tmp_path / 'filestorage' / 'Data.fs'}" in files["zope.conf"]
    assert str(tmp_path / "log" / "event.log") in files["zope.ini"]


def test_unsupported_storage_is_refused():
    import pytest

    with pytest.raises(SystemExit, match="PC_STORAGE"):
        _module().settings({"PC_STORAGE": "relstorage"})
