"""Writes for initiatives: drafting, submission, council scoring and the decisions of each level.

The workflow (``InitiativeStatus``)::

    draft ──submit──▶ submitted ──start_review──▶ under_review ──recognise──▶ recognised ──forward──▶ forwarded
      ▲                  │  ▲                          │                         ▲                      │
      │                  │  └──────resubmit──── returned ◀──return──────────────────────────────────────┤
      └── edit ──────────┘                             │                         │ (upper rejects:      │
                                                       └──reject──▶ rejected     │  lower recognition   │
                                                                                 └──── stands) ◀────────┘

Every function checks the transition and its data and raises ValidationError naming the field at fault. Who may call
which function is decided by the views and the API (``selectors.initiative_permissions``).
"""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.initiatives.choices import (
    EDITABLE,
    IN_REVIEW,
    DecisionOutcome,
    InitiativeField,
    InitiativeStatus,
    RecognitionScope,
)
from thidua.initiatives.data import (
    ATTACHMENT_TYPES,
    DEFAULT_ATTACHMENT_MAX_BYTES,
    MAX_ATTACHMENTS,
    MAX_SCOPE_BY_LEVEL,
    MIN_SCORE_SHARE_KEY,
    QUORUM_SHARE_KEY,
    default_criteria,
    scope_rank,
)
from thidua.initiatives.models import (
    CouncilScore,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeCouncil,
    InitiativeDecision,
)
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.organizations.choices import UNIT_LEVELS
from thidua.organizations.models import Unit
from thidua.rules.selectors import pack_in_force, param

CONTENT_FIELDS = (
    "title",
    "field",
    "problem",
    "solution",
    "application_scope",
    "applied_from",
    "expected_money",
    "expected_hours",
    "expected_other",
    "measured_money",
    "measured_hours",
    "measured_other",
    "confidential",
)
REVIEW_LEVEL = 4  # the grassroots union reviews initiatives submitted in its groups and member unions
HUNDRED = Decimal(100)

AuthorShares = Iterable[tuple[Member, Decimal | int | float | str]]


# -- rule values -------------------------------------------------------------------------------------------------------


def rule_value(key: str, *, on: datetime.date, unit: Unit | None = None) -> float:
    """A recognition threshold from the rule pack in force for the unit on that date (RuleMissing if absent)."""
    return float(param(pack_in_force(on=on, unit=unit), key, on=on).value)


# -- units -------------------------------------------------------------------------------------------------------------


def default_review_unit(unit: Unit) -> Unit:
    """The nearest union unit at grassroots level or above, from ``unit`` up (a group's initiative is reviewed by its
    grassroots union)."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    by_id = Unit.objects.in_bulk(ids)
    for pk in reversed(ids):
        candidate = by_id.get(pk)
        level = UNIT_LEVELS.get(candidate.kind) if candidate else None
        if level is not None and level <= REVIEW_LEVEL:
            return candidate
    return unit


def max_scope_for(unit: Unit) -> str:
    return MAX_SCOPE_BY_LEVEL.get(unit.level or 0, RecognitionScope.GRASSROOTS)


# -- drafting ----------------------------------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def _check_authors(authors: list[tuple[Member, Decimal]], *, review_unit: Unit, by, unit: Unit) -> None:
    if not authors:
        raise ValidationError({"authors": _("Sáng kiến phải có ít nhất một tác giả.")})
    seen: set[int] = set()
    problems: list[str] = []
    total = Decimal(0)
    for member, share in authors:
        if member.pk in seen:
            problems.append(_("«{name}» được ghi hai lần.").format(name=member.full_name))
        seen.add(member.pk)
        if share is None or share.is_nan() or share <= 0 or share > HUNDRED:
            problems.append(_("Tỷ lệ đóng góp của «{name}» phải lớn hơn 0 và không quá 100.").format(
                name=member.full_name))  # fmt: skip
        else:
            total += share
        if member.status != MemberStatus.ACTIVE:
            problems.append(_("«{name}» không còn sinh hoạt công đoàn.").format(name=member.full_name))
        elif not member.unit.path.startswith(review_unit.path):
            problems.append(_("«{name}» không thuộc {unit}.").format(name=member.full_name, unit=review_unit.name))
    if not problems and total != HUNDRED:
        problems.append(_("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (đang là {total}%).").format(
            total=_plain(total)))  # fmt: skip
    if by is not None and not get_scope(by).covers_path(Action.CHANGE_MEMBERS, unit.path):
        own = set(get_scope(by).member_ids)
        if not own & seen:
            problems.append(_("Bạn chỉ đăng ký được sáng kiến mà mình là một tác giả."))
    if problems:
        raise ValidationError({"authors": problems})


def _plain(number: Decimal) -> str:
    """90.00 → "90", 33.50 → "33.5" (never "9E+1")."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _normalise_authors(authors: AuthorShares) -> list[tuple[Member, Decimal]]:
    return [(member, _decimal(share)) for member, share in authors]


