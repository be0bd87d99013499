"""Pages of award proposals: the outgoing and incoming lists, a new batch, the batch with its items, eligibility
explanations, history and dossier, and the steps of the workflow (add, edit, remove an item; submit; receive; return
one item or the batch; reject an item), and the dossier files (upload, download, remove). Each step calls one service;
refusals come back as messages or form errors.

Who may do what: the proposing side needs ``propose_awards`` on the proposing unit, the receiving side
``confer_awards`` on the unit the batch is addressed to (``selectors.proposal_permissions``); outside both → 404.
Dossier files: the proposing side attaches while it may change the batch, the receiving side (council minutes, its
own evidence) while it still judges the batch; each side removes only what it may still attach."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import selectors, services
from thidua.awards.choices import PROPOSAL_EDITABLE, ProposalStatus
from thidua.awards.eligibility import titles_for
from thidua.awards.forms_proposals import DossierFileForm, ItemEditForm, ItemForm, ProposalFilterForm, ProposalForm
from thidua.awards.models import DossierFile, Proposal, ProposalItem
from thidua.core.forms import apply_validation_error
from thidua.core.permissions import get_scoped_or_404, require_action_somewhere
from thidua.core.roles import Action
from thidua.core.scope import get_scope
from thidua.organizations.models import Unit
from thidua.organizations.selectors import scope_top_units
from thidua.rules.choices import Subject
from thidua.rules.selectors import RuleMissing

PAGE_SIZE = 50


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def _proposal(request, pk: int, side: str | None = None) -> tuple[Proposal, selectors.ProposalPermissions]:
    """The batch if the user sees it (404 otherwise); with ``side`` ("edit" / "receive"), 403 without that right."""
    proposal = get_scoped_or_404(Proposal.objects.select_related("proposing_unit", "to_unit"), request.user, pk=pk)
    perms = selectors.proposal_permissions(request.user, proposal)
    if side and not getattr(perms, side):
        raise PermissionDenied
    return proposal, perms


def _item(request, pk: int, side: str) -> ProposalItem:
    item = ProposalItem.objects.select_related("proposal", "member", "unit").filter(pk=pk).first()
    if item is None:
        raise Http404
    _proposal(request, item.proposal_id, side)
    return item


def _titles(unit: Unit, year: int) -> dict[str, list]:
    try:
        return {kind: titles_for(subject_kind=kind, year=year, unit=unit)
                for kind in (Subject.INDIVIDUAL, Subject.COLLECTIVE)}  # fmt: skip
    except RuleMissing:
        return {Subject.INDIVIDUAL: [], Subject.COLLECTIVE: []}


def _collectives(unit: Unit) -> list[Unit]:
    """The proposing unit and the open units below it (collectives that may be proposed), at most 300."""
    qs = Unit.objects.filter(path__startswith=unit.path, closed_on=None).order_by("path")
    return list(qs.only("pk", "name", "path")[:300])


def _item_form(proposal: Proposal, data=None) -> ItemForm:
    return ItemForm(data, proposing_unit=proposal.proposing_unit, titles=_titles(proposal.to_unit, proposal.year),
                    collectives=_collectives(proposal.proposing_unit), prefix="item")  # fmt: skip


@login_required
def proposal_list(request):
    require_action_somewhere(request.user, Action.VIEW)
    incoming = request.GET.get("tab") == "in"
    filters = ProposalFilterForm(request.GET or None)
    year = status = None
    if filters.is_valid():
        year, status = filters.cleaned_data.get("year"), filters.cleaned_data.get("status") or None
    select = selectors.incoming_proposals if incoming else selectors.outgoing_proposals
    page = Paginator(select(request.user, year=year, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    scope = get_scope(request.user)
    return render(request, "awards/proposals/list.html", {
        "page": page, "incoming": incoming, "filters": filters, "statuses": ProposalStatus.choices,
        "can_propose": scope.allows_anywhere(Action.PROPOSE_AWARDS),
        "can_confer": scope.allows_anywhere(Action.CONFER_AWARDS)})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require_action_somewhere(request.user, Action.PROPOSE_AWARDS)
    raw = request.GET.get("unit") or request.POST.get("unit")
    if not raw:
        scope = get_scope(request.user)
        tops = [u for u in scope_top_units(request.user) if scope.covers_path(Action.PROPOSE_AWARDS, u.path)]
        children = Unit.objects.filter(parent__in=tops, closed_on=None).order_by("parent_id", "name")
        return render(request, "awards/proposals/choose_unit.html", {"tops": tops, "children": children})
    unit = get_scoped_or_404(Unit.objects, request.user, Action.PROPOSE_AWARDS, pk=raw)
    form = ProposalForm(request.POST or None, proposing_unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(proposing_unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Đã lập đề nghị; thêm người, tập thể được đề nghị."))
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return render(request, "awards/proposals/create.html", {"form": form, "unit": unit})


def _attachable(proposal: Proposal, perms: selectors.ProposalPermissions) -> bool:
    """Whether the user may add dossier files now (see the module docstring)."""
    return bool((perms.edit and proposal.status in PROPOSAL_EDITABLE)
                or (perms.receive and proposal.status in services.RECEIVING_OPEN))  # fmt: skip


def _removable(row: DossierFile, proposal: Proposal, perms: selectors.ProposalPermissions, user) -> bool:
    """The proposing side removes any file while it may change the batch; the receiving side only its own uploads
    while it judges the batch."""
    if perms.edit and proposal.status in PROPOSAL_EDITABLE:
        return True
    return perms.receive and proposal.status in services.RECEIVING_OPEN and row.uploaded_by_id == user.pk


def _file_form(dossier: selectors.Dossier, data=None, files=None) -> DossierFileForm:
    return DossierFileForm(data, files, items=[row.item for row in dossier.items], prefix="file")


@login_required
def proposal_detail(request, pk: int, item_form=None, file_form=None):
    proposal, perms = _proposal(request, pk)
    dossier = selectors.proposal_dossier(proposal)
    editable = perms.edit and proposal.status in PROPOSAL_EDITABLE
    attachable = _attachable(proposal, perms)
    return render(request, "awards/proposals/detail.html", {
        "proposal": proposal, "perms": perms, "dossier": dossier, "editable": editable,
        "events": selectors.proposal_events(proposal),
        "item_form": item_form or (_item_form(proposal) if editable else None),
        "file_form": file_form or (_file_form(dossier) if attachable else None),
        "removable": {f.pk for f in [*dossier.files, *(f for r in dossier.items for f in r.files)]
                      if _removable(f, proposal, perms, request.user)},
        "receivable": perms.receive and any(r.item.status == ProposalStatus.SUBMITTED for r in dossier.items),
        "open_statuses": services.RECEIVING_OPEN, "editable_statuses": PROPOSAL_EDITABLE,
    }, status=400 if item_form is not None or file_form is not None else 200)  # fmt: skip


@login_required
@require_POST
def item_add(request, pk: int):
    proposal, _perms = _proposal(request, pk, "edit")
    form = _item_form(proposal, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.item_add(proposal=proposal, title_code=data["title_code"], member=data["member"],
                                     unit=data["unit_obj"], achievements=data["achievements"],
                                     override_reason=data["override_reason"], by=request.user)  # fmt: skip
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if item.eligible is False and not item.override_reason:
                messages.warning(request, _("«{item}» chưa đủ điều kiện: xem giải trình; ghi lý do nếu vẫn đề nghị.")
                                 .format(item=item))  # fmt: skip
            else:
                messages.success(request, _("Đã thêm «{item}».").format(item=item))
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return proposal_detail(request, pk, item_form=form)


@login_required
@require_POST
def item_edit(request, pk: int):
    item = _item(request, pk, "edit")
    form = ItemEditForm(request.POST)
    if form.is_valid():
        try:
            services.item_update(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
        else:
            messages.success(request, _("Đã lưu «{item}».").format(item=item))
    return redirect("awards:proposal_detail", pk=item.proposal_id)


@login_required
@require_POST
def item_remove(request, pk: int):
    item = _item(request, pk, "edit")
    try:
        services.item_remove(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã bỏ «{item}» khỏi đề nghị.").format(item=item))
    return redirect("awards:proposal_detail", pk=item.proposal_id)


def _step(request, pk: int, side: str, run, done: str):
    """One workflow step on the batch: run the service, say what happened, back to the batch."""
    proposal, _perms = _proposal(request, pk, side)
    try:
        run(proposal)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("awards:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_submit(request, pk: int):
    return _step(request, pk, "edit", lambda p: services.proposal_submit(proposal=p, by=request.user),
                 _("Đã gửi đề nghị lên cấp xét."))  # fmt: skip


@login_required
@require_POST
def proposal_receive(request, pk: int):
    return _step(request, pk, "receive", lambda p: services.proposal_receive(proposal=p, by=request.user),
                 _("Đã tiếp nhận đề nghị."))  # fmt: skip


@login_required
@require_POST
def proposal_return(request, pk: int):
    reason = request.POST.get("reason", "")
    return _step(request, pk, "receive",
                 lambda p: services.proposal_return(proposal=p, reason=reason, by=request.user),
                 _("Đã trả lại đề nghị cho đơn vị."))  # fmt: skip


def _item_step(request, pk: int, run, done: str):
    item = _item(request, pk, "receive")
    reason = request.POST.get("reason", "")
    try:
        run(item, reason)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, done.format(item=item))
    return redirect("awards:proposal_detail", pk=item.proposal_id)


@login_required
@require_POST
def item_return(request, pk: int):
    return _item_step(request, pk, lambda i, r: services.item_return(item=i, reason=r, by=request.user),
                      _("Đã trả lại «{item}»; các mục khác vẫn tiếp tục được xét."))  # fmt: skip


@login_required
@require_POST
def item_reject(request, pk: int):
    return _item_step(request, pk, lambda i, r: services.item_reject(item=i, reason=r, by=request.user),
                      _("Đã ghi «{item}» không khen thưởng."))  # fmt: skip


def _dossier_file(request, pk: int) -> tuple[DossierFile, selectors.ProposalPermissions]:
    row = DossierFile.objects.select_related("proposal").filter(pk=pk).first()
    if row is None:
        raise Http404
    return row, _proposal(request, row.proposal_id)[1]


@login_required
@require_POST
def file_add(request, pk: int):
    proposal, perms = _proposal(request, pk)
    if not (perms.edit or perms.receive):
        raise PermissionDenied
    if not _attachable(proposal, perms):
        messages.error(request, _("Đề nghị ở trạng thái «{status}»: không thêm tài liệu được.").format(
            status=proposal.get_status_display()))  # fmt: skip
        return redirect("awards:proposal_detail", pk=proposal.pk)
    form = _file_form(selectors.proposal_dossier(proposal), request.POST, request.FILES)
    if form.is_valid():
        row = form.save(proposal=proposal, by=request.user)
        messages.success(request, _("Đã thêm tài liệu «{name}» vào hồ sơ.").format(name=row.original_name))
        return redirect("awards:proposal_detail", pk=proposal.pk)
    return proposal_detail(request, pk, file_form=form)


@login_required
def file_download(request, pk: int):
    row, _perms = _dossier_file(request, pk)
    if not row.file or not row.file.storage.exists(row.file.name):
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name)


@login_required
@require_POST
def file_remove(request, pk: int):
    row, perms = _dossier_file(request, pk)
    proposal = row.proposal
    if not (perms.edit or perms.receive):
        raise PermissionDenied
    if not _removable(row, proposal, perms, request.user):
        messages.error(request, _("Không bỏ được tài liệu «{name}» ở trạng thái này.").format(name=row.original_name))
    else:
        stored, storage = row.file.name, row.file.storage
        row.delete()
        transaction.on_commit(lambda: storage.delete(stored))
        messages.success(request, _("Đã bỏ tài liệu «{name}» khỏi hồ sơ.").format(name=row.original_name))
    return redirect("awards:proposal_detail", pk=proposal.pk)


urlpatterns = [
    path("proposals/", proposal_list, name="proposals"),
    path("proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/items/", item_add, name="proposal_item_add"),
    path("proposals/<int:pk>/submit/", proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/receive/", proposal_receive, name="proposal_receive"),
    path("proposals/<int:pk>/return/", proposal_return, name="proposal_return"),
    path("proposal-items/<int:pk>/edit/", item_edit, name="proposal_item_edit"),
    path("proposal-items/<int:pk>/remove/", item_remove, name="proposal_item_remove"),
    path("proposal-items/<int:pk>/return/", item_return, name="proposal_item_return"),
    path("proposal-items/<int:pk>/reject/", item_reject, name="proposal_item_reject"),
    path("proposals/<int:pk>/files/", file_add, name="proposal_file_add"),
    path("proposal-files/<int:pk>/", file_download, name="proposal_file"),
    path("proposal-files/<int:pk>/remove/", file_remove, name="proposal_file_remove"),
]
