from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import ApiToken, RoleGrant, User


@transaction.atomic
def role_grant(*, user: User, role: str, unit) -> RoleGrant:
    grant, _ = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    return grant


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its clear key, which is never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[3:11])
    return token, key


def api_token_authenticate(key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
