import pytest
from django.urls import reverse

from thidua.members.models import Member

pytestmark = pytest.mark.django_db


def test_a_chair_adds_a_member(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("members:create"), {
        "code": "HN0099", "full_name": "Phạm Thị Mai", "gender": "female", "unit": personas.other_group.pk,
        "date_of_birth": "1990-02-03",
    })  # fmt: skip
    member = Member.objects.get(code="HN0099")
    assert response.status_code == 302
    assert member.unit == personas.other_group


def test_the_form_names_the_bad_field(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("members:create"), {
        "code": "HN0001", "full_name": "Trùng Mã", "gender": "male", "unit": personas.group.pk,
        "party_joined_on": "2020-01-01",
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chỉ ghi ngày vào Đảng cho đảng viên." in page


def test_a_chair_cannot_add_into_another_branch(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("members:create"), {
        "code": "HN0100", "full_name": "Lê Văn D", "gender": "male", "unit": personas.other_grassroots.pk,
    })  # fmt: skip
    assert response.status_code == 200  # the unit is not among the choices
    assert not Member.objects.filter(code="HN0100").exists()


def test_the_list_finds_a_member_by_unaccented_name(client, personas):
    client.force_login(personas.chair)
    page = client.get(reverse("members:list"), {"q": "tran thi hoa ly"}).content.decode()
    assert "Trần Thị Hoa Lý" in page
    assert "Nguyễn Trung Hiếu" not in page


def test_htmx_requests_get_only_the_table(client, personas):
    client.force_login(personas.chair)
    response = client.get(reverse("members:list"), {"q": "hieu"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Nguyễn Trung Hiếu" in page


def test_a_transfer_from_the_page_shows_in_the_member_history(client, personas):
    client.force_login(personas.chair)
    client.post(reverse("members:transfer", args=[personas.member_record.pk]),
                {"to_unit": personas.other_group.pk, "transferred_on": "2026-11-01", "note": "Điều động"})  # fmt: skip
    detail = client.get(reverse("members:detail", args=[personas.member_record.pk])).content.decode()
    assert "Điều động" in detail
    history = client.get(reverse("history", args=["members.member", personas.member_record.pk])).content.decode()
    assert personas.group.name in history
    assert personas.other_group.name in history


def test_a_chair_records_the_group_leader(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("members:position_assign", args=[personas.term.pk]), {
        "member": personas.member_record.pk, "role": "group_leader", "unit": personas.group.pk,
    })  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("organizations:detail", args=[personas.grassroots.pk])).content.decode()
    assert "Tổ trưởng công đoàn: Nguyễn Trung Hiếu" in page
