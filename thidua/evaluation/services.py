"""Writes of the evaluation: rounds and their steps, self-assessment, review, decision, unit scores, objections.

Who may act is the caller's check (``self_assess`` on the user's own submission, ``review`` on the member's unit,
``decide`` on the round's unit). These functions check the order of the steps, the deadlines, the ranges of the
scores and the version of what is edited: a save naming an older version raises ``EditConflict`` and writes
nothing. Every submission write locks its row (``select_for_update``) first.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import DecimalField, FloatField, Value
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.evaluation import engine
from thidua.evaluation.choices import (
    LOCKED,
    Level,
    ObjectionStatus,
    QuotaChoice,
    RoundStatus,
    StepKind,
    SubmissionStatus,
)
from thidua.evaluation.models import (
    CriterionScore,
    EvaluationRound,
    Objection,
    Step,
    Submission,
    SubmissionAttachment,
    UnitResult,
)
from thidua.evaluation.rules import load_rules, resolve_pack, round_rules, unit_scale
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.movements.choices import CriterionMethod, MovementStatus
from thidua.movements.models import CriteriaVersion, Phase
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit
from thidua.rules.selectors import RuleMissing, param

ROUND_UNIT_KINDS = (UnitKind.GRASSROOTS, UnitKind.MEMBER_UNION)
MAX_ATTACHMENTS = 10


class EditConflict(Exception):
    """Someone saved the same record after it was loaded: nothing was written. The message is for the user."""

    def __init__(self, message: str, current_version: int):
        super().__init__(message)
        self.message = message
        self.current_version = current_version


def d(date: datetime.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else "—"


def today() -> datetime.date:
    return timezone.localdate()


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# --- rounds -----------------------------------------------------------------------------------------------------

ROUND_FIELDS = ("name", "self_assessment_due", "review_due", "decision_due", "outstanding_unit", "objection_days")


def _period(
    version: CriteriaVersion, phase: Phase | None, year: int | None
) -> tuple[int, datetime.date, datetime.date]:
    movement = version.movement
    if phase is not None:
        if phase.movement_id != movement.pk:
            raise ValidationError({"phase": _("Đợt thi đua không thuộc phong trào của phiên bản tiêu chí.")})
        return phase.ends_on.year, phase.starts_on, phase.ends_on
    if year is None:
        raise ValidationError({"year": _("Chọn đợt thi đua, hoặc ghi năm bình xét.")})
    start = max(datetime.date(year, 1, 1), movement.starts_on)
    end = min(datetime.date(year, 12, 31), movement.ends_on)
    if start > end:
        raise ValidationError({"year": _("Phong trào không diễn ra trong năm {year}.").format(year=year)})
    return year, start, end


def _check_deadlines(evaluation_round: EvaluationRound, errors: dict) -> None:
    r = evaluation_round
    if r.self_assessment_due and r.review_due and r.review_due < r.self_assessment_due:
        errors["review_due"] = _("Hạn tổ nhận xét không thể trước hạn tự đánh giá.")
    if r.review_due and r.decision_due and r.decision_due < r.review_due:
        errors["decision_due"] = _("Hạn Ban Chấp hành quyết định không thể trước hạn tổ nhận xét.")


@transaction.atomic
def round_create(*, unit: Unit, criteria_version: CriteriaVersion, self_assessment_due: datetime.date,
                 review_due: datetime.date, decision_due: datetime.date, phase: Phase | None = None,
                 year: int | None = None, name: str = "", outstanding_unit: bool = False,
                 objection_days: int | None = None, by=None) -> EvaluationRound:  # fmt: skip
    """A draft round of ``unit`` (a grassroots union or a member union) scoring against ``criteria_version``."""
    movement = criteria_version.movement
    errors: dict[str, list] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if unit.kind not in ROUND_UNIT_KINDS or not unit.is_open:
        error("unit", _("Bình xét do công đoàn cơ sở (hoặc công đoàn cơ sở thành viên) đang hoạt động tổ chức."))
    if movement.status == MovementStatus.DRAFT:
        error("criteria_version", _("Phong trào «{title}» chưa phát động.").format(title=movement.title))
    else:
        from thidua.movements.progress import scope_roots

        if not any(unit.path.startswith(root.path) for root in scope_roots(movement)):
            error("unit", _("Đơn vị «{unit}» không thuộc phạm vi phong trào «{title}».").format(
                unit=unit.name, title=movement.title))  # fmt: skip
    if not engine.individual_criteria(criteria_version.pk):
        error("criteria_version", _("Phiên bản tiêu chí v{n} chưa có tiêu chí chấm điểm cá nhân.").format(
            n=criteria_version.number))  # fmt: skip
    year, start, end = _period(criteria_version, phase, year)
    pack, rules_on, note = resolve_pack(on=end, unit=unit)
    load_rules(pack, rules_on)  # every value the round needs must exist
    if objection_days is None:
        try:
            objection_days = int(param(pack, "evaluation.objection_days", on=rules_on).value)
        except RuleMissing as missing:
            raise ValidationError({"objection_days": str(missing)}) from None
    evaluation_round = EvaluationRound(
        unit=unit, movement=movement, criteria_version=criteria_version, phase=phase, year=year, period_start=start,
        period_end=end, rule_pack=pack, rules_on=rules_on, rules_note=note, outstanding_unit=outstanding_unit,
        self_assessment_due=self_assessment_due, review_due=review_due, decision_due=decision_due,
        objection_days=objection_days, created_by=_user(by),
        name=name.strip() or (_("Bình xét {phase} năm {year}").format(phase=phase.name.lower(), year=year) if phase
                              else _("Bình xét năm {year}").format(year=year)),
    )  # fmt: skip
    deadline_errors: dict[str, str] = {}
    _check_deadlines(evaluation_round, deadline_errors)
    for field, message in deadline_errors.items():
        error(field, message)
    try:
        evaluation_round.full_clean(exclude=["rule_pack"], validate_constraints=False)
    except ValidationError as invalid:
        for field, texts in invalid.message_dict.items():
            errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)
    if EvaluationRound.objects.filter(unit=unit, movement=movement, phase=phase,
                                      **({} if phase else {"year": year})).exists():  # fmt: skip
        raise ValidationError(_("Đơn vị đã có đợt bình xét cho {what} của phong trào này.").format(
            what=phase.name if phase else _("năm {year}").format(year=year)))  # fmt: skip
    evaluation_round.save()
    return evaluation_round


def _lock_round(evaluation_round: EvaluationRound) -> EvaluationRound:
    return EvaluationRound.objects.select_for_update().select_related("unit").get(pk=evaluation_round.pk)


def _refuse_locked(evaluation_round: EvaluationRound) -> None:
    if evaluation_round.status in LOCKED:
        raise ValidationError(_("Kết quả đợt bình xét «{name}» đã chốt; không sửa được nữa.").format(
            name=evaluation_round.name))  # fmt: skip


@transaction.atomic
def round_update(*, evaluation_round: EvaluationRound, **fields: Any) -> EvaluationRound:
    """Change the name, deadlines, outstanding-unit flag or objection days (not once the results are locked)."""
    evaluation_round = _lock_round(evaluation_round)
    _refuse_locked(evaluation_round)
    for name, value in fields.items():
        if name in ROUND_FIELDS and value is not None:
            setattr(evaluation_round, name, value)
    errors: dict = {}
    _check_deadlines(evaluation_round, errors)
    try:
        evaluation_round.full_clean(exclude=["rule_pack"], validate_constraints=False, validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    load_rules(evaluation_round.rule_pack, evaluation_round.rules_on, outstanding=evaluation_round.outstanding_unit)
    evaluation_round.save()
    return evaluation_round


def _expect(evaluation_round: EvaluationRound, status: str, doing: str) -> None:
    if evaluation_round.status != status:
        raise ValidationError(
            _("Không thể {doing}: đợt bình xét đang ở bước «{current}», cần ở bước «{needed}».").format(
                doing=doing, current=RoundStatus(evaluation_round.status).label, needed=RoundStatus(status).label
            )
        )


def _insert_select(model, columns: list[str], queryset) -> None:
    """``INSERT INTO model (columns) <queryset's SELECT>``: rows built by the database, not in Python."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params)


