from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import BootstrapFormMixin, DateInput
from thidua.members.choices import Gender, PositionRole
from thidua.organizations.forms import UnitChoiceField


class MemberForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Mã đoàn viên"), max_length=30)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    date_of_birth = forms.DateField(label=_("Ngày sinh"), required=False, widget=DateInput())
    union_joined_on = forms.DateField(label=_("Ngày vào công đoàn"), required=False, widget=DateInput())
    is_party_member = forms.BooleanField(label=_("Đảng viên"), required=False)
    party_joined_on = forms.DateField(label=_("Ngày vào Đảng"), required=False, widget=DateInput())
    job_title = forms.CharField(label=_("Chức vụ, công việc"), max_length=150, required=False)
    unit = UnitChoiceField(label=_("Đơn vị"))
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)

    def __init__(self, *args, unit_options=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_options(unit_options)
        if editing:
            # The unit changes through a transfer, which keeps history.
            del self.fields["unit"]


class TransferForm(BootstrapFormMixin, forms.Form):
    to_unit = UnitChoiceField(label=_("Chuyển đến đơn vị"), required=False)
    to_outside = forms.CharField(label=_("Hoặc nơi chuyển đến ngoài hệ thống"), max_length=255, required=False)
    transferred_on = forms.DateField(label=_("Ngày chuyển"), widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class LeaveForm(BootstrapFormMixin, forms.Form):
    left_on = forms.DateField(label=_("Ngày thôi sinh hoạt"), widget=DateInput())


class PositionForm(BootstrapFormMixin, forms.Form):
    member = forms.TypedChoiceField(label=_("Đoàn viên"), coerce=int)
    role = forms.ChoiceField(label=_("Chức danh"), choices=PositionRole.choices)
    unit = UnitChoiceField(label=_("Tại đơn vị"), required=False, help_text=_("Để trống nếu là chức danh của BCH."))
    starts_on = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())

    def __init__(self, *args, members=(), unit_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, f"{m.full_name} ({m.code})") for m in members]
        self.fields["unit"].set_options(unit_options)
