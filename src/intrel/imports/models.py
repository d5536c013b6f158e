from django.db import models
from django.utils.translation import gettext_lazy as _

from intrel.core.models import Recorded

from .constants import ImportFormat, ImportState


class ImportBatch(Recorded):
    """One upload or command run: what was read, its problems, and whether it was committed.

    Recorded by the user who uploaded the file (empty for a command run), at the time it was read.
    """

    filename = models.CharField(
        _("file name"), max_length=255, help_text=_("Name of the uploaded or read file.")
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=ImportFormat.choices,
        help_text=_("JSON, CSV, XLSX or the twin-towns list."),
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ImportState.choices,
        help_text=_("Checked, has problems, or committed."),
    )
    rows = models.JSONField(
        _("rows"),
        default=list,
        help_text=_("The relation subjects read from the file, each with its row or label."),
    )
    problems = models.JSONField(
        _("problems"), default=list, help_text=_("Row, column and reason of each problem.")
    )
    row_count = models.PositiveIntegerField(
        _("number of rows"),
        default=0,
        help_text=_("How many rows were read; kept beside the rows so lists need not load them."),
    )
    problem_count = models.PositiveIntegerField(
        _("number of problems"),
        default=0,
        help_text=_("How many problems were found; kept beside the list for quick filtering."),
    )
    created_count = models.PositiveIntegerField(
        _("created"), default=0, help_text=_("Relations created by the commit.")
    )
    updated_count = models.PositiveIntegerField(
        _("updated"), default=0, help_text=_("Relations updated by the commit.")
    )
    committed_at = models.DateTimeField(
        _("committed at"),
        null=True,
        blank=True,
        help_text=_("When the rows were stored; empty while only checked."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="committed") | models.Q(committed_at__isnull=False),
                name="importbatch_committed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"
