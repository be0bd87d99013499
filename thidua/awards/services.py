"""Writes of the commendation workflow: proposals and their items through the levels, council sessions with secret
ballots, award decisions with their awardees and rewards.

Every legal number (vote thresholds, caps, reward coefficients, base salary) is read from the rule pack in force
(``thidua.rules.selectors``). Functions take keyword-only arguments, run in one transaction and raise Django's
``ValidationError`` with Vietnamese messages keyed by the field they concern.
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.choices import (
    PROPOSAL_CLOSED,
    PROPOSAL_EDITABLE,
    Attendance,
    BallotChoice,
    ProposalStatus,
    RecordSource,
    SeatRole,
    SessionStatus,
)
from thidua.awards.models import (
    Awardee,
    AwardRecord,
    Ballot,
    CouncilSeat,
    CouncilSession,
    Decision,
    Proposal,
    ProposalEvent,
    ProposalItem,
    SessionItem,
)
from thidua.members.models import Member
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.numbering import document_symbol, next_number
from thidua.rules import selectors as rules
from thidua.rules.choices import Subject

# The order in which a batch moves; the batch shows the least advanced status among its open items.
STATUS_ORDER = [
    ProposalStatus.DRAFT,
    ProposalStatus.RETURNED,
    ProposalStatus.SUBMITTED,
    ProposalStatus.RECEIVED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.VOTED,
]
# Items the receiving level may still act on (return, reject, put to the vote, decide).
RECEIVING_OPEN = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.RECEIVED, ProposalStatus.UNDER_REVIEW,
                            ProposalStatus.VOTED})  # fmt: skip
DECIDABLE = frozenset({ProposalStatus.RECEIVED, ProposalStatus.UNDER_REVIEW, ProposalStatus.VOTED})
SERIES_PROPOSAL = "TTr"
SERIES_DECISION = "QĐ"


def _judging_date(year: int) -> datetime.date:
    """Achievements of a year are judged by the rules in force at its end."""
    return datetime.date(year, 12, 31)


def _event(*, proposal: Proposal, to_status: str, from_status: str = "", item: ProposalItem | None = None,
           reason: str = "", by=None) -> ProposalEvent:  # fmt: skip
    return ProposalEvent.objects.create(proposal=proposal, item=item, from_status=from_status, to_status=to_status,
                                        reason=reason, by=_user(by))  # fmt: skip


def _user(by):
    """The acting user to store, or None (scripts, demo data)."""
    return by if getattr(by, "is_authenticated", False) else None


def _set_item_status(item: ProposalItem, status: str, *, by=None, reason: str = "") -> None:
    previous = item.status
    item.status = status
    fields = ["status", "updated_at"]
    if status in (ProposalStatus.RETURNED, ProposalStatus.REJECTED) and reason:
        item.return_reason = reason
        fields.append("return_reason")
    item.save(update_fields=fields)
    _event(proposal=item.proposal, item=item, from_status=previous, to_status=status, reason=reason, by=by)


def derived_status(statuses: list[str]) -> str:
    """The status of a batch from its items: the least advanced open item; when every item is closed, decided if
    any was decided, else rejected. A batch without items is a draft."""
    open_ = [s for s in statuses if s not in PROPOSAL_CLOSED]
    if open_:
        return min(open_, key=STATUS_ORDER.index)
    if ProposalStatus.DECIDED in statuses:
        return ProposalStatus.DECIDED
    return ProposalStatus.REJECTED if statuses else ProposalStatus.DRAFT


def _sync_proposal(proposal: Proposal, *, by=None, reason: str = "") -> Proposal:
    if proposal.status == ProposalStatus.DRAFT and not proposal.submitted_on:
        return proposal  # never submitted: stays a draft whatever its items
    status = derived_status(list(proposal.items.values_list("status", flat=True)))
    if status != proposal.status:
        previous = proposal.status
        proposal.status = status
        proposal.save(update_fields=["status", "updated_at"])
        _event(proposal=proposal, from_status=previous, to_status=status, reason=reason, by=by)
    return proposal


# -- proposals ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, proposing_unit: Unit, to_unit: Unit, year: int, subject_line: str, movement=None,
                    signer_name: str = "", signer_title: str = "", by=None) -> Proposal:  # fmt: skip
    """A draft batch from ``proposing_unit`` to the conferring level ``to_unit`` (the unit itself or one above it)."""
    errors = {}
    if not proposing_unit.path.startswith(to_unit.path):
        errors["to_unit"] = _("Cấp xét phải là chính đơn vị đề nghị hoặc một cấp trên của đơn vị đó.")
    if to_unit.closed_on or proposing_unit.closed_on:
        errors["to_unit"] = _("Đơn vị đã giải thể, sáp nhập.")
    if not subject_line.strip():
        errors["subject_line"] = _("Nhập trích yếu của tờ trình.")
    if not 1990 <= year <= 2100:
        errors["year"] = _("Năm thành tích không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    proposal = Proposal.objects.create(proposing_unit=proposing_unit, to_unit=to_unit, year=year,
                                       subject_line=subject_line.strip(), movement=movement, signer_name=signer_name,
                                       signer_title=signer_title,
                                       created_by=_user(by))  # fmt: skip
    _event(proposal=proposal, to_status=ProposalStatus.DRAFT, by=by)
    return proposal


def _subject_unit(member: Member | None, unit: Unit | None) -> Unit:
    return member.unit if member is not None else unit


def _check_item(*, proposal: Proposal, title_code: str, member: Member | None, unit: Unit | None):
    """The title definition for an item, after the checks that do not depend on the record (scope, subject kind,
    gender restriction)."""
    if (member is None) == (unit is None):
        raise ValidationError({"member": _("Chọn một cá nhân hoặc một tập thể.")})
    subject_unit = _subject_unit(member, unit)
    if not subject_unit.path.startswith(proposal.proposing_unit.path):
        field = "member" if member is not None else "unit"
        raise ValidationError({field: _("«{name}» không thuộc đơn vị đề nghị.").format(
            name=member.full_name if member is not None else unit.name)})  # fmt: skip
    on = _judging_date(proposal.year)
    try:
        title = rules.title(rules.pack_in_force(on=on, unit=proposal.to_unit), title_code, on=on)
    except rules.RuleMissing as error:
        raise ValidationError({"title_code": str(error)}) from error
    expected = Subject.INDIVIDUAL if member is not None else Subject.COLLECTIVE
    if title.subject != expected:
        raise ValidationError({"title_code": _("«{title}» dành cho {subject}.").format(
            title=title.name, subject=Subject(title.subject).label.lower())})  # fmt: skip
    if title.only_gender and member is not None and member.gender != title.only_gender:
        raise ValidationError({"title_code": _("«{title}» chỉ xét cho {gender}; «{name}» không thuộc đối tượng này.")
                               .format(title=title.name, gender=_gender_label(title.only_gender),
                                       name=member.full_name)})  # fmt: skip
    return title


def _gender_label(code: str) -> str:
    from thidua.members.choices import Gender

    return str(Gender(code).label).lower() if code in Gender.values else code


def _apply_eligibility(item: ProposalItem) -> ProposalItem:
    """Run the eligibility check and store its verdict and explanation on the item."""
    from thidua.awards import eligibility

    subject = item.member if item.member_id else item.unit
    try:
        verdict = eligibility.check(subject=subject, title_code=item.title_code, year=item.proposal.year)
    except rules.RuleMissing as error:
        raise ValidationError({"title_code": str(error)}) from error
    item.eligible = verdict.eligible
    item.eligibility = verdict.to_json()
    item.checked_at = timezone.now()
    return item


@transaction.atomic
def item_add(*, proposal: Proposal, title_code: str, member: Member | None = None, unit: Unit | None = None,
             achievements: str = "", override_reason: str = "", by=None) -> ProposalItem:  # fmt: skip
    """Add a person or collective for a title to an editable batch; eligibility is checked and stored now."""
    if proposal.status not in PROPOSAL_EDITABLE:
        raise ValidationError(_("Chỉ thêm vào đề nghị ở trạng thái nháp hoặc bị trả lại."))
    title = _check_item(proposal=proposal, title_code=title_code, member=member, unit=unit)
    duplicate = proposal.items.filter(title_code=title_code)
    duplicate = duplicate.filter(member=member) if member is not None else duplicate.filter(unit=unit)
    if duplicate.exists():
        raise ValidationError({"title_code": _("Đã có trong danh sách đề nghị danh hiệu này.")})
    item = ProposalItem(proposal=proposal, member=member, unit=unit, title_code=title.code, title_name=title.name,
                        achievements=achievements.strip(), override_reason=override_reason.strip(),
                        status=ProposalStatus.DRAFT)  # fmt: skip
    _apply_eligibility(item)
    item.save()
    _event(proposal=proposal, item=item, to_status=item.status, by=by)
    return item


@transaction.atomic
def item_update(*, item: ProposalItem, achievements: str | None = None, override_reason: str | None = None,
                by=None) -> ProposalItem:  # fmt: skip
    """Edit the achievements summary or the reason to propose despite failing eligibility (draft or returned item)."""
    if item.status not in PROPOSAL_EDITABLE:
        raise ValidationError(_("Chỉ sửa mục ở trạng thái nháp hoặc bị trả lại."))
    if achievements is not None:
        item.achievements = achievements.strip()
    if override_reason is not None:
        item.override_reason = override_reason.strip()
    _apply_eligibility(item)
    item.save()
    return item


@transaction.atomic
def item_remove(*, item: ProposalItem, by=None) -> None:
    if item.status != ProposalStatus.DRAFT:
        raise ValidationError(_("Chỉ xóa mục chưa gửi; mục đã gửi rồi bị trả lại thì sửa và gửi lại."))
    item.delete()


@dataclass(frozen=True)
class CapCheck:
    """One cap of the pack applied to a batch about to be submitted."""

    key: str
    title_code: str
    limit: int
    count: int
    scope_label: str
    citation: str


def _province_of(unit: Unit) -> Unit | None:
    """The provincial federation / sector union above (or at) ``unit``: the base of per-province caps."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    return Unit.objects.filter(pk__in=ids, kind=UnitKind.PROVINCIAL).order_by("-path").first()


