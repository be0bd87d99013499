import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet
from thidua.core.roles import Role


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their role grants (RoleGrant)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleGrantQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class RoleGrant(models.Model):
    """A role held by a user on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants", verbose_name=_("tài khoản")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    # A string reference: accounts sits below organizations and never imports it.
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="grants", verbose_name=_("đơn vị")
    )
    granted_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)

    objects = RoleGrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class ApiToken(models.Model):
    """A bearer token for the HTTP API. Only a hash is stored; the token is shown once when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("tài khoản")
    )
    name = models.CharField(_("tên"), max_length=100)
    key_hash = models.CharField(_("mã băm"), max_length=64, unique=True)
    prefix = models.CharField(_("tiền tố"), max_length=8)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "td_" + secrets.token_urlsafe(32)
