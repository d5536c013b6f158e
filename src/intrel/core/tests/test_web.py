"""A service's refusal as a page shows it beside its field (docs/adr/0007-form-errors.md)."""

import pytest
from django import forms

from intrel.core.errors import DomainError
from intrel.core.web import field_message, form_error, form_status


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        # The field's name in front, in Dutch: the page's label already says it.
        (
            "kenmerk: er bestaat al een begrotingspost met dit kenmerk.",
            "Er bestaat al een begrotingspost met dit kenmerk.",
        ),
        (
            "geld: geef een bedrag in geld, in uren, of beide.",
            "Geef een bedrag in geld, in uren, of beide.",
        ),
        (
            "end_date: The end date lies before the start date.",
            "The end date lies before the start date.",
        ),
        ("must not be negative", "Must not be negative."),
        (
            "Choose a party or give the name of a new one.",
            "Choose a party or give the name of a new one.",
        ),
    ],
)
def test_a_field_message_is_one_sentence_without_the_field_name(message: str, shown: str) -> None:
    assert field_message(message) == shown


class _Form(forms.Form):
    slug = forms.CharField(label="Kenmerk")


def test_form_error_puts_the_refusal_beside_its_field_once() -> None:
    form = _Form({"slug": "a"})
    assert form.is_valid()
    form_error(form, DomainError("kenmerk: er bestaat al.", field="slug"))
    assert form.errors == {"slug": ["Er bestaat al."]}
    assert form_status(form) == 400
    assert form_status(_Form()) == 200


def test_a_refusal_of_the_whole_form_keeps_its_words() -> None:
    form = _Form({"slug": "a"})
    assert form.is_valid()
    form_error(form, DomainError("let op: de vergadering is gesloten"))
    assert form.non_field_errors() == ["Let op: de vergadering is gesloten."]
