"""Forms of the evaluation pages. Score fields are named ``score_<criterion id>`` (as the services name their
errors), explanations ``explain_<id>``, reasons ``reason_<id>``; every editing form carries the ``version`` it was
loaded with."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.evaluation.choices import QuotaChoice
from thidua.movements.models import Movement, Phase


class RoundForm(BootstrapFormMixin, forms.Form):
    unit = forms.TypedChoiceField(label=gettext_lazy("Công đoàn tổ chức bình xét"), coerce=int)
    movement = forms.TypedChoiceField(label=gettext_lazy("Phong trào (chấm theo phiên bản tiêu chí hiện hành)"),
                                      coerce=int)  # fmt: skip
    phase = forms.TypedChoiceField(label=gettext_lazy("Đợt thi đua"), coerce=int, required=False, empty_value=None,
                                   help_text=gettext_lazy("Để trống để bình xét cả năm."))  # fmt: skip
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100, required=False)
    name = forms.CharField(label=gettext_lazy("Tên đợt bình xét"), max_length=255, required=False,
                           help_text=gettext_lazy("Để trống: «Bình xét năm …»."))  # fmt: skip
    self_assessment_due = forms.DateField(label=gettext_lazy("Hạn tự đánh giá"), widget=DateInput())
    review_due = forms.DateField(label=gettext_lazy("Hạn tổ nhận xét"), widget=DateInput())
    decision_due = forms.DateField(label=gettext_lazy("Hạn Ban Chấp hành quyết định"), widget=DateInput())
    outstanding_unit = forms.BooleanField(label=gettext_lazy("Đơn vị được đánh giá xuất sắc (tỷ lệ HTXS riêng)"),
                                          required=False)  # fmt: skip

    def __init__(self, *args, unit_options=(), movements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(o.pk, o.label) for o in unit_options]
        movements = list(movements)
        self.fields["movement"].choices = [(m.pk, str(m)) for m in movements]
        phases = (
            Phase.objects.filter(movement__in=movements).select_related("movement").order_by("movement", "starts_on")
        )
        self.fields["phase"].choices = [("", "—")] + [(ph.pk, f"{ph.movement} – {ph.name}") for ph in phases]

    def clean(self):
        data = super().clean()
        movement = Movement.objects.filter(pk=data.get("movement")).first()
        data["movement"] = movement
        if data.get("phase"):
            data["phase"] = Phase.objects.filter(pk=data["phase"]).first()
        return data


class RoundEditForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên đợt bình xét"), max_length=255)
    self_assessment_due = forms.DateField(label=gettext_lazy("Hạn tự đánh giá"), widget=DateInput())
    review_due = forms.DateField(label=gettext_lazy("Hạn tổ nhận xét"), widget=DateInput())
    decision_due = forms.DateField(label=gettext_lazy("Hạn Ban Chấp hành quyết định"), widget=DateInput())
    objection_days = forms.IntegerField(label=gettext_lazy("Số ngày nhận phản hồi sau khi công khai"), min_value=0,
                                        max_value=90)  # fmt: skip
    outstanding_unit = forms.BooleanField(label=gettext_lazy("Đơn vị được đánh giá xuất sắc (tỷ lệ HTXS riêng)"),
                                          required=False)  # fmt: skip


def _score_field(criterion, *, label=None, required=False) -> forms.DecimalField:
    """The range is checked by the service (its message names the criterion); the browser gets it as a hint."""
    maximum = f"{criterion.max_points.normalize():f}"
    return forms.DecimalField(
        label=label or criterion.name, required=required,
        help_text=_("Tối đa {max} điểm").format(max=maximum),
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0", "max": maximum, "inputmode": "decimal"}),
    )  # fmt: skip


class SelfAssessmentForm(BootstrapFormMixin, forms.Form):
    """One score and one explanation per manual criterion; the computed ones are shown, not edited."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    worked_months = forms.IntegerField(label=gettext_lazy("Số tháng công tác trong năm"), min_value=0, max_value=12)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if not r.computed]
        for row in self.rows:
            self.fields[f"score_{row.criterion_id}"] = _score_field(row.criterion)
            self.fields[f"explain_{row.criterion_id}"] = forms.CharField(
                label=gettext_lazy("Giải trình, minh chứng"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def pairs(self):
        """(row, score field, explanation field) for the template."""
        return [(r, self[f"score_{r.criterion_id}"], self[f"explain_{r.criterion_id}"]) for r in self.rows]

    def scores(self) -> dict[int, object]:
        return {r.criterion_id: self.cleaned_data.get(f"score_{r.criterion_id}") for r in self.rows}

    def explanations(self) -> dict[int, str]:
        return {r.criterion_id: self.cleaned_data.get(f"explain_{r.criterion_id}", "") for r in self.rows}


class ReviewRowForm(forms.Form):
    """One member's row of the group review grid (saved by htmx)."""

    version = forms.IntegerField()
    worked_months = forms.IntegerField(min_value=0, max_value=12, required=False)
    note = forms.CharField(required=False, max_length=2000)
    complete = forms.BooleanField(required=False)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if not r.computed]
        for row in self.rows:
            self.fields[f"score_{row.criterion_id}"] = _score_field(row.criterion)

    def scores(self) -> dict[int, object]:
        return {r.criterion_id: self.cleaned_data.get(f"score_{r.criterion_id}") for r in self.rows
                if self.cleaned_data.get(f"score_{r.criterion_id}") is not None}  # fmt: skip


class ReasonForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    worked_months = forms.IntegerField(label=gettext_lazy("Số tháng công tác trong năm"), min_value=0, max_value=12)
    quota_choice = forms.ChoiceField(label=gettext_lazy("Chỉ tiêu HTXS"), choices=QuotaChoice.choices, required=False)
    quota_reason = forms.CharField(label=gettext_lazy("Lý do (khi xếp HTT)"), required=False, max_length=500)
    note = forms.CharField(label=gettext_lazy("Ý kiến của Ban Chấp hành"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if not r.computed]
        for row in self.rows:
            self.fields[f"score_{row.criterion_id}"] = _score_field(
                row.criterion,
                label=_("{name} (tổ chấm {points})").format(
                    name=row.criterion.name, points=row.review_score if row.review_score is not None else "—"
                ),
            )
            self.fields[f"reason_{row.criterion_id}"] = forms.CharField(
                label=gettext_lazy("Lý do đổi điểm"), required=False, max_length=500)  # fmt: skip

    def scores(self) -> dict[int, object]:
        return {r.criterion_id: self.cleaned_data.get(f"score_{r.criterion_id}") for r in self.rows
                if self.cleaned_data.get(f"score_{r.criterion_id}") is not None}  # fmt: skip

    def reasons(self) -> dict[int, str]:
        return {r.criterion_id: self.cleaned_data.get(f"reason_{r.criterion_id}", "") for r in self.rows}


class UnitScoreForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, scale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.part_names = list(scale.parts) if scale is not None else []
        labels = {"representation": _("Nhóm 1: Đại diện, bảo vệ"), "building": _("Nhóm 2: Xây dựng tổ chức công đoàn"),
                  "communication": _("Nhóm 3: Tuyên truyền, nhiệm vụ khác")}  # fmt: skip
        for name, maximum in scale.parts.items() if scale is not None else []:
            self.fields[f"part_{name}"] = forms.DecimalField(
                label=labels.get(name, name), required=False, min_value=0, max_value=maximum, decimal_places=2,
                help_text=_("Tối đa {max} điểm").format(max=maximum))  # fmt: skip
        if scale is not None and scale.parts:
            self.fields["bonus"] = forms.DecimalField(label=gettext_lazy("Điểm thưởng"), required=False, min_value=0,
                                                      max_value=scale.bonus_max, decimal_places=2)  # fmt: skip
        elif scale is not None:
            self.fields["score"] = forms.DecimalField(
                label=gettext_lazy("Điểm (để trống: theo kết quả đoàn viên)"), required=False, min_value=0,
                max_value=scale.max_points, decimal_places=2)  # fmt: skip

    def parts(self) -> dict[str, object] | None:
        if not self.part_names:
            return None
        return {name: self.cleaned_data.get(f"part_{name}") for name in self.part_names}


class ObjectionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Nội dung phản hồi"), widget=forms.Textarea(attrs={"rows": 4}))


class ResolveForm(BootstrapFormMixin, forms.Form):
    accept = forms.TypedChoiceField(
        label=gettext_lazy("Kết quả"), coerce=lambda v: v == "1",
        choices=[("1", gettext_lazy("Chấp nhận: mở lại kết quả của đoàn viên để Ban Chấp hành xét lại")),
                 ("0", gettext_lazy("Không chấp nhận: giữ nguyên kết quả"))])  # fmt: skip
    resolution = forms.CharField(label=gettext_lazy("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp minh chứng"))
