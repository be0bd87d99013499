"""Registration (item 6) and who sees a movement (its scope)."""

import pytest
from django.core.exceptions import ValidationError

from thidua.accounts.services import role_grant
from thidua.members.services import member_leave
from thidua.members.tests.factories import MemberFactory
from thidua.movements import selectors, services
from thidua.movements.models import Movement, Registration
from thidua.movements.tests.conftest import d, make_plan
from thidua.movements.tests.test_services import errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(personas):
    return make_plan(personas, launch=True, registration_opens_on=d(1, 5), registration_closes_on=d(1, 31))


JANUARY_10 = d(1, 10)


def register(movement, member, title="ldtt", on=JANUARY_10, **kwargs):
    return services.registration_submit(movement=movement, subject="individual", member=member, title_code=title,
                                        on=on, **kwargs)  # fmt: skip


def test_a_member_registers_a_title_and_commitments_and_may_change_them(personas, running):
    p = personas
    registration = register(
        running,
        p.member_record,
        by=p.member,
        commitments="Hoàn thành 100% nhiệm vụ được giao; tham gia đầy đủ hoạt động văn nghệ.",
    )
    assert (registration.title_code, registration.title_name) == ("ldtt", "Lao động tiên tiến")
    assert (registration.unit, registration.registered_on, registration.registered_by) == (p.group, d(1, 10), p.member)
    again = register(running, p.member_record, title="cstdcs", on=d(1, 12), by=p.member)
    assert again.pk == registration.pk
    assert again.title_name == "Chiến sĩ thi đua cơ sở"
    assert Registration.objects.count() == 1
    assert again.history.count() == 2


def test_a_collective_registers_a_collective_title(personas, running):
    p = personas
    registration = services.registration_submit(movement=running, subject="collective", unit=p.group,
                                                title_code="to_cd_xuat_sac", on=d(1, 20), by=p.chair)  # fmt: skip
    assert (registration.member, registration.title_name) == (None, "Tổ công đoàn xuất sắc")
    with pytest.raises(ValidationError) as excinfo:
        services.registration_submit(movement=running, subject="collective", unit=p.other_group, title_code="ldtt",
                                     on=d(1, 20))  # fmt: skip
    assert "«ldtt» không có trong bộ quy tắc đang áp dụng cho tập thể" in errors_of(excinfo)["title_code"][0]


@pytest.mark.parametrize(("on", "fragment"), [(d(1, 4), "mở từ ngày 05/01/2023"), (d(2, 1), "hết hạn đăng ký")])
def test_registering_outside_the_window_is_refused(personas, running, on, fragment):
    with pytest.raises(ValidationError, match=fragment):
        register(running, personas.member_record, on=on)
    assert not Registration.objects.exists()


def test_registration_checks_the_member_the_title_and_the_movement(personas, running):
    p = personas
    with pytest.raises(ValidationError) as excinfo:
        register(running, p.stranger)
    assert "không thuộc phạm vi" in errors_of(excinfo)["member"][0]
    with pytest.raises(ValidationError) as excinfo:
        register(running, p.member_record, title="bk_gvn_dvn")
    assert errors_of(excinfo)["title_code"] == [
        "Danh hiệu «Bằng khen chuyên đề “Giỏi việc nước, đảm việc nhà”» chỉ dành cho đoàn viên nữ."
    ]
    assert register(running, p.colleague, title="bk_gvn_dvn").title_code == "bk_gvn_dvn"
    member_leave(member=p.member_record, left_on=d(1, 6))
    p.member_record.refresh_from_db()
    with pytest.raises(ValidationError, match="không còn sinh hoạt"):
        register(running, p.member_record)
    draft = make_plan(p)
    with pytest.raises(ValidationError, match="chưa phát động"):
        register(draft, p.colleague)


def test_the_chair_sees_who_has_not_registered(personas, running):
    p = personas
    late = MemberFactory(unit=p.other_group, full_name="Đỗ Thị Thu")
    register(running, p.member_record)
    missing = selectors.not_registered(running, p.grassroots)
    assert [m.full_name for m in missing] == ["Trần Thị Hoa Lý", "Đỗ Thị Thu"]
    assert list(selectors.not_registered(running, p.other_group)) == [late]


def test_registrations_in_an_adopted_plan_count_for_the_upper_plan(personas):
    p = personas
    upper = services.movement_launch(movement=make_plan(p, unit=p.upper, adopter_kind="grassroots"), by=p.officer)
    child = services.movement_adopt(parent=upper, unit=p.grassroots, by=p.chair, plan_number="2/KH",
                                    issued_on=d(1, 3))  # fmt: skip
    child = services.movement_launch(movement=child, by=p.chair)
    register(child, p.member_record)
    assert list(selectors.not_registered(upper, p.grassroots)) == [p.colleague]
    assert [r.member for r in selectors.registration_list(p.officer, upper)] == [p.member_record]


# --- who sees a movement ----------------------------------------------------------------------------------------------


def visible(user) -> set[str]:
    return set(Movement.objects.visible_to(user).values_list("title", flat=True))


def test_a_launched_movement_is_visible_to_everyone_it_concerns(personas):
    p = personas
    make_plan(p, unit=p.upper, title="Của Công đoàn Viên chức tỉnh", launch=True)
    make_plan(p, title="Của Công đoàn Sở TT&TT", launch=True)
    make_plan(p, title="Dự thảo của Công đoàn Sở TT&TT")
    make_plan(p, unit=p.other_grassroots, title="Của Công đoàn Sở TN&MT", launch=True)
    make_plan(
        p,
        unit=p.upper,
        title="Theo danh sách: chỉ Sở TN&MT",
        launch=True,
        scope_kind="units",
        scope_units=[p.other_grassroots],
    )

    own = {"Của Công đoàn Viên chức tỉnh", "Của Công đoàn Sở TT&TT"}
    assert visible(p.member) == own  # the upper plan concerns the member's unit; drafts stay with their authors
    assert visible(p.group_leader) == own
    assert visible(p.chair) == own | {"Dự thảo của Công đoàn Sở TT&TT"}
    assert visible(p.outsider) == {"Của Công đoàn Viên chức tỉnh", "Của Công đoàn Sở TN&MT",
                                   "Theo danh sách: chỉ Sở TN&MT"}  # fmt: skip
    assert len(visible(p.officer)) == 5
    assert set(Movement.objects.visible_to(p.chair, "manage_movements").values_list("title", flat=True)) == {
        "Của Công đoàn Sở TT&TT", "Dự thảo của Công đoàn Sở TT&TT"}  # fmt: skip


def test_a_chair_of_a_listed_unit_sees_the_upper_movement_and_may_register_its_collective(personas):
    p = personas
    role_grant(user=p.council, role="chair", unit=p.group)
    listed = make_plan(p, unit=p.upper, launch=True, scope_kind="units", scope_units=[p.grassroots])
    rights = selectors.registration_rights(p.council, listed)
    assert rights.member is None
    assert [u.name for u in rights.collectives] == [p.group.name]
    rights = selectors.registration_rights(p.member, listed)
    assert rights.member == p.member_record
    assert rights.collectives == []
    assert selectors.registration_rights(p.outsider, listed).collectives == []
