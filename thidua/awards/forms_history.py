"""Forms of the award-history and eligibility pages."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from thidua.awards.choices import AbsenceKind
from thidua.core.forms import BootstrapFormMixin


def current_year() -> int:
    return timezone.localdate().year


class YearForm(forms.Form):
    """The judged year of the eligibility pages (default: the current year)."""

    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=1980, max_value=2100, required=False)

    def year_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return current_year()


class RecordForm(BootstrapFormMixin, forms.Form):
    """A title or award form received, typed in from a past decision."""

    year = forms.IntegerField(label=gettext_lazy("Năm thành tích"), min_value=1980, max_value=2100)
    title_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức khen thưởng"))
    decision_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60, required=False)
    decided_on = forms.DateField(label=gettext_lazy("Ngày quyết định"), required=False,
                                 help_text=gettext_lazy("Ngày/tháng/năm, ví dụ 15/01/2024."))  # fmt: skip
    issuer_name = forms.CharField(label=gettext_lazy("Cấp quyết định"), max_length=255, required=False)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_code"].choices = [(t.code, t.name) for t in titles]
        self.initial.setdefault("year", current_year() - 1)


class AbsenceForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=AbsenceKind.choices)
    starts_on = forms.DateField(label=gettext_lazy("Từ ngày"))
    ends_on = forms.DateField(label=gettext_lazy("Đến ngày"))
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("ends_on", gettext_lazy("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
