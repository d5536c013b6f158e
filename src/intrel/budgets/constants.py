"""Budget enums (values as in shared/policy/CONTRACT.md's ``budget_line`` subject) and limits."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinePurpose(models.TextChoices):
    SOLIDARITY = "solidarity", _("solidarity")
    ECONOMIC = "economic", _("economic")
    TOPICAL = "topical", _("topical")
    GENERAL = "general", _("general")


class HolderKind(models.TextChoices):
    EXECUTIVE_BOARD = "executive_board", _("executive board")
    PORTFOLIO = "portfolio", _("portfolio")
    COMMITTEE = "committee", _("committee")


class EntryKind(models.TextChoices):
    OPENING = "opening", _("opening amount")
    TRANSFER_IN = "transfer_in", _("transfer in")
    TRANSFER_OUT = "transfer_out", _("transfer out")
    ALLOCATION = "allocation", _("allocation")
    RELEASE = "release", _("release")
    REALISATION = "realisation", _("realisation")


# How each kind of entry moves a line's three balances (+1 adds, -1 subtracts).
# available = opening + transfers in - transfers out; committed = allocations - releases;
# spent = realisations.
AVAILABLE_SIGN = {EntryKind.OPENING: 1, EntryKind.TRANSFER_IN: 1, EntryKind.TRANSFER_OUT: -1}
COMMITTED_SIGN = {EntryKind.ALLOCATION: 1, EntryKind.RELEASE: -1}
SPENT_SIGN = {EntryKind.REALISATION: 1}
TRANSFER_KINDS = (EntryKind.TRANSFER_IN, EntryKind.TRANSFER_OUT)
ALLOCATION_KINDS = (EntryKind.ALLOCATION, EntryKind.RELEASE, EntryKind.REALISATION)

# Zero in the places of money and of hours (the digits and maxima: core.bounds).
ZERO_MONEY = Decimal("0.00")
ZERO_HOURS = Decimal("0.0")

# The clauses these rules rest on (shared/policy/clauses.yaml).
CLAUSE_FINITE = "ACH-2"  # money and hours are finite: allocations never exceed a line
CLAUSE_SOLIDARITY_HOLDER = "BES-11"  # the committee holds the solidarity budget
