"""Personal link tokens: random, stored only as a hash, with expiry and revocation."""

import datetime

from django.utils import timezone

from teilhabe.core.tokens import TokenState, token_hash, token_new


def test_tokens_are_unique_long_and_stored_as_hash():
    tokens = [token_new() for _ in range(200)]
    plain = {t for t, _ in tokens}
    assert len(plain) == 200
    assert all(len(t) >= 43 for t in plain)  # 32 random bytes, base64url
    for token, hashed in tokens:
        assert hashed == token_hash(token)
        assert token not in hashed
        assert len(hashed) == 64


class _Link:
    """The token state rules of ``TokenFields`` without a database table."""

    from teilhabe.core.tokens import TokenFields

    token_state = TokenFields.token_state

    def __init__(self, expires, revoked=None):
        self.expires, self.revoked = expires, revoked


def test_token_state_valid_expired_revoked():
    now = timezone.now()
    assert _Link(now + datetime.timedelta(days=1)).token_state == TokenState.VALID
    assert _Link(now - datetime.timedelta(seconds=1)).token_state == TokenState.EXPIRED
    # revocation wins over a future expiry
    assert _Link(now + datetime.timedelta(days=1), revoked=now).token_state == TokenState.REVOKED
