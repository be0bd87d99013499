"""A user's scope: the unit subtrees where each action is allowed, resolved once per request.

Units carry a materialised ``path`` ("/1/5/12/"), so "inside the subtree of unit U" is ``path startswith U.path``:
one indexed comparison, whatever the depth, with no recursive query per request.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from thidua.core.roles import ROLE_ACTIONS, Action


@dataclass(frozen=True)
class Scope:
    is_superuser: bool = False
    prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    member_ids: tuple[int, ...] = ()
    roles: frozenset[str] = frozenset()

    def allows_anywhere(self, action: str) -> bool:
        return self.is_superuser or bool(self.prefixes.get(action))

    def path_q(self, action: str, lookup: str) -> Q:
        """Q matching rows whose unit path (reached by ``lookup``) lies in a subtree where ``action`` is allowed."""
        prefixes = self.prefixes.get(action, ())
        if not prefixes:
            return Q(pk__in=[])
        q = Q()
        for prefix in prefixes:
            q |= Q(**{f"{lookup}__startswith": prefix})
        return q

    def covers_path(self, action: str, path: str) -> bool:
        return self.is_superuser or any(path.startswith(p) for p in self.prefixes.get(action, ()))


def _minimal_prefixes(paths: set[str]) -> tuple[str, ...]:
    """Drop every path that lies inside another one: a grant on a unit already covers its descendants."""
    kept: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(sorted(kept))


def build_scope(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(is_superuser=True, roles=frozenset({"admin"}))
    from thidua.accounts.models import RoleGrant  # accounts is the lower layer that stores grants

    by_action: dict[str, set[str]] = {}
    roles: set[str] = set()
    grants = RoleGrant.objects.filter(user=user, unit__closed_on__isnull=True).values_list("role", "unit__path")
    for role, path in grants:
        roles.add(role)
        for action in ROLE_ACTIONS.get(role, ()):
            by_action.setdefault(action, set()).add(path)
    member_ids = tuple(user.member_records.values_list("pk", flat=True)) if hasattr(user, "member_records") else ()
    return Scope(
        prefixes={action: _minimal_prefixes(paths) for action, paths in by_action.items()},
        member_ids=member_ids,
        roles=frozenset(roles),
    )


def get_scope(user) -> Scope:
    """The user's scope, cached on the user object for the rest of the request."""
    cached = getattr(user, "_thidua_scope", None)
    if cached is None:
        cached = build_scope(user)
        if user is not None and user.is_authenticated:
            user._thidua_scope = cached
    return cached


def clear_scope_cache(user) -> None:
    if hasattr(user, "_thidua_scope"):
        del user._thidua_scope


__all__ = ["Action", "Scope", "build_scope", "clear_scope_cache", "get_scope"]
