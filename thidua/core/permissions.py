"""The scope checks every view and API endpoint goes through: outside the scope → 404, in scope without the
role → 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from thidua.core.models import ScopedQuerySet
from thidua.core.roles import Action


def get_scoped_or_404(queryset: ScopedQuerySet, user, action: str = Action.VIEW, **lookup) -> Model:
    """Fetch one object the user can see; raise 404 if they cannot see it and 403 if they may see it but not act."""
    obj = queryset.visible_to(user, Action.VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404
    if (
        action != Action.VIEW
        and not queryset.model._default_manager.visible_to(user, action).filter(pk=obj.pk).exists()
    ):
        raise PermissionDenied
    return obj


def require_action_somewhere(user, action: str) -> None:
    """For pages that are not about one object (e.g. "import members"): 403 unless the role exists somewhere."""
    from thidua.core.scope import get_scope

    if not get_scope(user).allows_anywhere(action):
        raise PermissionDenied
