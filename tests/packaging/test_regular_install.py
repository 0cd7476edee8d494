"""A regular (non-editable) install gives a working product, profiles and data included.

Builds the wheel, installs it into a temporary folder, and runs a small Plone test in a
separate Python process that imports the add-on from there (not from ``src/``).
"""

from pathlib import Path

import os
import pytest
import subprocess
import sys
import textwrap
import zipfile


ROOT = Path(__file__).resolve().parents[2]

EXPECTED_FILES = (
    "provincecomuni/configure.zcml",
    "provincecomuni/profiles/configure.zcml",
    "provincecomuni/profiles/default/metadata.xml",
    "provincecomuni/profiles/default/types/ProvinceCommunity.xml",
    "provincecomuni/profiles/default/workflows/provincecomuni_community_workflow/definition.xml",
    "provincecomuni/profiles/uninstall/metadata.xml",
    "provincecomuni/profiles/demo/metadata.xml",
    "provincecomuni/data/province.csv",
    "provincecomuni/data/comuni.csv",
    "provincecomuni/browser/templates/province_community.pt",
    "provincecomuni/locales/it/LC_MESSAGES/provincecomuni.po",
    "provincecomuni/locales/en/LC_MESSAGES/provincecomuni.po",
    "provincecomuni/data/document_templates/determina-a-contrarre.docx",
)

INSTALLED_CONFTEST = textwrap.dedent(
    """
    from provincecomuni.testing import INTEGRATION_TESTING
    from pytest_plone import fixtures_factory

    pytest_plugins = ["pytest_plone"]
    globals().update(fixtures_factory(((INTEGRATION_TESTING, "integration"),)))
    """
)

INSTALLED_CHECK = textwrap.dedent(
    """
    from pathlib import Path
    from Products.GenericSetup.registry import _profile_registry

    import provincecomuni


    def test_installed_copy_is_used(portal):
        target = Path(__file__).parent / "site"
        assert Path(provincecomuni.__file__).is_relative_to(target)
        info = _profile_registry.getProfileInfo("provincecomuni:default")
        assert Path(info["path"]).is_relative_to(target)
        assert (Path(info["path"]) / "metadata.xml").exists()


    def test_profile_builds_the_communities(portal):
        assert len(portal["province"].objectIds()) == 76
        assert portal["province"]["cuneo"].sigla == "CN"
        assert len(portal["province"]["cuneo"].comuni()) == 247
    """
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            out,
            ROOT,
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("provincecomuni-*.whl")
    return built


@pytest.mark.slow
def test_wheel_contains_profiles_data_templates_and_catalogs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in EXPECTED_FILES if name not in names]
    assert missing == []
    # The source layout must not leak into the wheel.
    assert not any(name.startswith(("profiles/", "src/", "tests/")) for name in names)


@pytest.mark.slow
def test_installed_wheel_works_in_plone(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", site, wheel],
        check=True,
        capture_output=True,
    )
    (tmp_path / "conftest.py").write_text(INSTALLED_CONFTEST)
    (tmp_path / "test_installed.py").write_text(INSTALLED_CHECK)
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:warnings",
            "test_installed.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
