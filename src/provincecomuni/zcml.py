"""A ZCML directive that registers the top-level ``profiles/`` under the name ``provincecomuni``.

The GenericSetup profiles live in the repository's top-level ``profiles/`` folder,
installed as the subpackage ``provincecomuni.profiles`` (see setup.py). GenericSetup
names a profile after the package of the ZCML file that registers it, which would give
``provincecomuni.profiles:default``; this directive registers the same profile as
``provincecomuni:default``, the add-on's name, so the add-ons control panel and
``plone.api`` see one product. The profile directory is still resolved relative to the
ZCML file, so it is right in a regular and in an editable install alike.
"""

from Products.GenericSetup import zcml as genericsetup_zcml
from zope.configuration.config import GroupingContextDecorator

import provincecomuni


class IRegisterProfileDirective(genericsetup_zcml.IRegisterProfileDirective):
    """Same attributes as ``genericsetup:registerProfile``."""


def register_profile(_context, **kwargs):
    owned_by_addon = GroupingContextDecorator(_context, package=provincecomuni)
    genericsetup_zcml.registerProfile(owned_by_addon, **kwargs)
