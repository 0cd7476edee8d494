"""What `make start` does, for real: the instance's own configuration (site.zcml with
every add-on's configure.zcml AND overrides.zcml in one run, which the test layers do
not reproduce), the site created by scripts/create_site.py, then served by runwsgi.

A ZCML conflict between add-ons (e.g. an overrides.zcml included from a configure.zcml)
only shows here.
"""

from pathlib import Path

import os
import pytest
import requests
import socket
import subprocess
import sys
import time


ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    home = tmp_path_factory.mktemp("instance")
    port = _free_port()
    env = {
        **os.environ,
        "PC_INSTANCE_HOME": str(home),
        "PC_PORT": str(port),
        "PC_ADMIN_PASSWORD": "secret-for-the-test",
        "PC_MAIL_FROM": "noreply@example.org",
    }
    subprocess.run(
        [sys.executable, "scripts/write_instance_config.py"], cwd=ROOT, env=env, check=True
    )
    created = subprocess.run(
        [BIN / "zconsole", "run", home / "etc" / "zope.conf", "scripts/create_site.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert created.returncode == 0, created.stderr[-3000:]
    assert "Created the site 'Plone'" in created.stdout
    assert "Mail settings from the environment: plone.email_from_address" in created.stdout
    server = subprocess.Popen(
        [BIN / "runwsgi", home / "etc" / "zope.ini"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/Plone"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            pytest.fail("the instance did not answer in 120 s")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


ADMIN = ("admin", "secret-for-the-test")


def test_the_site_answers_in_italian(instance):
    page = requests.get(instance, timeout=30)
    assert page.status_code == 200
    assert 'lang="it"' in page.text
    assert "Province &amp; Comuni" in page.text or "Province & Comuni" in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/province/cuneo",
        "/province/cuneo/@@membri",
        "/province/cuneo/++add++TenderDossier",
        "/province/cuneo/++add++GoodPractice",
        "/agenda-digitale/@@dashboard?territory=004",
        "/bandi-europei",
        "/buone-pratiche",
    ],
)
def test_the_pages_of_every_feature_render(instance, path):
    response = requests.get(instance + path, auth=ADMIN, timeout=60)
    assert response.status_code == 200, path


def test_rest_works_anonymously_on_public_data(instance):
    response = requests.get(
        instance + "/@indicators", headers={"Accept": "application/json"}, timeout=30
    )
    assert response.status_code == 200
