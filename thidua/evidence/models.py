"""Evidence of emulation (minh chứng): what members and units do during the year, recorded as it happens, so that
movement targets and evaluation criteria are measured from it instead of being typed in at the end of the year.

- Activities (resolution study sessions, training, sports and arts, "Vệ sinh cơ quan ngày thứ Sáu"…) with the
  attendance of each invited member (present or absent).
- Work projects (công trình, phần việc) with the event they honour and their participants.
- Media items (video clip, article) with their link and publication date.
- Office-culture records (văn hóa công sở), positive or violations, against the rules of seed 000.
- Members introduced to the Party, with the outcome.
- Discipline (kỷ luật), whose levels are the rule pack's codes (a discipline in the year forces KHT).

See docs/evaluation.md ("Evidence").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.evidence.attachments import AttachmentFields
from thidua.evidence.choices import (
    ActivityKind,
    ConductPolarity,
    ConductRule,
    DisciplineLevel,
    MediaKind,
    PartyOutcome,
)
from thidua.members.models import Member
from thidua.organizations.models import Unit


class UnitEvidenceQuerySet(ScopedQuerySet):
    """Records of a unit: seen in the unit's subtree scope; a member also sees those they took part in."""

    unit_path_lookup = "unit__path"
    own_through: str | None = None  # the relation from the record to the members who took part

    def own_q(self, scope, action):
        if action != "view" or not scope.member_ids or not self.own_through:
            return None
        ids = self.model._default_manager.filter(**{f"{self.own_through}__in": scope.member_ids}).values("pk")
        return Q(pk__in=ids)


class ActivityQuerySet(UnitEvidenceQuerySet):
    own_through = "attendances__member"


class Activity(AttachmentFields, TimeStampedModel):
    """An activity organised by a unit (a session, a training day, a sports event, the Friday clean-up)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("đơn vị tổ chức")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    held_on = models.DateField(_("ngày tổ chức"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    movement = models.ForeignKey("movements.Movement", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="activities", verbose_name=_("thuộc phong trào"))  # fmt: skip
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["kind", "held_on"], name="activity_kind_date_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class AttendanceQuerySet(ScopedQuerySet):
    unit_path_lookup = "activity__unit__path"
    own_member_lookup = "member"


class Attendance(models.Model):
    """Whether an invited member attended an activity. A row per invited member: absent ones count in shares.

    Marked in bulk (a page of check boxes, or an import), so it keeps who marked it and when instead of a history
    row per member."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("hoạt động"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attendances",
                               verbose_name=_("đoàn viên"))  # fmt: skip
    present = models.BooleanField(_("có mặt"), default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("người điểm danh"))  # fmt: skip
    marked_at = models.DateTimeField(_("điểm danh lúc"), auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_once_per_member")]
        indexes = [models.Index(fields=["member", "present"], name="attendance_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.activity_id}: {'x' if self.present else '-'}"


class WorkProjectQuerySet(UnitEvidenceQuerySet):
    own_through = "participants"


class WorkProject(AttachmentFields, TimeStampedModel):
    """A work project (công trình, phần việc) dedicated to an event, e.g. "chào mừng Đại hội Công đoàn các cấp"."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="work_projects", verbose_name=_("đơn vị"))
    title = models.CharField(_("tên công trình, phần việc"), max_length=255)
    dedicated_to = models.CharField(_("chào mừng sự kiện"), max_length=255, blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    description = models.TextField(_("mô tả, kết quả"), blank=True)
    participants = models.ManyToManyField(Member, blank=True, related_name="work_projects",
                                          verbose_name=_("đoàn viên tham gia"))  # fmt: skip
    movement = models.ForeignKey("movements.Movement", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="work_projects", verbose_name=_("thuộc phong trào"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = WorkProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("công trình, phần việc")
        verbose_name_plural = _("công trình, phần việc")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="work_project_dates_in_order"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title


class MediaItemQuerySet(UnitEvidenceQuerySet):
    own_through = "authors"


class MediaItem(AttachmentFields, TimeStampedModel):
    """A communication product (video clip, article) published about the movement."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="media_items", verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại"), max_length=10, choices=MediaKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=255)
    url = models.URLField(_("đường dẫn"), max_length=500)
    published_on = models.DateField(_("ngày đăng tải"))
    publisher = models.CharField(_("nơi đăng"), max_length=255, blank=True)
    authors = models.ManyToManyField(Member, blank=True, related_name="media_items", verbose_name=_("tác giả"))
    movement = models.ForeignKey("movements.Movement", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="media_items", verbose_name=_("thuộc phong trào"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = MediaItemQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        verbose_name = _("sản phẩm tuyên truyền")
        verbose_name_plural = _("sản phẩm tuyên truyền")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class MemberEvidenceQuerySet(ScopedQuerySet):
    """Records about one member: seen in the scope of the member's unit, and by the member."""

    unit_path_lookup = "member__unit__path"
    own_member_lookup = "member"


class ConductRecord(AttachmentFields, TimeStampedModel):
    """An office-culture record (văn hóa công sở): a member did well on a rule, or broke it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="conduct_records",
                               verbose_name=_("đoàn viên"))  # fmt: skip
    rule = models.CharField(_("quy định"), max_length=20, choices=ConductRule.choices)
    polarity = models.CharField(_("ghi nhận"), max_length=10, choices=ConductPolarity.choices)
    occurred_on = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = MemberEvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ghi nhận văn hóa công sở")
        verbose_name_plural = _("ghi nhận văn hóa công sở")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["member", "occurred_on"], name="conduct_member_date_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_rule_display()} ({self.get_polarity_display()})"


class PartyIntroduction(TimeStampedModel):
    """An outstanding member introduced to the Party (giới thiệu đoàn viên ưu tú cho Đảng xem xét, kết nạp)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="party_introductions",
                               verbose_name=_("đoàn viên"))  # fmt: skip
    introduced_on = models.DateField(_("ngày giới thiệu"))
    outcome = models.CharField(_("kết quả"), max_length=15, choices=PartyOutcome.choices,
                               default=PartyOutcome.PENDING)  # fmt: skip
    decided_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = MemberEvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giới thiệu đoàn viên cho Đảng")
        verbose_name_plural = _("giới thiệu đoàn viên cho Đảng")
        ordering = ["-introduced_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(outcome=PartyOutcome.PENDING) & Q(decided_on__isnull=True))
                | (~Q(outcome=PartyOutcome.PENDING) & Q(decided_on__gte=models.F("introduced_on"))),
                name="party_introduction_decided_iff_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.introduced_on:%d/%m/%Y} ({self.get_outcome_display()})"


class Discipline(AttachmentFields, TimeStampedModel):
    """A disciplinary measure (kỷ luật). Within an evaluation period, the rule pack's levels force KHT."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="disciplines",
                               verbose_name=_("đoàn viên"))  # fmt: skip
    level = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineLevel.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    starts_on = models.DateField(_("ngày quyết định, có hiệu lực"))
    ends_on = models.DateField(_("hết hiệu lực ngày"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi"))  # fmt: skip

    objects = MemberEvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="discipline_dates_in_order"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["member", "starts_on"], name="discipline_member_date_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_level_display()} ({self.starts_on:%d/%m/%Y})"