def create_submissions(evaluation_round: EvaluationRound) -> int:
    """A submission for every active member of the running unit's subtree, and a score row per individual criterion
    (computed ones start with the points of a member without records): one INSERT … SELECT for the submissions and
    one per criterion. Months worked default to 12, or to the months since
    joining the union for those who joined during the year."""
    year = evaluation_round.year
    joined_this_year = {"union_joined_on__year": year}
    from django.db.models import Case, IntegerField, When

    months = Case(When(then=Value(13) - ExtractMonth("union_joined_on"), **joined_this_year), default=Value(12),
                  output_field=IntegerField())  # fmt: skip
    members = (Member.objects.filter(unit__path__startswith=evaluation_round.unit.path, status=MemberStatus.ACTIVE)
               .annotate(r=Value(evaluation_round.pk), st=Value(SubmissionStatus.DRAFT.value), wm=months,
                         blank=Value(""), no=Value(False), one=Value(1))
               .values_list("r", "pk", "unit_id", "st", "wm", "blank", "blank", "blank", "no", "no", "blank", "blank",
                            "blank", "blank", "one")
               .order_by())  # fmt: skip
    _insert_select(Submission, ["round", "member", "unit", "status", "worked_months", "score_level", "level",
                                "level_note", "disciplined", "quota_applied", "quota_choice", "quota_reason",
                                "review_note", "decision_note", "version"], members)  # fmt: skip
    for criterion in engine.individual_criteria(evaluation_round.criteria_version_id):
        measured, points = engine.initial_values(criterion)
        rows = (Submission.objects.filter(round=evaluation_round)
                .annotate(c=Value(criterion.pk), comp=Value(engine.is_computed(criterion)), zero=Value(0),
                          blank=Value(""), m=Value(measured, output_field=FloatField()),
                          p=Value(points, output_field=DecimalField(max_digits=7, decimal_places=2)))
                .values_list("pk", "round_id", "member_id", "c", "comp", "zero", "zero", "blank", "blank", "m", "p")
                .order_by())  # fmt: skip
        _insert_select(CriterionScore, ["submission", "round", "member", "criterion", "computed", "measured_num",
                                        "measured_den", "explanation", "decision_reason", "measured",
                                        "computed_score"], rows)  # fmt: skip
    return evaluation_round.submissions.count()