def _counted_items(title_code: str, year: int):
    """Items that take a place under a cap: submitted and still open or decided (not drafts, returned, rejected)."""
    return ProposalItem.objects.filter(title_code=title_code, proposal__year=year).exclude(
        status__in=[ProposalStatus.DRAFT, ProposalStatus.RETURNED, ProposalStatus.REJECTED])  # fmt: skip


def _check_caps(proposal: Proposal, items: list[ProposalItem], on: datetime.date) -> None:
    """Caps of the pack (``awards.caps.thematic_tld`` on the federation's thematic forms): per province per year and
    per theme nationally. Refused with the cap, the count and the citation."""
    pack = rules.pack_in_force(on=on, unit=proposal.to_unit)
    try:
        cap = rules.param(pack, "awards.caps.thematic_tld", on=on)
    except rules.RuleMissing:
        return
    titles = {t.code: t for t in rules.titles(pack, on=on)}
    by_title = Counter(item.title_code for item in items)
    errors = []
    for code, adding in by_title.items():
        title = titles.get(code)
        if title is None or not (title.thematic and title.level == "union_national"):
            continue
        counted = _counted_items(code, proposal.year).exclude(pk__in=[i.pk for i in items])
        national = cap.value.get("per_theme_per_year_national")
        if national is not None and counted.count() + adding > national:
            errors.append(
                _(
                    "«{title}»: vượt giới hạn {limit} trường hợp mỗi chuyên đề mỗi năm trên toàn quốc "
                    "(đã có {count}, thêm {adding}) — {citation}."
                ).format(title=title.name, limit=national, count=counted.count(), adding=adding, citation=cap.citation)
            )
        per_province = cap.value.get("proposals_per_province")
        province = _province_of(proposal.proposing_unit)
        if per_province is not None and province is not None:
            in_province = counted.filter(proposal__proposing_unit__path__startswith=province.path).count()
            if in_province + adding > per_province:
                errors.append(_("«{title}»: mỗi tỉnh, ngành chỉ đề nghị tối đa {limit} trường hợp ({province} đã có "
                                "{count}, thêm {adding}) — {citation}.").format(
                    title=title.name, limit=per_province, province=province.name, count=in_province, adding=adding,
                    citation=cap.citation))  # fmt: skip
    if errors:
        raise ValidationError({"__all__": errors})


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by=None, on: datetime.date | None = None) -> Proposal:
    """Send the batch (its draft and returned items) to the conferring level.

    Eligibility is checked again; an item that fails must carry a reason to propose it anyway, else the submission is
    refused naming the items. Caps and gender restrictions of the pack are enforced. The first submission takes the
    tờ trình number (series TTr of the proposing unit, restarting each year)."""
    on = on or timezone.localdate()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    items = list(proposal.items.select_related("member", "unit", "proposal__to_unit", "proposal__proposing_unit")
                 .filter(status__in=PROPOSAL_EDITABLE))  # fmt: skip
    if not items:
        raise ValidationError(_("Đề nghị chưa có người, tập thể nào (hoặc không còn mục nào cần gửi)."))
    flagged = []
    for item in items:
        _check_item(proposal=proposal, title_code=item.title_code, member=item.member, unit=item.unit)
        _apply_eligibility(item)
        item.save(update_fields=["eligible", "eligibility", "checked_at", "updated_at"])
        if item.eligible is False and not item.override_reason:
            flagged.append(str(item))
    if flagged:
        raise ValidationError({"__all__": [_("Chưa đủ điều kiện, cần ghi lý do nếu vẫn đề nghị: {items}.").format(
            items="; ".join(flagged))]})  # fmt: skip
    _check_caps(proposal, items, on)
    if proposal.number is None:
        proposal.number = next_number(issuer=proposal.proposing_unit, year=on.year, series=SERIES_PROPOSAL)
        proposal.symbol = document_symbol(number=proposal.number, series=SERIES_PROPOSAL,
                                          issuer=proposal.proposing_unit)  # fmt: skip
        proposal.submitted_on = on
    else:
        proposal.version += 1
    proposal.save(update_fields=["number", "symbol", "submitted_on", "version", "updated_at"])
    for item in items:
        _set_item_status(item, ProposalStatus.SUBMITTED, by=by)
    if proposal.status == ProposalStatus.DRAFT:
        proposal.status = ProposalStatus.SUBMITTED
        proposal.save(update_fields=["status", "updated_at"])
        _event(proposal=proposal, from_status=ProposalStatus.DRAFT, to_status=ProposalStatus.SUBMITTED, by=by)
    return _sync_proposal(proposal, by=by)


