"""Open data of the tender dossiers: OCDS 1.1 releases with the lots extension.

``release.py`` maps a dossier to one release, ``services.py`` serves it
(``@ocds`` on a dossier) and the release package of the public dossiers
(``@ocds-releases`` on the site or a Province community), ``settings.py`` keeps
the ocid prefix, ``schema.py`` builds the validators over ``data/ocds/``.
"""
