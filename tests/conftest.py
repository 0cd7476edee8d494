"""Shared fixtures: pytest-plone's fixtures on the add-on's integration and functional layers."""

from provincecomuni.testing import FUNCTIONAL_TESTING
from provincecomuni.testing import INTEGRATION_TESTING
from pytest_plone import fixtures_factory

import pytest


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)


@pytest.fixture(scope="session")
def package_name() -> str:
    return "provincecomuni"


@pytest.fixture
def manager_portal(portal):
    """The integration portal, with the test user granted the Manager role."""
    from plone.app.testing import setRoles
    from plone.app.testing import TEST_USER_ID

    setRoles(portal, TEST_USER_ID, ["Manager"])
    return portal
