import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import SCOPE_PERMISSIONS, PersonTokenState


def hash_key(raw_key: str) -> str:
    """SHA-256 of a service token: keys are 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class _Lifetime:
    """A token's life: usable until it expires or is revoked (both kinds of token)."""

    expires_at: Any
    revoked_at: Any

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.expires_at > now and (self.revoked_at is None or self.revoked_at > now)

    @property
    def state(self) -> PersonTokenState:
        if self.revoked_at is not None and self.revoked_at <= timezone.now():
            return PersonTokenState.REVOKED
        return PersonTokenState.ACTIVE if self.is_usable() else PersonTokenState.EXPIRED


class ServiceToken(_Lifetime, models.Model):
    """A token for another system (not a person): named, scoped, expiring, stored hashed."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("Which system uses the token, e.g. open-data-portal."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service account"),
        on_delete=models.CASCADE,
        related_name="service_token",
        help_text=_("The account changes are recorded under in the history."),
    )
    key_hash = models.CharField(
        _("key hash"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the key; the key itself is shown once and never stored."),
    )
    key_hint = models.CharField(
        _("key hint"), max_length=12, help_text=_("The first characters of the key.")
    )
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        help_text=_("What the token may do: read, write:relations (see docs/api.md)."),
    )
    expires_at = models.DateTimeField(_("expires at"), help_text=_("Refused from this moment."))
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, help_text=_("Refused from this moment.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service token")
        verbose_name_plural = _("service tokens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def allows(self, permission: str) -> bool:
        """Whether one of the token's scopes grants ``app_label.codename``."""
        return any(permission in SCOPE_PERMISSIONS.get(scope, set()) for scope in self.scopes)


class PersonToken(_Lifetime, models.Model):
    """A person's API token: named, expiring, revocable, stored hashed (issue 18).

    The API acts with the owner's role permissions. The key is shown once when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="person_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. my spreadsheet.")
    )
    key_hash = models.CharField(
        _("key hash"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the key; the key itself is shown once and never stored."),
    )
    key_hint = models.CharField(
        _("key hint"), max_length=12, help_text=_("The first characters of the key.")
    )
    expires_at = models.DateTimeField(_("expires at"), help_text=_("Refused from this moment."))
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, help_text=_("Refused from this moment.")
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_any_persontoken", "Can list and revoke anyone's API tokens")]

    def __str__(self) -> str:
        return self.name
