"""API of council sessions, secret ballots and award decisions (mounted at /api/awards).

Running a session and issuing a decision need ``confer_awards`` on the session's or issuer's unit; casting a ballot
needs a seat in the session. Results per item are only shown once the session is closed (the tally is then fixed)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from thidua.accounts.models import User
from thidua.api.errors import ERROR_RESPONSES
from thidua.api.pagination import Page, PageParams, paginate
from thidua.api.schemas import InputSchema
from thidua.awards import selectors, services
from thidua.awards.choices import Attendance, BallotChoice, SeatRole, SessionStatus
from thidua.awards.models import CouncilSeat, CouncilSession, Decision, ProposalItem
from thidua.core.permissions import get_scoped_or_404
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations.models import Unit

router = Router(tags=["Khen thưởng"])


class SeatOut(Schema):
    id: int
    full_name: str
    position: str
    role: SeatRole
    attendance: Attendance
    voted: bool = Field(description="Đã bỏ phiếu (không cho biết bỏ phiếu thế nào)")
    has_account: bool


class ResultOut(Schema):
    session_item_id: int
    item_id: int
    name: str
    title_name: str
    members_total: int | None = Field(description="Tổng số thành viên Hội đồng (cơ sở tính tỷ lệ)")
    yes: int | None
    no: int | None
    blank: int | None
    threshold: Decimal | None = Field(description="Tỷ lệ đồng ý tối thiểu theo bộ quy tắc")
    required_yes: int | None
    passed: bool | None = Field(description="null khi phiên họp chưa kết thúc")
    citation: str


class SessionOut(Schema):
    id: int
    unit_id: int
    unit: str
    name: str
    held_on: datetime.date
    place: str
    status: SessionStatus


class SessionDetailOut(SessionOut):
    seats: list[SeatOut]
    items: list[ResultOut]
    tally_reproducible: bool | None = Field(description="Kiểm phiếu lại khớp kết quả đã lưu (khi đã kết thúc)")


class SessionPage(Page[SessionOut]):
    pass


class MinutesOut(Schema):
    session: SessionOut
    members_total: int = Field(description="Tổng số thành viên Hội đồng (cơ sở tính tỷ lệ)")
    present: int
    absent: int
    voted: int = Field(description="Số thành viên đã bỏ phiếu (kể cả phiếu bằng văn bản)")
    written: int = Field(description="Số phiếu bằng văn bản của thành viên vắng mặt")
    items: list[ResultOut]
    tally_reproducible: bool | None = Field(description="Kiểm phiếu lại khớp kết quả đã lưu (khi đã kết thúc)")


class SeatIn(InputSchema):
    full_name: str = Field(max_length=150)
    position: str = Field("", max_length=150)
    role: SeatRole = SeatRole.MEMBER
    username: str = Field("", description="Tài khoản của thành viên, để tự bỏ phiếu trên hệ thống")
    attendance: Attendance = Attendance.PRESENT


class SessionIn(InputSchema):
    unit: int = Field(description="Id đơn vị có Hội đồng")
    name: str = Field(max_length=255)
    held_on: datetime.date
    place: str = Field("", max_length=255)
    seats: list[SeatIn] = Field(default_factory=list)


class AttendanceIn(InputSchema):
    attendance: Attendance


class ItemsIn(InputSchema):
    items: list[int] = Field(description="Id các mục đề nghị đưa ra biểu quyết")


class BallotIn(InputSchema):
    choices: dict[int, BallotChoice] = Field(description="Id mục biểu quyết (session item) → yes / no / blank")


class AwardeeOut(Schema):
    position: int
    member_id: int | None
    unit_id: int | None
    display_name: str
    unit_name: str
    title_code: str
    title_name: str
    coefficient: Decimal | None
    amount: Decimal | None = Field(description="Tiền thưởng (đồng) = hệ số × mức lương cơ sở")


class DecisionOut(Schema):
    id: int
    issuer_id: int
    issuer: str
    year: int
    number: int
    symbol: str
    decided_on: datetime.date
    achievement_year: int
    subject_line: str
    signer_name: str
    signer_title: str
    base_salary: Decimal
    base_salary_citation: str


class DecisionDetailOut(DecisionOut):
    awardees: list[AwardeeOut]
    total: Decimal


class DecisionPage(Page[DecisionOut]):
    pass


class DecisionQuery(PageParams):
    year: int | None = None


class DecisionIn(InputSchema):
    issuer: int = Field(description="Id đơn vị ban hành")
    decided_on: datetime.date
    subject_line: str = Field(max_length=255)
    signer_name: str = Field(max_length=150)
    signer_title: str = Field(max_length=100)
    items: list[int] = Field(description="Id các mục đề nghị được khen thưởng")
    reject_items: list[int] = Field(default_factory=list, description="Id các mục không khen thưởng")
    reject_reason: str = ""
    session: int | None = Field(None, description="Id phiên họp Hội đồng đã xét (nếu có)")


def _session(request, session_id: int, *, manage: bool = False) -> CouncilSession:
    session = selectors.sessions_visible(request.user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    if manage and not get_scope(request.user).covers_path(Action.CONFER_AWARDS, session.unit.path):
        raise PermissionDenied
    return session


def _seat(request, seat_id: int) -> CouncilSeat:
    seat = CouncilSeat.objects.filter(pk=seat_id).first()
    if seat is None:
        raise Http404
    _session(request, seat.session_id, manage=True)
    return seat


def _session_out(session: CouncilSession) -> dict:
    return {"id": session.pk, "unit_id": session.unit_id, "unit": session.unit.name, "name": session.name,
            "held_on": session.held_on, "place": session.place, "status": session.status}  # fmt: skip


def _detail(session: CouncilSession, minutes: selectors.Minutes | None = None) -> dict:
    session.refresh_from_db()
    minutes = minutes or selectors.session_minutes(session)
    closed = session.status == SessionStatus.CLOSED
    items = [{"session_item_id": r.session_item.pk, "item_id": r.session_item.item_id, "name": r.name,
              "title_name": r.title_name, "members_total": r.members_total, "yes": r.yes, "no": r.no,
              "blank": r.blank, "threshold": r.threshold, "required_yes": r.required_yes, "passed": r.passed,
              "citation": r.citation} for r in minutes.items]  # fmt: skip
    seats = [{"id": s.pk, "full_name": s.full_name, "position": s.position, "role": s.role,
              "attendance": s.attendance, "voted": s.voted, "has_account": s.user_id is not None}
             for s in minutes.seats]  # fmt: skip
    return {**_session_out(session), "seats": seats, "items": items,
            "tally_reproducible": selectors.tally_is_reproducible(session) if closed else None}  # fmt: skip


def _user(username: str) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError({"username": _("Không có tài khoản «{name}».").format(name=username)})
    return user


@router.get("/sessions", response={200: SessionPage, **ERROR_RESPONSES}, summary="Phiên họp Hội đồng TĐKT")
def session_list(request, filters: Query[PageParams]):
    return paginate(selectors.sessions_visible(request.user), filters, prepare=lambda r: [_session_out(s) for s in r])


@router.post("/sessions", response={201: SessionDetailOut, **ERROR_RESPONSES}, summary="Tạo phiên họp Hội đồng")
def session_create(request, payload: SessionIn):
    unit = get_scoped_or_404(Unit.objects.all(), request.user, Action.CONFER_AWARDS, pk=payload.unit)
    seats = [{"full_name": s.full_name, "position": s.position, "role": s.role, "attendance": s.attendance,
              "user": _user(s.username)} for s in payload.seats]  # fmt: skip
    session = services.session_create(unit=unit, name=payload.name, held_on=payload.held_on, place=payload.place,
                                      seats=seats, by=request.user)  # fmt: skip
    return Status(201, _detail(session))


@router.get("/sessions/{int:session_id}", response={200: SessionDetailOut, **ERROR_RESPONSES},
            summary="Một phiên họp: thành viên, tham dự, kết quả từng mục (khi đã kết thúc)")  # fmt: skip
def session_detail(request, session_id: int):
    return _detail(_session(request, session_id))


@router.get("/sessions/{int:session_id}/minutes", response={200: MinutesOut, **ERROR_RESPONSES},
            summary="Biên bản kiểm phiếu: tham dự và kết quả từng mục",
            description="Kết quả (đồng ý / không đồng ý / không biểu quyết, đạt hay không) là null cho đến khi phiên "
            "họp kết thúc; sau đó cố định và kiểm phiếu lại được.")  # fmt: skip
def session_minutes(request, session_id: int):
    session = _session(request, session_id)
    minutes = selectors.session_minutes(session)
    detail = _detail(session, minutes)
    return {"session": _session_out(session), "members_total": len(minutes.seats), "present": minutes.present,
            "absent": minutes.absent, "voted": minutes.voted, "written": minutes.written, "items": detail["items"],
            "tally_reproducible": detail["tally_reproducible"]}  # fmt: skip


@router.post("/sessions/{int:session_id}/seats", response={201: SeatOut, **ERROR_RESPONSES},
             summary="Thêm thành viên Hội đồng vào phiên họp")  # fmt: skip
def seat_add(request, session_id: int, payload: SeatIn):
    session = _session(request, session_id, manage=True)
    seat = services.seat_add(session=session, full_name=payload.full_name, position=payload.position,
                             role=payload.role, user=_user(payload.username),
                             attendance=payload.attendance)  # fmt: skip
    return Status(
        201,
        {
            "id": seat.pk,
            "full_name": seat.full_name,
            "position": seat.position,
            "role": seat.role,
            "attendance": seat.attendance,
            "voted": seat.voted,
            "has_account": seat.user_id is not None,
        },
    )


@router.patch("/seats/{int:seat_id}", response={200: SessionDetailOut, **ERROR_RESPONSES},
              summary="Ghi có mặt / vắng mặt")  # fmt: skip
def seat_update(request, seat_id: int, payload: AttendanceIn):
    seat = _seat(request, seat_id)
    services.seat_update(seat=seat, attendance=payload.attendance)
    return _detail(seat.session)


@router.post("/sessions/{int:session_id}/items", response={200: SessionDetailOut, **ERROR_RESPONSES},
             summary="Đưa các mục đề nghị ra biểu quyết")  # fmt: skip
def session_items_add(request, session_id: int, payload: ItemsIn):
    session = _session(request, session_id, manage=True)
    items = list(ProposalItem.objects.filter(pk__in=payload.items).select_related("proposal", "member", "unit"))
    if len(items) != len(set(payload.items)):
        raise ValidationError({"items": _("Có mục đề nghị không tồn tại.")})
    services.session_add_items(session=session, items=items, by=request.user)
    return _detail(session)


@router.post("/sessions/{int:session_id}/ballot", response={204: None, **ERROR_RESPONSES},
             summary="Bỏ phiếu kín (thành viên có ghế trong phiên họp)",
             description="Phải biểu quyết mọi mục của phiên họp, một lần. Không lưu liên kết giữa người bỏ phiếu và "
             "lá phiếu; chỉ ghi nhận là đã bỏ phiếu.")  # fmt: skip
def ballot_cast(request, session_id: int, payload: BallotIn):
    session = _session(request, session_id)
    if not session.seats.filter(user=request.user).exists():
        raise PermissionDenied
    services.ballot_cast(session=session, user=request.user, choices=dict(payload.choices))
    return Status(204, None)


@router.post("/seats/{int:seat_id}/written-ballot", response={204: None, **ERROR_RESPONSES},
             summary="Nhập phiếu bằng văn bản của thành viên vắng mặt")  # fmt: skip
def written_ballot(request, seat_id: int, payload: BallotIn):
    seat = _seat(request, seat_id)
    services.written_ballot_enter(session=seat.session, seat=seat, choices=dict(payload.choices), by=request.user)
    return Status(204, None)


@router.post("/sessions/{int:session_id}/close", response={200: SessionDetailOut, **ERROR_RESPONSES},
             summary="Kết thúc phiên họp, cố định kết quả biểu quyết")  # fmt: skip
def session_close(request, session_id: int):
    session = services.session_close(session=_session(request, session_id, manage=True), by=request.user)
    return _detail(session)


def _decision_out(decision: Decision) -> dict:
    fields = ("id", "issuer_id", "year", "number", "symbol", "decided_on", "achievement_year", "subject_line",
              "signer_name", "signer_title", "base_salary", "base_salary_citation")  # fmt: skip
    return {**{f: getattr(decision, f) for f in fields}, "issuer": decision.issuer.name}


def _decision_detail(decision: Decision) -> dict:
    annex = selectors.decision_annex(decision)
    awardees = [{"position": a.position, "member_id": a.member_id, "unit_id": a.unit_id,
                 "display_name": a.display_name, "unit_name": a.unit_name, "title_code": a.title_code,
                 "title_name": a.title_name, "coefficient": a.coefficient, "amount": a.amount}
                for a in annex.awardees]  # fmt: skip
    return {**_decision_out(decision), "awardees": awardees, "total": annex.total}


@router.get("/decisions", response={200: DecisionPage, **ERROR_RESPONSES}, summary="Quyết định khen thưởng")
def decision_list(request, filters: Query[DecisionQuery]):
    qs = selectors.decisions_visible(request.user, year=filters.year)
    return paginate(qs, filters, prepare=lambda rows: [_decision_out(d) for d in rows])


@router.post("/decisions", response={201: DecisionDetailOut, **ERROR_RESPONSES}, summary="Ban hành quyết định",
             description="Số quyết định cấp theo đơn vị và năm ký (01 từ ngày 1/1); tiền thưởng = hệ số của bộ quy "
             "tắc × mức lương cơ sở đang áp dụng vào ngày ký.")  # fmt: skip
def decision_issue(request, payload: DecisionIn):
    issuer = get_scoped_or_404(Unit.objects.all(), request.user, Action.CONFER_AWARDS, pk=payload.issuer)
    wanted = set(payload.items) | set(payload.reject_items)
    found = {i.pk: i for i in ProposalItem.objects.filter(pk__in=wanted).select_related("proposal")}
    if set(found) != wanted:
        raise ValidationError({"items": _("Có mục đề nghị không tồn tại.")})
    session = None
    if payload.session is not None:
        session = CouncilSession.objects.filter(pk=payload.session, unit=issuer).first()
        if session is None:
            raise ValidationError({"session": _("Không có phiên họp này của đơn vị ban hành.")})
    decision = services.decision_issue(
        issuer=issuer, decided_on=payload.decided_on, subject_line=payload.subject_line,
        signer_name=payload.signer_name, signer_title=payload.signer_title,
        items=[found[i] for i in payload.items], reject_items=[found[i] for i in payload.reject_items],
        reject_reason=payload.reject_reason, session=session, by=request.user,
    )  # fmt: skip
    return Status(201, _decision_detail(decision))


@router.get("/decisions/{int:decision_id}", response={200: DecisionDetailOut, **ERROR_RESPONSES},
            summary="Một quyết định với danh sách khen thưởng và tiền thưởng")  # fmt: skip
def decision_detail(request, decision_id: int):
    decision = get_scoped_or_404(Decision.objects.select_related("issuer"), request.user, pk=decision_id)
    return _decision_detail(decision)
