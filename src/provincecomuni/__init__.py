"""Province & Comuni: the Plone add-on of the platform."""

from zope.i18nmessageid import MessageFactory


PACKAGE_NAME = "provincecomuni"

_ = MessageFactory(PACKAGE_NAME)