@transaction.atomic
def proposal_receive(*, proposal: Proposal, by=None) -> Proposal:
    """The conferring level acknowledges the submitted items of the batch."""
    items = list(proposal.items.filter(status=ProposalStatus.SUBMITTED))
    if not items:
        raise ValidationError(_("Không có mục nào đang chờ tiếp nhận."))
    for item in items:
        _set_item_status(item, ProposalStatus.RECEIVED, by=by)
    return _sync_proposal(proposal, by=by)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Nhập lý do.")})
    return reason


def _open_session_items(item: ProposalItem):
    return SessionItem.objects.filter(item=item, session__status=SessionStatus.OPEN)


@transaction.atomic
def item_return(*, item: ProposalItem, reason: str, by=None) -> ProposalItem:
    """Return one item to the proposing unit with a reason; the other items of the batch go on."""
    reason = _reason(reason)
    if item.status not in RECEIVING_OPEN:
        raise ValidationError(_("Mục «{item}» không ở trạng thái có thể trả lại.").format(item=item))
    if _open_session_items(item).exists():
        raise ValidationError(_("Mục «{item}» đang được biểu quyết trong một phiên họp chưa kết thúc.").format(
            item=item))  # fmt: skip
    _set_item_status(item, ProposalStatus.RETURNED, by=by, reason=reason)
    _sync_proposal(item.proposal, by=by, reason=reason)
    return item


