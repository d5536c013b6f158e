"""Issue 11.2: a portfolio code has one definition, the framework files' (PORTFOLIO_PATTERN);
which codes exist is the default framework file's."""

import re

import pytest
from django.core.exceptions import ValidationError

from intrel.policy.framework import PORTFOLIO_PATTERN
from intrel.relations.models import portfolio_code_validator
from intrel.relations.services import portfolio_code_problem


def test_the_register_checks_codes_with_the_framework_pattern() -> None:
    regex = portfolio_code_validator.regex
    assert isinstance(regex, re.Pattern) and regex.pattern == PORTFOLIO_PATTERN
    portfolio_code_validator("EZ")
    for code in ("EZ_2", "ABCDEFGHIJK"):  # accepted before: underscore, more than 10 characters
        with pytest.raises(ValidationError):
            portfolio_code_validator(code)


def test_which_codes_exist_is_the_default_frameworks(settings) -> None:
    assert portfolio_code_problem("EZ") is None
    problem = portfolio_code_problem("BGM")
    assert problem is not None and "BGM" in problem
    settings.INTREL_DEFAULT_FRAMEWORK = "voorbeeld-2026"
    assert portfolio_code_problem("BGM") is None
    assert portfolio_code_problem("SOC") is None
    assert portfolio_code_problem("EZ") is not None
