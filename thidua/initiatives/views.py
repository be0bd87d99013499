"""Initiative pages: lists, the submission form with its live similarity panel, the detail (restricted when
confidential), the council's review page with scoring and decisions, councils. Import and export: import_views.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.initiatives import selectors, services
from thidua.initiatives.choices import InitiativeField, InitiativeStatus, RecognitionScope
from thidua.initiatives.forms import (
    AttachmentForm,
    CouncilForm,
    ForwardForm,
    InitiativeForm,
    ReasonForm,
    RecogniseForm,
    ScoreForm,
    StartReviewForm,
)
from thidua.initiatives.models import Initiative, InitiativeAttachment, InitiativeCouncil
from thidua.members.models import Member
from thidua.organizations.choices import UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.selectors import UnitOption, unit_choices

UNION_KINDS = [k for k in UnitKind.values if k != UnitKind.AGENCY]


def _form_page(request, form, *, title: str, cancel_url: str, intro: str = "", submit_label: str = ""):
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url,
                                                   "intro": intro, "submit_label": submit_label})  # fmt: skip


def _initiative(request, pk: int, action: str = Action.VIEW) -> Initiative:
    qs = Initiative.objects.select_related("unit", "review_unit", "council")
    return get_scoped_or_404(qs, request.user, action, pk=pk)


def _as_author(request, pk: int) -> Initiative:
    """An initiative the user wrote or registered, in a state they may edit: else 404 (unseen) or 403."""
    initiative = _initiative(request, pk)
    if not selectors.initiative_permissions(request.user, initiative).edit:
        raise PermissionDenied
    return initiative


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# -- lists -------------------------------------------------------------------------------------------------------------


def _list(request, *, mine: bool, title: str):
    filters = selectors.InitiativeFilters.from_query(request.GET)
    if mine:
        filters = selectors.InitiativeFilters(**{**filters.__dict__, "mine": True})
    qs = selectors.initiative_list(request.user, filters)
    page = Paginator(qs, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = get_scope(request.user)
    context = {
        "title": title, "mine": mine, "page": page, "rows": selectors.initiative_rows(request.user, page.object_list),
        "filters": filters, "unit_options": unit_choices(request.user, Action.VIEW, kinds=UNION_KINDS),
        "statuses": InitiativeStatus.choices, "fields": InitiativeField.choices, "scopes": RecognitionScope.choices,
        "can_submit": scope.allows_anywhere(Action.SUBMIT_INITIATIVE),
        "can_review": scope.allows_anywhere(Action.REVIEW_INITIATIVE), "query": _query_without_page(request),
    }  # fmt: skip
    template = "initiatives/_table.html" if request.headers.get("HX-Request") else "initiatives/list.html"
    return render(request, template, context)


@login_required
def initiative_list(request):
    return _list(request, mine=False, title=_("Sáng kiến"))


@login_required
def my_initiatives(request):
    return _list(request, mine=True, title=_("Sáng kiến của tôi"))


@login_required
def review_queue(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    return render(request, "initiatives/queue.html", {"initiatives": selectors.review_queue(request.user)[:500]})


# -- writing -----------------------------------------------------------------------------------------------------------


def _own_code(user) -> str:
    member = Member.objects.filter(user=user).only("code").first()
    return member.code if member else ""


def _form_context(request, form, *, title: str, initiative: Initiative | None = None):
    return render(request, "initiatives/form.html", {"form": form, "title": title, "initiative": initiative,
                                                     "max_bytes": services.attachment_max_bytes()})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    require_action_somewhere(request.user, Action.SUBMIT_INITIATIVE)
    options = unit_choices(request.user, Action.SUBMIT_INITIATIVE, kinds=UNION_KINDS)
    initial = {"author_code_0": _own_code(request.user), "author_share_0": 100}
    if len(options) == 1:
        initial["unit"] = options[0].pk
    form = InitiativeForm(request.POST or None, unit_options=options, initial=initial)
    if form.is_valid():
        try:
            initiative = services.initiative_create(unit=form.cleaned_data["unit"], by=request.user,
                                                    authors=form.cleaned_data["authors"], **form.content())  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu bản nháp. Kiểm tra lại rồi bấm «Nộp sáng kiến»."))
            return redirect("initiatives:detail", initiative.pk)
    return _form_context(request, form, title=_("Đăng ký sáng kiến"))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk: int):
    initiative = _as_author(request, pk)
    authors = list(initiative.authors.select_related("member"))
    initial = {name: getattr(initiative, name) for name in services.CONTENT_FIELDS}
    for i, author in enumerate(authors):
        initial[f"author_code_{i}"], initial[f"author_share_{i}"] = author.member.code, author.share
    form = InitiativeForm(request.POST or None, initial=initial, editing=True, fixed_unit=initiative.unit)
    if form.is_valid():
        try:
            services.initiative_update(initiative=initiative, by=request.user, authors=form.cleaned_data["authors"],
                                       **form.content())  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("initiatives:detail", initiative.pk)
    return _form_context(request, form, title=_("Sửa sáng kiến"), initiative=initiative)


@login_required
@require_http_methods(["GET", "POST"])
def similar_panel(request):
    """The htmx panel under the form: the most similar submitted initiatives to what is being typed."""
    scope = get_scope(request.user)
    if not (scope.allows_anywhere(Action.SUBMIT_INITIATIVE) or scope.allows_anywhere(Action.REVIEW_INITIATIVE)):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    exclude = data.get("initiative")
    hits = selectors.similar_initiatives(request.user, title=data.get("title", "")[:300],
                                         problem=data.get("problem", "")[:4000],
                                         solution=data.get("solution", "")[:4000],
                                         exclude=int(exclude) if exclude and exclude.isdigit() else None)  # fmt: skip
    return render(request, "initiatives/_similar.html", {"similar": hits, "live": True})


@login_required
@require_POST
def initiative_submit(request, pk: int):
    initiative = _as_author(request, pk)
    try:
        services.initiative_submit(initiative=initiative, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("initiatives:edit", initiative.pk)
    messages.success(request, _("Đã nộp sáng kiến tới {unit}.").format(unit=initiative.review_unit.name))
    return redirect("initiatives:detail", initiative.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request, pk: int):
    initiative = _as_author(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            services.attachment_add(initiative=initiative, upload=form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
            return redirect("initiatives:detail", initiative.pk)
    limit = round(services.attachment_max_bytes() / 1024 / 1024, 1)
    return _form_page(request, form, title=_("Đính kèm tệp: {title}").format(title=initiative.title),
                      intro=_("Nhận pdf, docx, xlsx, jpg, png; tối đa {limit} MB mỗi tệp.").format(limit=limit),
                      cancel_url=reverse("initiatives:detail", args=[initiative.pk]))  # fmt: skip


def _attachment(request, pk: int) -> InitiativeAttachment:
    attachment = get_object_or_404(InitiativeAttachment.objects.select_related("initiative"), pk=pk)
    initiative = _initiative(request, attachment.initiative_id)
    if not selectors.initiative_permissions(request.user, initiative).full:
        raise PermissionDenied
    attachment.initiative = initiative
    return attachment


@login_required
def attachment_download(request, pk: int):
    attachment = _attachment(request, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)  # fmt: skip


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = _attachment(request, pk)
    if not selectors.initiative_permissions(request.user, attachment.initiative).edit:
        raise PermissionDenied
    try:
        services.attachment_remove(attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("initiatives:detail", attachment.initiative_id)


# -- reading -----------------------------------------------------------------------------------------------------------


@login_required
def initiative_detail(request, pk: int):
    initiative = _initiative(request, pk)
    view = selectors.initiative_view(request.user, initiative)
    perms = selectors.initiative_permissions(request.user, initiative)
    context = {"initiative": view, "perms": perms, "reviewer": get_scope(request.user).covers_path(
        Action.REVIEW_INITIATIVE, initiative.review_unit.path)}  # fmt: skip
    if perms.full:
        context.update(selectors.initiative_detail(initiative))
        if perms.edit:
            context["similar"] = selectors.similar_to(request.user, initiative)
    return render(request, "initiatives/detail.html", context)


# -- review ------------------------------------------------------------------------------------------------------------


def _for_review(request, pk: int) -> Initiative:
    return _initiative(request, pk, Action.REVIEW_INITIATIVE)


@login_required
def review(request, pk: int):
    """The council's page: content, the most similar initiatives, the score sheet and the decisions."""
    initiative = _for_review(request, pk)
    context = {
        "initiative": initiative, "perms": selectors.initiative_permissions(request.user, initiative),
        "sheet": selectors.council_sheet(initiative), "similar": selectors.similar_to(request.user, initiative),
        "councils": list(selectors.councils_for(initiative)), **selectors.initiative_detail(initiative),
    }  # fmt: skip
    return render(request, "initiatives/review.html", context)


