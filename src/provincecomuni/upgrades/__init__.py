"""Upgrade steps of the default profile.

One profile version per release; each feature of a release has its own step (a
module named after the feature), all registered in one ``upgradeSteps`` group in
``configure.zcml``. A new release bumps ``profiles/default/metadata.xml`` and adds
a group with ``source`` and ``destination``.
"""

from plone.app.registry.exportimport.handler import RegistryImporter
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


PROFILE = "profile-provincecomuni:default"


def import_registry_file(setup_tool, filename):
    """Import one file of ``profiles/default/registry/``, and only that file.

    The whole ``plone.app.registry`` step would also re-import ``site.xml`` and
    reset settings the site's administrators changed (navigation, languages...).
    """
    context = setup_tool._getImportContext(PROFILE, should_purge=False)
    body = context.readDataFile(f"registry/{filename}")
    RegistryImporter(getUtility(IRegistry), context).importDocument(body)
