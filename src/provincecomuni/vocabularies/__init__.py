"""Named vocabularies: usable in forms, in search and through plone.restapi's @vocabularies."""
