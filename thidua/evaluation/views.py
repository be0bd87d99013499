"""Evaluation pages: rounds and their status board, the member's self-assessment, the group review grid (rows saved
by htmx), the committee's decision with the quota proposal, unit results and cluster rankings, publication,
objections and the summary export. Each handler fetches through the scope, validates a form, calls one service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.core.spreadsheets import xlsx_response
from thidua.evaluation import forms, selectors, services
from thidua.evaluation.choices import Level, RoundStatus, SubmissionStatus
from thidua.evaluation.exports import write_summary_xlsx
from thidua.evaluation.models import EvaluationRound, Objection, Submission, SubmissionAttachment, UnitResult
from thidua.evaluation.rules import unit_scale
from thidua.movements.choices import MovementStatus
from thidua.movements.models import Movement
from thidua.movements.services import current_version
from thidua.organizations.models import Cluster, Unit
from thidua.organizations.selectors import unit_choices


def _round(request, pk: int, action: str = Action.VIEW) -> EvaluationRound:
    return get_scoped_or_404(
        EvaluationRound.objects.select_related("unit", "movement", "phase", "rule_pack", "criteria_version"),
        request.user,
        action,
        pk=pk,
    )


def _submission(request, pk: int, action: str = Action.VIEW) -> Submission:
    return get_scoped_or_404(Submission.objects.select_related("round", "round__unit", "member", "unit"),
                             request.user, action, pk=pk)  # fmt: skip


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = "", submit_label: str = ""):
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url,
                                                   "intro": intro, "submit_label": submit_label})  # fmt: skip


def _conflict(request, error: services.EditConflict) -> None:
    messages.error(request, error.message)


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


# --- rounds ----------------------------------------------------------------------------------------------------------


@login_required
def round_list(request):
    filters = selectors.RoundFilters.from_query(request.GET)
    page = Paginator(selectors.round_list(request.user, filters), settings.THIDUA_PAGE_SIZE).get_page(
        request.GET.get("page"))  # fmt: skip
    scope = get_scope(request.user)
    context = {"page": page, "filters": filters, "statuses": RoundStatus.choices,
               "can_create": scope.allows_anywhere(Action.DECIDE)}  # fmt: skip
    return render(request, "evaluation/list.html", context)


@login_required
def mine(request):
    """The user's own submissions (a member's way in)."""
    scope = get_scope(request.user)
    subs = (Submission.objects.filter(member_id__in=scope.member_ids).exclude(round__status=RoundStatus.DRAFT)
            .select_related("round", "round__unit").order_by("-round__period_end"))  # fmt: skip
    return render(request, "evaluation/mine.html", {"submissions": subs})


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    require_action_somewhere(request.user, Action.DECIDE)
    units = unit_choices(request.user, Action.DECIDE, kinds=list(services.ROUND_UNIT_KINDS))
    movements = (Movement.objects.visible_to(request.user).exclude(status=MovementStatus.DRAFT)
                 .select_related("unit").order_by("-starts_on", "title")[:200])  # fmt: skip
    form = forms.RoundForm(request.POST or None, unit_options=units, movements=movements)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_round = services.round_create(
                unit=Unit.objects.get(pk=data["unit"]), criteria_version=current_version(data["movement"]),
                phase=data["phase"], year=data["year"], name=data["name"], by=request.user,
                self_assessment_due=data["self_assessment_due"], review_due=data["review_due"],
                decision_due=data["decision_due"], outstanding_unit=data["outstanding_unit"])  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã tạo đợt bình xét «{name}».").format(name=evaluation_round.name))
            return redirect("evaluation:detail", evaluation_round.pk)
    return _form_page(request, form, title=_("Tạo đợt bình xét"), cancel_url=reverse("evaluation:list"))


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    evaluation_round = _round(request, pk, Action.DECIDE)
    initial = {f: getattr(evaluation_round, f) for f in services.ROUND_FIELDS}
    form = forms.RoundEditForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.round_update(evaluation_round=evaluation_round, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("evaluation:detail", pk)
    return _form_page(request, form, title=_("Sửa đợt bình xét"), cancel_url=reverse("evaluation:detail", args=[pk]))


@login_required
def round_detail(request, pk: int):
    evaluation_round = _round(request, pk)
    rights = selectors.rights(request.user, evaluation_round)
    paths = None if rights.decide or not rights.review_paths else rights.review_paths
    sees_board = rights.reviews or get_scope(request.user).covers_path(Action.VIEW, evaluation_round.unit.path)
    show = request.GET.get("show", "")
    waiting_statuses = {"not_submitted": (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED),
                        "not_reviewed": (SubmissionStatus.SUBMITTED,)}  # fmt: skip
    waiting = None
    if sees_board and show in waiting_statuses:
        waiting = Paginator(selectors.waiting(evaluation_round, waiting_statuses[show], paths),
                            settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))  # fmt: skip
    context = {
        "round": evaluation_round, "rights": rights, "show": show, "waiting": waiting,
        "board": selectors.round_board(evaluation_round, paths) if sees_board else [],
        "quota": selectors.quota_status(evaluation_round) if sees_board and evaluation_round.status != "draft"
        else None, "criteria": selectors.criteria(evaluation_round),
        "review_units": _review_units(evaluation_round, rights) if rights.reviews else [],
        "can_see_results": selectors.can_see_publication(request.user, evaluation_round),
    }  # fmt: skip
    return render(request, "evaluation/detail.html", context)


def _review_units(evaluation_round: EvaluationRound, rights) -> list[Unit]:
    """The units the user reviews in the round: their groups (or every unit with members, for the committee)."""
    ids = evaluation_round.submissions.values("unit_id").distinct()
    units = Unit.objects.filter(pk__in=ids).order_by("name")
    return [u for u in units if rights.decide or any(u.path.startswith(p) for p in rights.review_paths)]


STEPS = {
    "open": (services.round_open, gettext_lazy("Đã mở tự đánh giá cho đoàn viên.")),
    "start_review": (services.round_start_review, gettext_lazy("Đã khép tự đánh giá; tổ công đoàn nhận xét.")),
    "start_decision": (
        services.round_start_decision,
        gettext_lazy("Đã chuyển Ban Chấp hành xét; điểm và xếp loại đã được tính."),
    ),
    "reevaluate": (services.round_reevaluate, gettext_lazy("Đã tính lại điểm, xếp loại và chỉ tiêu HTXS.")),
    "decide_all": (services.round_decide_all, gettext_lazy("Đã thông qua các kết quả tổ đã nhận xét.")),
    "finalise": (services.round_finalise, gettext_lazy("Đã chốt kết quả.")),
    "publish": (services.round_publish, gettext_lazy("Đã công khai kết quả.")),
}


@login_required
@require_POST
def round_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    evaluation_round = _round(request, pk, Action.DECIDE)
    call, success = STEPS[step]
    try:
        call(evaluation_round=evaluation_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(success))
    return redirect(_back(request, reverse("evaluation:detail", args=[pk])))


# --- one submission ---------------------------------------------------------------------------------------------


@login_required
def submission_detail(request, pk: int):
    submission = _submission(request, pk)
    rights = selectors.rights(request.user, submission.round)
    context = {"submission": submission, "round": submission.round,
               "rows": selectors.submission_with_scores(submission),
               "steps": submission.steps.select_related("actor").order_by("at", "pk"),
               "attachments": submission.attachments.all(), "rights": rights,
               "objections": submission.objections.order_by("-created_at"),
               "own": rights.own is not None and rights.own.pk == submission.pk,
               "can_review": rights.can_review(submission), "objection_open": _objection_open(submission)}  # fmt: skip
    return render(request, "evaluation/submission.html", context)


def _objection_open(submission: Submission) -> bool:
    r = submission.round
    return r.status == RoundStatus.PUBLISHED and r.objection_deadline is not None and (
        timezone.localdate() <= r.objection_deadline)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def self_assess(request, pk: int):
    submission = _submission(request, pk, Action.SELF_ASSESS)
    rows = selectors.submission_with_scores(submission)
    initial = {"version": submission.version, "worked_months": submission.worked_months}
    for row in rows:
        initial[f"score_{row.criterion_id}"] = row.self_score
        initial[f"explain_{row.criterion_id}"] = row.explanation
    form = forms.SelfAssessmentForm(request.POST or None, rows=rows, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.submission_self_assess(submission=submission, version=data["version"], scores=form.scores(),
                                            explanations=form.explanations(), worked_months=data["worked_months"],
                                            submit="submit" in request.POST, by=request.user)  # fmt: skip
        except services.EditConflict as error:
            _conflict(request, error)
            return redirect("evaluation:self_assess", pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã nộp bản tự đánh giá.") if "submit" in request.POST else _("Đã lưu nháp."))
            return redirect("evaluation:submission", pk)
    context = {"submission": submission, "round": submission.round, "form": form,
               "computed": [r for r in rows if r.computed], "attachment_form": forms.AttachmentForm(),
               "attachments": submission.attachments.all()}  # fmt: skip
    return render(request, "evaluation/self_assess.html", context)


@login_required
@require_POST
def attach(request, pk: int):
    submission = _submission(request, pk, Action.SELF_ASSESS)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(submission=submission, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, _("Chọn một tệp để đính kèm."))
    return redirect("evaluation:self_assess", pk)


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(SubmissionAttachment.objects.select_related("submission"), pk=pk)
    _submission(request, item.submission_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file_name or None,
                        content_type=item.file_type or None)  # fmt: skip


# --- the group review ----------------------------------------------------------------------------------------------


@login_required
def review(request, pk: int, unit_pk: int):
    """The review grid of a union group: one row per member, saved row by row (htmx), with the quota indicator."""
    evaluation_round = _round(request, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not unit.path.startswith(evaluation_round.unit.path):
        raise Http404
    scope = get_scope(request.user)
    if not scope.covers_path(Action.VIEW, unit.path):
        raise Http404
    if not scope.covers_path(Action.REVIEW, unit.path):
        raise PermissionDenied
    if request.GET.get("part") == "quota":  # the indicator, refreshed after each saved row
        return render(request, "evaluation/_quota.html", {"quota": selectors.quota_status(evaluation_round)})
    context = {
        "round": evaluation_round,
        "unit": unit,
        "sheet": selectors.review_sheet(evaluation_round, unit),
        "criteria": selectors.criteria(evaluation_round),
        "quota": selectors.quota_status(evaluation_round),
    }
    return render(request, "evaluation/review.html", context)


@login_required
@require_POST
def review_row(request, pk: int):
    submission = _submission(request, pk, Action.REVIEW)
    rows = selectors.submission_with_scores(submission)
    form = forms.ReviewRowForm(request.POST, rows=rows)
    error_text, conflict = "", False
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_review(
                submission=submission, version=data["version"], scores=form.scores(),
                worked_months=data["worked_months"], note=data["note"] if "note" in request.POST else None,
                complete=data["complete"], by=request.user)  # fmt: skip
        except services.EditConflict as error:
            error_text, conflict = error.message, True
            submission.refresh_from_db()
        except ValidationError as error:
            error_text = " ".join(error.messages)
    else:
        error_text = " ".join(str(e) for errors in form.errors.values() for e in errors)
    sheet_row = selectors.SheetRow(submission, selectors.submission_with_scores(submission))
    context = {"row": sheet_row, "round": submission.round, "error": error_text, "conflict": conflict,
               "saved": not error_text}  # fmt: skip
    response = render(request, "evaluation/_review_row.html", context)
    if not error_text:
        response["HX-Trigger"] = "quota-changed"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def return_submission(request, pk: int):
    """The group returns a submission to the member, or (while deciding) the committee sends it back to the group."""
    submission = _submission(request, pk)
    committee = submission.round.status == RoundStatus.DECIDING
    submission = _submission(request, pk, Action.DECIDE if committee else Action.REVIEW)
    form = forms.ReasonForm(request.POST or None, initial={"version": submission.version})
    if form.is_valid():
        call = services.submission_send_back if committee else services.submission_return
        try:
            call(submission=submission, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"],
                 by=request.user)  # fmt: skip
        except services.EditConflict as error:
            _conflict(request, error)
        except ValidationError as error:
            apply_validation_error(form, error)
            return _return_page(request, form, submission, committee)
        else:
            messages.success(request, _("Đã trả lại."))
        return redirect("evaluation:submission", pk)
    return _return_page(request, form, submission, committee)


def _return_page(request, form, submission, committee):
    title = (_("Trả lại cho tổ: {name}") if committee else _("Trả lại cho đoàn viên: {name}")).format(
        name=submission.member.full_name
    )
    return _form_page(request, form, title=title, cancel_url=reverse("evaluation:submission", args=[submission.pk]),
                      submit_label=_("Trả lại"))  # fmt: skip


# --- the committee -------------------------------------------------------------------------------------------------


@login_required
def decide(request, pk: int):
    evaluation_round = _round(request, pk, Action.DECIDE)
    only = request.GET.get("only", "")
    page = Paginator(selectors.decision_sheet(evaluation_round, only=only), 100).get_page(request.GET.get("page"))
    context = {"round": evaluation_round, "page": page, "only": only, "quota": selectors.quota_status(evaluation_round),
               "counts": selectors.level_counts(evaluation_round), "levels": Level.choices,
               "objections": selectors.objections(evaluation_round)}  # fmt: skip
    return render(request, "evaluation/decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide_one(request, pk: int):
    submission = _submission(request, pk, Action.DECIDE)
    rows = selectors.submission_with_scores(submission)
    initial = {"version": submission.version, "worked_months": submission.worked_months,
               "quota_choice": submission.quota_choice, "quota_reason": submission.quota_reason,
               "note": submission.decision_note}  # fmt: skip
    for row in rows:
        initial[f"score_{row.criterion_id}"] = row.decided_score
        initial[f"reason_{row.criterion_id}"] = row.decision_reason
    form = forms.DecisionForm(request.POST or None, rows=rows, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.submission_decide(submission=submission, version=data["version"], scores=form.scores(),
                                       reasons=form.reasons(), worked_months=data["worked_months"],
                                       quota_choice=data["quota_choice"], quota_reason=data["quota_reason"],
                                       note=data["note"], by=request.user)  # fmt: skip
        except services.EditConflict as error:
            _conflict(request, error)
            return redirect("evaluation:decide_one", pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã quyết định kết quả của {name}.").format(name=submission.member.full_name))
            return redirect("evaluation:decide", submission.round_id)
    intro = _("Tổng điểm {total} · mức theo điểm {score_level} · xếp loại {level}. {note}").format(
        total=submission.total, score_level=submission.score_level or "—", level=submission.level or "—",
        note=submission.level_note)  # fmt: skip
    title = _("Ban Chấp hành quyết định: {name}").format(name=submission.member.full_name)
    return _form_page(request, form, title=title, intro=intro, submit_label=_("Quyết định"),
                      cancel_url=reverse("evaluation:decide", args=[submission.round_id]))  # fmt: skip


# --- units ---------------------------------------------------------------------------------------------------------


@login_required
def units(request, pk: int):
    evaluation_round = _round(request, pk)
    scope = get_scope(request.user)
    clusters = list(Cluster.objects.filter(units=evaluation_round.unit, year=evaluation_round.year))
    context = {"round": evaluation_round, "results": selectors.unit_results(evaluation_round),
               "can_score": scope.covers_path(Action.DECIDE, evaluation_round.unit.path)
               and not evaluation_round.is_locked, "rankings": selectors.cluster_rankings(clusters)}  # fmt: skip
    return render(request, "evaluation/units.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_score(request, pk: int):
    result = get_scoped_or_404(UnitResult.objects.select_related("round", "unit"), request.user, Action.DECIDE, pk=pk)
    scale, _raw = unit_scale(result.round.rule_pack, result.round.rules_on, result.population)
    initial = {"version": result.version, "bonus": result.bonus, "score": result.score}
    initial.update({f"part_{k}": v for k, v in (result.parts or {}).items()})
    form = forms.UnitScoreForm(request.POST or None, scale=scale, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_result_update(
                result=result,
                version=data["version"],
                parts=form.parts(),
                bonus=data.get("bonus"),
                score=data.get("score"),
                by=request.user,
            )
        except services.EditConflict as error:
            _conflict(request, error)
            return redirect("evaluation:unit_score", pk)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu điểm của {unit}.").format(unit=result.unit.name))
            return redirect("evaluation:units", result.round_id)
    title = _("Chấm điểm {unit}").format(unit=result.unit.name)
    intro = _("Thang: {name} ({citation}).").format(name=_raw.name, citation=_raw.citation)
    return _form_page(request, form, title=title, intro=intro,
                      cancel_url=reverse("evaluation:units", args=[result.round_id]))  # fmt: skip


@login_required
def cluster(request, pk: int):
    item = get_scoped_or_404(Cluster.objects.select_related("organizer"), request.user, pk=pk)
    return render(request, "evaluation/cluster.html", {"ranking": selectors.cluster_rankings([item])[0]})


# --- publication and objections --------------------------------------------------------------------------------------


@login_required
def publication(request, pk: int):
    evaluation_round = _round(request, pk)
    if not selectors.can_see_publication(request.user, evaluation_round):
        raise PermissionDenied
    page = Paginator(selectors.publication(evaluation_round), 200).get_page(request.GET.get("page"))
    rights = selectors.rights(request.user, evaluation_round)
    context = {"round": evaluation_round, "page": page, "counts": selectors.level_counts(evaluation_round),
               "own": rights.own, "levels": Level.choices}  # fmt: skip
    return render(request, "evaluation/publication.html", context)


@login_required
def export(request, pk: int):
    """Bảng tổng hợp kết quả bình xét: the round, or one unit of it (``?unit=``), for those whose scope covers it."""
    evaluation_round = _round(request, pk)
    unit = evaluation_round.unit
    if request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(Unit, pk=int(request.GET["unit"]), path__startswith=evaluation_round.unit.path)
    scope = get_scope(request.user)
    if not (scope.covers_path(Action.REVIEW, unit.path) or scope.covers_path(Action.DECIDE, unit.path)):
        raise PermissionDenied
    filename = f"tong-hop-ket-qua-binh-xet-{evaluation_round.pk}-{unit.pk}.xlsx"
    return xlsx_response(lambda handle: write_summary_xlsx(evaluation_round, unit, handle), filename)


@login_required
@require_http_methods(["GET", "POST"])
def object_result(request, pk: int):
    submission = _submission(request, pk, Action.OBJECT)
    form = forms.ObjectionForm(request.POST or None)
    if form.is_valid():
        try:
            services.objection_submit(submission=submission, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã gửi phản hồi tới Ban Chấp hành."))
            return redirect("evaluation:submission", pk)
    r = submission.round
    intro = _("Kết quả: {level}. Nhận phản hồi đến hết ngày {date}.").format(
        level=Level(submission.level).label if submission.level else "—", date=services.d(r.objection_deadline)
    )
    return _form_page(request, form, title=_("Phản hồi kết quả bình xét"), intro=intro, submit_label=_("Gửi"),
                      cancel_url=reverse("evaluation:submission", args=[pk]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def resolve(request, pk: int):
    objection = get_scoped_or_404(Objection.objects.select_related("submission__member", "submission__round"),
                                  request.user, Action.DECIDE, pk=pk)  # fmt: skip
    form = forms.ResolveForm(request.POST or None)
    if form.is_valid():
        try:
            services.objection_resolve(objection=objection, accept=form.cleaned_data["accept"],
                                       resolution=form.cleaned_data["resolution"], by=request.user)  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã trả lời phản hồi."))
            if form.cleaned_data["accept"]:
                return redirect("evaluation:decide_one", objection.submission_id)
            return redirect("evaluation:decide", objection.submission.round_id)
    title = _("Giải quyết phản hồi của {name}").format(name=objection.submission.member.full_name)
    return _form_page(request, form, title=title, intro=objection.text,
                      cancel_url=reverse("evaluation:decide", args=[objection.submission.round_id]))  # fmt: skip