@transaction.atomic
def round_open(*, evaluation_round: EvaluationRound, by=None) -> EvaluationRound:
    """Draft → open: every active member gets a submission, with the computed criteria already filled."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.DRAFT, _("mở tự đánh giá"))
    create_submissions(evaluation_round)
    evaluation_round.status = RoundStatus.OPEN
    evaluation_round.save()
    engine.evaluate([evaluation_round], quota=False)
    return evaluation_round


@transaction.atomic
def round_start_review(*, evaluation_round: EvaluationRound, by=None) -> EvaluationRound:
    """Open → reviewing: the self-assessment closes (returned submissions can still be corrected)."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.OPEN, _("chuyển sang tổ nhận xét"))
    evaluation_round.status = RoundStatus.REVIEWING
    evaluation_round.save()
    return evaluation_round


def _names(qs, limit: int = 10) -> str:
    names = list(qs.order_by("member__sort_key").values_list("member__full_name", flat=True)[: limit + 1])
    more = _(" và những người khác") if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


@transaction.atomic
def round_start_decision(*, evaluation_round: EvaluationRound, by=None) -> EvaluationRound:
    """Reviewing → deciding, once every submission is reviewed; the round is scored and classified."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.REVIEWING, _("chuyển sang Ban Chấp hành xét"))
    pending = evaluation_round.submissions.exclude(status=SubmissionStatus.REVIEWED)
    count = pending.count()
    if count:
        raise ValidationError(_("Còn {n} bản đánh giá chưa được tổ nhận xét: {names}.").format(
            n=count, names=_names(pending)))  # fmt: skip
    evaluation_round.status = RoundStatus.DECIDING
    evaluation_round.save()
    engine.evaluate([evaluation_round])
    return evaluation_round


@transaction.atomic
def round_reevaluate(*, evaluation_round: EvaluationRound, by=None) -> engine.Stats:
    """Score and classify again (after evidence was corrected); only while the committee decides."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.DECIDING, _("tính lại"))
    return engine.evaluate([evaluation_round])


