import json

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.organizations.forms import UnitChoiceField


class PackCloneForm(BootstrapFormMixin, forms.Form):
    owner = UnitChoiceField(label=_("Áp dụng cho đơn vị"))
    code = forms.SlugField(
        label=_("Mã bộ quy tắc"), max_length=60, help_text=_("Chữ không dấu, ví dụ: hanam-cdvc-2026")
    )
    name = forms.CharField(label=_("Tên"), max_length=255)
    effective_from = forms.DateField(label=_("Hiệu lực từ"), widget=DateInput())


class EntryForm(BootstrapFormMixin, forms.Form):
    value = forms.CharField(
        label=_("Giá trị (JSON)"), widget=forms.Textarea(attrs={"rows": 8, "class": "font-monospace"})
    )
    citation = forms.CharField(label=_("Căn cứ"), max_length=500)
    unverified = forms.BooleanField(label=_("Chưa kiểm chứng"), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    effective_to = forms.DateField(label=_("Hiệu lực đến"), required=False, widget=DateInput())

    def clean_value(self):
        try:
            return json.loads(self.cleaned_data["value"])
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Không đọc được JSON (dòng {line}, cột {col}).").format(line=error.lineno, col=error.colno)
            ) from error
