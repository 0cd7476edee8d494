"""GenericSetup handlers: what the profiles cannot say in XML."""

from plone import api
from plone.base.interfaces import INonInstallable
from provincecomuni.membership.pas import remove_plugin
from provincecomuni.membership.setup import setup_membership
from provincecomuni.setuphandlers import structure
from zope.interface import implementer


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        """Profiles that the add-ons control panel does not offer."""
        return ["provincecomuni:uninstall"]

    def getNonInstallableProducts(self):
        return []


def post_install(setup_tool):
    """After the default profile: the sections and the communities (created when missing)."""
    portal = api.portal.get()
    structure.ensure_structure(portal)
    setup_membership(portal)
    from provincecomuni.practices.setup import setup_practices

    setup_practices(portal)
    from provincecomuni.training.setup import setup_training

    setup_training(portal)


def post_uninstall(setup_tool):
    """The membership plugin goes; site groups and rosters stay with the content."""
    remove_plugin(api.portal.get())


def post_demo(setup_tool):
    """After the demo profile: sample content in a few communities."""
    from provincecomuni.setuphandlers import demo

    demo.create_demo_content(api.portal.get())
