"""plone.restapi serializers, where the default representation is not enough."""
