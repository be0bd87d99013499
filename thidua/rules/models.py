"""Rule packs: the legal and organisational numbers of emulation and commendation, as dated, cited data.

A pack is a versioned catalogue (scales, titles and award forms, quotas, vote thresholds, reward coefficients, base
salary…). Shipped packs (``shipped=True``) are loaded from ``thidua/rules/packs/*.toml`` and are read-only; an
administrator clones one for an organisation (``owner``) and edits the copy. Code asks for "the pack in force on
this date for this unit" (selectors.pack_in_force) and reads typed values from it; no legal number is a literal in
code.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.rules.choices import EntryKind


class RulePackQuerySet(ScopedQuerySet):
    unit_path_lookup = "owner__path"

    def visible_to(self, user, action: str = "view") -> "RulePackQuerySet":
        """Every signed-in user may read the national packs; an organisation's packs follow its scope."""
        scoped = super().visible_to(user, action)
        if action != "view":
            return scoped
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(owner__isnull=True) | Q(pk__in=scoped.values("pk")))

    def in_force(self, on: datetime.date) -> "RulePackQuerySet":
        return self.filter(Q(effective_from__lte=on), Q(effective_to__isnull=True) | Q(effective_to__gte=on))


class RulePack(TimeStampedModel):
    """A dated catalogue of rules. ``owner`` empty = the national default; otherwise it applies to that subtree."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên bộ quy tắc"), max_length=255)
    citation = models.TextField(_("căn cứ"), help_text=_("Các văn bản quy phạm làm căn cứ cho bộ quy tắc."))
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    owner = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rule_packs",
        verbose_name=_("đơn vị áp dụng"),
        help_text=_("Để trống: bộ quy tắc chung toàn quốc."),
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sao từ")
    )
    shipped = models.BooleanField(_("bộ quy tắc gốc"), default=False, help_text=_("Bộ gốc chỉ đọc; hãy sao để sửa."))

    objects = RulePackQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rulepack_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RuleEntryQuerySet(ScopedQuerySet):
    unit_path_lookup = "pack__owner__path"

    def visible_to(self, user, action: str = "view") -> "RuleEntryQuerySet":
        return self.filter(pack__in=RulePack.objects.visible_to(user, action))

    def in_force(self, on: datetime.date) -> "RuleEntryQuerySet":
        return self.filter(Q(effective_from__lte=on), Q(effective_to__isnull=True) | Q(effective_to__gte=on))


class RuleEntry(models.Model):
    """One value of a pack, with its citation and dates (within the pack's; e.g. a scale in force from 2026)."""

    pack = models.ForeignKey(RulePack, on_delete=models.CASCADE, related_name="entries", verbose_name=_("bộ quy tắc"))
    kind = models.CharField(_("loại"), max_length=20, choices=EntryKind.choices)
    key = models.CharField(_("khóa"), max_length=100, help_text=_("Ví dụ: evaluation.htxs_quota_ratio"))
    name = models.CharField(_("tên"), max_length=255)
    value = models.JSONField(_("giá trị"))
    citation = models.CharField(_("căn cứ"), max_length=500)
    unverified = models.BooleanField(
        _("chưa kiểm chứng"), default=False, help_text=_("Giá trị chưa đối chiếu được với văn bản gốc.")
    )
    note = models.TextField(_("ghi chú"), blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = RuleEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy tắc")
        verbose_name_plural = _("quy tắc")
        ordering = ["pack", "kind", "key", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "key", "effective_from"], name="ruleentry_unique_key_per_date"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="ruleentry_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
