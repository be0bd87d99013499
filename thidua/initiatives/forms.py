import datetime
import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.initiatives.choices import InitiativeField, RecognitionScope
from thidua.members.choices import MemberStatus
from thidua.members.models import Member
from thidua.organizations.forms import UnitChoiceField
from thidua.organizations.models import Unit

AUTHOR_ROWS = 5
CONTENT_FIELDS = ("title", "field", "problem", "solution", "application_scope", "applied_from", "expected_money",
                  "expected_hours", "expected_other", "measured_money", "measured_hours", "measured_other",
                  "confidential")  # fmt: skip


def _money(label):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=18, decimal_places=0,
                              widget=forms.NumberInput(attrs={"step": "1000"}))  # fmt: skip


def _hours(label):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=1)


class InitiativeForm(BootstrapFormMixin, forms.Form):
    """The content of an initiative and up to five authors (by member code, with their shares)."""

    unit = UnitChoiceField(label=_("Đơn vị nộp"))
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=300)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=InitiativeField.choices)
    problem = forms.CharField(label=_("Thực trạng, vấn đề cần giải quyết"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    solution = forms.CharField(label=_("Nội dung, giải pháp"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    application_scope = forms.CharField(label=_("Phạm vi áp dụng"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    applied_from = forms.DateField(label=_("Ngày bắt đầu áp dụng"), required=False, widget=DateInput())
    expected_money = _money(_("Lợi ích dự kiến: số tiền tiết kiệm (đồng)"))
    expected_hours = _hours(_("Lợi ích dự kiến: giờ công tiết kiệm"))
    expected_other = forms.CharField(label=_("Lợi ích dự kiến khác"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    measured_money = _money(_("Lợi ích thực tế: số tiền tiết kiệm (đồng)"))
    measured_hours = _hours(_("Lợi ích thực tế: giờ công tiết kiệm"))
    measured_other = forms.CharField(label=_("Lợi ích thực tế khác"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    confidential = forms.BooleanField(label=_("Bảo mật (người ngoài chỉ thấy tên, lợi ích và kết quả công nhận)"),
                                      required=False)  # fmt: skip

    def __init__(self, *args, unit_options=(), editing: bool = False, fixed_unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_unit = fixed_unit
        if editing:
            del self.fields["unit"]
        else:
            self.fields["unit"].set_options(unit_options)
        for i in range(AUTHOR_ROWS):
            self.fields[f"author_code_{i}"] = forms.CharField(label=_("Mã đoàn viên"), max_length=30, required=False)
            self.fields[f"author_share_{i}"] = forms.DecimalField(label=_("Tỷ lệ (%)"), required=False, min_value=0,
                                                                   max_value=100, decimal_places=2)  # fmt: skip
            for name in (f"author_code_{i}", f"author_share_{i}"):
                css = self.fields[name].widget.attrs.get("class", "")
                self.fields[name].widget.attrs["class"] = (css + " form-control form-control-sm").strip()

    def author_rows(self):
        return [(self[f"author_code_{i}"], self[f"author_share_{i}"]) for i in range(AUTHOR_ROWS)]

    def clean(self):
        data = super().clean()
        unit = self.fixed_unit or data.get("unit")
        rows = []
        for i in range(AUTHOR_ROWS):
            code = (data.get(f"author_code_{i}") or "").strip()
            share = data.get(f"author_share_{i}")
            if code:
                rows.append((i, code, share if share is not None else Decimal(0)))
        if unit is None:
            return data
        from thidua.initiatives.services import default_review_unit

        review_unit = default_review_unit(unit)
        found = Member.objects.filter(code__in=[c for _, c, _ in rows], unit__path__startswith=review_unit.path,
                                      status=MemberStatus.ACTIVE).select_related("unit")  # fmt: skip
        members = {m.code: m for m in found}
        authors = []
        for i, code, share in rows:
            member = members.get(code)
            if member is None:
                self.add_error(f"author_code_{i}", _("Không có đoàn viên mã {code} trong {unit}.").format(
                    code=code, unit=review_unit.name))  # fmt: skip
            else:
                authors.append((member, share))
        data["authors"] = authors
        return data

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS if name in self.cleaned_data}


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("Tệp (pdf, docx, xlsx, jpg, png)"))


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 4}))


class RecogniseForm(BootstrapFormMixin, forms.Form):
    scope = forms.ChoiceField(label=_("Phạm vi công nhận"), choices=RecognitionScope.choices)
    recognised_on = forms.DateField(label=_("Ngày quyết định"), widget=DateInput(), initial=datetime.date.today)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, help_text=_("Ví dụ 25/QĐ-CĐSTNMT"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(BootstrapFormMixin, forms.Form):
    to_unit = UnitChoiceField(label=_("Chuyển lên đơn vị"))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StartReviewForm(BootstrapFormMixin, forms.Form):
    council = forms.TypedChoiceField(label=_("Hội đồng sáng kiến"), coerce=int)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [(c.pk, str(c)) for c in councils]


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One council member's points, one field per criterion of the council's score sheet."""

    member = forms.TypedChoiceField(label=_("Thành viên hội đồng"), coerce=int)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = council.criteria
        self.fields["member"].choices = [(m.pk, m.full_name) for m in council.members.order_by("sort_key")]
        for criterion in council.criteria:
            self.fields[f"c_{criterion['key']}"] = forms.DecimalField(
                label=_("{label} (tối đa {max})").format(label=criterion["label"], max=criterion["max_points"]),
                min_value=0, max_value=criterion["max_points"], decimal_places=1,
            )  # fmt: skip

    def points(self) -> dict:
        return {c["key"]: self.cleaned_data[f"c_{c['key']}"] for c in self.criteria}


class CouncilForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"))
    year = forms.IntegerField(
        label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: datetime.date.today().year
    )
    name = forms.CharField(label=_("Tên hội đồng"), max_length=255, initial=_("Hội đồng sáng kiến"))
    member_codes = forms.CharField(label=_("Mã đoàn viên của các thành viên"), widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text=_("Mỗi mã cách nhau bởi dấu phẩy hoặc xuống dòng."))  # fmt: skip

    def __init__(self, *args, unit_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_options(unit_options)

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        codes = [c for c in re.split(r"[\s,;]+", data.get("member_codes") or "") if c]
        if unit is None or not codes:
            return data
        found = {m.code: m for m in Member.objects.filter(code__in=codes, unit__path__startswith=unit.path)}
        missing = [c for c in codes if c not in found]
        if missing:
            message = _("Không có trong {unit}: {codes}.").format(unit=unit.name, codes=", ".join(missing))
            self.add_error("member_codes", message)
        data["members"] = [found[c] for c in dict.fromkeys(codes) if c in found]
        return data
