from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import ImportFormat, ImportState


class ImportBatch(models.Model):
    """One upload or command run: what was read, its problems, and whether it was committed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)
    state = models.CharField(_("state"), max_length=20, choices=ImportState.choices)
    rows = models.JSONField(
        _("rows"), default=list, help_text=_("The relation subjects read from the file.")
    )
    problems = models.JSONField(
        _("problems"), default=list, help_text=_("Row, column and reason of each problem.")
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def row_count(self) -> int:
        return len(self.rows)
