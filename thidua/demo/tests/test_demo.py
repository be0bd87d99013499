import pytest
from django.core.management import call_command

from thidua.members.models import Member
from thidua.organizations.models import Cluster, Unit

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_the_seed_units(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (Unit.objects.count(), Member.objects.count(), Cluster.objects.count())
    call_command("load_demo")
    second = capsys.readouterr().out
    assert (Unit.objects.count(), Member.objects.count(), Cluster.objects.count()) == counts
    assert "không tạo lại" in second
    for username in ("admin", "canbo.cdvc", "chutich.tttt", "totruong.bcvt", "hoidong.tttt", "doanvien.ly"):
        assert username in first
        assert username in second
    group = Unit.objects.get(name="Bưu chính - Viễn thông - Công nghệ thông tin, Thanh tra")
    assert group.parent.name == "Công đoàn Sở Thông tin và Truyền thông"
    assert group.parent.parent.name == "Công đoàn Viên chức tỉnh Hà Nam"
    assert (
        Unit.objects.filter(parent__name="Công đoàn cơ sở Sở Tài nguyên và Môi trường", kind="member_union").count()
        >= 3
    )
    khcn = Unit.objects.get(name="Công đoàn Sở Khoa học và Công nghệ")
    assert khcn.parent.parent.name == "Ủy ban nhân dân tỉnh Sóc Trăng"
    assert Unit.objects.filter(parent__name="Công đoàn Viên chức tỉnh Đồng Tháp", kind="grassroots").count() >= 3
    genders = set(Member.objects.values_list("gender", flat=True))
    assert genders == {"male", "female"}
    assert Member.objects.filter(is_party_member=True).exists()
    assert Member.objects.filter(full_name="Trần Thị Hoa Lý", user__username="doanvien.ly").exists()
