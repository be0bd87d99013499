"""Base pieces shared by every domain app: timestamps and the scoped queryset."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.roles import Action
from thidua.core.scope import Scope, get_scope


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to what a user may see or change.

    Subclasses name the lookup from the model to its unit's path (``unit_path_lookup``) and, where a member may see
    their own rows, the lookup from the model to the member (``own_member_lookup``).
    """

    unit_path_lookup: str = "unit__path"
    own_member_lookup: str | None = None

    def visible_to(self, user, action: str = Action.VIEW) -> "ScopedQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        q = scope.path_q(action, self.unit_path_lookup)
        own = self.own_q(scope, action)
        if own is not None:
            q |= own
        return self.filter(q)

    def own_q(self, scope: Scope, action: str) -> Q | None:
        if action != Action.VIEW or not self.own_member_lookup or not scope.member_ids:
            return None
        return Q(**{f"{self.own_member_lookup}__in": scope.member_ids})


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True