@transaction.atomic
def round_decide_all(*, evaluation_round: EvaluationRound, by=None, note: str = "") -> int:
    """The committee approves every reviewed submission as reviewed (and proposed by the quota)."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.DECIDING, _("quyết định"))
    pending = list(evaluation_round.submissions.filter(status=SubmissionStatus.REVIEWED).values_list("pk", flat=True))
    now, user = timezone.now(), _user(by)
    Submission.objects.filter(pk__in=pending).update(status=SubmissionStatus.DECIDED, decided_at=now, decided_by=user)
    Step.objects.bulk_create([Step(submission_id=pk, kind=StepKind.DECIDE, from_status=SubmissionStatus.REVIEWED,
                                   to_status=SubmissionStatus.DECIDED, reason=note, actor=user) for pk in pending],
                             batch_size=1000)  # fmt: skip
    engine.evaluate([evaluation_round])
    return len(pending)


@transaction.atomic
def round_finalise(*, evaluation_round: EvaluationRound, by=None) -> EvaluationRound:
    """Deciding → finalised: every result decided, the quota kept. From now on nothing changes but reopened results."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.DECIDING, _("chốt kết quả"))
    pending = evaluation_round.submissions.exclude(status=SubmissionStatus.DECIDED)
    count = pending.count()
    if count:
        raise ValidationError(_("Còn {n} bản đánh giá Ban Chấp hành chưa quyết định: {names}.").format(
            n=count, names=_names(pending)))  # fmt: skip
    engine.evaluate([evaluation_round])
    rules = round_rules(evaluation_round)
    base, htxs = engine.quota_counts([evaluation_round.pk]).get(evaluation_round.pk, (0, 0))
    if htxs > rules.quota_allowed(base):  # the quota step makes this impossible; refuse rather than trust it
        raise ValidationError(_("Số HTXS ({n}) vượt chỉ tiêu ({allowed}).").format(
            n=htxs, allowed=rules.quota_allowed(base)))  # fmt: skip
    evaluation_round.status = RoundStatus.FINALISED
    evaluation_round.finalised_at, evaluation_round.finalised_by = timezone.now(), _user(by)
    evaluation_round.save()
    return evaluation_round


@transaction.atomic
def round_publish(*, evaluation_round: EvaluationRound, by=None, on: datetime.date | None = None) -> EvaluationRound:
    """Finalised → published: the members in the round see the results and may object for ``objection_days``."""
    evaluation_round = _lock_round(evaluation_round)
    _expect(evaluation_round, RoundStatus.FINALISED, _("công khai kết quả"))
    on = on or today()
    evaluation_round.status = RoundStatus.PUBLISHED
    evaluation_round.published_on = on
    evaluation_round.objection_deadline = on + datetime.timedelta(days=evaluation_round.objection_days)
    evaluation_round.save()
    return evaluation_round


# --- submissions ---------------------------------------------------------------------------------------------------


def _lock(submission: Submission, version: int | None) -> Submission:
    current = (Submission.objects.select_for_update(of=("self",))
               .select_related("round", "round__unit", "member", "updated_by").get(pk=submission.pk))  # fmt: skip
    if version is not None and current.version != version:
        who = str(current.updated_by) if current.updated_by else _("người khác")
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y") if current.updated_at else ""
        raise EditConflict(
            _("Bản đánh giá của {name} vừa được {who} lưu lúc {when}. Không có gì bị ghi đè: hãy tải lại để xem thay "
              "đổi rồi nhập lại.").format(name=current.member.full_name, who=who, when=when),
            current.version,
        )  # fmt: skip
    return current


def _criteria(submission: Submission) -> dict[int, CriterionScore]:
    return {s.criterion_id: s for s in submission.scores.select_related("criterion").select_for_update(of=("self",))}


def _parse_score(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw).replace(",", ".").strip())
    except InvalidOperation:
        raise ValueError from None


def _apply_scores(rows: dict[int, CriterionScore], scores: dict[int, Any] | None, field: str) -> list[CriterionScore]:
    """Set ``field`` from ``scores`` (criterion id → points or None); every problem at once, keyed score_<id>."""
    errors: dict[str, str] = {}
    changed = []
    for criterion_id, raw in (scores or {}).items():
        key = f"score_{criterion_id}"
        row = rows.get(int(criterion_id))
        if row is None:
            errors[key] = _("Tiêu chí #{id} không thuộc đợt bình xét này.").format(id=criterion_id)
            continue
        criterion = row.criterion
        if row.computed:
            if raw not in (None, ""):
                errors[key] = _("Tiêu chí «{name}» được tính tự động từ minh chứng, không nhập điểm.").format(
                    name=criterion.name)  # fmt: skip
            continue
        try:
            value = _parse_score(raw)
        except ValueError:
            errors[key] = _("«{raw}» không phải là số điểm.").format(raw=raw)
            continue
        if value is not None:
            if value < 0 or value > criterion.max_points:
                errors[key] = _("Điểm tiêu chí «{name}» phải từ 0 đến {max}.").format(
                    name=criterion.name, max=f"{criterion.max_points.normalize():f}")  # fmt: skip
                continue
            if criterion.method == CriterionMethod.YES_NO and value not in (0, criterion.max_points):
                errors[key] = _("Tiêu chí «{name}» chấm đạt ({max} điểm) hoặc không đạt (0 điểm).").format(
                    name=criterion.name, max=f"{criterion.max_points.normalize():f}")  # fmt: skip
                continue
            if value.as_tuple().exponent < -2:
                errors[key] = _("Điểm chỉ có tối đa 2 chữ số thập phân.")
                continue
        setattr(row, field, value)
        changed.append(row)
    if errors:
        raise ValidationError(errors)
    return changed


