from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.organizations.choices import ClusterKind, UnitKind
from thidua.organizations.models import Unit


class UnitChoiceField(forms.TypedChoiceField):
    """A select of units the user may act on; cleans to a Unit."""

    def __init__(self, *, options=(), **kwargs):
        super().__init__(coerce=int, **kwargs)
        self.set_options(options)

    def set_options(self, options) -> None:
        self.choices = [("", "—")] + [(o.pk, o.label) for o in options]

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        return Unit.objects.get(pk=pk)


class UnitCreateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=UnitKind.choices)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=40, required=False)


class UnitEditForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=40, required=False)


class UnitMoveForm(BootstrapFormMixin, forms.Form):
    new_parent = UnitChoiceField(label=_("Chuyển về trực thuộc"))


class UnitCloseForm(BootstrapFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("Ngày giải thể / sáp nhập"), widget=DateInput())
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class ClusterForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên cụm/khối"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=ClusterKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    organizer = UnitChoiceField(label=_("Đơn vị tổ chức"))
    units = forms.TypedMultipleChoiceField(label=_("Đơn vị thành viên"), coerce=int)
    leader = forms.TypedChoiceField(label=_("Cụm trưởng / khối trưởng"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].set_options(options)
        self.fields["units"].choices = [(o.pk, o.label) for o in options]
        self.fields["leader"].choices = [("", "—")] + [(o.pk, o.label) for o in options]
        self.fields["units"].widget.attrs["size"] = 10


class TermForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nhiệm kỳ"), max_length=50, help_text=_("Ví dụ 2023 - 2028"))
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
