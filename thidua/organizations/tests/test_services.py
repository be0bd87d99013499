import datetime

import pytest
from django.core.exceptions import ValidationError

from thidua.members.services import member_leave
from thidua.organizations.choices import ClusterKind, UnitKind
from thidua.organizations.models import Unit
from thidua.organizations.selectors import tree_member_counts, unit_ancestors, unit_choices
from thidua.organizations.services import (
    cluster_create,
    cluster_set_leader,
    term_create,
    unit_close,
    unit_create,
    unit_move,
    unit_update,
)

pytestmark = pytest.mark.django_db


def test_it_keeps_the_path_of_new_units(personas):
    assert personas.group.path == f"{personas.upper.path}{personas.grassroots.pk}/{personas.group.pk}/"
    assert Unit.objects.get(pk=personas.group.pk).path == personas.group.path


def test_it_refuses_a_unit_above_its_parent_level(personas):
    with pytest.raises(ValidationError) as error:
        unit_create(name="LĐLĐ tỉnh", kind=UnitKind.PROVINCIAL, parent=personas.grassroots)
    assert "parent" in error.value.message_dict


def test_a_union_may_sit_under_its_agency():
    ubnd = unit_create(name="UBND tỉnh Sóc Trăng", kind=UnitKind.AGENCY)
    so = unit_create(name="Sở Khoa học và Công nghệ", kind=UnitKind.AGENCY, parent=ubnd)
    union = unit_create(name="Công đoàn Sở KH&CN", kind=UnitKind.GRASSROOTS, parent=so, agency=so)
    assert union.path.startswith(ubnd.path)
    assert union.level == 4
    assert so.level is None


def test_renaming_keeps_the_old_name_in_history(personas):
    unit_update(unit=personas.group, name="Tổ Bưu chính - Viễn thông")
    names = list(personas.group.history.order_by("history_date").values_list("name", flat=True))
    assert names[0] == "Tổ Bưu chính - Viễn thông - CNTT, Thanh tra"
    assert names[-1] == "Tổ Bưu chính - Viễn thông"


def test_moving_a_unit_moves_its_subtree_and_members(personas):
    new_home = unit_create(name="Công đoàn Sở Nội vụ", kind=UnitKind.GRASSROOTS, parent=personas.upper)
    before = tree_member_counts(personas.upper)[personas.upper.pk]
    unit_move(unit=personas.group, new_parent=new_home)
    personas.group.refresh_from_db()
    assert personas.group.path == f"{new_home.path}{personas.group.pk}/"
    counts = tree_member_counts(personas.upper)
    assert counts[new_home.pk] == 2  # the group's two members came along
    assert counts[personas.grassroots.pk] == 0
    assert counts[personas.upper.pk] == before


def test_moving_a_unit_deeper_moves_grandchildren_too(personas):
    sub = unit_create(name="CĐ bộ phận", kind=UnitKind.MEMBER_UNION, parent=personas.other_grassroots)
    group = unit_create(name="Tổ 1", kind=UnitKind.GROUP, parent=sub)
    unit_move(unit=sub, new_parent=personas.grassroots)
    group.refresh_from_db()
    assert group.path == f"{personas.grassroots.path}{sub.pk}/{group.pk}/"
    assert [a.pk for a in unit_ancestors(group)] == [personas.upper.pk, personas.grassroots.pk, sub.pk]


def test_it_refuses_to_move_a_unit_into_its_own_subtree(personas):
    with pytest.raises(ValidationError, match="chính nó"):
        unit_move(unit=personas.grassroots, new_parent=personas.group)
    with pytest.raises(ValidationError, match="chính nó"):
        unit_move(unit=personas.grassroots, new_parent=personas.grassroots)
    personas.group.refresh_from_db()
    assert personas.group.path.startswith(personas.grassroots.path)


def test_it_refuses_to_close_a_unit_with_active_members(personas):
    with pytest.raises(ValidationError, match="2 đoàn viên"):
        unit_close(unit=personas.group, closed_on=datetime.date(2026, 1, 1))
    assert Unit.objects.get(pk=personas.group.pk).closed_on is None


def test_closing_closes_the_subtree(personas):
    sub = unit_create(name="Tổ con", kind=UnitKind.GROUP, parent=personas.other_grassroots)
    member_leave(member=personas.stranger, left_on=datetime.date(2025, 12, 31))
    closed = unit_close(unit=personas.other_grassroots, closed_on=datetime.date(2026, 1, 1), reason="Sáp nhập")
    assert closed == 2
    sub.refresh_from_db()
    assert sub.closed_on == datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError, match="giải thể"):
        unit_create(name="Tổ mới", kind=UnitKind.GROUP, parent=sub)


def test_unit_choices_are_in_tree_order_and_scoped(personas):
    labels = [o.label.strip() for o in unit_choices(personas.chair, "manage_units")]
    assert labels[0] == personas.grassroots.name
    assert personas.other_grassroots.name not in labels
    assert set(labels[1:]) == {personas.group.name, personas.other_group.name}


def test_a_cluster_needs_its_leader_among_its_units(personas):
    third = unit_create(name="Công đoàn Sở Tư pháp", kind=UnitKind.GRASSROOTS, parent=personas.upper)
    units = [personas.grassroots, personas.other_grassroots]
    cluster = cluster_create(name="Cụm 1", kind=ClusterKind.CLUSTER, year=2026, organizer=personas.upper,
                             units=units, leader=personas.grassroots)  # fmt: skip
    with pytest.raises(ValidationError, match="thành viên"):
        cluster_set_leader(cluster=cluster, leader=third)
    cluster_set_leader(cluster=cluster, leader=personas.other_grassroots)
    assert cluster.leader == personas.other_grassroots


def test_a_cluster_only_groups_units_under_its_organizer(personas):
    with pytest.raises(ValidationError, match="phạm vi"):
        cluster_create(name="Cụm sai", kind=ClusterKind.BLOCK, year=2026, organizer=personas.grassroots,
                       units=[personas.group, personas.other_grassroots])  # fmt: skip


def test_terms_need_dates_in_order(personas):
    with pytest.raises(ValidationError) as error:
        term_create(unit=personas.grassroots, name="2028 - 2023", starts_on=datetime.date(2028, 1, 1),
                    ends_on=datetime.date(2023, 1, 1))  # fmt: skip
    assert "ends_on" in error.value.message_dict


def test_the_unit_filter_lists_the_path_and_the_children_only(personas):
    from thidua.organizations.selectors import unit_filter_options

    labels = [o.label.strip() for o in unit_filter_options(personas.officer, None)]
    assert labels == [personas.upper.name, personas.grassroots.name, personas.other_grassroots.name]
    labels = [o.label.strip() for o in unit_filter_options(personas.chair, personas.group)]
    assert labels == [personas.grassroots.name, personas.group.name]  # the upper union is outside the chair's scope
