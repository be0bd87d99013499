"""Evaluation (bình xét, xếp loại): a round per movement phase or year, run by a union (usually a grassroots union),
in which every member self-assesses against the movement's criteria, the union group reviews, and the executive
committee decides; then classification with the HTXS quota, unit results and rankings, publication and objections.

See docs/evaluation.md for the chain, the scoring, the quota algorithm and the concurrency rule.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.evaluation.choices import (
    Level,
    ObjectionStatus,
    QuotaChoice,
    RoundStatus,
    StepKind,
    SubmissionStatus,
)
from thidua.evidence.attachments import AttachmentFields
from thidua.members.models import Member
from thidua.organizations.models import Unit

SCORE = {"max_digits": 7, "decimal_places": 2, "null": True, "blank": True}


def _ids_in_paths(paths) -> set[int]:
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


class RoundQuerySet(ScopedQuerySet):
    """Who sees a round: the running unit's scope (as usual); users whose scope lies inside the round (a group
    leader sees the round of the union above the group); and the members who take part in it."""

    unit_path_lookup = "unit__path"

    def visible_to(self, user, action: str = Action.VIEW) -> "RoundQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        q = scope.path_q(action, self.unit_path_lookup)
        if action == Action.VIEW:
            prefixes = scope.prefixes.get(Action.VIEW, ())
            if prefixes:
                q |= Q(unit_id__in=_ids_in_paths(prefixes))  # the round's unit is at or above a scope root
            if scope.member_ids:
                taking_part = Submission.objects.filter(member_id__in=scope.member_ids).values("round_id")
                q |= Q(pk__in=taking_part) & ~Q(status=RoundStatus.DRAFT)
        return self.filter(q)


class EvaluationRound(TimeStampedModel):
    """A round of review and classification (đợt bình xét) for a movement phase or a year.

    ``criteria_version`` is the version of the movement's criteria the members are scored against (results keep it).
    ``rule_pack`` and ``rules_on`` say which rule-pack values judge the round (scale, quota, minimum months, discipline
    levels); ``rules_note`` explains a fallback when no pack was in force on the period's end.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluation_rounds",
                             verbose_name=_("đơn vị tổ chức bình xét"))  # fmt: skip
    name = models.CharField(_("tên đợt bình xét"), max_length=255)
    movement = models.ForeignKey("movements.Movement", on_delete=models.PROTECT, related_name="evaluation_rounds",
                                 verbose_name=_("phong trào"))  # fmt: skip
    criteria_version = models.ForeignKey("movements.CriteriaVersion", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("phiên bản tiêu chí"))  # fmt: skip
    phase = models.ForeignKey("movements.Phase", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("đợt thi đua"), help_text=_("Để trống: bình xét cả năm."))  # fmt: skip
    year = models.PositiveSmallIntegerField(_("năm"))
    period_start = models.DateField(_("kỳ đánh giá từ ngày"))
    period_end = models.DateField(_("kỳ đánh giá đến ngày"))
    rule_pack = models.ForeignKey("rules.RulePack", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("bộ quy tắc áp dụng"))  # fmt: skip
    rules_on = models.DateField(_("áp dụng quy tắc theo ngày"))
    rules_note = models.CharField(_("ghi chú về bộ quy tắc"), max_length=500, blank=True)
    outstanding_unit = models.BooleanField(
        _("đơn vị được đánh giá xuất sắc"), default=False,
        help_text=_("Áp dụng tỷ lệ HTXS tối đa dành cho đơn vị xuất sắc của bộ quy tắc."))  # fmt: skip
    self_assessment_due = models.DateField(_("hạn tự đánh giá"))
    review_due = models.DateField(_("hạn tổ nhận xét"))
    decision_due = models.DateField(_("hạn Ban Chấp hành quyết định"))
    objection_days = models.PositiveSmallIntegerField(_("số ngày nhận phản hồi sau khi công khai"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    evaluated_at = models.DateTimeField(_("tính điểm, xếp loại lúc"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("chốt kết quả lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("người chốt"))  # fmt: skip
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    objection_deadline = models.DateField(_("hạn phản hồi"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người tạo"))  # fmt: skip

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["evaluated_at"])

    class Meta:
        verbose_name = _("đợt bình xét")
        verbose_name_plural = _("đợt bình xét")
        ordering = ["-period_end", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "movement", "phase"], condition=Q(phase__isnull=False),
                                    name="round_one_per_phase"),
            models.UniqueConstraint(fields=["unit", "movement", "year"], condition=Q(phase__isnull=True),
                                    name="round_one_per_year"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="round_period_in_order"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["year", "status"], name="round_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} – {self.unit}"

    @property
    def is_locked(self) -> bool:
        return self.status in (RoundStatus.FINALISED, RoundStatus.PUBLISHED)


class SubmissionQuerySet(ScopedQuerySet):
    """A member's submission is seen in the scope of the member's unit (the group leader, the committee) and by the
    member. Self-assessing and objecting act on the user's own submission only, whatever their grants."""

    unit_path_lookup = "unit__path"
    own_member_lookup = "member"

    def visible_to(self, user, action: str = Action.VIEW) -> "SubmissionQuerySet":
        if action in (Action.SELF_ASSESS, Action.OBJECT):
            scope = get_scope(user)
            if not scope.allows_anywhere(action) or not scope.member_ids:
                return self.none()
            return self.filter(member_id__in=scope.member_ids)
        return super().visible_to(user, action)


class Submission(models.Model):
    """One member's evaluation in a round: self-assessment → group review → committee decision.

    ``unit`` is the member's unit when the round opened (their union group). ``total`` is the points on the rule
    pack's scale, ``score_level`` the level those points reach, ``level`` the result after the rules that override
    points (discipline, months worked) and the HTXS quota, with ``level_note`` saying why it differs.
    ``version`` grows with every save: a save that names an older version is refused (no silent overwrite).
    The user columns are not indexed (clearing them when an account is deleted may scan; it saves index writes
    when a province is scored).
    """

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="submissions",
                              verbose_name=_("đợt bình xét"))  # fmt: skip
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("đoàn viên")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.DRAFT)  # fmt: skip
    worked_months = models.PositiveSmallIntegerField(_("số tháng công tác trong năm"), default=12)
    self_total = models.DecimalField(_("tổng điểm tự chấm"), **SCORE)
    total = models.DecimalField(_("tổng điểm"), **SCORE)
    score_level = models.CharField(_("mức theo điểm"), max_length=12, choices=Level.choices, blank=True)
    level = models.CharField(_("xếp loại"), max_length=12, choices=Level.choices, blank=True)
    level_note = models.TextField(_("lý do xếp loại"), blank=True)
    disciplined = models.BooleanField(_("bị kỷ luật trong kỳ"), default=False)
    quota_applied = models.BooleanField(_("hạ mức do chỉ tiêu HTXS"), default=False)
    quota_choice = models.CharField(_("quyết định về chỉ tiêu HTXS"), max_length=6, choices=QuotaChoice.choices,
                                    blank=True, default=QuotaChoice.AUTO)  # fmt: skip
    quota_reason = models.CharField(_("lý do"), max_length=500, blank=True)
    review_note = models.TextField(_("nhận xét của tổ"), blank=True)
    decision_note = models.TextField(_("ý kiến của Ban Chấp hành"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("tổ nhận xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    db_index=False,
                                    related_name="+", verbose_name=_("người nhận xét"))  # fmt: skip
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    db_index=False,
                                   related_name="+", verbose_name=_("người quyết định"))  # fmt: skip
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("lưu lúc"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    db_index=False,
                                   related_name="+", verbose_name=_("người lưu"))  # fmt: skip

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bản đánh giá của đoàn viên")
        verbose_name_plural = _("bản đánh giá của đoàn viên")
        ordering = ["round", "unit", "member__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="submission_once_per_member"),
            models.CheckConstraint(condition=Q(worked_months__lte=12), name="submission_months_in_year"),
        ]
        indexes = [
            models.Index(fields=["round", "status"], name="submission_round_status_idx"),
            models.Index(fields=["round", "unit"], name="submission_round_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.round.name}"


class CriterionScore(models.Model):
    """The points of one criterion in a submission.

    Manual criteria: ``self_score`` (the member), ``review_score`` (the group), ``decided_score`` (the committee, when
    it changes the review). Computed criteria: ``measured_num`` / ``measured_den`` counted from the evidence,
    ``measured`` the value compared with the criterion's target, ``computed_score`` its points. ``score`` (a
    property) is the points that count: computed, else the committee's, else the group's, else the member's.
    ``round`` and ``member`` repeat the submission's so that a round is scored with one statement per criterion.
    The foreign keys the constraints' indexes already cover get no index of their own (fewer index writes when a
    province is scored); on PostgreSQL the table keeps free space in its pages (migration 0002) so that scoring
    rewrites rows in place.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores", db_index=False,
                                   verbose_name=_("bản đánh giá"))  # fmt: skip
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="+", db_index=False,
                              verbose_name=_("đợt"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("đoàn viên"))
    criterion = models.ForeignKey("movements.Criterion", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("tiêu chí"))  # fmt: skip
    computed = models.BooleanField(_("tính từ minh chứng"), default=False)
    measured_num = models.IntegerField(_("số đo"), default=0)
    measured_den = models.IntegerField(_("trên tổng số"), default=0)
    measured = models.FloatField(_("giá trị đo"), null=True, blank=True)
    computed_score = models.DecimalField(_("điểm tính từ minh chứng"), **SCORE)
    self_score = models.DecimalField(_("điểm tự chấm"), **SCORE)
    explanation = models.TextField(_("giải trình"), blank=True)
    review_score = models.DecimalField(_("điểm tổ chấm"), **SCORE)
    decided_score = models.DecimalField(_("điểm Ban Chấp hành"), **SCORE)
    decision_reason = models.CharField(_("lý do đổi điểm"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["submission", "criterion__order", "criterion"]
        constraints = [models.UniqueConstraint(fields=["submission", "criterion"], name="score_once_per_criterion")]
        indexes = [models.Index(fields=["round", "criterion", "member"], name="score_round_criterion_idx")]

    def __str__(self) -> str:
        return f"{self.submission_id}/{self.criterion_id}: {self.score}"

    @property
    def score(self):
        """The points that count (the engine sums the same expression in SQL, see engine.POINTS)."""
        if self.computed:
            return self.computed_score
        for value in (self.decided_score, self.review_score, self.self_score):
            if value is not None:
                return value
        return None


class SubmissionAttachment(AttachmentFields):
    """A file a member attaches to their self-assessment (same checks as evidence files)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments",
                                   verbose_name=_("bản đánh giá"))  # fmt: skip
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))  # fmt: skip
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm bản đánh giá")
        verbose_name_plural = _("tệp đính kèm bản đánh giá")
        ordering = ["submission", "pk"]

    def __str__(self) -> str:
        return self.file_name


class Step(models.Model):
    """One move of a submission along the chain (submitted, returned with a reason, reviewed, decided, reopened)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="steps",
                                   verbose_name=_("bản đánh giá"))  # fmt: skip
    kind = models.CharField(_("bước"), max_length=10, choices=StepKind.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=SubmissionStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=SubmissionStatus.choices)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("người thực hiện"))  # fmt: skip
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"


class UnitResultQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class UnitResult(models.Model):
    """A unit's score and classification in a round: each union group (and member union) of the running unit, and
    the running unit itself. ``parts`` hold the points of the scale's parts (for the grassroots union: representation,
    building, communication) and ``bonus`` the bonus points; a scale without parts takes one ``score``, proposed from
    the members' results (``proposed_score``) until the committee enters it."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="unit_results",
                              verbose_name=_("đợt bình xét"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluation_results",
                             verbose_name=_("đơn vị"))  # fmt: skip
    population = models.CharField(_("thang đánh giá"), max_length=30)
    parts = models.JSONField(_("điểm từng nhóm tiêu chí"), default=dict, blank=True)
    bonus = models.DecimalField(_("điểm thưởng"), **SCORE)
    score = models.DecimalField(_("điểm do Ban Chấp hành chấm"), **SCORE)
    proposed_score = models.DecimalField(_("điểm đề xuất theo kết quả đoàn viên"), **SCORE)
    total = models.DecimalField(_("tổng điểm"), **SCORE)
    level = models.CharField(_("xếp loại"), max_length=12, choices=Level.choices, blank=True)
    level_note = models.TextField(_("lý do xếp loại"), blank=True)
    members_count = models.PositiveIntegerField(_("số đoàn viên"), default=0)
    rated_count = models.PositiveIntegerField(_("số được xếp loại"), default=0)
    htxs_count = models.PositiveIntegerField(_("số HTXS"), default=0)
    htxs_share = models.FloatField(_("tỷ lệ HTXS"), default=0)
    rank_in_parent = models.PositiveIntegerField(_("thứ hạng trong công đoàn cơ sở"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người chấm"))  # fmt: skip
    entered_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)

    objects = UnitResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả đơn vị")
        verbose_name_plural = _("kết quả đơn vị")
        ordering = ["round", "rank_in_parent", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unit_result_once_per_round")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round.name}: {self.total} ({self.level})"


class ObjectionQuerySet(ScopedQuerySet):
    unit_path_lookup = "submission__unit__path"
    own_member_lookup = "submission__member"


class Objection(TimeStampedModel):
    """A member's objection to their published result, within the round's objection window."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="objections",
                                   verbose_name=_("bản đánh giá"))  # fmt: skip
    text = models.TextField(_("nội dung phản hồi"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("người gửi"))  # fmt: skip
    status = models.CharField(_("trạng thái"), max_length=10, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)  # fmt: skip
    resolution = models.TextField(_("trả lời"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người giải quyết"))  # fmt: skip
    resolved_at = models.DateTimeField(_("giải quyết lúc"), null=True, blank=True)
    level_before = models.CharField(_("xếp loại trước"), max_length=12, choices=Level.choices, blank=True)
    level_after = models.CharField(_("xếp loại sau khi xét lại"), max_length=12, choices=Level.choices, blank=True)

    objects = ObjectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phản hồi kết quả")
        verbose_name_plural = _("phản hồi kết quả")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission"], condition=Q(status=ObjectionStatus.OPEN),
                                    name="objection_one_open_per_submission"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.submission}: {self.get_status_display()}"
