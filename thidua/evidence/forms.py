"""Forms of the evidence pages. Members are chosen by code (a province has too many for a select box); a code outside
the user's scope for the action is "not found", like a 404."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.evidence.attachments import allowed_extensions, max_bytes
from thidua.evidence.models import Activity, ConductRecord, Discipline, MediaItem, PartyIntroduction, WorkProject
from thidua.members.models import Member
from thidua.organizations.models import Unit


class UnitChoiceField(forms.TypedChoiceField):
    """A unit among the given options (``UnitOption``: pk and indented label)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def set_options(self, options) -> None:
        self.choices = [("", "—")] + [(o.pk, o.label) for o in options]


def _file_help() -> str:
    return _("Tùy chọn. Nhận tệp {types}, tối đa {mb} MB.").format(
        types=", ".join(e.lstrip(".") for e in allowed_extensions()), mb=round(max_bytes() / 1024 / 1024, 1)
    )


class _RecordForm(BootstrapFormMixin, forms.ModelForm):
    """A record form; ``unit_options`` limit the unit, ``members`` is the queryset member codes are looked up in."""

    upload = forms.FileField(label=gettext_lazy("Tệp minh chứng"), required=False)
    has_unit = True
    member_fields: tuple[str, ...] = ()  # code fields resolved to one member each
    people_fields: tuple[str, ...] = ()  # code lists resolved to members

    def __init__(self, *args, unit_options=(), members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members if members is not None else Member.objects.none()
        if self.has_unit:
            self.fields["unit"] = UnitChoiceField(label=gettext_lazy("Đơn vị"))
            self.fields["unit"].set_options(unit_options)
            if self.instance.pk:
                self.initial["unit"] = self.instance.unit_id
        if "upload" in self.fields:
            self.fields["upload"].help_text = _file_help()
        for name in self.member_fields:
            self.fields[name] = forms.CharField(label=gettext_lazy("Mã đoàn viên"), max_length=30)
            if self.instance.pk:
                self.fields[name].disabled = True
                self.initial[name] = self.instance.member.code
        for name in self.people_fields:
            label = self.Meta.model._meta.get_field(name).verbose_name
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=gettext_lazy("Mã đoàn viên, cách nhau bởi dấu phẩy hoặc xuống dòng."))  # fmt: skip
            if self.instance.pk:
                self.initial[name] = ", ".join(getattr(self.instance, name).values_list("code", flat=True))
        self.order_fields(["unit", *self.member_fields])  # the unit or the member first, the rest as declared

    def _post_clean(self):
        """The service validates the record (every problem on its field); the form only parses the input."""

    def clean_unit(self):
        pk = self.cleaned_data["unit"]
        return Unit.objects.get(pk=pk)

    def _clean_member(self, name: str):
        if self.instance.pk:
            return self.instance.member
        code = self.cleaned_data[name].strip()
        member = self.members.filter(code=code).first()
        if member is None:
            raise forms.ValidationError(_("Không có đoàn viên mã {code} trong phạm vi của bạn.").format(code=code))
        return member

    def _clean_people(self, name: str) -> list[Member]:
        codes = [c.strip() for c in self.cleaned_data.get(name, "").replace("\n", ",").split(",") if c.strip()]
        found = {m.code: m for m in self.members.filter(code__in=codes).select_related("unit")}
        missing = [c for c in codes if c not in found]
        if missing:
            raise forms.ValidationError(_("Không tìm thấy mã: {codes}.").format(codes=", ".join(missing)))
        return [found[c] for c in dict.fromkeys(codes)]

    def clean(self):
        data = super().clean()
        for name in self.member_fields:
            if name in data:
                try:
                    data["member"] = self._clean_member(name)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        for name in self.people_fields:
            try:
                data[name] = self._clean_people(name)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def service_fields(self) -> dict:
        """cleaned_data as the service takes it (without the file and the member code fields)."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("upload", *self.member_fields)}
        data["upload"] = self.cleaned_data.get("upload") or None
        return data


class ActivityForm(_RecordForm):
    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "location", "note"]
        widgets = {"held_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class WorkProjectForm(_RecordForm):
    people_fields = ("participants",)

    class Meta:
        model = WorkProject
        fields = ["title", "dedicated_to", "starts_on", "ends_on", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class MediaItemForm(_RecordForm):
    people_fields = ("authors",)
    url = forms.URLField(label=gettext_lazy("Đường dẫn"), max_length=500, assume_scheme="https")

    class Meta:
        model = MediaItem
        fields = ["kind", "title", "url", "published_on", "publisher"]
        widgets = {"published_on": DateInput()}


class ConductRecordForm(_RecordForm):
    has_unit = False
    member_fields = ("member_code",)

    class Meta:
        model = ConductRecord
        fields = ["rule", "polarity", "occurred_on", "note"]
        widgets = {"occurred_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}


class PartyIntroductionForm(_RecordForm):
    has_unit = False
    member_fields = ("member_code",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["upload"]

    class Meta:
        model = PartyIntroduction
        fields = ["introduced_on", "outcome", "decided_on", "note"]
        widgets = {"introduced_on": DateInput(), "decided_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def service_fields(self) -> dict:
        data = super().service_fields()
        data.pop("upload")
        return data


class DisciplineForm(_RecordForm):
    has_unit = False
    member_fields = ("member_code",)

    class Meta:
        model = Discipline
        fields = ["level", "decision_number", "starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})}


FORMS = {
    "activities": ActivityForm,
    "projects": WorkProjectForm,
    "media": MediaItemForm,
    "conduct": ConductRecordForm,
    "party": PartyIntroductionForm,
    "discipline": DisciplineForm,
}


class AttendanceUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV (UTF-8)"))
