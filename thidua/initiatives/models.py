"""Initiatives (sáng kiến): who wrote them, what they solve and save, how a council scored them, and the decisions
taken on them at each level (recognised at a scope, returned, rejected, forwarded upward)."""

import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.text import fold
from thidua.initiatives.choices import DecisionOutcome, InitiativeField, InitiativeStatus, RecognitionScope
from thidua.initiatives.data import default_criteria
from thidua.members.models import Member
from thidua.organizations.models import Unit


class InitiativeQuerySet(ScopedQuerySet):
    """Who sees an initiative: its authors and the user who registered it (also while it is a draft); once submitted,
    everyone with the view role over the unit where it was submitted. Reviewing is decided on the unit that reviews it
    now (a forwarded initiative is reviewed by the upper unit, not by the grassroots council any more)."""

    unit_path_lookup = "unit__path"

    def visible_to(self, user, action: str = Action.VIEW) -> "InitiativeQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        submitted = ~Q(status=InitiativeStatus.DRAFT)
        if action == Action.REVIEW_INITIATIVE:
            return self.filter(submitted & scope.path_q(action, "review_unit__path"))
        q = scope.path_q(action, "unit__path") & submitted
        if action == Action.VIEW and user is not None and user.is_authenticated:
            q |= self.own_q_for(user, scope)
        return self.filter(q)

    def own_q_for(self, user, scope) -> Q:
        """Initiatives the user wrote (as a linked member) or registered. A subquery, so rows are never repeated."""
        own = Q(created_by=user)
        if scope.member_ids:
            authored = InitiativeAuthor.objects.filter(member__in=scope.member_ids).values("initiative")
            own |= Q(pk__in=authored)
        return own

    def submitted(self) -> "InitiativeQuerySet":
        return self.exclude(status=InitiativeStatus.DRAFT)

    def in_subtree(self, unit: Unit) -> "InitiativeQuerySet":
        return self.filter(unit__path__startswith=unit.path)


class Initiative(TimeStampedModel):
    """An initiative (sáng kiến) by one member or a group of authors, submitted at a unit and reviewed by a council.

    ``recognised_scope`` / ``recognised_on`` / ``decision_number`` repeat the widest recognition among its decisions
    (``InitiativeDecision``), for lists, filters and exports; the decisions are the record.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("đơn vị"),
                             help_text=_("Đơn vị nơi nộp sáng kiến."))  # fmt: skip
    review_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiatives_to_review", verbose_name=_("đơn vị xét"),
        help_text=_("Đơn vị có hội đồng đang xét sáng kiến: công đoàn cơ sở, hoặc cấp trên khi được chuyển lên."),
    )  # fmt: skip
    status = models.CharField(_("trạng thái"), max_length=20, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.DRAFT)  # fmt: skip
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=InitiativeField.choices)
    problem = models.TextField(_("thực trạng, vấn đề cần giải quyết"), blank=True)
    solution = models.TextField(_("nội dung, giải pháp"), blank=True)
    application_scope = models.TextField(_("phạm vi áp dụng"), blank=True)
    applied_from = models.DateField(_("ngày bắt đầu áp dụng"), null=True, blank=True)
    expected_money = models.DecimalField(_("lợi ích dự kiến: tiết kiệm (đồng)"), max_digits=18, decimal_places=0,
                                         null=True, blank=True)  # fmt: skip
    expected_hours = models.DecimalField(_("lợi ích dự kiến: giờ công tiết kiệm"), max_digits=12, decimal_places=1,
                                         null=True, blank=True)  # fmt: skip
    expected_other = models.TextField(_("lợi ích dự kiến khác"), blank=True)
    measured_money = models.DecimalField(_("lợi ích thực tế: tiết kiệm (đồng)"), max_digits=18, decimal_places=0,
                                         null=True, blank=True)  # fmt: skip
    measured_hours = models.DecimalField(_("lợi ích thực tế: giờ công tiết kiệm"), max_digits=12, decimal_places=1,
                                         null=True, blank=True)  # fmt: skip
    measured_other = models.TextField(_("lợi ích thực tế khác"), blank=True)
    confidential = models.BooleanField(
        _("bảo mật"), default=False,
        help_text=_("Người không phải tác giả hoặc người xét chỉ thấy tên, lợi ích và kết quả công nhận."),
    )  # fmt: skip
    submitted_on = models.DateField(_("ngày nộp"), null=True, blank=True, help_text=_("Ngày nộp lần đầu."))
    council = models.ForeignKey("InitiativeCouncil", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="initiatives", verbose_name=_("hội đồng đang xét"))  # fmt: skip
    return_reason = models.TextField(_("lý do trả lại / không công nhận"), blank=True)
    recognised_scope = models.CharField(_("phạm vi công nhận"), max_length=20, choices=RecognitionScope.choices,
                                        blank=True)  # fmt: skip
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người đăng ký"))  # fmt: skip
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=400, editable=False, default="")

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="initiative_unit_status_idx"),
            models.Index(fields=["status", "submitted_on"], name="initiative_status_date_idx"),
            models.Index(fields=["updated_at"], name="initiative_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognised_scope="") | Q(recognised_on__isnull=False),
                name="initiative_recognition_has_date",
            ),
            models.CheckConstraint(
                condition=Q(expected_money__gte=0) | Q(expected_money__isnull=True),
                name="initiative_expected_money_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(measured_money__gte=0) | Q(measured_money__isnull=True),
                name="initiative_measured_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(self.title)[:400]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def similarity_text(self) -> str:
        return " ".join([self.title, self.problem, self.solution])


class InitiativeAuthor(models.Model):
    """An author of an initiative and their share of the contribution (the shares of one initiative sum to 100)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors",
                                   verbose_name=_("sáng kiến"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="initiative_authorships",
                               verbose_name=_("tác giả"))  # fmt: skip
    share = models.DecimalField(_("tỷ lệ đóng góp (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tác giả sáng kiến")
        verbose_name_plural = _("tác giả sáng kiến")
        ordering = ["-share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "member"], name="initiative_author_once"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="initiative_author_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} ({self.share}%)"


def attachment_path(instance: "InitiativeAttachment", filename: str) -> str:
    """Stored under a random name (the original name is kept in ``name``), so names never collide or leak."""
    return f"initiatives/{instance.initiative_id}/{uuid.uuid4().hex}{pathlib.Path(filename).suffix.lower()}"


class InitiativeAttachment(models.Model):
    """A file attached to an initiative: description, proof of application, photos (pdf, docx, xlsx, jpg, png)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments",
                                   verbose_name=_("sáng kiến"))  # fmt: skip
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name=_("người tải lên"))  # fmt: skip
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CouncilQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class InitiativeCouncil(TimeStampedModel):
    """An initiative council (hội đồng sáng kiến) of a unit for a year: its members score initiatives by criteria.

    ``criteria`` is the score sheet: [{"key", "label", "max_points"}, …] (defaults in ``data.DEFAULT_CRITERIA``).
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiative_councils",
                             verbose_name=_("đơn vị"))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên hội đồng"), max_length=255)
    members = models.ManyToManyField(Member, related_name="initiative_councils", verbose_name=_("thành viên"))
    criteria = models.JSONField(_("tiêu chí chấm điểm"), default=default_criteria)

    objects = CouncilQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("hội đồng sáng kiến")
        verbose_name_plural = _("hội đồng sáng kiến")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "name"], name="initiative_council_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def max_points(self) -> int:
        return sum(int(c["max_points"]) for c in self.criteria)