@transaction.atomic
def proposal_return(*, proposal: Proposal, reason: str, by=None) -> Proposal:
    """Return the whole batch: every item the receiving level still holds."""
    reason = _reason(reason)
    items = [i for i in proposal.items.all() if i.status in RECEIVING_OPEN]
    if not items:
        raise ValidationError(_("Không có mục nào có thể trả lại."))
    for item in items:
        item_return(item=item, reason=reason, by=by)
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def item_reject(*, item: ProposalItem, reason: str, by=None) -> ProposalItem:
    """The conferring level decides not to award this item."""
    reason = _reason(reason)
    if item.status not in RECEIVING_OPEN:
        raise ValidationError(_("Mục «{item}» không ở trạng thái có thể xét.").format(item=item))
    if _open_session_items(item).exists():
        raise ValidationError(_("Mục «{item}» đang được biểu quyết trong một phiên họp chưa kết thúc.").format(
            item=item))  # fmt: skip
    _set_item_status(item, ProposalStatus.REJECTED, by=by, reason=reason)
    _sync_proposal(item.proposal, by=by)
    return item


# -- council sessions and ballots --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoteRule:
    """``vote.<title>`` of the pack: the share of ALL council members that must vote yes."""

    threshold: Decimal
    base: str
    secret_ballot: bool
    citation: str

    def required_yes(self, members_total: int) -> int:
        """The smallest number of yes votes that reaches the threshold (exact arithmetic: 80% of 11 → 9)."""
        return math.ceil(Fraction(self.threshold) * members_total)

    def passes(self, yes: int, members_total: int) -> bool:
        return members_total > 0 and Fraction(yes) >= Fraction(self.threshold) * members_total


