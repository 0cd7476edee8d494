"""Upgrade steps of the default profile, grouped by release (one module per release).

Add a step: bump ``profiles/default/metadata.xml``, write the step in a module here
and register it in ``configure.zcml`` with ``source`` and ``destination``.
"""
