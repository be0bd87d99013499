"""Forms of the movement pages. Every label is the field's Vietnamese name, so an error shown under a field (from the
form or from a service's ValidationError) names it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.metrics.registry import all_metrics
from thidua.movements.choices import (
    AppliesTo,
    Comparison,
    CriterionMethod,
    MovementKind,
    ReviewKind,
    ScopeKind,
    Subject,
    TargetKind,
    TargetSource,
)
from thidua.movements.metric_keys import SPECS
from thidua.organizations.choices import UnitKind
from thidua.organizations.forms import UnitChoiceField

KIND_CHOICES = [("", "—")] + [(k.value, k.label) for k in UnitKind if k != UnitKind.AGENCY]


def metric_choices() -> list[tuple[str, str]]:
    """The contract's keys and every registered one; a key nobody registered yet is marked so."""
    registered = {m.key: m for m in all_metrics()}
    keys = [s.key for s in SPECS] + sorted(k for k in registered if k not in {s.key for s in SPECS})
    labels = {s.key: s.label for s in SPECS}
    choices = [("", "—")]
    for key in keys:
        label = str(registered[key].label) if key in registered else str(labels[key])
        suffix = "" if key in registered else " " + str(_("(chưa có nguồn dữ liệu)"))
        choices.append((key, f"{label} — {key}{suffix}"))
    return choices


class ParamsField(forms.JSONField):
    """Metric parameters typed as JSON ({"gender": "female"}); empty means none."""

    default_error_messages = {"invalid": _('Nhập JSON hợp lệ, ví dụ {"gender": "female"}.')}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": '{"kind": "video"}'}))
        super().__init__(**kwargs)

    def clean(self, value):
        result = super().clean(value)
        if result in (None, ""):
            return {}
        if not isinstance(result, dict):
            raise forms.ValidationError(_('Nhập một bảng khóa – giá trị, ví dụ {"kind": "video"}.'))
        return result


class UnitMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, **kwargs)

    def set_options(self, options) -> None:
        self.choices = [(o.pk, o.label) for o in options]


class MovementForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị ban hành"))
    title = forms.CharField(label=_("Tên phong trào"), max_length=500)
    plan_number = forms.CharField(label=_("Số kế hoạch"), max_length=60, required=False,
                                  help_text=_("Ví dụ 18/KH-CĐSTNMT; bắt buộc khi phát động."))  # fmt: skip
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("Loại phong trào"), choices=MovementKind.choices)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    theme = forms.CharField(label=_("Chủ đề"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(label=_("Mục đích, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scope_kind = forms.ChoiceField(label=_("Phạm vi"), choices=ScopeKind.choices)
    scope_units = UnitMultipleChoiceField(label=_("Đơn vị trong phạm vi"),
                                          help_text=_("Với phạm vi «Danh sách đơn vị»; để trống nếu là đơn vị ban "
                                                      "hành và các đơn vị trực thuộc."))  # fmt: skip
    cluster = forms.TypedChoiceField(label=_("Cụm, khối thi đua"), coerce=int, required=False, empty_value=None)
    adopter_kind = forms.ChoiceField(label=_("Cấp cần xây dựng kế hoạch"), choices=KIND_CHOICES, required=False)
    registration_opens_on = forms.DateField(label=_("Mở đăng ký từ"), required=False, widget=DateInput())
    registration_closes_on = forms.DateField(label=_("Hạn đăng ký"), required=False, widget=DateInput())

    def __init__(self, *args, unit_options=(), scope_options=(), clusters=(), editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_options(unit_options)
        self.fields["scope_units"].set_options(scope_options)
        self.fields["cluster"].choices = [("", "—")] + [(c.pk, str(c)) for c in clusters]
        self.fields["scope_units"].widget.attrs["size"] = 6
        if editing is not None:
            del self.fields["unit"]
            if not editing.is_draft:
                for name in ("kind", "scope_kind", "scope_units", "cluster", "adopter_kind"):
                    del self.fields[name]


class TemplateForm(BootstrapFormMixin, forms.Form):
    template = forms.ChoiceField(label=_("Mẫu kế hoạch"))
    unit = UnitChoiceField(label=_("Đơn vị ban hành"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100,
                              help_text=_("Năm của phong trào (năm đầu với phong trào nhiều năm)."))  # fmt: skip
    plan_number = forms.CharField(label=_("Số kế hoạch"), max_length=60, required=False,
                                  help_text=_("Để trống: dùng số trong mẫu (nếu có)."))  # fmt: skip
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    launch = forms.BooleanField(label=_("Phát động ngay"), required=False,
                                help_text=_("Cần số kế hoạch và ngày ban hành."))  # fmt: skip

    def __init__(self, *args, templates=(), unit_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.name) for t in templates]
        self.fields["unit"].set_options(unit_options)


class ContentGroupForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên phần nội dung"), max_length=255, help_text=_("Ví dụ: Về chuyên môn."))
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=[("", "—"), *Subject.choices], required=False)
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


class CriterionForm(BootstrapFormMixin, forms.Form):
    item = forms.TypedChoiceField(label=_("Nội dung thi đua"), coerce=int, required=False, empty_value=None)
    code = forms.CharField(label=_("Mã"), max_length=20, required=False)
    name = forms.CharField(label=_("Tiêu chí"), max_length=500)
    max_points = forms.DecimalField(label=_("Điểm tối đa"), max_digits=6, decimal_places=2)
    method = forms.ChoiceField(label=_("Cách đo"), choices=CriterionMethod.choices)
    metric_key = forms.ChoiceField(label=_("Nguồn dữ liệu"), required=False)
    metric_params = ParamsField(label=_("Tham số nguồn dữ liệu"))
    target_value = forms.DecimalField(label=_("Mức đạt điểm tối đa"), max_digits=12, decimal_places=2, required=False)
    deduction_points = forms.DecimalField(label=_("Điểm trừ mỗi vi phạm"), max_digits=6, decimal_places=2,
                                          required=False)  # fmt: skip
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Bắt buộc khi phong trào đã phát động: thay đổi tạo phiên bản tiêu chí "
                                         "mới."))  # fmt: skip

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—")] + [(i.pk, str(i)) for i in items]
        self.fields["metric_key"].choices = metric_choices()


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhaseForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tên đợt"), max_length=150, required=False, help_text=_("Để trống: «Đợt 1», «Đợt 2»…")
    )
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DateInput())
    review_kind = forms.ChoiceField(label=_("Hình thức"), choices=ReviewKind.choices)
    review_due = forms.DateField(label=_("Thời gian sơ kết / tổng kết"), widget=DateInput())
    review_note = forms.CharField(label=_("Ghi chú về sơ kết / tổng kết"), max_length=255, required=False)


