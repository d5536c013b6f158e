from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from intrel.core.models import history_records


class User(AbstractUser):
    """A person who signs in: an officer, alderman, clerk, committee or council member."""

    job_title = models.CharField(
        _("job title"), max_length=200, blank=True, help_text=_("Shown beside the name.")
    )

    # Every change to an account, its roles included, in the audit log (issue 18: changes to
    # privileged accounts shown to functioneel beheer). Never the password hash.
    history = history_records(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The audit log (accounts/audit.py): functioneel beheer reads it (issue 18).
        permissions = [("view_audit_log", "Can read the audit log")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        return sorted(self.groups.values_list("name", flat=True))

    @property
    def role_labels(self) -> list[str]:
        """The user's roles as a page shows them, in the user's language ("policy officer")."""
        from .constants import Role

        labels = dict(Role.choices)
        return [str(labels.get(name, name)) for name in self.role_names]