def vote_rule(*, title_code: str, on: datetime.date, unit: Unit) -> VoteRule | None:
    """The council vote a title needs on ``on`` for ``unit``'s pack, or None when the pack has no ``vote.<code>``."""
    try:
        raw = rules.param(rules.pack_in_force(on=on, unit=unit), f"vote.{title_code}", on=on)
    except rules.RuleMissing:
        return None
    value = raw.value
    return VoteRule(threshold=Decimal(str(value["threshold"])), base=value.get("base", "all_members"),
                    secret_ballot=bool(value.get("secret_ballot", True)), citation=raw.citation)  # fmt: skip


def _open_session(session: CouncilSession) -> CouncilSession:
    """Lock the session row and refuse when it is closed: after the close nothing about its votes may change."""
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc; kết quả đã cố định, không thể thay đổi."))
    return session


@transaction.atomic
def session_create(*, unit: Unit, name: str, held_on: datetime.date, place: str = "", seats=(), by=None):
    """A council session of ``unit``; ``seats`` are dicts (full_name, position, role, user) of its members."""
    if not name.strip():
        raise ValidationError({"name": _("Nhập tên phiên họp.")})
    session = CouncilSession.objects.create(unit=unit, name=name.strip(), held_on=held_on, place=place,
                                            created_by=_user(by))  # fmt: skip
    for seat in seats:
        seat_add(session=session, **seat)
    return session


@transaction.atomic
def seat_add(*, session: CouncilSession, full_name: str, position: str = "", role: str = SeatRole.MEMBER,
             user=None, attendance: str = Attendance.PRESENT) -> CouncilSeat:  # fmt: skip
    _open_session(session)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Nhập họ và tên thành viên Hội đồng.")})
    if user is not None and session.seats.filter(user=user).exists():
        raise ValidationError({"user": _("Tài khoản này đã có ghế trong phiên họp.")})
    if session.items.filter(ballots__isnull=False).exists():
        raise ValidationError(_("Đã có phiếu bầu; không thể thay đổi thành phần Hội đồng của phiên họp."))
    return CouncilSeat.objects.create(session=session, full_name=full_name.strip(), position=position, role=role,
                                      user=user, attendance=attendance)  # fmt: skip


@transaction.atomic
def seat_update(*, seat: CouncilSeat, attendance: str) -> CouncilSeat:
    _open_session(seat.session)
    if seat.voted:
        raise ValidationError(_("Thành viên «{name}» đã bỏ phiếu.").format(name=seat.full_name))
    seat.attendance = attendance
    seat.save(update_fields=["attendance"])
    return seat


