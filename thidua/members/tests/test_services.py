import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.members.choices import MemberStatus, PositionRole
from thidua.members.models import Member
from thidua.members.selectors import MemberFilters, member_list
from thidua.members.services import member_create, member_leave, member_transfer, member_update, position_assign
from thidua.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_the_name_tidy_and_searchable(personas):
    m = member_create(code="X1", full_name="  Đặng   Thị  Hồng ", gender="female", unit=personas.group)
    assert m.full_name == "Đặng Thị Hồng"
    assert m.search_text.startswith("dang thi hong")


def test_the_member_code_is_unique_nationally(personas):
    with pytest.raises(ValidationError) as error:
        member_create(code="HN0001", full_name="Ai Đó", gender="male", unit=personas.other_grassroots)
    assert "code" in error.value.message_dict


def test_a_party_date_needs_a_party_member(personas):
    with pytest.raises(ValidationError) as error:
        member_create(code="X2", full_name="Lê Văn B", gender="male", unit=personas.group,
                      party_joined_on=datetime.date(2020, 1, 1))  # fmt: skip
    assert "party_joined_on" in error.value.message_dict


def test_members_belong_to_union_units_not_agencies(personas):
    from thidua.organizations.services import unit_create

    agency = unit_create(name="Sở Tư pháp", kind="agency")
    with pytest.raises(ValidationError) as error:
        member_create(code="X3", full_name="Lê Văn C", gender="male", unit=agency)
    assert "unit" in error.value.message_dict


def test_editing_cannot_change_the_unit(personas):
    with pytest.raises(ValidationError, match="chuyển sinh hoạt"):
        member_update(member=personas.member_record, unit=personas.other_grassroots)


def test_a_transfer_keeps_history(personas, django_user_model):
    m = personas.member_record
    member_transfer(member=m, to_unit=personas.other_group, transferred_on=datetime.date(2026, 3, 1),
                    note="Điều động", by=personas.chair)  # fmt: skip
    m.refresh_from_db()
    assert m.unit == personas.other_group
    assert m.status == MemberStatus.ACTIVE
    t = m.transfers.get()
    assert (t.from_unit, t.to_unit, t.created_by) == (personas.group, personas.other_group, personas.chair)
    units = list(m.history.order_by("history_date").values_list("unit_id", flat=True))
    assert units[0] == personas.group.pk
    assert units[-1] == personas.other_group.pk


def test_a_transfer_out_of_the_system_marks_the_member_transferred(personas):
    m = member_transfer(member=personas.stranger, to_outside="Công đoàn Sở Y tế tỉnh Nghệ An",
                        transferred_on=datetime.date(2026, 4, 1)).member  # fmt: skip
    assert m.status == MemberStatus.TRANSFERRED
    with pytest.raises(ValidationError, match="không còn sinh hoạt"):
        member_transfer(member=m, to_unit=personas.group, transferred_on=datetime.date(2026, 5, 1))


def test_a_transfer_needs_a_destination(personas):
    with pytest.raises(ValidationError) as error:
        member_transfer(member=personas.stranger, transferred_on=datetime.date(2026, 4, 1))
    assert "to_unit" in error.value.message_dict


def test_leaving_records_the_date(personas):
    m = member_leave(member=personas.colleague, left_on=datetime.date(2026, 6, 30))
    assert (m.status, m.status_changed_on) == (MemberStatus.LEFT, datetime.date(2026, 6, 30))


def test_one_chair_per_term(personas):
    term = personas.term
    position_assign(term=term, member=personas.member_record, role=PositionRole.CHAIR)
    with pytest.raises(ValidationError, match="Chủ tịch"):
        position_assign(term=term, member=personas.colleague, role=PositionRole.CHAIR)
    with pytest.raises(ValidationError, match="tổ công đoàn"):
        position_assign(term=term, member=personas.colleague, role=PositionRole.GROUP_LEADER)
    leader = position_assign(term=term, member=personas.colleague, role=PositionRole.GROUP_LEADER,
                             unit=personas.group)  # fmt: skip
    assert leader.unit == personas.group


def test_lists_sort_by_given_name_then_family_name(personas):
    for code, name in [("S1", "Trần Văn Bình"), ("S2", "Lê Thị An"), ("S3", "Nguyễn Thị An")]:
        member_create(code=code, full_name=name, gender="female", unit=personas.other_group)
    names = [m.full_name for m in member_list(personas.chair, MemberFilters(unit=personas.other_group.pk))]
    assert names == ["Lê Thị An", "Nguyễn Thị An", "Trần Văn Bình"]


def test_search_ignores_accents_and_case(personas):
    found = member_list(personas.officer, MemberFilters(q="nguyen trung HIEU"))
    assert [m.code for m in found] == ["HN0001"]
    assert [m.code for m in member_list(personas.officer, MemberFilters(q="hoa ly"))] == ["HN0002"]
    assert list(member_list(personas.officer, MemberFilters(q="không ai"))) == []


def test_filters_combine(personas):
    MemberFactory(unit=personas.group, gender="female", is_party_member=True, party_joined_on=None)
    women_party = member_list(personas.chair, MemberFilters(unit=personas.group.pk, gender="female", party=True))
    assert all(m.gender == "female" and m.is_party_member for m in women_party)
    assert women_party.count() == 2
    member_leave(member=personas.member_record, left_on=datetime.date(2026, 1, 1))
    left = member_list(personas.chair, MemberFilters(status="left"))
    assert [m.pk for m in left] == [personas.member_record.pk]


def test_the_member_sees_only_their_own_record(personas):
    assert list(Member.objects.visible_to(personas.member)) == [personas.member_record]
    assert Member.objects.visible_to(personas.member, "change_members").count() == 0


def test_the_list_query_count_does_not_grow_with_rows(personas, django_assert_max_num_queries, client):
    for _ in range(30):
        MemberFactory(unit=personas.group)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(12):
        response = client.get("/members/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/members/') >= 30
