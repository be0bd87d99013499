"""The movement pages (item 8): what a user sees and does through them."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.members.tests.factories import MemberFactory
from thidua.movements import services
from thidua.movements.models import Movement, Registration, Target, TargetSnapshot
from thidua.movements.tests.conftest import make_plan, share_target
from thidua.organizations.choices import UnitKind
from thidua.organizations.services import unit_create

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def this_year(month: int, day: int) -> datetime.date:
    return datetime.date(YEAR, month, day)


@pytest.fixture
def running(personas):
    movement = make_plan(personas, year=YEAR)
    share_target(movement, name="Nữ đoàn viên chiếm ít nhất 50%", target_min=50, metric_params={"gender": "female"})
    share_target(movement, name="100% đoàn viên tham gia phong trào thi đua", metric_key="movements.registered",
                 applies_to="each_kind", applies_kind="group", deadline=this_year(10, 31))  # fmt: skip
    return services.movement_launch(movement=movement, by=personas.chair)


def page(client, user, url, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_plan_shows_targets_with_progress_bars_and_status(client, personas, running):
    html = page(client, personas.member, reverse("movements:detail", args=[running.pk]))
    assert "Nữ đoàn viên chiếm ít nhất 50%" in html
    assert "≥ 50%" in html
    assert "50%" in html
    assert "Đã đạt" in html
    assert 'class="progress-bar bg-success" style="width: 100%"' in html
    assert "Đợt 1" in html
    assert "Lên lịch công tác đầy đủ" in html
    assert "Đăng ký thi đua" in html  # the member can register
    assert "Sửa" not in html.split('id="chi-tieu"')[0]  # but not edit


def test_the_list_finds_plans_and_counts_its_queries(client, personas, running, django_assert_max_num_queries):
    for i in range(5):
        make_plan(personas, year=YEAR, title=f"Phong trào chuyên đề {i}")
    client.force_login(personas.chair)
    client.get(reverse("movements:list"))
    with django_assert_max_num_queries(8):
        html = client.get(reverse("movements:list")).content.decode()
    assert html.count("Phong trào chuyên đề") == 5
    html = client.get(reverse("movements:list"), {"q": "chuyên đề 3"}).content.decode()
    assert "Phong trào chuyên đề 3" in html
    assert "Phong trào chuyên đề 1" not in html


def test_the_form_names_the_bad_field_and_saves_nothing(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("movements:create"), {
        "unit": personas.grassroots.pk, "title": "Thi đua sai ngày", "kind": "annual", "scope_kind": "subtree",
        "starts_on": f"{YEAR}-12-31", "ends_on": f"{YEAR}-01-01",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert f"«Đến ngày» (01/01/{YEAR}) phải bằng hoặc sau «Từ ngày» (31/12/{YEAR})." in html
    assert not Movement.objects.exists()


def test_an_impossible_target_is_refused_on_the_page(client, personas, running):
    client.force_login(personas.chair)
    response = client.post(reverse("movements:target_add", args=[running.pk]), {
        "name": "110% đoàn viên", "kind": "share", "source": "metric", "comparison": "at_least", "target_min": "110",
        "metric_key": "members.active", "deadline": f"{YEAR}-10-31", "applies_to": "issuer",
    })  # fmt: skip
    assert "110% là không thể" in response.content.decode()
    assert not Target.objects.filter(name="110% đoàn viên").exists()


def test_launching_from_a_template_is_one_form(client, personas):
    client.force_login(personas.chair)
    response = client.post(reverse("movements:from_template"), {
        "template": "hanam-tttt-2023", "unit": personas.grassroots.pk, "year": "2023",
        "plan_number": "01/KH-CĐSTTTT", "issued_on": "2023-01-06", "launch": "on",
    })  # fmt: skip
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:detail", args=[movement.pk])
    assert (movement.status, movement.targets.count(), movement.phases.count()) == ("launched", 10, 2)
    html = page(client, personas.chair, reverse("movements:detail", args=[movement.pk]))
    assert "Không hút thuốc lá trong phòng làm việc." in html
    assert "Không đạt" in html  # 2023 is over and nobody registered


def test_a_review_from_the_page_freezes_a_snapshot(client, personas, running):
    phase = running.phases.order_by("starts_on").first()
    client.force_login(personas.chair)
    response = client.post(reverse("movements:phase_review", args=[phase.pk]), {"on": f"{YEAR}-06-15"})
    assert response.status_code == 302
    assert TargetSnapshot.objects.filter(phase=phase).count() == 1 + 3  # the issuer; two groups and their roll-up
    html = page(client, personas.chair, reverse("movements:detail", args=[running.pk]))
    assert f"Đã chốt số liệu ngày 15/06/{YEAR}" in html
    assert "Đã sơ kết" in html


def test_the_dashboard_puts_units_behind_first_and_drills_down(client, personas, running,
                                                               django_assert_max_num_queries):  # fmt: skip
    p = personas
    for i in range(12):
        group = unit_create(name=f"Tổ công đoàn số {i:02d}", kind=UnitKind.GROUP, parent=p.grassroots)
        MemberFactory(unit=group)
    for member in (p.member_record, p.colleague):
        services.registration_submit(movement=running, subject="individual", member=member, title_code="ldtt",
                                     on=this_year(9, 1))  # fmt: skip
    services.movement_recompute_progress(movement=running, as_of=this_year(10, 1))
    url = reverse("movements:dashboard", args=[running.pk])
    client.force_login(p.officer)
    client.get(url)
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    rows = html.split('id="units"')[1]
    assert rows.index("Tổ công đoàn số 11") < rows.index("Tổ Bưu chính")  # behind first: nobody registered there
    assert rows.count("table-warning") == 12
    assert "12 chậm" in html  # the roll-up at the Sở's union
    leader = page(client, p.group_leader, url)  # a group leader starts at their own group
    assert "Theo dõi chỉ tiêu: Tổ Bưu chính - Viễn thông - CNTT, Thanh tra" in leader
    client.force_login(p.group_leader)
    assert client.get(url, {"unit": p.other_group.pk}).status_code == 404


def test_a_member_registers_from_the_phone_page(client, personas, running):
    url = reverse("movements:register", args=[running.pk])
    html = page(client, personas.member, url)
    assert 'name="viewport" content="width=device-width' in html
    assert "Lao động tiên tiến" in html
    response = client.post(url, {"subject": "individual", "own-title_code": "ldtt",
                                 "own-commitments": "Hoàn thành xuất sắc nhiệm vụ được giao."})  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.member, registration.title_name) == (personas.member_record, "Lao động tiên tiến")
    assert "Bạn đã đăng ký «Lao động tiên tiến»" in page(client, personas.member, url)
    response = client.post(url, {"subject": "individual", "own-title_code": "khong-co"})
    assert "Chọn một lựa chọn hợp lệ" in response.content.decode() or response.status_code == 200


def test_a_chair_registers_a_collective_and_sees_who_has_not_registered(client, personas, running):
    p = personas
    client.force_login(p.chair)
    response = client.post(reverse("movements:register", args=[running.pk]), {
        "subject": "collective", "group-unit": p.group.pk, "group-title_code": "to_cd_xuat_sac"})  # fmt: skip
    assert response.status_code == 302
    assert Registration.objects.get().unit == p.group
    html = page(client, p.chair, reverse("movements:registrations", args=[running.pk]), show="missing")
    assert "Nguyễn Trung Hiếu" in html
    assert "Trần Thị Hoa Lý" in html
    assert "Chưa đăng ký (2)" in html


def test_the_registration_list_exports_to_xlsx_without_formulas(client, personas, running):
    services.registration_submit(
        movement=running,
        subject="individual",
        member=personas.member_record,
        title_code="ldtt",
        commitments='=HYPERLINK("http://x")',
        by=personas.member,
    )
    client.force_login(personas.chair)
    response = client.get(reverse("movements:registrations_export", args=[running.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Đối tượng", "Họ và tên / Tập thể")
    assert rows[1][2:6] == ("Nguyễn Trung Hiếu", "HN0001", "Tổ Bưu chính - Viễn thông - CNTT, Thanh tra",
                            "Lao động tiên tiến")  # fmt: skip
    assert rows[1][6] == '\'=HYPERLINK("http://x")'


def test_a_chair_adopts_the_upper_plan_from_its_page(client, personas):
    p = personas
    upper = services.movement_launch(movement=make_plan(p, unit=p.upper, year=YEAR, adopter_kind="grassroots"),
                                     by=p.officer)  # fmt: skip
    client.force_login(p.chair)
    assert "Xây dựng kế hoạch cụ thể hóa" in client.get(reverse("movements:detail", args=[upper.pk])).content.decode()
    response = client.post(reverse("movements:adopt", args=[upper.pk]), {"unit": p.grassroots.pk,
                                                                          "plan_number": "03/KH-CĐSTTTT"})  # fmt: skip
    child = Movement.objects.get(parent=upper)
    assert response["Location"] == reverse("movements:detail", args=[child.pk])
    html = page(client, p.officer, reverse("movements:adoptions", args=[upper.pk]))
    assert "1/2 Công đoàn cơ sở đã xây dựng kế hoạch." in html
    assert "Chưa xây dựng" in html


def test_the_plan_page_reads_a_bounded_number_of_queries(client, personas, running, django_assert_max_num_queries):
    for i in range(8):
        share_target(running, name=f"Chỉ tiêu bổ sung {i}", target_min=10 + i, metric_params={"gender": "female"})
    services.movement_recompute_progress(movement=running)
    client.force_login(personas.chair)
    url = reverse("movements:detail", args=[running.pk])
    client.get(url)
    with django_assert_max_num_queries(20):  # session, user, scope (2), then one per part of the plan
        html = client.get(url).content.decode()
    assert html.count("Chỉ tiêu bổ sung") == 8


# --- removing parts of a plan and withdrawing a registration ----------------------------------------------------------


def test_a_chair_removes_a_target_after_confirming(client, personas, running):
    target = running.targets.first()
    url = reverse("movements:part_remove", args=["target", target.pk])
    assert "Xác nhận" in page(client, personas.chair, url)
    response = client.post(url)
    assert response.status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()


def test_removing_a_reviewed_phase_is_refused_with_the_reason(client, personas, running):
    phase = running.phases.order_by("starts_on").first()
    services.phase_review(phase=phase, by=personas.chair, on=phase.ends_on)
    client.force_login(personas.chair)
    response = client.post(reverse("movements:part_remove", args=["phase", phase.pk]))
    assert response.status_code == 200
    assert "đã sơ kết / tổng kết; không xóa được" in response.content.decode()
    assert running.phases.filter(pk=phase.pk).exists()


def test_content_of_a_draft_plan_is_removed_item_by_item(client, personas):
    draft = make_plan(personas, year=YEAR)
    item = draft.content_groups.get().items.get()
    client.force_login(personas.chair)
    assert client.post(reverse("movements:part_remove", args=["item", item.pk])).status_code == 302
    assert not draft.content_groups.get().items.exists()
    assert client.get(reverse("movements:part_remove", args=["widget", item.pk])).status_code == 404


def test_a_member_withdraws_their_own_pledge_but_not_a_colleagues(client, personas, running):
    p = personas
    own = services.registration_submit(movement=running, subject="individual", member=p.member_record,
                                       title_code="ldtt")  # fmt: skip
    theirs = services.registration_submit(movement=running, subject="individual", member=p.colleague,
                                          title_code="ldtt")  # fmt: skip
    client.force_login(p.member)
    assert "Rút đăng ký" in client.get(reverse("movements:register", args=[running.pk])).content.decode()
    assert client.post(reverse("movements:registration_withdraw", args=[theirs.pk])).status_code in (403, 404)
    response = client.post(reverse("movements:registration_withdraw", args=[own.pk]))
    assert response.status_code == 302
    assert list(Registration.objects.filter(movement=running).values_list("member_id", flat=True)) == [p.colleague.pk]