class CouncilScore(models.Model):
    """One council member's points for one criterion of one initiative."""

    council = models.ForeignKey(InitiativeCouncil, on_delete=models.CASCADE, related_name="scores",
                                verbose_name=_("hội đồng"))  # fmt: skip
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("sáng kiến"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("thành viên chấm"))
    criterion = models.CharField(_("tiêu chí"), max_length=40)
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(_("chấm lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm chấm sáng kiến")
        verbose_name_plural = _("điểm chấm sáng kiến")
        ordering = ["member", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["council", "initiative", "member", "criterion"], name="council_score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="council_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.criterion}: {self.points}"


class DecisionQuerySet(ScopedQuerySet):
    unit_path_lookup = "initiative__unit__path"


class InitiativeDecision(models.Model):
    """A decision taken on an initiative by a unit: recognised at a scope (with the decision's number and date),
    returned or rejected with reasons, or forwarded to an upper unit's review (``to_unit``)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="decisions",
                                   verbose_name=_("sáng kiến"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị quyết định"))
    council = models.ForeignKey(InitiativeCouncil, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="decisions", verbose_name=_("hội đồng"))  # fmt: skip
    outcome = models.CharField(_("kết quả"), max_length=20, choices=DecisionOutcome.choices)
    scope = models.CharField(_("phạm vi công nhận"), max_length=20, choices=RecognitionScope.choices, blank=True)
    decided_on = models.DateField(_("ngày"))
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("chuyển đến đơn vị"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("người ghi"))  # fmt: skip
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định về sáng kiến")
        verbose_name_plural = _("quyết định về sáng kiến")
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["outcome", "decided_on"], name="initiative_dec_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=DecisionOutcome.RECOGNISED) | (~Q(scope="") & ~Q(decision_number="")),
                name="initiative_recognition_has_scope_and_number",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=DecisionOutcome.FORWARDED) | Q(to_unit__isnull=False),
                name="initiative_forward_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.initiative} ({self.decided_on:%d/%m/%Y})"
