"""The budgets app's fixtures, for the cross-app tests here."""

from intrel.budgets.tests.conftest import g, line  # noqa: F401
