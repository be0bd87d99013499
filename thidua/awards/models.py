"""Commendation: award history, absences, proposals with their dossier, council sessions and secret ballots,
decisions with their awardees.

Titles and award forms are not rows here: they are entries of the rule pack in force (``thidua.rules``), referred to
by their ``code`` and copied by name into each record so that history reads the same after a pack changes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.awards.choices import (
    AbsenceKind,
    AttachmentKind,
    Attendance,
    BallotChoice,
    ProposalStatus,
    RecordSource,
    SeatRole,
    SessionStatus,
)
from thidua.core.models import ScopedQuerySet, TimeStampedModel
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject

_ONE_SUBJECT = Q(member__isnull=False, unit__isnull=True) | Q(member__isnull=True, unit__isnull=False)


class SubjectQuerySet(ScopedQuerySet):
    """Rows about a person or a collective: seen in the scope of the unit they belong to (``scope_unit``); a member
    also sees their own."""

    unit_path_lookup = "scope_unit__path"
    own_member_lookup = "member"


class AwardRecord(TimeStampedModel):
    """One title or award form conferred on a person (``member``) or a collective (``unit``) for a year: the award
    history eligibility is judged from. Comes from a decision made here, an XLSX import of past years, or a hand
    entry. ``scope_unit`` is the member's unit at the time (or the collective itself) and decides who sees it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True, related_name="awards",
                               verbose_name=_("cá nhân"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="awards",
                             verbose_name=_("tập thể"))  # fmt: skip
    scope_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveIntegerField(_("năm"))
    title_code = models.CharField(_("mã danh hiệu, hình thức"), max_length=40)
    title_name = models.CharField(_("danh hiệu, hình thức khen thưởng"), max_length=255)
    thematic = models.BooleanField(
        _("khen thưởng chuyên đề"),
        default=False,
        help_text=_("Kết quả khen thưởng chuyên đề không tính để xét khen thưởng thành tích."),
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer_name = models.CharField(_("cấp quyết định"), max_length=255, blank=True)
    decision = models.ForeignKey("Decision", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="records", verbose_name=_("quyết định"))  # fmt: skip
    reward_amount = models.DecimalField(_("tiền thưởng (đồng)"), max_digits=14, decimal_places=0, null=True,
                                        blank=True)  # fmt: skip
    source = models.CharField(_("nguồn"), max_length=10, choices=RecordSource.choices, default=RecordSource.MANUAL)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = SubjectQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "title_name", "pk"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="award_record_one_subject"),
            models.UniqueConstraint(fields=["member", "year", "title_code"], condition=Q(member__isnull=False),
                                    name="award_record_member_unique"),
            models.UniqueConstraint(fields=["unit", "year", "title_code"], condition=Q(unit__isnull=False),
                                    name="award_record_unit_unique"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["member", "year"], name="award_record_member_idx"),
            models.Index(fields=["unit", "year"], name="award_record_unit_idx"),
            models.Index(fields=["year", "title_code"], name="award_record_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title_name} ({self.year})"

    @property
    def subject(self) -> str:
        return Subject.INDIVIDUAL if self.member_id else Subject.COLLECTIVE


class AbsenceQuerySet(ScopedQuerySet):
    unit_path_lookup = "member__unit__path"
    own_member_lookup = "member"


class Absence(TimeStampedModel):
    """A period away from work (maternity leave, long sick leave, unpaid leave …). Eligibility counts the days away
    in a year against the rule pack's limit; the kinds the pack lists (maternity leave) count as time worked."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="absences", verbose_name=_("đoàn viên"))
    kind = models.CharField(_("loại"), max_length=12, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = AbsenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời gian nghỉ")
        verbose_name_plural = _("thời gian nghỉ")
        ordering = ["-starts_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="absence_dates_in_order")]  # fmt: skip
        indexes = [models.Index(fields=["member", "starts_on"], name="absence_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_kind_display()} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"


class ProposalQuerySet(ScopedQuerySet):
    """A proposal is seen by the proposing unit's subtree (drafts included) and, once submitted, by the receiving
    (conferring) unit's subtree. ``visible_to`` covers the proposing side; ``received_by`` the receiving side."""

    unit_path_lookup = "proposing_unit__path"

    def visible_to(self, user, action: str = "view") -> "ProposalQuerySet":
        from thidua.core.scope import get_scope

        scope = get_scope(user)
        if scope.is_superuser:
            return self
        q = scope.path_q(action, "proposing_unit__path")
        q |= scope.path_q(action, "to_unit__path") & ~Q(status=ProposalStatus.DRAFT)
        return self.filter(q)


class Proposal(TimeStampedModel):
    """A batch of award proposals (đề nghị khen thưởng, with its tờ trình) from ``proposing_unit`` to the conferring
    level ``to_unit`` (the unit itself or one above it). Each item has its own status so that the receiving level can
    return one item without returning the batch; the batch status follows its items."""

    proposing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="proposals_made",
                                       verbose_name=_("đơn vị đề nghị"))  # fmt: skip
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="proposals_received",
                                verbose_name=_("cấp xét, quyết định"))  # fmt: skip
    year = models.PositiveIntegerField(_("năm thành tích"))
    subject_line = models.CharField(_("trích yếu"), max_length=255)
    movement = models.ForeignKey("movements.Movement", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="award_proposals", verbose_name=_("phong trào"))  # fmt: skip
    status = models.CharField(_("trạng thái"), max_length=15, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)  # fmt: skip
    number = models.PositiveIntegerField(_("số tờ trình"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người lập"))  # fmt: skip
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["to_unit", "status"], name="proposal_to_status_idx")]

    def __str__(self) -> str:
        return self.symbol or self.subject_line


