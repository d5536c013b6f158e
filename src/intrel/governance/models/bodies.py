"""People and bodies: the council, the executive board, portfolios and the committee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intrel.core.bounds import NAME_MAX_LENGTH, PORTFOLIO_CODE_MAX_LENGTH, SLUG_MAX_LENGTH
from intrel.core.models import (
    TERM_END_AFTER_START,
    Term,
    end_field,
    history_records,
    start_field,
)
from intrel.relations.constants import purpose_labels
from intrel.relations.models import portfolio_code_validator

from ..constants import BoardRole, CommitteeRole, InstalledBy


class Person(models.Model):
    """Someone holding a public office. Only the name is kept: no more personal data is needed."""

    name = models.CharField(
        _("name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("The name under which the person holds office."),
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_(
            "The user account of this person: the alderman's account is the alderman of the "
            "portfolio, the committee member's account sits in the committee. Set by the "
            "application manager."
        ),
    )
    history = history_records()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoliticalGroup(models.Model):
    """A group in the council (fractie)."""

    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, unique=True)
    abbreviation = models.CharField(
        _("abbreviation"), max_length=30, blank=True, help_text=_("Short name, e.g. CDA.")
    )

    class Meta:
        verbose_name = _("political group")
        verbose_name_plural = _("political groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.abbreviation or self.name


class CouncilMembership(Term):
    """A seat in the municipal council held by a person, for a group, from start to end."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="council_memberships",
    )
    group = models.ForeignKey(
        PoliticalGroup,
        verbose_name=_("political group"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text=_("Empty for a member without a group."),
    )
    start = start_field(_("First day in the council."))
    end = end_field(_("Last day in the council; empty if sitting."))

    class Meta:
        verbose_name = _("council membership")
        verbose_name_plural = _("council memberships")
        ordering = ["person__name", "start"]
        constraints = [TERM_END_AFTER_START]

    def __str__(self) -> str:
        return f"{self.person} ({self.group or '-'})"


class BoardMembership(Term):
    """A seat in the executive board (college van B&W): the mayor or an alderman."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="board_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=BoardRole.choices)
    end = end_field(_("Empty if in office."))

    class Meta:
        verbose_name = _("executive board membership")
        verbose_name_plural = _("executive board memberships")
        ordering = ["role", "start"]
        constraints = [
            TERM_END_AFTER_START,
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(role=BoardRole.MAYOR, end__isnull=True),
                name="boardmembership_one_sitting_mayor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Portfolio(models.Model):
    """A portfolio of the executive board, e.g. EZ (Economic Affairs)."""

    code = models.CharField(
        _("code"),
        max_length=PORTFOLIO_CODE_MAX_LENGTH,
        unique=True,
        validators=[portfolio_code_validator],
        help_text=_("The code the framework uses, e.g. EZ."),
    )
    name_nl = models.CharField(_("Dutch name"), max_length=NAME_MAX_LENGTH)
    name_en = models.CharField(_("English name"), max_length=NAME_MAX_LENGTH)
    purposes = models.JSONField(
        _("purposes"),
        default=list,
        blank=True,
        help_text=_("The relation purposes (codes of the contract) this portfolio covers."),
    )

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_nl}"

    @property
    def name(self) -> str:
        """The portfolio's name in the language of the request ("Cultuur" / "Culture")."""
        english = (translation.get_language() or "nl").startswith("en")
        return (self.name_en if english else self.name_nl) or self.name_nl or self.code

    @property
    def purpose_labels(self) -> list[str]:
        """The purposes as a page shows them, in the user's language ("urban planning")."""
        return purpose_labels(self.purposes or [])


class PortfolioHolding(Term):
    """Who holds a portfolio, from when to when."""

    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="holdings"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="portfolio_holdings",
    )
    end = end_field(_("Empty if current."))

    class Meta:
        verbose_name = _("portfolio holding")
        verbose_name_plural = _("portfolio holdings")
        ordering = ["portfolio__code", "start"]
        constraints = [
            TERM_END_AFTER_START,
            models.UniqueConstraint(
                fields=["portfolio"],
                condition=Q(end__isnull=True),
                name="portfolioholding_one_current_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio.code}: {self.person}"


class Committee(models.Model):
    """A council committee, e.g. the International Relations committee (the `committee` subject)."""

    slug = models.SlugField(
        _("identifier"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        help_text=_("Stable identifier used in links, the API and assessments."),
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    installed_by = models.CharField(
        _("installed by"),
        max_length=20,
        choices=InstalledBy.choices,
        help_text=_("The body that installed the committee."),
    )
    installed_on = models.DateField(_("installed on"))
    installation_decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("installation decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The decision that installed the committee, when recorded."),
    )
    history = history_records()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee", kwargs={"slug": self.slug})


class CommitteeMembership(Term):
    """A person's seat in the committee in one role, from start to end (inclusive)."""

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices)
    end = end_field(_("Empty if sitting."))
    elected_in = models.ForeignKey(
        "governance.ChairElection",
        verbose_name=_("elected in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("The committee's election that made this person chair (BES-10)."),
    )
    chair_by_office = models.BooleanField(
        _("chair by virtue of office"),
        default=False,
        help_text=_(
            "Only for the situation before the framework: the mayor chaired by office (ACH-3)."
        ),
    )
    history = history_records()

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        ordering = ["start", "role", "person__name"]
        constraints = [
            TERM_END_AFTER_START,
            # BES-10: a chair is elected by the committee (or, before the framework, chaired
            # by office; the service allows that only before the framework took effect).
            models.CheckConstraint(
                condition=~Q(role=CommitteeRole.CHAIR)
                | Q(elected_in__isnull=False)
                | Q(chair_by_office=True),
                name="committeemembership_chair_elected",
            ),
            models.CheckConstraint(
                condition=Q(role=CommitteeRole.CHAIR)
                | (Q(elected_in__isnull=True) & Q(chair_by_office=False)),
                name="committeemembership_election_only_for_chair",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role=CommitteeRole.CHAIR, end__isnull=True),
                name="committeemembership_one_open_chair",
            ),
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=Q(end__isnull=True),
                name="committeemembership_person_once_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CommitteeGoals(models.Model):
    """The goals the committee set itself for a year (shown in its annual report)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="goals"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("goals"), help_text=_("The goals, in the committee's words."))

    class Meta:
        verbose_name = _("committee goals")
        verbose_name_plural = _("committee goals")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year"], name="committeegoals_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"