@transaction.atomic
def seat_remove(*, seat: CouncilSeat) -> None:
    session = _open_session(seat.session)
    if session.items.filter(ballots__isnull=False).exists():
        raise ValidationError(_("Đã có phiếu bầu; không thể thay đổi thành phần Hội đồng của phiên họp."))
    seat.delete()


@transaction.atomic
def session_add_items(*, session: CouncilSession, items, by=None) -> list[SessionItem]:
    """Put proposal items addressed to the session's unit to the vote; only titles the pack asks a vote for."""
    session = _open_session(session)
    if session.items.filter(ballots__isnull=False).exists():
        raise ValidationError(_("Đã có phiếu bầu; không thể thêm mục biểu quyết."))
    added = []
    for item in items:
        if item.proposal.to_unit_id != session.unit_id:
            raise ValidationError({"items": _("«{item}» không gửi tới cấp của Hội đồng này.").format(item=item)})
        if item.status not in {ProposalStatus.RECEIVED, ProposalStatus.UNDER_REVIEW}:
            raise ValidationError({"items": _("«{item}» chưa được tiếp nhận hoặc đã xét xong.").format(item=item)})
        if vote_rule(title_code=item.title_code, on=session.held_on, unit=session.unit) is None:
            raise ValidationError(
                {"items": _("«{title}» không cần Hội đồng biểu quyết.").format(title=item.title_name)}
            )
        if SessionItem.objects.filter(item=item).filter(Q(session=session) | Q(session__status=SessionStatus.OPEN)
                                                        ).exists():  # fmt: skip
            raise ValidationError({"items": _("«{item}» đã có trong một phiên họp đang mở.").format(item=item)})
        added.append(SessionItem.objects.create(session=session, item=item))
        if item.status != ProposalStatus.UNDER_REVIEW:
            _set_item_status(item, ProposalStatus.UNDER_REVIEW, by=by)
            _sync_proposal(item.proposal, by=by)
    return added


def _ballots(session: CouncilSession, choices: dict[int, str]) -> list[Ballot]:
    item_ids = set(session.items.values_list("pk", flat=True))
    if not item_ids:
        raise ValidationError(_("Phiên họp chưa có mục biểu quyết."))
    missing = item_ids - set(choices)
    if missing or set(choices) - item_ids:
        raise ValidationError({"choices": _("Phải biểu quyết đủ mọi mục của phiên họp (chọn «Không biểu quyết» nếu "
                                            "không ý kiến).")})  # fmt: skip
    bad = [c for c in choices.values() if c not in BallotChoice.values]
    if bad:
        raise ValidationError({"choices": _("Phiếu không hợp lệ: {value}.").format(value=bad[0])})
    return [Ballot(session_item_id=pk, choice=choice) for pk, choice in choices.items()]


@transaction.atomic
def ballot_cast(*, session: CouncilSession, user, choices: dict[int, str]) -> None:
    """A seated council member votes on every item of the session, once. The seat is marked voted and the ballots
    are written in the same transaction, with nothing linking them to the seat."""
    session = _open_session(session)
    seat = CouncilSeat.objects.select_for_update().filter(session=session, user=user).first()
    if seat is None:
        raise ValidationError(_("Bạn không có ghế trong phiên họp này."))
    if seat.voted:
        raise ValidationError(_("Bạn đã bỏ phiếu trong phiên họp này."))
    ballots = _ballots(session, choices)
    seat.voted = True
    seat.save(update_fields=["voted"])
    Ballot.objects.bulk_create(ballots)


@transaction.atomic
def written_ballot_enter(*, session: CouncilSession, seat: CouncilSeat, choices: dict[int, str], by=None) -> None:
    """The secretary enters the written ballot of an absent member (sealed envelope): marks the seat voted and the
    ballots ``in_writing``."""
    session = _open_session(session)
    seat = CouncilSeat.objects.select_for_update().get(pk=seat.pk, session=session)
    if seat.attendance != Attendance.ABSENT:
        raise ValidationError({"seat": _("Chỉ nhập phiếu bằng văn bản của thành viên vắng mặt.")})
    if seat.voted:
        raise ValidationError({"seat": _("Thành viên «{name}» đã có phiếu.").format(name=seat.full_name)})
    ballots = _ballots(session, choices)
    for ballot in ballots:
        ballot.in_writing = True
    seat.voted = True
    seat.save(update_fields=["voted"])
    Ballot.objects.bulk_create(ballots)