class ReviewForm(BootstrapFormMixin, forms.Form):
    on = forms.DateField(label=_("Số liệu chốt ngày"), widget=DateInput(), initial=timezone.localdate)


class TargetForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    content_item = forms.TypedChoiceField(label=_("Nội dung thi đua"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"), choices=TargetKind.choices)
    source = forms.ChoiceField(label=_("Cách đo"), choices=TargetSource.choices)
    comparison = forms.ChoiceField(label=_("So sánh"), choices=Comparison.choices)
    target_min = forms.DecimalField(label=_("Mức tối thiểu"), max_digits=12, decimal_places=2, required=False,
                                    help_text=_("Phần trăm với chỉ tiêu tỷ lệ (90 = 90%), số lượng với chỉ tiêu số "
                                                "lượng."))  # fmt: skip
    target_max = forms.DecimalField(label=_("Mức tối đa"), max_digits=12, decimal_places=2, required=False)
    metric_key = forms.ChoiceField(label=_("Nguồn dữ liệu"), required=False)
    metric_params = ParamsField(label=_("Tham số nguồn dữ liệu"))
    population_key = forms.ChoiceField(
        label=_("Nguồn dữ liệu của tổng thể"),
        required=False,
        help_text=_("Chỉ tiêu tỷ lệ: tổng thể để chia (để trống: theo nguồn dữ liệu)."),
    )
    population_params = ParamsField(label=_("Tham số tổng thể"))
    period_start = forms.DateField(label=_("Tính từ ngày"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Thời hạn"), widget=DateInput())
    applies_to = forms.ChoiceField(label=_("Áp dụng cho"), choices=AppliesTo.choices)
    applies_kind = forms.ChoiceField(label=_("Loại đơn vị áp dụng"), choices=KIND_CHOICES, required=False)
    applies_units = UnitMultipleChoiceField(label=_("Đơn vị áp dụng"))
    mandatory = forms.BooleanField(label=_("Bắt buộc với cấp dưới"), required=False,
                                   help_text=_("Kế hoạch cấp dưới được nâng, không được hạ chỉ tiêu này."))  # fmt: skip

    def __init__(self, *args, items=(), unit_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content_item"].choices = [("", "—")] + [(i.pk, str(i)) for i in items]
        self.fields["metric_key"].choices = self.fields["population_key"].choices = metric_choices()
        self.fields["applies_units"].set_options(unit_options)
        self.fields["applies_units"].widget.attrs["size"] = 6


class ManualValueForm(BootstrapFormMixin, forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    value = forms.DecimalField(label=_("Giá trị"), max_digits=12, decimal_places=2)
    evidence = forms.FileField(label=_("Minh chứng"), required=False,
                               help_text=_("Văn bản, báo cáo, ảnh chụp… (bắt buộc với lần nhập đầu)."))  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class AdoptForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị xây dựng kế hoạch"))
    plan_number = forms.CharField(label=_("Số kế hoạch"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), max_length=150, required=False)


class RegistrationForm(BootstrapFormMixin, forms.Form):
    title_code = forms.ChoiceField(label=_("Danh hiệu đăng ký"))
    commitments = forms.CharField(label=_("Nội dung cam kết"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip

    def __init__(self, *args, titles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_code"].choices = [("", "—")] + [(t.code, t.name) for t in titles]


class CollectiveRegistrationForm(RegistrationForm):
    unit = forms.TypedChoiceField(label=_("Tập thể"), coerce=int)
    field_order = ["unit", "title_code", "commitments"]

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
