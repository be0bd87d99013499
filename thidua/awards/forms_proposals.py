"""Forms of the proposal, council and decision pages. They only shape input; the services validate the workflow."""

import pathlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from thidua.awards.choices import AttachmentKind, Attendance, BallotChoice, ProposalStatus, SeatRole
from thidua.awards.forms_history import current_year
from thidua.awards.models import DossierFile, Proposal, ProposalItem
from thidua.core.forms import BootstrapFormMixin
from thidua.evidence.attachments import allowed_extensions, check_upload, max_bytes
from thidua.members.models import Member
from thidua.organizations.models import Unit
from thidua.rules.choices import Subject


def ancestors_and_self(unit: Unit) -> list[Unit]:
    """The unit and every unit above it, nearest first: the levels a proposal may be addressed to."""
    ids = [int(i) for i in unit.path.strip("/").split("/") if i]
    return sorted(Unit.objects.filter(pk__in=ids, closed_on=None), key=lambda u: -len(u.path))


class ProposalForm(BootstrapFormMixin, forms.Form):
    """A new batch of proposals from a fixed proposing unit."""

    to_unit = forms.TypedChoiceField(label=gettext_lazy("Gửi cấp xét, quyết định"), coerce=int)
    year = forms.IntegerField(label=gettext_lazy("Năm thành tích"), min_value=1990, max_value=2100)
    subject_line = forms.CharField(label=gettext_lazy("Trích yếu tờ trình"), max_length=255)
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=150, required=False)
    signer_title = forms.CharField(label=gettext_lazy("Chức vụ người ký"), max_length=100, required=False)

    def __init__(self, *args, proposing_unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {u.pk: u for u in ancestors_and_self(proposing_unit)}
        self.fields["to_unit"].choices = [(pk, u.name) for pk, u in self.levels.items()]
        year = current_year() - 1
        self.initial.setdefault("year", year)
        self.initial.setdefault("subject_line", gettext_lazy("Đề nghị khen thưởng năm {year}").format(year=year))

    def clean_to_unit(self) -> Unit:
        return self.levels[self.cleaned_data["to_unit"]]


class ItemForm(BootstrapFormMixin, forms.Form):
    """A person (by member code) or a collective of the proposing unit's subtree, for one title of the pack."""

    title_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức khen thưởng"))
    member_code = forms.CharField(label=gettext_lazy("Mã đoàn viên (cá nhân)"), max_length=30, required=False)
    unit = forms.TypedChoiceField(label=gettext_lazy("Tập thể"), coerce=int, required=False, empty_value=None)
    achievements = forms.CharField(label=gettext_lazy("Tóm tắt thành tích"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    override_reason = forms.CharField(
        label=gettext_lazy("Lý do vẫn đề nghị nếu chưa đủ điều kiện"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, proposing_unit: Unit, titles: dict[str, list], collectives: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposing_unit = proposing_unit
        self.subjects = {t.code: kind for kind, group in titles.items() for t in group}
        self.fields["title_code"].choices = [
            (str(Subject(kind).label), [(t.code, t.name) for t in group]) for kind, group in titles.items() if group
        ]
        self.fields["unit"].choices = [("", "—")] + [(u.pk, u.name) for u in collectives]
        self.collectives = {u.pk: u for u in collectives}

    def clean(self):
        data = super().clean()
        kind = self.subjects.get(data.get("title_code"))
        data["member"] = data["unit_obj"] = None
        if kind == Subject.INDIVIDUAL:
            code = (data.get("member_code") or "").strip()
            if not code:
                self.add_error("member_code", gettext_lazy("Nhập mã đoàn viên được đề nghị."))
                return data
            member = Member.objects.select_related("unit").filter(
                code__iexact=code, unit__path__startswith=self.proposing_unit.path).first()  # fmt: skip
            if member is None:
                self.add_error("member_code", gettext_lazy("Không có đoàn viên mã «{code}» trong {unit}.").format(
                    code=code, unit=self.proposing_unit.name))  # fmt: skip
            data["member"] = member
        elif kind == Subject.COLLECTIVE:
            if not data.get("unit"):
                self.add_error("unit", gettext_lazy("Chọn tập thể được đề nghị."))
                return data
            data["unit_obj"] = self.collectives.get(data["unit"])
        return data


class ItemEditForm(BootstrapFormMixin, forms.Form):
    achievements = forms.CharField(label=gettext_lazy("Tóm tắt thành tích"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    override_reason = forms.CharField(label=gettext_lazy("Lý do vẫn đề nghị nếu chưa đủ điều kiện"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ProposalFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *list(ProposalStatus.choices)])


class DossierFileForm(BootstrapFormMixin, forms.Form):
    """One file of a batch's dossier, for the batch or one of its items; checked like evidence attachments."""

    kind = forms.ChoiceField(label=gettext_lazy("Loại tài liệu"), choices=AttachmentKind.choices)
    item = forms.TypedChoiceField(label=gettext_lazy("Của mục"), coerce=int, required=False, empty_value=None)
    upload = forms.FileField(label=gettext_lazy("Tệp"))

    def __init__(self, *args, items: list[ProposalItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {i.pk: i for i in items}
        self.fields["item"].choices = [("", gettext_lazy("Cả đề nghị"))] + [(i.pk, str(i)) for i in items]
        self.fields["upload"].help_text = gettext_lazy("Nhận tệp {types}, tối đa {mb} MB.").format(
            types=", ".join(e.lstrip(".") for e in allowed_extensions()), mb=round(max_bytes() / 1024 / 1024, 1)
        )

    def clean_item(self) -> ProposalItem | None:
        pk = self.cleaned_data["item"]
        return self.items[pk] if pk else None

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            check_upload(upload)
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"]) from error
        return upload

    @transaction.atomic
    def save(self, *, proposal: Proposal, by) -> DossierFile:
        """Store the checked file (plain single-row write: the file and its row together)."""
        upload = self.cleaned_data["upload"]
        row = DossierFile(proposal=proposal, item=self.cleaned_data["item"], kind=self.cleaned_data["kind"],
                          original_name=pathlib.Path(upload.name or "tep").name[:255], uploaded_by=by)  # fmt: skip
        row.file.save(row.original_name, upload, save=False)
        row.save()
        return row


# -- council sessions --------------------------------------------------------------------------------------------------


class SessionForm(BootstrapFormMixin, forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Hội đồng của đơn vị"), coerce=int)
    name = forms.CharField(label=gettext_lazy("Tên phiên họp"), max_length=255)
    held_on = forms.DateField(label=gettext_lazy("Ngày họp"), help_text=gettext_lazy("Ngày/tháng/năm."))
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=255, required=False)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        self.initial.setdefault("name", gettext_lazy("Phiên họp Hội đồng Thi đua - Khen thưởng"))

    def clean_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


class SeatForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=150, required=False)
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=SeatRole.choices, initial=SeatRole.MEMBER)
    username = forms.CharField(label=gettext_lazy("Tài khoản (để tự bỏ phiếu trên hệ thống)"), max_length=150,
                               required=False)  # fmt: skip
    attendance = forms.ChoiceField(label=gettext_lazy("Tham dự"), choices=Attendance.choices)


class BallotForm(forms.Form):
    """One choice per session item: fields ``item_<session item id>``."""

    def __init__(self, *args, session_items, **kwargs):
        super().__init__(*args, **kwargs)
        for si in session_items:
            self.fields[f"item_{si.pk}"] = forms.ChoiceField(
                label=str(si.item), choices=BallotChoice.choices, widget=forms.RadioSelect
            )

    def choices(self) -> dict[int, str]:
        return {int(name.removeprefix("item_")): value for name, value in self.cleaned_data.items()}


# -- decisions ---------------------------------------------------------------------------------------------------------


class DecisionForm(BootstrapFormMixin, forms.Form):
    decided_on = forms.DateField(label=gettext_lazy("Ngày ký"), help_text=gettext_lazy("Ngày/tháng/năm."))
    subject_line = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=255)
    signer_name = forms.CharField(label=gettext_lazy("Người ký"), max_length=150)
    signer_title = forms.CharField(label=gettext_lazy("Chức vụ người ký"), max_length=100, initial="Chủ tịch")
    reject_reason = forms.CharField(label=gettext_lazy("Lý do không khen thưởng (các mục đánh dấu không khen)"),
                                    required=False, max_length=2000)  # fmt: skip