def _apply_content(initiative: Initiative, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name in CONTENT_FIELDS:
            if isinstance(value, str):
                value = value.strip()
            setattr(initiative, name, value)


def _check_content(initiative: Initiative, *, complete: bool) -> None:
    errors: dict[str, list[str]] = {}
    try:
        initiative.full_clean(exclude=["unit", "review_unit", "council", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for name in ("expected_money", "measured_money", "expected_hours", "measured_hours"):
        value = getattr(initiative, name)
        if value is not None and name not in errors and value < 0:
            errors.setdefault(name, []).append(_("Không được âm."))
    if initiative.field and initiative.field not in InitiativeField.values:
        errors.setdefault("field", []).append(_("Lĩnh vực không hợp lệ."))
    if complete:
        for name, label in (("problem", _("thực trạng, vấn đề")), ("solution", _("nội dung giải pháp"))):
            if not getattr(initiative, name).strip() and name not in errors:
                errors.setdefault(name, []).append(_("Cần mô tả {what} trước khi nộp.").format(what=label))
    if errors:
        raise ValidationError(errors)


def _set_authors(initiative: Initiative, authors: list[tuple[Member, Decimal]]) -> None:
    current = {a.member_id: a for a in initiative.authors.all()}
    wanted = {member.pk: share for member, share in authors}
    for member_id, author in current.items():
        if member_id not in wanted:
            author.delete()
        elif author.share != wanted[member_id]:
            author.share = wanted[member_id]
            author.save()
    for member, share in authors:
        if member.pk not in current:
            InitiativeAuthor.objects.create(initiative=initiative, member=member, share=share)


@transaction.atomic
def initiative_create(*, unit: Unit, authors: AuthorShares, by=None, **fields: Any) -> Initiative:
    """A new draft at ``unit``. The authors (member, share %) must belong to the reviewing grassroots union and their
    shares sum to 100; a user who does not manage members there must be one of them."""
    errors: dict[str, list[str]] = {}
    if not unit.is_open:
        errors["unit"] = [_("Đơn vị «{unit}» đã giải thể.").format(unit=unit.name)]
    elif unit.level is None:
        errors["unit"] = [_("Sáng kiến được nộp tại một đơn vị công đoàn, không phải cơ quan nhà nước.")]
    initiative = Initiative(unit=unit, review_unit=default_review_unit(unit), created_by=_user(by))
    _apply_content(initiative, fields)
    try:
        _check_content(initiative, complete=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    shares = _normalise_authors(authors)
    try:
        _check_authors(shares, review_unit=initiative.review_unit, by=by, unit=unit)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    initiative.save()
    _set_authors(initiative, shares)
    return initiative


def _locked(initiative: Initiative) -> Initiative:
    qs = Initiative.objects.select_for_update(of=("self",)).select_related("unit", "review_unit", "council")
    return qs.get(pk=initiative.pk)


@transaction.atomic
def initiative_update(*, initiative: Initiative, by=None, authors: AuthorShares | None = None, **fields: Any):
    """Edit a draft, or an initiative returned for completion. Only the fields given change."""
    initiative = _locked(initiative)
    if initiative.status not in EDITABLE:
        raise ValidationError(_("Chỉ sửa được bản nháp hoặc sáng kiến bị trả lại để bổ sung."))
    _apply_content(initiative, fields)
    errors: dict = {}
    try:
        _check_content(initiative, complete=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    shares = None
    if authors is not None:
        shares = _normalise_authors(authors)
        try:
            _check_authors(shares, review_unit=initiative.review_unit, by=by, unit=initiative.unit)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    initiative.save()
    if shares is not None:
        _set_authors(initiative, shares)
    return initiative


@transaction.atomic
def initiative_submit(*, initiative: Initiative, by=None, on: datetime.date | None = None) -> Initiative:
    """Submit a draft (or resubmit after a return) to the reviewing unit. The content must be complete."""
    initiative = _locked(initiative)
    if initiative.status not in EDITABLE:
        raise ValidationError(_("Sáng kiến đã được nộp."))
    _check_content(initiative, complete=True)
    shares = [(a.member, a.share) for a in initiative.authors.select_related("member__unit")]
    _check_authors(shares, review_unit=initiative.review_unit, by=None, unit=initiative.unit)
    on = on or timezone.localdate()
    if initiative.submitted_on is None:
        initiative.submitted_on = on
    if initiative.status == InitiativeStatus.RETURNED and initiative.council_id:
        initiative.status = InitiativeStatus.UNDER_REVIEW
    elif initiative.status == InitiativeStatus.RETURNED and initiative.recognised_scope:
        initiative.status = InitiativeStatus.FORWARDED  # returned by the upper unit: back to its review
    else:
        initiative.status = InitiativeStatus.SUBMITTED
    initiative.save()
    return initiative


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


# -- attachments -------------------------------------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return int(getattr(settings, "THIDUA_INITIATIVE_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def check_attachment(*, name: str, size: int, head: bytes) -> str:
    """The content type to store, or ValidationError: only pdf, docx, xlsx, jpg and png whose first bytes match."""
    import pathlib

    suffix = pathlib.Path(name).suffix.lower()
    kind = ATTACHMENT_TYPES.get(suffix)
    if kind is None:
        allowed = ", ".join(sorted({s.lstrip(".") for s in ATTACHMENT_TYPES}))
        raise ValidationError({"file": _("Chỉ nhận tệp {allowed}; «{name}» không đúng loại.").format(
            allowed=allowed, name=name)})  # fmt: skip
    limit = attachment_max_bytes()
    if size > limit:
        raise ValidationError({"file": _("Tệp nặng {size} MB, vượt giới hạn {limit} MB.").format(
            size=round(size / 1024 / 1024, 1), limit=round(limit / 1024 / 1024, 1))})  # fmt: skip
    if size == 0 or not any(head.startswith(magic) for magic in kind[1]):
        raise ValidationError({"file": _("Nội dung tệp «{name}» không khớp với đuôi {suffix}.").format(
            name=name, suffix=suffix)})  # fmt: skip
    return kind[0]


@transaction.atomic
def attachment_add(*, initiative: Initiative, upload, by=None) -> InitiativeAttachment:
    initiative = _locked(initiative)
    if initiative.status not in EDITABLE:
        raise ValidationError(_("Chỉ đính kèm tệp khi sáng kiến là bản nháp hoặc bị trả lại để bổ sung."))
    if initiative.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("Mỗi sáng kiến đính kèm tối đa {n} tệp.").format(n=MAX_ATTACHMENTS)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = check_attachment(name=upload.name, size=upload.size, head=head)
    attachment = InitiativeAttachment(initiative=initiative, name=upload.name[:255], size=upload.size,
                                      content_type=content_type, uploaded_by=_user(by))  # fmt: skip
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: InitiativeAttachment) -> None:
    initiative = _locked(attachment.initiative)
    if initiative.status not in EDITABLE:
        raise ValidationError(_("Chỉ gỡ tệp khi sáng kiến là bản nháp hoặc bị trả lại để bổ sung."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


# -- councils ----------------------------------------------------------------------------------------------------------


def _check_criteria(criteria: list[dict]) -> list[dict]:
    cleaned, keys = [], set()
    for item in criteria:
        try:
            key, label, points = str(item["key"]).strip(), str(item["label"]).strip(), int(item["max_points"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"criteria": _("Mỗi tiêu chí cần mã, tên và điểm tối đa.")}) from None
        if not key or not label or points <= 0 or key in keys:
            raise ValidationError({"criteria": _("Tiêu chí «{label}» không hợp lệ hoặc bị lặp.").format(label=label)})
        keys.add(key)
        cleaned.append({"key": key, "label": label, "max_points": points})
    if not cleaned:
        raise ValidationError({"criteria": _("Hội đồng cần ít nhất một tiêu chí chấm điểm.")})
    return cleaned


@transaction.atomic
def council_create(*, unit: Unit, year: int, name: str, members: Iterable[Member],
                   criteria: list[dict] | None = None) -> InitiativeCouncil:  # fmt: skip
    """An initiative council of ``unit`` for ``year`` with its members (active members) and score sheet."""
    members = list(members)
    errors: dict[str, list[str]] = {}
    if not members:
        errors["members"] = [_("Hội đồng cần ít nhất một thành viên.")]
    inactive = [m.full_name for m in members if m.status != MemberStatus.ACTIVE]
    if inactive:
        errors["members"] = [_("Không còn sinh hoạt: {names}.").format(names=", ".join(inactive))]
    if not name.strip():
        errors["name"] = [_("Không được để trống.")]
    if unit.level is None or not unit.is_open:
        errors["unit"] = [_("Hội đồng thuộc một đơn vị công đoàn đang hoạt động.")]
    if InitiativeCouncil.objects.filter(unit=unit, year=year, name=name.strip()).exists():
        errors["name"] = [_("Đơn vị đã có hội đồng cùng tên trong năm {year}.").format(year=year)]
    try:
        criteria = _check_criteria(criteria if criteria is not None else default_criteria())
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    council = InitiativeCouncil.objects.create(unit=unit, year=year, name=name.strip(), criteria=criteria)
    council.members.set(members)
    return council


@transaction.atomic
def initiative_start_review(*, initiative: Initiative, council: InitiativeCouncil, by=None) -> Initiative:
    """Put an initiative before a council of the unit that reviews it (also to change the council)."""
    initiative = _locked(initiative)
    if initiative.status not in IN_REVIEW:
        raise ValidationError(_("Sáng kiến không ở trạng thái chờ xét."))
    if council.unit_id != initiative.review_unit_id:
        raise ValidationError({"council": _("Hội đồng phải thuộc {unit}, đơn vị đang xét sáng kiến.").format(
            unit=initiative.review_unit.name)})  # fmt: skip
    initiative.council = council
    initiative.status = InitiativeStatus.UNDER_REVIEW
    initiative.save()
    return initiative


@transaction.atomic
def council_score_record(*, initiative: Initiative, member: Member, points: Mapping[str, Any]) -> list[CouncilScore]:
    """Record (or correct) one council member's points for every criterion of the council's score sheet."""
    initiative = _locked(initiative)
    council = initiative.council
    if initiative.status != InitiativeStatus.UNDER_REVIEW or council is None:
        raise ValidationError(_("Sáng kiến chưa được đưa ra hội đồng."))
    if not council.members.filter(pk=member.pk).exists():
        raise ValidationError({"member": _("«{name}» không phải thành viên hội đồng.").format(name=member.full_name)})
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Decimal] = {}
    for criterion in council.criteria:
        key, limit = criterion["key"], Decimal(criterion["max_points"])
        value = _decimal(points.get(key))
        if value is None:
            errors[key] = [_("Chưa chấm tiêu chí này.")]
        elif value.is_nan() or value < 0 or value > limit:
            errors[key] = [_("Điểm phải từ 0 đến {limit}.").format(limit=limit)]
        else:
            parsed[key] = value
    unknown = sorted(set(points) - {c["key"] for c in council.criteria})
    if unknown:
        errors["__all__"] = [_("Tiêu chí không có trong phiếu chấm: {keys}.").format(keys=", ".join(unknown))]
    if errors:
        raise ValidationError(errors)
    scores = []
    for key, value in parsed.items():
        score, _created = CouncilScore.objects.update_or_create(
            council=council, initiative=initiative, member=member, criterion=key, defaults={"points": value}
        )
        scores.append(score)
    return scores


# -- decisions ---------------------------------------------------------------------------------------------------------


def _decide(initiative: Initiative, *, outcome: str, on: datetime.date, by, **fields) -> InitiativeDecision:
    return InitiativeDecision.objects.create(initiative=initiative, unit=initiative.review_unit,
                                             council=initiative.council, outcome=outcome, decided_on=on,
                                             created_by=_user(by), **fields)  # fmt: skip


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi rõ lý do để tác giả biết.")})
    return reason


@transaction.atomic
def initiative_return(*, initiative: Initiative, reason: str, by=None, on: datetime.date | None = None) -> Initiative:
    """Return to the authors with reasons; they edit and resubmit, and the same unit reviews it again."""
    initiative = _locked(initiative)
    if initiative.status not in IN_REVIEW:
        raise ValidationError(_("Chỉ trả lại sáng kiến đang chờ xét."))
    reason = _reason(reason)
    _decide(initiative, outcome=DecisionOutcome.RETURNED, on=on or timezone.localdate(), by=by, reason=reason)
    initiative.status = InitiativeStatus.RETURNED
    initiative.return_reason = reason
    initiative.save()
    return initiative


@transaction.atomic
def initiative_reject(*, initiative: Initiative, reason: str, by=None, on: datetime.date | None = None) -> Initiative:
    """Not recognised by this unit. A recognition by a lower level stands (the initiative stays recognised there)."""
    initiative = _locked(initiative)
    if initiative.status not in IN_REVIEW:
        raise ValidationError(_("Chỉ quyết định với sáng kiến đang chờ xét."))
    reason = _reason(reason)
    _decide(initiative, outcome=DecisionOutcome.REJECTED, on=on or timezone.localdate(), by=by, reason=reason)
    initiative.status = InitiativeStatus.RECOGNISED if initiative.recognised_scope else InitiativeStatus.REJECTED
    initiative.return_reason = reason
    initiative.save()
    return initiative


def council_result(initiative: Initiative) -> dict:
    """The council's scores so far: members who scored, the average total and the maximum."""
    council = initiative.council
    if council is None:
        return {"scored": 0, "members": 0, "average": None, "max_points": 0}
    totals: dict[int, Decimal] = {}
    for member_id, points in CouncilScore.objects.filter(council=council, initiative=initiative).values_list(
        "member_id", "points"
    ):
        totals[member_id] = totals.get(member_id, Decimal(0)) + points
    average = sum(totals.values()) / len(totals) if totals else None
    return {"scored": len(totals), "members": council.members.count(), "average": average,
            "max_points": council.max_points}  # fmt: skip


def _check_council_vote(initiative: Initiative, on: datetime.date) -> None:
    result = council_result(initiative)
    quorum = rule_value(QUORUM_SHARE_KEY, on=on, unit=initiative.review_unit)
    min_share = rule_value(MIN_SCORE_SHARE_KEY, on=on, unit=initiative.review_unit)
    if result["scored"] <= result["members"] * quorum:
        raise ValidationError(_("Mới có {scored}/{members} thành viên hội đồng chấm điểm; cần quá {share}% số thành "
                                "viên.").format(scored=result["scored"], members=result["members"],
                                                share=round(quorum * 100)))  # fmt: skip
    needed = Decimal(str(min_share)) * result["max_points"]
    if result["average"] < needed:
        raise ValidationError(_("Điểm trung bình {avg}/{max} thấp hơn mức công nhận {need}.").format(
            avg=round(result["average"], 1), max=result["max_points"], need=round(needed, 1)))  # fmt: skip


@transaction.atomic
def initiative_recognise(*, initiative: Initiative, scope: str, recognised_on: datetime.date, decision_number: str,
                         by=None, note: str = "") -> Initiative:  # fmt: skip
    """Recognise at ``scope`` by a decision (number and date) of the reviewing unit. When a council reviewed it, the
    council's scores must pass the rule pack's quorum and score thresholds."""
    initiative = _locked(initiative)
    if initiative.status not in IN_REVIEW:
        raise ValidationError(_("Chỉ công nhận sáng kiến đang chờ xét."))
    errors: dict[str, list[str]] = {}
    widest = max_scope_for(initiative.review_unit)
    if scope not in RecognitionScope.values:
        errors["scope"] = [_("Phạm vi không hợp lệ.")]
    elif scope_rank(scope) > scope_rank(widest):
        errors["scope"] = [_("{unit} chỉ công nhận được tới phạm vi «{scope}».").format(
            unit=initiative.review_unit.name, scope=RecognitionScope(widest).label)]  # fmt: skip
    elif scope_rank(scope) <= scope_rank(initiative.recognised_scope):
        message = _("Sáng kiến đã được công nhận ở phạm vi «{scope}»; cấp này phải công nhận rộng hơn.")
        errors["scope"] = [message.format(scope=initiative.get_recognised_scope_display())]
    decision_number = (decision_number or "").strip()
    if not decision_number:
        errors["decision_number"] = [_("Ghi số quyết định công nhận, ví dụ 25/QĐ-CĐSTNMT.")]
    if recognised_on is None:
        errors["recognised_on"] = [_("Ghi ngày quyết định.")]
    elif initiative.submitted_on and recognised_on < initiative.submitted_on:
        errors["recognised_on"] = [_("Ngày công nhận không thể trước ngày nộp ({date}).").format(
            date=initiative.submitted_on.strftime("%d/%m/%Y"))]  # fmt: skip
    if errors:
        raise ValidationError(errors)
    if initiative.council_id:
        _check_council_vote(initiative, recognised_on)
    _decide(initiative, outcome=DecisionOutcome.RECOGNISED, on=recognised_on, by=by, scope=scope,
            decision_number=decision_number, reason=note.strip())  # fmt: skip
    initiative.status = InitiativeStatus.RECOGNISED
    initiative.recognised_scope = scope
    initiative.recognised_on = recognised_on
    initiative.decision_number = decision_number
    initiative.return_reason = ""
    initiative.save()
    return initiative


@transaction.atomic
def initiative_forward(*, initiative: Initiative, to_unit: Unit, by=None, on: datetime.date | None = None,
                       note: str = "") -> Initiative:  # fmt: skip
    """Send a recognised initiative to an upper unit's review (to be recognised at a wider scope). The upper unit
    becomes the reviewing unit; the lower recognition stands whatever it decides."""
    initiative = _locked(initiative)
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise ValidationError(_("Chỉ chuyển lên cấp trên sáng kiến đã được công nhận."))
    current = initiative.review_unit
    if (to_unit.pk == current.pk or not current.path.startswith(to_unit.path) or to_unit.level is None
            or not to_unit.is_open):  # fmt: skip
        raise ValidationError(
            {"to_unit": _("Chọn một đơn vị công đoàn cấp trên của {unit}.").format(unit=current.name)}
        )
    if scope_rank(max_scope_for(to_unit)) <= scope_rank(initiative.recognised_scope):
        raise ValidationError({"to_unit": _("{unit} không công nhận được ở phạm vi rộng hơn «{scope}».").format(
            unit=to_unit.name, scope=initiative.get_recognised_scope_display())})  # fmt: skip
    _decide(initiative, outcome=DecisionOutcome.FORWARDED, on=on or timezone.localdate(), by=by, to_unit=to_unit,
            reason=note.strip())  # fmt: skip
    initiative.review_unit = to_unit
    initiative.council = None
    initiative.status = InitiativeStatus.FORWARDED
    initiative.save()
    return initiative