def _review_action(request, pk: int) -> Initiative:
    initiative = _for_review(request, pk)
    if not selectors.initiative_permissions(request.user, initiative).review:
        raise PermissionDenied
    return initiative


def _decision_page(request, initiative, form, *, title: str, run, done: str, intro: str = ""):
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("initiatives:review", initiative.pk)
    return _form_page(request, form, title=f"{title}: {initiative.title}", intro=intro,
                      cancel_url=reverse("initiatives:review", args=[initiative.pk]))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def start_review(request, pk: int):
    initiative = _review_action(request, pk)
    councils = list(selectors.councils_for(initiative))
    form = StartReviewForm(request.POST or None, councils=councils)
    by_pk = {c.pk: c for c in councils}

    def run(data):
        services.initiative_start_review(initiative=initiative, council=by_pk[data["council"]], by=request.user)

    intro = "" if councils else _("{unit} chưa có hội đồng sáng kiến; hãy lập hội đồng trước.").format(
        unit=initiative.review_unit.name)  # fmt: skip
    return _decision_page(request, initiative, form, title=_("Đưa ra hội đồng"), run=run, intro=intro,
                          done=_("Đã đưa sáng kiến ra hội đồng."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk: int):
    initiative = _for_review(request, pk)
    if not selectors.initiative_permissions(request.user, initiative).score:
        raise PermissionDenied
    own = Member.objects.filter(user=request.user).values_list("pk", flat=True).first()
    form = ScoreForm(request.POST or None, council=initiative.council, initial={"member": own})
    members = {m.pk: m for m in initiative.council.members.all()}

    def run(data):
        services.council_score_record(initiative=initiative, member=members[data["member"]], points=form.points())

    return _decision_page(request, initiative, form, title=_("Chấm điểm"), run=run, done=_("Đã ghi điểm."))


@login_required
@require_http_methods(["GET", "POST"])
def recognise(request, pk: int):
    initiative = _review_action(request, pk)
    form = RecogniseForm(request.POST or None, initial={"scope": services.max_scope_for(initiative.review_unit)})

    def run(data):
        services.initiative_recognise(initiative=initiative, by=request.user, **data)

    return _decision_page(request, initiative, form, title=_("Quyết định công nhận"), run=run,
                          done=_("Đã ghi quyết định công nhận."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def return_initiative(request, pk: int):
    initiative = _review_action(request, pk)
    form = ReasonForm(request.POST or None)

    def run(data):
        services.initiative_return(initiative=initiative, reason=data["reason"], by=request.user)

    return _decision_page(request, initiative, form, title=_("Trả lại để bổ sung"), run=run,
                          done=_("Đã trả lại sáng kiến cho tác giả."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def reject(request, pk: int):
    initiative = _review_action(request, pk)
    form = ReasonForm(request.POST or None)

    def run(data):
        services.initiative_reject(initiative=initiative, reason=data["reason"], by=request.user)

    return _decision_page(request, initiative, form, title=_("Không công nhận"), run=run,
                          done=_("Đã ghi quyết định không công nhận."))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def forward(request, pk: int):
    initiative = _for_review(request, pk)
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise PermissionDenied
    ancestors = [int(i) for i in initiative.review_unit.path.strip("/").split("/")[:-1]]
    units = Unit.objects.filter(pk__in=ancestors).open().exclude(kind=UnitKind.AGENCY)
    options = [UnitOption(u.pk, u.name) for u in sorted(units, key=lambda u: -len(u.path))]
    form = ForwardForm(request.POST or None)
    form.fields["to_unit"].set_options(options)

    def run(data):
        services.initiative_forward(initiative=initiative, to_unit=data["to_unit"], by=request.user, note=data["note"])

    return _decision_page(request, initiative, form, title=_("Chuyển cấp trên xét"), run=run,
                          done=_("Đã chuyển sáng kiến lên cấp trên."))  # fmt: skip


# -- councils ----------------------------------------------------------------------------------------------------------


@login_required
def councils(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    qs = InitiativeCouncil.objects.visible_to(request.user, Action.REVIEW_INITIATIVE).select_related("unit")
    return render(request, "initiatives/councils.html", {"councils": qs.prefetch_related("members")[:500]})


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request):
    require_action_somewhere(request.user, Action.REVIEW_INITIATIVE)
    options = unit_choices(request.user, Action.REVIEW_INITIATIVE, kinds=UNION_KINDS)
    form = CouncilForm(request.POST or None, unit_options=options)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.council_create(unit=data["unit"], year=data["year"], name=data["name"], members=data["members"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lập hội đồng sáng kiến."))
            return redirect("initiatives:councils")
    return _form_page(
        request,
        form,
        title=_("Lập hội đồng sáng kiến"),
        cancel_url=reverse("initiatives:councils"),
        intro=_("Phiếu chấm mặc định: {criteria}.").format(criteria=_default_sheet()),
    )


def _default_sheet() -> str:
    from thidua.initiatives.data import DEFAULT_CRITERIA

    return ", ".join(_("{label} {points} điểm").format(label=c.label, points=c.max_points) for c in DEFAULT_CRITERIA)
