"""The initiator's private link: only the SHA-256 of the token is kept (a copy of the database
opens nothing). Used by the services and by the receipt task, which issues the link when it
sends it, so the token is never written anywhere (not in the task queue either)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Initiative, PrivateLink

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def private_link_issue(*, initiative: Initiative) -> str:
    """A new private link for the initiator; returns the token (only its hash is kept)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    PrivateLink.objects.create(
        initiative=initiative,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.INTREL_INITIATIVE_LINK_DAYS),
    )
    return token