def _check_months(months) -> int | None:
    if months in (None, ""):
        return None
    months = int(months)
    if not 0 <= months <= 12:
        raise ValidationError({"worked_months": _("Số tháng công tác trong năm từ 0 đến 12.")})
    return months


def _saved(submission: Submission, by, fields: list[str]) -> None:
    submission.version += 1
    submission.updated_at, submission.updated_by = timezone.now(), _user(by)
    submission.save(update_fields=[*fields, "version", "updated_at", "updated_by"])


def _step(submission: Submission, kind: str, from_status: str, reason: str, by) -> None:
    Step.objects.create(submission=submission, kind=kind, from_status=from_status, to_status=submission.status,
                        reason=reason, actor=_user(by))  # fmt: skip


def _rescore(submission: Submission) -> None:
    engine.evaluate([submission.round], submission_ids=[submission.pk], quota=False, units=False)


def _missing(rows: dict[int, CriterionScore], *fields: str) -> list[str]:
    return [r.criterion.name for r in rows.values()
            if not r.computed and all(getattr(r, f) is None for f in fields)]  # fmt: skip


@transaction.atomic
def submission_self_assess(*, submission: Submission, version: int, scores: dict[int, Any] | None = None,
                           explanations: dict[int, str] | None = None, worked_months=None, submit: bool = False,
                           by=None, on: datetime.date | None = None) -> Submission:  # fmt: skip
    """The member scores themself (manual criteria), explains, and (``submit``) hands in the self-assessment."""
    submission = _lock(submission, version)
    evaluation_round = submission.round
    returned = submission.status == SubmissionStatus.RETURNED
    if evaluation_round.status != RoundStatus.OPEN and not (
        returned and evaluation_round.status == RoundStatus.REVIEWING
    ):
        raise ValidationError(_("Đợt bình xét không nhận tự đánh giá lúc này (bước «{step}»).").format(
            step=RoundStatus(evaluation_round.status).label))  # fmt: skip
    if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        raise ValidationError(_("Bản tự đánh giá đã nộp ({status}); chỉ sửa được khi bị trả lại.").format(
            status=SubmissionStatus(submission.status).label))  # fmt: skip
    if not returned and (on or today()) > evaluation_round.self_assessment_due:
        raise ValidationError(_("Đã hết hạn tự đánh giá (ngày {date}).").format(
            date=d(evaluation_round.self_assessment_due)))  # fmt: skip
    rows = _criteria(submission)
    changed = _apply_scores(rows, scores, "self_score")
    for criterion_id, text in (explanations or {}).items():
        row = rows.get(int(criterion_id))
        if row is not None:
            row.explanation = (text or "").strip()
            changed.append(row)
    months = _check_months(worked_months)
    if months is not None:
        submission.worked_months = months
    fields = ["worked_months"]
    CriterionScore.objects.bulk_update(set(changed), ["self_score", "explanation"])
    if submit:
        missing = _missing(rows, "self_score")
        if missing:
            raise ValidationError(_("Chưa tự chấm các tiêu chí: {names}.").format(names="; ".join(missing)))
        before = submission.status
        submission.status, submission.submitted_at = SubmissionStatus.SUBMITTED, timezone.now()
        fields += ["status", "submitted_at"]
        _saved(submission, by, fields)
        _step(submission, StepKind.SUBMIT, before, "", by)
    else:
        _saved(submission, by, fields)
    _rescore(submission)
    submission.refresh_from_db()
    return submission


