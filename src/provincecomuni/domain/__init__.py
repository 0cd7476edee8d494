"""Pure Python domain logic: no Zope or Plone imports, unit-tested fast."""
