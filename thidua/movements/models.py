"""Emulation movements (phong trào thi đua): the plan, its content and criteria, phases, targets measured from data,
the computed progress and its review snapshots, and the members' and collectives' registrations.

See docs/movements.md for the lifecycle, the target status rule and the metric keys targets measure.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.core.roles import Action
from thidua.core.scope import Scope, get_scope
from thidua.movements.choices import (
    AppliesTo,
    Comparison,
    CriterionMethod,
    MovementKind,
    MovementStatus,
    ProgressStatus,
    ReviewKind,
    ScopeKind,
    Subject,
    TargetKind,
    TargetSource,
)
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Cluster, Unit


def _member_unit_paths(user) -> tuple[str, ...]:
    """Unit paths of the member records linked to the user, cached on the user for the request."""
    cached = getattr(user, "_thidua_member_unit_paths", None)
    if cached is None:
        from thidua.members.models import Member

        scope = get_scope(user)
        cached = (
            tuple(Member.objects.filter(pk__in=scope.member_ids).values_list("unit__path", flat=True))
            if scope.member_ids
            else ()
        )
        user._thidua_member_unit_paths = cached
    return cached


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


class MovementQuerySet(ScopedQuerySet):
    """Who sees a movement.

    Managing it (and reading its drafts) follows the issuing unit's path, like every scoped model. Once launched, it is
    also visible to everyone it concerns: users whose scope lies inside the movement's scope (so members and chairs
    of the units below can read it and register) and users whose scope contains part of it (an officer above a unit
    listed in a cluster movement).
    """

    unit_path_lookup = "unit__path"

    def visible_to(self, user, action: str = Action.VIEW) -> "MovementQuerySet":
        scope = get_scope(user)
        if scope.is_superuser:
            return self
        q = scope.path_q(action, self.unit_path_lookup)
        if action == Action.VIEW:
            concerned = self._concerned_q(user, scope)
            if concerned is not None:
                q |= concerned & ~Q(status=MovementStatus.DRAFT)
        return self.filter(q)

    def _concerned_q(self, user, scope: Scope) -> Q | None:
        prefixes = scope.prefixes.get(Action.VIEW, ())
        own_paths = (*prefixes, *_member_unit_paths(user))
        if not own_paths:
            return None
        # A scope root at or above one of the user's units: its id appears in the unit's path.
        roots = Q(unit_id__in={i for path in own_paths for i in _path_ids(path)})
        for prefix in prefixes:  # a scope root inside the user's subtree
            roots |= Q(unit__path__startswith=prefix)
        through = Movement.scope_units.through
        return Q(pk__in=through.objects.filter(roots).values("movement_id"))

    def running(self) -> "MovementQuerySet":
        return self.filter(status__in=[MovementStatus.LAUNCHED, MovementStatus.MIDTERM_REVIEWED])


class Movement(TimeStampedModel):
    """An emulation movement (phong trào thi đua) launched by a plan (kế hoạch) of a unit.

    ``scope_units`` are the roots of the population the movement concerns (each with its subtree): the chosen unit,
    the listed units, or the units of a cluster/block, copied when the scope is set. ``cascade_path`` is the chain of
    movement ids from the top plan ("/3/17/"): an adopted plan (``parent``) extends its parent's path.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movements",
                             verbose_name=_("đơn vị ban hành"))  # fmt: skip
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="adoptions",
                               verbose_name=_("kế hoạch cấp trên"),
                               help_text=_("Kế hoạch của cấp trên mà kế hoạch này cụ thể hóa."))  # fmt: skip
    cascade_path = models.CharField(_("chuỗi kế hoạch"), max_length=255, db_index=True, editable=False, default="")
    template_key = models.CharField(_("mẫu gốc"), max_length=60, blank=True)
    plan_number = models.CharField(_("số kế hoạch"), max_length=60, blank=True,
                                   help_text=_("Ví dụ 18/KH-CĐSTNMT."))  # fmt: skip
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    title = models.CharField(_("tên phong trào"), max_length=500)
    theme = models.TextField(_("chủ đề"), blank=True)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    kind = models.CharField(_("loại phong trào"), max_length=20, choices=MovementKind.choices,
                            default=MovementKind.ANNUAL)  # fmt: skip
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    scope_kind = models.CharField(_("phạm vi"), max_length=10, choices=ScopeKind.choices, default=ScopeKind.SUBTREE)
    scope_units = models.ManyToManyField(Unit, related_name="movements_in_scope", blank=True,
                                         verbose_name=_("đơn vị trong phạm vi"))  # fmt: skip
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, null=True, blank=True, related_name="movements",
                                verbose_name=_("cụm, khối thi đua"))  # fmt: skip
    adopter_kind = models.CharField(_("cấp cần xây dựng kế hoạch"), max_length=20, choices=UnitKind.choices,
                                    blank=True, help_text=_("Loại đơn vị cấp dưới phải xây dựng kế hoạch riêng, "
                                                            "ví dụ từng công đoàn cơ sở."))  # fmt: skip
    registration_opens_on = models.DateField(_("mở đăng ký từ"), null=True, blank=True)
    registration_closes_on = models.DateField(_("hạn đăng ký"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=MovementStatus.choices,
                              default=MovementStatus.DRAFT)  # fmt: skip
    launched_at = models.DateTimeField(_("phát động lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    progress_computed_at = models.DateTimeField(_("tính tiến độ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người tạo"))  # fmt: skip

    objects = MovementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["cascade_path", "progress_computed_at"])

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="movement_dates_in_order"),
            models.CheckConstraint(
                condition=Q(registration_closes_on__isnull=True)
                | Q(registration_opens_on__isnull=True)
                | Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="movement_registration_in_order",
            ),
            models.UniqueConstraint(
                fields=["parent", "unit"], condition=Q(parent__isnull=False), name="movement_one_adoption_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_number} {self.title}".strip()

    @property
    def chain_root_path(self) -> str:
        """The cascade path of the top plan of this movement's chain ("/3/")."""
        return "/" + self.cascade_path.strip("/").split("/")[0] + "/"

    @property
    def is_closed(self) -> bool:
        return self.status == MovementStatus.CLOSED

    @property
    def is_draft(self) -> bool:
        return self.status == MovementStatus.DRAFT


class ContentGroup(models.Model):
    """A group of content items (phần nội dung): "Về chuyên môn", "Về phong trào"; "Tập thể", "Cá nhân"."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="content_groups",
                                 verbose_name=_("phong trào"))  # fmt: skip
    name = models.CharField(_("tên phần nội dung"), max_length=255)
    subject = models.CharField(_("đối tượng"), max_length=12, choices=Subject.choices, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phần nội dung thi đua")
        verbose_name_plural = _("phần nội dung thi đua")
        ordering = ["movement", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ContentItem(models.Model):
    """One content item (nội dung thi đua) of a group: what the units and people compete on."""

    group = models.ForeignKey(ContentGroup, on_delete=models.CASCADE, related_name="items",
                              verbose_name=_("phần nội dung"))  # fmt: skip
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nội dung thi đua")
        verbose_name_plural = _("nội dung thi đua")
        ordering = ["group", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Standard(models.Model):
    """A standard (tiêu chuẩn) of a content item: the yardstick used at the year-end evaluation."""

    item = models.ForeignKey(ContentItem, on_delete=models.CASCADE, related_name="standards",
                             verbose_name=_("nội dung thi đua"))  # fmt: skip
    text = models.TextField(_("tiêu chuẩn"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chuẩn")
        verbose_name_plural = _("tiêu chuẩn")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class CriteriaVersion(models.Model):
    """A version of a movement's scoring criteria. Version 1 is edited freely while the plan is a draft; after the
    launch every change creates the next version, with its author and reason. Results keep the version they were
    computed with."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="criteria_versions",
                                 verbose_name=_("phong trào"))  # fmt: skip
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("người thay đổi"))  # fmt: skip
    reason = models.TextField(_("lý do thay đổi"), blank=True)
    change = models.TextField(_("nội dung thay đổi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản tiêu chí")
        verbose_name_plural = _("phiên bản tiêu chí")
        ordering = ["movement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "number"], name="criteria_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class Criterion(models.Model):
    """A scoring criterion (tiêu chí) with its maximum points and how it is measured.

    ``metric_key`` / ``metric_params`` name the registry quantity for the measured methods; ``target_value`` is the
    value that earns the full points (a count, a percentage, an indicator value); ``deduction_points`` is what each
    recorded violation costs. ``origin`` links the copies of one criterion across versions.
    """

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria",
                                verbose_name=_("phiên bản"))  # fmt: skip
    origin = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("tiêu chí gốc"))  # fmt: skip
    item = models.ForeignKey(ContentItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="criteria",
                             verbose_name=_("nội dung thi đua"))  # fmt: skip
    code = models.CharField(_("mã"), max_length=20, blank=True)
    name = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    method = models.CharField(_("cách đo"), max_length=12, choices=CriterionMethod.choices,
                              default=CriterionMethod.MANUAL)  # fmt: skip
    metric_key = models.CharField(_("nguồn dữ liệu"), max_length=80, blank=True)
    metric_params = models.JSONField(_("tham số nguồn dữ liệu"), default=dict, blank=True)
    target_value = models.DecimalField(_("mức đạt điểm tối đa"), max_digits=12, decimal_places=2, null=True,
                                       blank=True)  # fmt: skip
    deduction_points = models.DecimalField(_("điểm trừ mỗi vi phạm"), max_digits=6, decimal_places=2, null=True,
                                           blank=True)  # fmt: skip
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["version", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive")]

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """A phase (đợt thi đua) with its date range and the review that ends it (sơ kết or tổng kết).

    ``review_due`` is when the review is planned; ``reviewed_on`` the date whose progress the review froze.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="phases",
                                 verbose_name=_("phong trào"))  # fmt: skip
    number = models.PositiveSmallIntegerField(_("đợt số"), default=1)
    name = models.CharField(_("tên đợt"), max_length=150)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    review_kind = models.CharField(_("hình thức"), max_length=10, choices=ReviewKind.choices,
                                   default=ReviewKind.MIDTERM)  # fmt: skip
    review_due = models.DateField(_("thời gian sơ kết / tổng kết"))
    review_note = models.CharField(_("ghi chú về sơ kết / tổng kết"), max_length=255, blank=True)
    reviewed_on = models.DateField(_("số liệu chốt ngày"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("sơ kết / tổng kết lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người thực hiện"))  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt thi đua")
        verbose_name_plural = _("đợt thi đua")
        ordering = ["movement", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_in_order"),
            models.CheckConstraint(condition=Q(review_due__gte=models.F("starts_on")), name="phase_review_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class Target(models.Model):
    """A target (chỉ tiêu) with a deadline and the units it applies to (each gets its own progress).

    How it is measured: ``metric_key`` + ``metric_params`` ask the metrics registry for a numerator and denominator per
    unit; for a share, ``population_key`` + ``population_params`` (when set) give the denominator instead (the
    population's numerator). A manual target takes a value and an evidence file per unit (``ManualValue``).
    Thresholds: ``target_min`` / ``target_max`` in percent for shares, in units for counts.

    ``parent_target`` links an adopted plan's target to the one it inherits; ``lineage`` is the chain of target ids
    from the top plan ("/4/19/"). A ``mandatory`` inherited target may be tightened, never loosened.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="targets",
                                 verbose_name=_("phong trào"))  # fmt: skip
    content_item = models.ForeignKey(ContentItem, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="targets", verbose_name=_("nội dung thi đua"))  # fmt: skip
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("chỉ tiêu"))
    kind = models.CharField(_("loại chỉ tiêu"), max_length=10, choices=TargetKind.choices)
    source = models.CharField(_("cách đo"), max_length=10, choices=TargetSource.choices,
                              default=TargetSource.METRIC)  # fmt: skip
    comparison = models.CharField(_("so sánh"), max_length=10, choices=Comparison.choices,
                                  default=Comparison.AT_LEAST)  # fmt: skip
    metric_key = models.CharField(_("nguồn dữ liệu"), max_length=80, blank=True)
    metric_params = models.JSONField(_("tham số nguồn dữ liệu"), default=dict, blank=True)
    population_key = models.CharField(_("nguồn dữ liệu của tổng thể"), max_length=80, blank=True)
    population_params = models.JSONField(_("tham số tổng thể"), default=dict, blank=True)
    target_min = models.DecimalField(_("mức tối thiểu"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(_("mức tối đa"), max_digits=12, decimal_places=2, null=True, blank=True)
    period_start = models.DateField(_("tính từ ngày"), null=True, blank=True,
                                    help_text=_("Để trống: từ ngày bắt đầu phong trào."))  # fmt: skip
    deadline = models.DateField(_("thời hạn"))
    applies_to = models.CharField(_("áp dụng cho"), max_length=10, choices=AppliesTo.choices,
                                  default=AppliesTo.ISSUER)  # fmt: skip
    applies_kind = models.CharField(_("loại đơn vị áp dụng"), max_length=20, choices=UnitKind.choices, blank=True)
    applies_units = models.ManyToManyField(Unit, blank=True, related_name="+", verbose_name=_("đơn vị áp dụng"))
    mandatory = models.BooleanField(_("bắt buộc với cấp dưới"), default=False)
    parent_target = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="adopted_as", verbose_name=_("chỉ tiêu cấp trên"))  # fmt: skip
    lineage = models.CharField(_("chuỗi chỉ tiêu"), max_length=255, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["lineage"])

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["movement", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_min__isnull=True)
                | Q(target_max__isnull=True)
                | Q(target_max__gte=models.F("target_min")),
                name="target_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return self.name[:80]


def evidence_path(instance: "ManualValue", filename: str) -> str:
    return f"movements/evidence/{instance.target.movement_id}/{filename}"


class ManualValue(models.Model):
    """The value of a manual target for one unit, entered with an evidence file (minh chứng)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="manual_values",
                               verbose_name=_("chỉ tiêu"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    evidence = models.FileField(_("minh chứng"), upload_to=evidence_path, max_length=255)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("người nhập"))  # fmt: skip
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu nhập tay")
        verbose_name_plural = _("số liệu nhập tay")
        constraints = [models.UniqueConstraint(fields=["target", "unit"], name="manual_value_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.target} – {self.unit}: {self.value}"


class ProgressFields(models.Model):
    """What one progress row holds, live (TargetProgress) or frozen by a review (TargetSnapshot).

    A row is either a unit the target applies to (``is_rollup`` false: its own measurement) or a unit above such
    units inside the movement (``is_rollup`` true: the sums of the rows below, the count of those units that are
    achieved and behind, and the worst status found below).
    """

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+", verbose_name=_("chỉ tiêu"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    unit_parent_id = models.BigIntegerField(_("đơn vị cấp trên"), null=True, blank=True)
    is_rollup = models.BooleanField(_("tổng hợp từ cấp dưới"), default=False)
    numerator = models.FloatField(_("tử số"), default=0)
    denominator = models.FloatField(_("mẫu số"), null=True, blank=True)
    value = models.FloatField(_("giá trị"), null=True, blank=True)
    projected = models.FloatField(_("dự báo đến hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=ProgressStatus.choices)
    units_total = models.PositiveIntegerField(_("số đơn vị áp dụng"), default=1)
    units_achieved = models.PositiveIntegerField(_("số đơn vị đã đạt"), default=0)
    units_behind = models.PositiveIntegerField(_("số đơn vị chậm"), default=0)
    as_of = models.DateField(_("số liệu đến ngày"))

    class Meta:
        abstract = True


class TargetProgress(ProgressFields):
    """The live progress of a target for one unit, recomputed from the data (``movement_recompute_progress``)."""

    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("tiến độ chỉ tiêu")
        verbose_name_plural = _("tiến độ chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["target", "unit"], name="progress_one_per_unit")]
        indexes = [models.Index(fields=["unit_parent_id", "target"], name="progress_parent_idx")]

    def __str__(self) -> str:
        return f"{self.target_id}@{self.unit_id}: {self.value} ({self.status})"


class TargetSnapshot(ProgressFields):
    """A target's progress for one unit frozen by a phase review (sơ kết / tổng kết), for the reports."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("đợt"))

    class Meta:
        verbose_name = _("số liệu chốt khi sơ kết, tổng kết")
        verbose_name_plural = _("số liệu chốt khi sơ kết, tổng kết")
        constraints = [models.UniqueConstraint(fields=["phase", "target", "unit"], name="snapshot_one_per_unit")]
        indexes = [models.Index(fields=["phase", "unit_parent_id"], name="snapshot_parent_idx")]

    def __str__(self) -> str:
        return f"{self.phase_id}/{self.target_id}@{self.unit_id}: {self.value} ({self.status})"


class RegistrationQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"
    own_member_lookup = "member"


class Registration(TimeStampedModel):
    """A registration (đăng ký thi đua): a member or a collective pledges the title it aims for, with commitments.

    ``unit`` is the member's unit at registration (for a collective: the collective itself), so lists and counts
    follow the organisation tree. ``title_code`` is a title of the rule pack in force, checked when registering.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations",
                                 verbose_name=_("phong trào"))  # fmt: skip
    subject = models.CharField(_("đối tượng"), max_length=12, choices=Subject.choices)
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="registrations", verbose_name=_("đoàn viên"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("đơn vị"))
    title_code = models.CharField(_("danh hiệu đăng ký"), max_length=60)
    title_name = models.CharField(_("tên danh hiệu"), max_length=255)
    commitments = models.TextField(_("nội dung cam kết"), blank=True)
    registered_on = models.DateField(_("ngày đăng ký"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("người đăng ký"))  # fmt: skip

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject=Subject.INDIVIDUAL) & Q(member__isnull=False))
                | (Q(subject=Subject.COLLECTIVE) & Q(member__isnull=True)),
                name="registration_member_iff_individual",
            ),
            models.UniqueConstraint(
                fields=["movement", "member"], condition=Q(member__isnull=False), name="registration_once_per_member"
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=Q(subject=Subject.COLLECTIVE),
                name="registration_once_per_collective",
            ),
        ]

    def __str__(self) -> str:
        who = self.member.full_name if self.member_id else self.unit.name
        return f"{who}: {self.title_name}"