def attachment_add(*, submission: Submission, upload, by=None) -> SubmissionAttachment:
    """A file for the member's self-assessment (while it can be edited)."""
    with transaction.atomic():
        submission = _lock(submission, None)
        if submission.status not in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
            raise ValidationError(_("Chỉ đính kèm tệp khi bản tự đánh giá chưa nộp hoặc bị trả lại."))
        if submission.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError({"file": _("Mỗi bản đánh giá đính kèm tối đa {n} tệp.").format(n=MAX_ATTACHMENTS)})
        attachment = SubmissionAttachment(submission=submission, uploaded_by=_user(by))
        attachment.attach(upload)
        attachment.save()
        return attachment


def _review_allowed(submission: Submission, note: str) -> None:
    evaluation_round = submission.round
    status = submission.status
    if evaluation_round.status == RoundStatus.DECIDING and status == SubmissionStatus.SUBMITTED:
        return  # sent back by the committee
    if evaluation_round.status not in (RoundStatus.OPEN, RoundStatus.REVIEWING):
        raise ValidationError(_("Tổ công đoàn không chấm điểm lúc này (bước «{step}»).").format(
            step=RoundStatus(evaluation_round.status).label))  # fmt: skip
    if status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED):
        if evaluation_round.status != RoundStatus.REVIEWING:
            raise ValidationError(_("{name} chưa nộp bản tự đánh giá.").format(name=submission.member.full_name))
        if not note.strip():
            raise ValidationError({"review_note": _("{name} chưa tự đánh giá: ghi lý do tổ chấm thay.").format(
                name=submission.member.full_name)})  # fmt: skip
    elif status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.REVIEWED):
        raise ValidationError(_("Ban Chấp hành đã quyết định kết quả của {name}.").format(
            name=submission.member.full_name))  # fmt: skip