@transaction.atomic
def session_close(*, session: CouncilSession, by=None) -> CouncilSession:
    """Close the session and fix each item's tally: yes / no / blank from the ballots, the number of ALL seated
    members as the base, the pack's threshold and citation, and whether it passed. Items move to "voted"."""
    from thidua.awards.selectors import recount

    session = _open_session(session)
    members_total = session.seats.count()
    if members_total == 0:
        raise ValidationError(_("Phiên họp chưa có thành viên Hội đồng."))
    session_items = list(session.items.select_related("item__proposal"))
    if not session_items:
        raise ValidationError(_("Phiên họp chưa có mục biểu quyết."))
    counts = recount(session)
    for si in session_items:
        rule = vote_rule(title_code=si.item.title_code, on=session.held_on, unit=session.unit)
        if rule is None:
            raise ValidationError(_("Bộ quy tắc không còn quy định biểu quyết cho «{title}».").format(
                title=si.item.title_name))  # fmt: skip
        tally = counts[si.pk]
        si.yes, si.no, si.blank = tally.yes, tally.no, tally.blank
        si.members_total = members_total
        si.threshold = rule.threshold
        si.threshold_citation = rule.citation[:255]
        si.passed = rule.passes(tally.yes, members_total)
        si.save()
        _set_item_status(si.item, ProposalStatus.VOTED, by=by,
                         reason=_("Đạt") if si.passed else _("Không đạt"))  # fmt: skip
        _sync_proposal(si.item.proposal, by=by)
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at", "updated_at"])
    return session


# -- decisions ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reward:
    coefficient: Decimal | None
    amount: Decimal | None


