import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    """The assertions read English text: pin the language, whatever the .po files say."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