@transaction.atomic
def submission_review(*, submission: Submission, version: int, scores: dict[int, Any] | None = None,
                      worked_months=None, note: str | None = None, complete: bool = False,
                      by=None) -> Submission:  # fmt: skip
    """The group scores the manual criteria (and may correct the months worked); ``complete`` finishes the review
    (criteria the group did not score keep the member's own points)."""
    submission = _lock(submission, version)
    note_text = note if note is not None else submission.review_note
    _review_allowed(submission, note_text)
    rows = _criteria(submission)
    changed = _apply_scores(rows, scores, "review_score")
    months = _check_months(worked_months)
    if months is not None:
        submission.worked_months = months
    submission.review_note = (note_text or "").strip()
    fields = ["worked_months", "review_note"]
    if complete:
        missing = _missing(rows, "review_score", "self_score")
        if missing:
            raise ValidationError(_("Chưa chấm các tiêu chí: {names}.").format(names="; ".join(missing)))
        for row in rows.values():
            if not row.computed and row.review_score is None:
                row.review_score = row.self_score
                changed.append(row)
    CriterionScore.objects.bulk_update(set(changed), ["review_score"])
    if complete:
        before = submission.status
        submission.status, submission.reviewed_at, submission.reviewed_by = (SubmissionStatus.REVIEWED,
                                                                             timezone.now(), _user(by))  # fmt: skip
        fields += ["status", "reviewed_at", "reviewed_by"]
        _saved(submission, by, fields)
        if before != SubmissionStatus.REVIEWED:
            _step(submission, StepKind.REVIEW, before, submission.review_note, by)
    else:
        _saved(submission, by, fields)
    _rescore(submission)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, version: int, reason: str, by=None) -> Submission:
    """The group returns a submission to the member to complete, with the reason."""
    submission = _lock(submission, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Ghi lý do trả lại.")})
    if submission.round.status not in (RoundStatus.OPEN, RoundStatus.REVIEWING) or submission.status not in (
            SubmissionStatus.SUBMITTED, SubmissionStatus.REVIEWED):  # fmt: skip
        raise ValidationError(_("Chỉ trả lại bản đã nộp, trước khi Ban Chấp hành xét."))
    before = submission.status
    submission.status = SubmissionStatus.RETURNED
    _saved(submission, by, ["status"])
    _step(submission, StepKind.RETURN, before, reason.strip(), by)
    return submission


@transaction.atomic
def submission_send_back(*, submission: Submission, version: int, reason: str, by=None) -> Submission:
    """The committee sends a reviewed submission back to the group, with the reason."""
    submission = _lock(submission, version)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Ghi lý do trả lại cho tổ.")})
    if submission.round.status != RoundStatus.DECIDING or submission.status not in (
            SubmissionStatus.REVIEWED, SubmissionStatus.DECIDED):  # fmt: skip
        raise ValidationError(_("Ban Chấp hành chỉ trả lại cho tổ khi đang xét và tổ đã nhận xét."))
    before = submission.status
    submission.status = SubmissionStatus.SUBMITTED
    _saved(submission, by, ["status"])
    _step(submission, StepKind.RETURN, before, reason.strip(), by)
    return submission


@transaction.atomic
def submission_decide(*, submission: Submission, version: int, scores: dict[int, Any] | None = None,
                      reasons: dict[int, str] | None = None, worked_months=None, quota_choice: str | None = None,
                      quota_reason: str = "", note: str = "", by=None) -> Submission:  # fmt: skip
    """The committee decides one result: it may change a criterion's points (with a reason), the months worked, and
    keep or lower an HTXS candidate against the quota. A reopened result (after an objection) is decided alone."""
    submission = _lock(submission, version)
    evaluation_round = submission.round
    reopened = submission.status == SubmissionStatus.REOPENED
    if not reopened and (evaluation_round.status != RoundStatus.DECIDING or submission.status not in (
            SubmissionStatus.REVIEWED, SubmissionStatus.DECIDED)):  # fmt: skip
        raise ValidationError(_("Ban Chấp hành quyết định khi đợt đang ở bước xét và tổ đã nhận xét."))
    rows = _criteria(submission)
    changed = _apply_scores(rows, scores, "decided_score")
    errors = {}
    for row in changed:
        reason = ((reasons or {}).get(row.criterion_id) or "").strip()
        if row.decided_score is not None and row.decided_score != row.review_score and not reason:
            errors[f"score_{row.criterion_id}"] = _("Ghi lý do đổi điểm tiêu chí «{name}».").format(
                name=row.criterion.name)  # fmt: skip
        row.decision_reason = reason
    if quota_choice is not None:
        if quota_choice not in QuotaChoice.values:
            errors["quota_choice"] = _("Lựa chọn không hợp lệ.")
        elif quota_choice == QuotaChoice.LOWER and not quota_reason.strip():
            errors["quota_reason"] = _("Ghi lý do xếp HTT.")
    if errors:
        raise ValidationError(errors)
    CriterionScore.objects.bulk_update(set(changed), ["decided_score", "decision_reason"])
    months = _check_months(worked_months)
    if months is not None:
        submission.worked_months = months
    if quota_choice is not None:
        submission.quota_choice, submission.quota_reason = quota_choice, quota_reason.strip()
    level_before = submission.level
    before = submission.status
    submission.status, submission.decision_note = SubmissionStatus.DECIDED, note.strip() or submission.decision_note
    submission.decided_at, submission.decided_by = timezone.now(), _user(by)
    _saved(submission, by, ["worked_months", "quota_choice", "quota_reason", "status", "decision_note", "decided_at",
                            "decided_by"])  # fmt: skip
    _rescore(submission)
    if reopened:
        submission.refresh_from_db()
        engine.quota_for_one(evaluation_round, submission, round_rules(evaluation_round))
        submission.refresh_from_db()
        change = _("Xét lại theo phản hồi: {before} → {after}.").format(
            before=Level(level_before).label if level_before else "—", after=Level(submission.level).label
        )
        _step(submission, StepKind.DECIDE, before, f"{change} {note}".strip(), by)
        objection = submission.objections.filter(status=ObjectionStatus.ACCEPTED).order_by("-resolved_at").first()
        if objection is not None:
            objection.level_after = submission.level
            objection.save(update_fields=["level_after", "updated_at"])
    else:
        engine.reclassify([evaluation_round])
        _step(submission, StepKind.DECIDE, before, note, by)
    submission.refresh_from_db()
    return submission


# --- unit results --------------------------------------------------------------------------------------------------


@transaction.atomic
def unit_result_update(*, result: UnitResult, version: int, parts: dict[str, Any] | None = None, bonus=None,
                       score=None, by=None) -> UnitResult:  # fmt: skip
    """The committee (or the upper union) scores a unit: the scale's parts and bonus, or one score for a scale
    without parts. Ranks and levels of the round are recomputed."""
    result = UnitResult.objects.select_for_update(of=("self",)).select_related("round", "unit").get(pk=result.pk)
    if result.version != version:
        raise EditConflict(_("Điểm của {unit} vừa được người khác lưu. Không có gì bị ghi đè: hãy tải lại.").format(
            unit=result.unit.name), result.version)  # fmt: skip
    _refuse_locked(result.round)
    scale_value, _raw = unit_scale(result.round.rule_pack, result.round.rules_on, result.population)
    errors: dict[str, str] = {}

    def number(key: str, raw, maximum) -> Decimal | None:
        try:
            value = _parse_score(raw)
        except ValueError:
            errors[key] = _("«{raw}» không phải là số điểm.").format(raw=raw)
            return None
        if value is not None and not 0 <= value <= Decimal(str(maximum)):
            errors[key] = _("Điểm phải từ 0 đến {max}.").format(max=maximum)
        return value

    if scale_value.parts:
        new_parts = dict(result.parts or {})
        for name, maximum in scale_value.parts.items():
            if parts is not None and name in parts:
                value = number(f"part_{name}", parts[name], maximum)
                new_parts[name] = None if value is None else float(value)
        unknown = set(parts or {}) - set(scale_value.parts)
        if unknown:
            errors["parts"] = _("Thang không có nhóm: {names}.").format(names=", ".join(sorted(unknown)))
        result.parts = new_parts
        if bonus is not None:
            result.bonus = number("bonus", bonus, scale_value.bonus_max)
    elif score is not None:
        result.score = number("score", score, scale_value.max_points)
    if errors:
        raise ValidationError(errors)
    result.version += 1
    result.entered_by, result.entered_at = _user(by), timezone.now()
    result.save()
    batch = engine.batches([result.round])[0]
    engine.unit_results(batch)
    result.refresh_from_db()
    return result


# --- publication and objections -------------------------------------------------------------------------------------


@transaction.atomic
def objection_submit(*, submission: Submission, text: str, by=None, on: datetime.date | None = None) -> Objection:
    """A member objects to their published result, within the objection window."""
    submission = _lock(submission, None)
    evaluation_round = submission.round
    if evaluation_round.status != RoundStatus.PUBLISHED:
        raise ValidationError(_("Kết quả chưa được công khai."))
    if (on or today()) > evaluation_round.objection_deadline:
        raise ValidationError(_("Đã hết hạn phản hồi (đến hết ngày {date}).").format(
            date=d(evaluation_round.objection_deadline)))  # fmt: skip
    if not (text or "").strip():
        raise ValidationError({"text": _("Ghi nội dung phản hồi.")})
    if submission.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise ValidationError(_("Bạn đã có một phản hồi đang chờ giải quyết."))
    try:
        with transaction.atomic():
            return Objection.objects.create(submission=submission, text=text.strip(), submitted_by=_user(by),
                                            level_before=submission.level)  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("Bạn đã có một phản hồi đang chờ giải quyết.")) from None


