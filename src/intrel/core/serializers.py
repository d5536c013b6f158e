"""Django's JSON serializer, keeping every microsecond of a time (``intrel backup``).

Django's own encoder cuts datetimes to milliseconds (as ECMAScript does); a backup would then
give the history tables other times than they had. Registered for the format ``json`` in
``SERIALIZATION_MODULES``; reading is Django's (it parses microseconds).
"""

import datetime
from typing import Any

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = django_json.Deserializer


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            if isinstance(o, datetime.time) and o.utcoffset() is not None:
                return super().default(o)  # refused by Django as well
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", PreciseJSONEncoder)
        super()._init_options()  # type: ignore[misc]  # not in the stubs