class ProposalItem(TimeStampedModel):
    """One person or collective proposed for one title or award form. ``eligibility`` is the explanation computed when
    the item was checked (list of conditions with the records that meet or fail them); ``eligible`` its verdict."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items",
                                 verbose_name=_("đề nghị"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal_items",
                               verbose_name=_("cá nhân"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="proposal_items",
                             verbose_name=_("tập thể"))  # fmt: skip
    title_code = models.CharField(_("mã danh hiệu, hình thức"), max_length=40)
    title_name = models.CharField(_("danh hiệu, hình thức khen thưởng"), max_length=255)
    achievements = models.TextField(_("tóm tắt thành tích"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=15, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)  # fmt: skip
    return_reason = models.TextField(_("lý do trả lại / không khen thưởng"), blank=True)
    eligible = models.BooleanField(_("đủ điều kiện"), null=True)
    eligibility = models.JSONField(_("giải trình điều kiện"), default=list, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra điều kiện lúc"), null=True, blank=True)
    override_reason = models.TextField(_("lý do vẫn đề nghị khi chưa đủ điều kiện"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["proposal", "pk"]
        constraints = [
            models.CheckConstraint(condition=_ONE_SUBJECT, name="proposal_item_one_subject"),
            models.UniqueConstraint(fields=["proposal", "member", "title_code"], condition=Q(member__isnull=False),
                                    name="proposal_item_member_unique"),
            models.UniqueConstraint(fields=["proposal", "unit", "title_code"], condition=Q(unit__isnull=False),
                                    name="proposal_item_unit_unique"),
        ]  # fmt: skip

    def __str__(self) -> str:
        who = self.member.full_name if self.member_id else str(self.unit)
        return f"{who}: {self.title_name}"

    @property
    def subject(self) -> str:
        return Subject.INDIVIDUAL if self.member_id else Subject.COLLECTIVE


class ProposalEvent(models.Model):
    """One step in the life of a proposal or of one of its items: who, when, from which status to which, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("đề nghị"))  # fmt: skip
    item = models.ForeignKey(ProposalItem, on_delete=models.CASCADE, null=True, blank=True, related_name="events",
                             verbose_name=_("mục"))  # fmt: skip
    from_status = models.CharField(_("từ trạng thái"), max_length=15, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=15, choices=ProposalStatus.choices)
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("người thực hiện"))  # fmt: skip
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến đề nghị")
        verbose_name_plural = _("diễn biến đề nghị")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class DossierFile(TimeStampedModel):
    """A file of a proposal's dossier, for the batch or for one item (achievement report, minutes, evidence)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files",
                                 verbose_name=_("đề nghị"))  # fmt: skip
    item = models.ForeignKey(ProposalItem, on_delete=models.CASCADE, null=True, blank=True, related_name="files",
                             verbose_name=_("mục"))  # fmt: skip
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to="awards/dossiers/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người tải lên"))  # fmt: skip

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["proposal", "kind", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CouncilSessionQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class CouncilSession(TimeStampedModel):
    """A meeting of the emulation and commendation council (Hội đồng Thi đua - Khen thưởng) of ``unit`` that votes by
    secret ballot on proposal items. Once closed, its tallies are fixed."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="council_sessions",
                             verbose_name=_("cấp hội đồng"))  # fmt: skip
    name = models.CharField(_("tên phiên họp"), max_length=255)
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.OPEN)  # fmt: skip
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người lập"))  # fmt: skip

    objects = CouncilSessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiên họp Hội đồng Thi đua - Khen thưởng")
        verbose_name_plural = _("phiên họp Hội đồng Thi đua - Khen thưởng")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class CouncilSeat(models.Model):
    """A council member seated in a session. ``attendance`` and ``voted`` record participation; nothing links a seat
    to the ballots it cast."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="seats",
                                verbose_name=_("phiên họp"))  # fmt: skip
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    role = models.CharField(_("vai trò trong Hội đồng"), max_length=12, choices=SeatRole.choices,
                            default=SeatRole.MEMBER)  # fmt: skip
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="council_seats", verbose_name=_("tài khoản"))  # fmt: skip
    attendance = models.CharField(_("tham dự"), max_length=10, choices=Attendance.choices,
                                  default=Attendance.PRESENT)  # fmt: skip
    voted = models.BooleanField(_("đã bỏ phiếu"), default=False)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], condition=Q(user__isnull=False),
                                               name="council_seat_one_per_user")]  # fmt: skip

    def __str__(self) -> str:
        return self.full_name


class SessionItem(models.Model):
    """A proposal item put to the vote in a session, with the tally fixed when the session closes: ``threshold`` and
    ``threshold_citation`` come from the rule pack, ``members_total`` is the number of ALL council members (the base
    the law counts against), ``passed`` whether yes ≥ threshold × members_total."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("phiên họp"))  # fmt: skip
    item = models.ForeignKey(ProposalItem, on_delete=models.PROTECT, related_name="session_items",
                             verbose_name=_("mục đề nghị"))  # fmt: skip
    threshold = models.DecimalField(_("tỷ lệ đồng ý tối thiểu"), max_digits=5, decimal_places=4, null=True,
                                    blank=True)  # fmt: skip
    threshold_citation = models.CharField(_("căn cứ"), max_length=255, blank=True)
    members_total = models.PositiveIntegerField(_("tổng số thành viên Hội đồng"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("đồng ý"), null=True, blank=True)
    no = models.PositiveIntegerField(_("không đồng ý"), null=True, blank=True)
    blank = models.PositiveIntegerField(_("không biểu quyết"), null=True, blank=True)
    passed = models.BooleanField(_("đạt"), null=True)

    class Meta:
        verbose_name = _("mục biểu quyết")
        verbose_name_plural = _("mục biểu quyết")
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "item"], name="session_item_unique")]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.item_id}"