@transaction.atomic
def objection_resolve(*, objection: Objection, accept: bool, resolution: str, by=None) -> Objection:
    """The committee answers an objection. Accepting it reopens that member's result only (logged); the committee
    then decides it again (``submission_decide``)."""
    objection = Objection.objects.select_for_update(of=("self",)).select_related("submission").get(pk=objection.pk)
    if objection.status != ObjectionStatus.OPEN:
        raise ValidationError(_("Phản hồi này đã được giải quyết."))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": _("Ghi nội dung trả lời.")})
    objection.status = ObjectionStatus.ACCEPTED if accept else ObjectionStatus.REJECTED
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution.strip(), _user(by), timezone.now()
    objection.level_after = "" if accept else objection.level_before
    objection.save()
    if accept:
        submission = _lock(objection.submission, None)
        before = submission.status
        submission.status = SubmissionStatus.REOPENED
        _saved(submission, by, ["status"])
        _step(submission, StepKind.REOPEN, before, resolution.strip(), by)
    return objection


__all__ = [
    "EditConflict",
    "attachment_add",
    "objection_resolve",
    "objection_submit",
    "round_create",
    "round_decide_all",
    "round_finalise",
    "round_open",
    "round_publish",
    "round_reevaluate",
    "round_start_decision",
    "round_start_review",
    "round_update",
    "submission_decide",
    "submission_return",
    "submission_review",
    "submission_self_assess",
    "submission_send_back",
    "unit_result_update",
]
