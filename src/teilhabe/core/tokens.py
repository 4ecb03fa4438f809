"""Personal links without accounts (Maßnahmenabfrage, questionnaire invitations).

Only a SHA-256 hash of a token is stored: a leaked database does not leak working links.
A token is 32 random bytes (``secrets.token_urlsafe``), so it cannot be guessed.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_new() -> tuple[str, str]:
    """A fresh token and its hash; hand the token out once, store only the hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenState(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class TokenFields(models.Model):
    """Abstract: what a link-carrying invitation stores about its token."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires = models.DateTimeField(_("valid until"))
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def token_state(self) -> str:
        if self.revoked is not None:
            return TokenState.REVOKED
        if self.expires <= timezone.now():
            return TokenState.EXPIRED
        return TokenState.VALID