class Ballot(models.Model):
    """One secret ballot on one session item. It deliberately has no voter, no seat and no timestamp, and its key is a
    random UUID so that not even the order of rows tells who voted how; participation is on ``CouncilSeat.voted``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session_item = models.ForeignKey(SessionItem, on_delete=models.CASCADE, related_name="ballots",
                                     verbose_name=_("mục biểu quyết"))  # fmt: skip
    choice = models.CharField(_("phiếu"), max_length=5, choices=BallotChoice.choices)
    in_writing = models.BooleanField(_("phiếu bằng văn bản của thành viên vắng mặt"), default=False)

    class Meta:
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")

    def __str__(self) -> str:
        return str(self.id)


class DecisionQuerySet(ScopedQuerySet):
    unit_path_lookup = "issuer__path"


class Decision(TimeStampedModel):
    """An award decision (Quyết định khen thưởng) of ``issuer``, numbered per issuer per year (01 from 1 January,
    through ``thidua.organizations.numbering``), listing its awardees with the reward of each."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_decisions",
                               verbose_name=_("đơn vị ban hành"))  # fmt: skip
    year = models.PositiveIntegerField(_("năm ban hành"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    decided_on = models.DateField(_("ngày ký"))
    achievement_year = models.PositiveIntegerField(_("năm thành tích"))
    subject_line = models.CharField(_("trích yếu"), max_length=255)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100)
    base_salary = models.DecimalField(_("mức lương cơ sở áp dụng (đồng)"), max_digits=14, decimal_places=0)
    base_salary_citation = models.CharField(_("căn cứ mức lương cơ sở"), max_length=255)
    proposal = models.ForeignKey(Proposal, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="decisions", verbose_name=_("theo đề nghị"))  # fmt: skip
    session = models.ForeignKey(CouncilSession, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="decisions", verbose_name=_("phiên họp Hội đồng"))  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người lập"))  # fmt: skip

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "number"], name="decision_number_unique")]

    def __str__(self) -> str:
        return self.symbol


class Awardee(models.Model):
    """A person or collective awarded by a decision, with the reward: coefficient × base salary in force."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="awardees",
                                 verbose_name=_("quyết định"))  # fmt: skip
    item = models.OneToOneField(ProposalItem, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="awardee", verbose_name=_("mục đề nghị"))  # fmt: skip
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("cá nhân"))  # fmt: skip
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("tập thể"))  # fmt: skip
    display_name = models.CharField(_("tên"), max_length=255)
    unit_name = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    title_code = models.CharField(_("mã danh hiệu, hình thức"), max_length=40)
    title_name = models.CharField(_("danh hiệu, hình thức khen thưởng"), max_length=255)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("tiền thưởng (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    position = models.PositiveIntegerField(_("số thứ tự"), default=0)

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["decision", "position", "pk"]
        constraints = [models.CheckConstraint(condition=_ONE_SUBJECT, name="awardee_one_subject")]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.title_name}"