def reward_for(*, title_code: str, base_salary: Decimal, coefficients: dict) -> Reward:
    """coefficient × base salary, rounded to the đồng; no coefficient in the pack → no amount."""
    raw = coefficients.get(title_code)
    if raw is None:
        return Reward(None, None)
    coefficient = Decimal(str(raw))
    return Reward(coefficient, (coefficient * base_salary).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _vote_passed(item: ProposalItem, on: datetime.date, issuer: Unit) -> bool | None:
    """None when the title needs no vote; else whether a closed session passed it."""
    if vote_rule(title_code=item.title_code, on=on, unit=issuer) is None:
        return None
    return SessionItem.objects.filter(item=item, session__status=SessionStatus.CLOSED, passed=True).exists()


@transaction.atomic
def decision_issue(*, issuer: Unit, decided_on: datetime.date, subject_line: str, signer_name: str,
                   signer_title: str, items, reject_items=(), reject_reason: str = "", session=None,
                   by=None) -> Decision:  # fmt: skip
    """Issue an award decision for ``items`` (all addressed to ``issuer``, of one achievement year).

    Numbered in the issuer's QĐ series of the year of ``decided_on`` (01 from 1 January, no duplicates under
    concurrent issuing); one awardee and one award-history record per item with the reward (coefficient of
    ``reward.coefficients`` × base salary in force on ``decided_on``); items move to "decided". ``reject_items`` are
    marked "not awarded" with ``reject_reason``."""
    items = list(items)
    errors: list[str] = []
    if not items:
        raise ValidationError({"items": _("Chọn ít nhất một người, tập thể được khen thưởng.")})
    for field, value in (("subject_line", subject_line), ("signer_name", signer_name), ("signer_title", signer_title)):
        if not (value or "").strip():
            raise ValidationError({field: _("Trường này là bắt buộc.")})
    items = list(ProposalItem.objects.select_for_update().filter(pk__in=[i.pk for i in items]).order_by("pk"))
    items = list(ProposalItem.objects.select_related("proposal", "member__unit", "unit").filter(
        pk__in=[i.pk for i in items]).order_by("proposal_id", "pk"))  # fmt: skip
    years = {i.proposal.year for i in items}
    if len(years) > 1:
        errors.append(_("Các mục phải cùng năm thành tích."))
    for item in items:
        if item.proposal.to_unit_id != issuer.pk:
            errors.append(_("«{item}» không gửi tới {issuer}.").format(item=item, issuer=issuer.name))
        elif item.status not in DECIDABLE:
            errors.append(_("«{item}» đang ở trạng thái «{status}», không thể quyết định.").format(
                item=item, status=item.get_status_display()))  # fmt: skip
        elif _vote_passed(item, decided_on, issuer) is False:
            errors.append(_("«{item}» chưa được Hội đồng biểu quyết đạt.").format(item=item))
        else:
            existing = AwardRecord.objects.filter(year=item.proposal.year, title_code=item.title_code)
            existing = existing.filter(member=item.member) if item.member_id else existing.filter(unit=item.unit)
            if existing.exists():
                errors.append(
                    _("«{item}» đã có khen thưởng này trong năm {year}.").format(item=item, year=item.proposal.year)
                )
    rejects = list(reject_items)
    if rejects and not (reject_reason or "").strip():
        raise ValidationError({"reject_reason": _("Nhập lý do không khen thưởng.")})
    if {i.pk for i in rejects} & {i.pk for i in items}:
        errors.append(_("Một mục không thể vừa khen thưởng vừa không khen thưởng."))
    for item in rejects:
        if (item.proposal.to_unit_id != issuer.pk or item.status not in RECEIVING_OPEN
                or _open_session_items(item).exists()):  # fmt: skip
            errors.append(_("«{item}» không thể đánh dấu không khen thưởng.").format(item=item))
    if errors:
        raise ValidationError({"items": errors})
    try:
        salary = rules.base_salary(on=decided_on, unit=issuer)
        pack = rules.pack_in_force(on=decided_on, unit=issuer)
        coefficients = rules.param(pack, "reward.coefficients", on=decided_on).value
    except rules.RuleMissing as error:
        raise ValidationError({"decided_on": str(error)}) from error
    base = Decimal(str(salary.value))
    year = decided_on.year
    number = next_number(issuer=issuer, year=year, series=SERIES_DECISION)
    proposals = {i.proposal_id for i in items}
    decision = Decision.objects.create(
        issuer=issuer, year=year, number=number,
        symbol=document_symbol(number=number, series=SERIES_DECISION, issuer=issuer), decided_on=decided_on,
        achievement_year=years.pop(), subject_line=subject_line.strip(), signer_name=signer_name.strip(),
        signer_title=signer_title.strip(), base_salary=base, base_salary_citation=salary.citation[:255],
        proposal_id=proposals.pop() if len(proposals) == 1 else None, session=session,
        created_by=_user(by),
    )  # fmt: skip
    thematic = {t.code: t.thematic for t in rules.titles(pack, on=decided_on)}
    for position, item in enumerate(items, start=1):
        reward = reward_for(title_code=item.title_code, base_salary=base, coefficients=coefficients)
        subject_unit = item.member.unit if item.member_id else item.unit
        Awardee.objects.create(
            decision=decision, item=item, member=item.member, unit=item.unit,
            display_name=item.member.full_name if item.member_id else item.unit.name,
            unit_name=subject_unit.name if item.member_id else "", title_code=item.title_code,
            title_name=item.title_name, coefficient=reward.coefficient, amount=reward.amount, position=position,
        )  # fmt: skip
        AwardRecord.objects.create(
            member=item.member, unit=item.unit, scope_unit=subject_unit, year=decision.achievement_year,
            title_code=item.title_code, title_name=item.title_name, thematic=thematic.get(item.title_code, False),
            decision_number=decision.symbol, decided_on=decided_on, issuer_name=issuer.name, decision=decision,
            reward_amount=reward.amount, source=RecordSource.DECISION,
        )  # fmt: skip
        _set_item_status(item, ProposalStatus.DECIDED, by=by, reason=decision.symbol)
    for item in rejects:
        _set_item_status(item, ProposalStatus.REJECTED, by=by, reason=reject_reason.strip())
    for proposal in Proposal.objects.filter(pk__in={i.proposal_id for i in items} | {i.proposal_id for i in rejects}):
        _sync_proposal(proposal, by=by)
    return decision
