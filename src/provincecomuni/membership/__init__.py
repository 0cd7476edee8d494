"""Community membership: who belongs to which community, with which role.

How it works (see README, "Accesso e ruoli"):

- each community grants Plone local roles once, at creation, to four *virtual
  groups* of its own (one per community role), e.g. ``pc.<uid>.redattore``;
- a PAS groups plugin (``pas.py``) tells Zope which of those groups a user is in,
  reading the roster kept in ``storage.py``;
- so adding or removing a member writes two BTree entries and reindexes nothing,
  and the virtual groups never appear in the site's groups control panel.
"""
