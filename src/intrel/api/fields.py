"""Serializer fields of the API with a schema of their own.

``ReadWiderChoiceField``: a choice whose stored values include some the API does not write
(a committee's chair is made by the committee's election, BES-10; a chair election is recorded
on the pages). Writes accept ``write_choices``; reads show any value of ``choices``. The OpenAPI
document says the same: the request schema lists the writable values, the response schema all
of them, both taken from the model's choices.
"""

from collections.abc import Sequence
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class ReadWiderChoiceField(serializers.ChoiceField):
    def __init__(
        self, *, choices: Sequence[Any], write_choices: Sequence[Any], **kwargs: Any
    ) -> None:
        self.read_choices = list(choices)
        super().__init__(choices=write_choices, **kwargs)


class ReadWiderChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ReadWiderChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> Any:
        field = self.target
        if direction == "response":
            field = serializers.ChoiceField(
                choices=self.target.read_choices,
                allow_blank=self.target.allow_blank,
                allow_null=self.target.allow_null,
            )
        return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
