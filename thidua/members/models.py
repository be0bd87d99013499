from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.core.text import SORT_KEY_LENGTH, fold, name_sort_key, normalize_name
from thidua.members.choices import Gender, MemberStatus, PositionRole
from thidua.organizations.models import Term, Unit


class MemberQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"
    own_member_lookup = "pk"

    def in_subtree(self, unit: Unit) -> "MemberQuerySet":
        return self.filter(unit__path__startswith=unit.path)

    def active(self) -> "MemberQuerySet":
        return self.filter(status=MemberStatus.ACTIVE)

    def search(self, text: str) -> "MemberQuerySet":
        """Accent- and case-insensitive search on name, member code, e-mail and phone."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def in_name_order(self) -> "MemberQuerySet":
        return self.order_by("sort_key", "code")


class Member(TimeStampedModel):
    """A union member (đoàn viên). The member code is unique nationally."""

    code = models.CharField(_("mã đoàn viên"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    union_joined_on = models.DateField(_("ngày vào công đoàn"), null=True, blank=True)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    job_title = models.CharField(_("chức vụ, công việc"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members", verbose_name=_("đơn vị"))
    status = models.CharField(_("tình trạng"), max_length=15, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_changed_on = models.DateField(_("ngày đổi tình trạng"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_records",
        verbose_name=_("tài khoản"),
    )
    sort_key = models.CharField(_("khóa sắp xếp"), max_length=SORT_KEY_LENGTH, editable=False, default="")
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=400, editable=False, default="")

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sort_key", "search_text"])

    class Meta:
        verbose_name = _("đoàn viên")
        verbose_name_plural = _("đoàn viên")
        ordering = ["sort_key", "code"]
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="member_unit_sort_idx"),
            models.Index(fields=["sort_key", "code"], name="member_sort_idx"),
            models.Index(fields=["status"], name="member_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_party_member=True) | Q(party_joined_on__isnull=True),
                name="member_party_date_needs_party_member",
            ),
            models.UniqueConstraint(fields=["user"], condition=Q(user__isnull=False), name="member_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def refresh_derived(self) -> None:
        """Recompute the sort and search keys from the name and contact fields."""
        self.full_name = normalize_name(self.full_name)
        self.sort_key = name_sort_key(self.full_name)
        self.search_text = fold(" ".join([self.full_name, self.code, self.email, self.phone]))[:400]

    def save(self, *args, **kwargs):
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "full_name", "sort_key", "search_text"}
        super().save(*args, **kwargs)


class TransferQuerySet(ScopedQuerySet):
    unit_path_lookup = "member__unit__path"
    own_member_lookup = "member"


class MemberTransfer(models.Model):
    """A move of a member from one unit to another (chuyển sinh hoạt), or out of the system (to_unit empty)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("đoàn viên"))
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("từ đơn vị"))
    to_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("đến đơn vị")
    )
    to_outside = models.CharField(_("nơi chuyển đến (ngoài hệ thống)"), max_length=255, blank=True)
    transferred_on = models.DateField(_("ngày chuyển"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người ghi")
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = TransferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chuyển sinh hoạt")
        verbose_name_plural = _("chuyển sinh hoạt")
        ordering = ["-transferred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.member} {self.from_unit} → {self.to_unit or self.to_outside}"


class PositionQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"
    own_member_lookup = "member"


class Position(TimeStampedModel):
    """An office held in a unit for a term: chair, vice-chair, BCH member, group leader…"""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="positions", verbose_name=_("nhiệm kỳ"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("đơn vị"),
        help_text=_("Đơn vị nơi giữ chức danh: công đoàn cơ sở, hoặc tổ công đoàn với tổ trưởng."),
    )
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="positions", verbose_name=_("đoàn viên"))
    role = models.CharField(_("chức danh"), max_length=20, choices=PositionRole.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("chức danh")
        ordering = ["unit", "role", "starts_on"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.member.full_name} ({self.unit})"
