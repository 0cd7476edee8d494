"""Test layers of the add-on, used by the pytest fixtures in ``tests/conftest.py``."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from zope.configuration import xmlconfig

import os


# The Italian and English catalogs are compiled from the .po files at start-up.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


class ProvinceComuniLayer(PloneSandboxLayer):
    """A classic-UI Plone site with the add-on installed, as ``make start`` builds it."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.app.layout
        import plone.restapi
        import plonetheme.barceloneta
        import provincecomuni

        self.loadZCML(package=plone.app.layout)
        self.loadZCML(package=plonetheme.barceloneta)
        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=provincecomuni)
        # What Plone includes at start-up after every add-on's configure.zcml.
        xmlconfig.includeOverrides(configurationContext, "overrides.zcml", provincecomuni)
        configurationContext.execute_actions()

    def setUpPloneSite(self, portal):
        # Like the site that ``make start`` creates: Italian first.
        portal.setLanguage("it")
        applyProfile(portal, "plone.app.layout:default")
        applyProfile(portal, "plonetheme.barceloneta:default")
        applyProfile(portal, "provincecomuni:default")


FIXTURE = ProvinceComuniLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="ProvinceComuniLayer:IntegrationTesting"
)

# A real WSGI server on a free port: for the REST and browser (Chromium) tests.
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="ProvinceComuniLayer:FunctionalTesting"
)
