"""Pages of council sessions (Hội đồng Thi đua - Khen thưởng): the list, a new session, the session with its seats,
items and (once closed) the fixed tally, the secret ballot of a seated member, the written ballot of an absent member,
and the close. Running a session needs ``confer_awards`` on its unit; voting needs a seat in it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.models import User
from thidua.awards import selectors, services
from thidua.awards.choices import Attendance, SessionStatus
from thidua.awards.forms_proposals import BallotForm, SeatForm, SessionForm
from thidua.awards.models import CouncilSeat, CouncilSession, ProposalItem
from thidua.core.forms import apply_validation_error
from thidua.core.permissions import require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations.models import Unit
from thidua.organizations.selectors import scope_top_units


def _session(request, pk: int, *, manage: bool = False) -> CouncilSession:
    """A session the user sees (its unit in scope, or a seat in it): 404 otherwise; ``manage`` → 403 without
    ``confer_awards`` on its unit."""
    session = selectors.sessions_visible(request.user).filter(pk=pk).first()
    if session is None:
        raise Http404
    if manage and not get_scope(request.user).covers_path(Action.CONFER_AWARDS, session.unit.path):
        raise PermissionDenied
    return session


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def session_list(request):
    require_action_somewhere(request.user, Action.VIEW)
    page = Paginator(selectors.sessions_visible(request.user), 50).get_page(request.GET.get("page"))
    seated = set(selectors.seated_session_ids(request.user).values_list("session_id", flat=True))
    return render(request, "awards/councils/list.html", {
        "page": page, "seated": seated,
        "can_create": get_scope(request.user).allows_anywhere(Action.CONFER_AWARDS)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require_action_somewhere(request.user, Action.CONFER_AWARDS)
    scope = get_scope(request.user)
    tops = [u for u in scope_top_units(request.user) if scope.covers_path(Action.CONFER_AWARDS, u.path)]
    units = tops + list(Unit.objects.filter(parent__in=tops, closed_on=None).order_by("name")[:200])
    form = SessionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã tạo phiên họp; thêm thành viên Hội đồng và các mục biểu quyết."))
            return redirect("awards:session_detail", pk=session.pk)
    return render(request, "core/form_page.html", {"form": form, "title": _("Phiên họp Hội đồng Thi đua - Khen thưởng"),
                                                   "submit_label": _("Tạo phiên họp")})  # fmt: skip


@login_required
def session_detail(request, pk: int):
    session = _session(request, pk)
    can_manage = get_scope(request.user).covers_path(Action.CONFER_AWARDS, session.unit.path)
    is_open = session.status == SessionStatus.OPEN
    seats = list(session.seats.order_by("pk"))
    return render(request, "awards/councils/detail.html", {
        "session": session, "seats": seats, "minutes": selectors.session_minutes(session), "is_open": is_open,
        "can_manage": can_manage, "my_seat": next((s for s in seats if s.user_id == request.user.pk), None),
        "votable": list(selectors.votable_items(session)[:200]) if can_manage and is_open else [],
        "has_ballots": session.items.filter(ballots__isnull=False).exists(),
        "seat_form": SeatForm(prefix="seat") if can_manage and is_open else None,
        "reproducible": selectors.tally_is_reproducible(session) if not is_open else None})  # fmt: skip


@login_required
@require_POST
def seat_add(request, pk: int):
    session = _session(request, pk, manage=True)
    form = SeatForm(request.POST, prefix="seat")
    if not form.is_valid():
        messages.error(request, _("Thông tin thành viên chưa hợp lệ: {fields}.").format(
            fields=", ".join(str(form.fields[f].label) for f in form.errors if f in form.fields)))  # fmt: skip
        return redirect("awards:session_detail", pk=session.pk)
    data = form.cleaned_data
    user = None
    if data["username"]:
        user = User.objects.filter(username=data["username"].strip()).first()
        if user is None:
            messages.error(request, _("Không có tài khoản «{name}».").format(name=data["username"]))
            return redirect("awards:session_detail", pk=session.pk)
    try:
        services.seat_add(session=session, full_name=data["full_name"], position=data["position"], role=data["role"],
                          user=user, attendance=data["attendance"])  # fmt: skip
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã thêm thành viên «{name}».").format(name=data["full_name"]))
    return redirect("awards:session_detail", pk=session.pk)


def _seat(request, pk: int) -> CouncilSeat:
    seat = CouncilSeat.objects.select_related("session").filter(pk=pk).first()
    if seat is None:
        raise Http404
    _session(request, seat.session_id, manage=True)
    return seat


@login_required
@require_POST
def seat_attendance(request, pk: int):
    seat = _seat(request, pk)
    attendance = request.POST.get("attendance", "")
    if attendance not in Attendance.values:
        messages.error(request, _("Chọn có mặt hoặc vắng mặt."))
    else:
        try:
            services.seat_update(seat=seat, attendance=attendance)
        except ValidationError as error:
            _refused(request, error)
    return redirect("awards:session_detail", pk=seat.session_id)


@login_required
@require_POST
def seat_remove(request, pk: int):
    seat = _seat(request, pk)
    try:
        services.seat_remove(seat=seat)
    except ValidationError as error:
        _refused(request, error)
    return redirect("awards:session_detail", pk=seat.session_id)


@login_required
@require_POST
def session_items_add(request, pk: int):
    session = _session(request, pk, manage=True)
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    items = list(ProposalItem.objects.filter(pk__in=ids).select_related("proposal", "member", "unit"))
    if not items:
        messages.error(request, _("Chọn ít nhất một mục để đưa ra biểu quyết."))
        return redirect("awards:session_detail", pk=session.pk)
    try:
        services.session_add_items(session=session, items=items, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã đưa {count} mục ra biểu quyết.").format(count=len(items)))
    return redirect("awards:session_detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk: int):
    """The secret ballot of the signed-in member's seat: one choice per item, cast once."""
    session = _session(request, pk)
    seat = session.seats.filter(user=request.user).first()
    if seat is None:
        raise PermissionDenied
    rows = selectors.ballot_rows(session)
    form = BallotForm(request.POST or None, session_items=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(session=session, user=request.user, choices=form.choices())
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã ghi nhận phiếu của bạn. Phiếu kín: hệ thống không lưu ai bầu thế nào."))
            return redirect("awards:ballot", pk=session.pk)
    return render(request, "awards/councils/ballot.html", {"session": session, "seat": seat, "form": form,
                                                           "rows": rows})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def written_ballot(request, pk: int):
    """The secretary enters the sealed written ballot of an absent member."""
    seat = _seat(request, pk)
    session = seat.session
    rows = selectors.ballot_rows(session)
    form = BallotForm(request.POST or None, session_items=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.written_ballot_enter(session=session, seat=seat, choices=form.choices(), by=request.user)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã nhập phiếu bằng văn bản của «{name}».").format(name=seat.full_name))
            return redirect("awards:session_detail", pk=session.pk)
    return render(request, "awards/councils/ballot.html", {"session": session, "seat": seat, "form": form,
                                                           "rows": rows, "written": True})  # fmt: skip


@login_required
@require_POST
def session_close(request, pk: int):
    session = _session(request, pk, manage=True)
    try:
        services.session_close(session=session, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã kết thúc phiên họp; kết quả biểu quyết đã cố định."))
    return redirect("awards:session_detail", pk=session.pk)


urlpatterns = [
    path("sessions/", session_list, name="sessions"),
    path("sessions/new/", session_create, name="session_create"),
    path("sessions/<int:pk>/", session_detail, name="session_detail"),
    path("sessions/<int:pk>/seats/", seat_add, name="seat_add"),
    path("sessions/<int:pk>/items/", session_items_add, name="session_items_add"),
    path("sessions/<int:pk>/ballot/", ballot, name="ballot"),
    path("sessions/<int:pk>/close/", session_close, name="session_close"),
    path("seats/<int:pk>/attendance/", seat_attendance, name="seat_attendance"),
    path("seats/<int:pk>/remove/", seat_remove, name="seat_remove"),
    path("seats/<int:pk>/written-ballot/", written_ballot, name="written_ballot"),
]
