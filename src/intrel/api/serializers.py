"""Serializers API modules reuse: import them, do not copy (schema names must be unique)."""

from rest_framework import serializers


class HrefLinkSerializer(serializers.Serializer):
    href = serializers.URLField()


class SelfLinkSerializer(serializers.Serializer):
    """``_links`` of a resource: ``{"self": {"href": "https://…/api/v1/relations/x"}}``."""

    self = HrefLinkSerializer()
