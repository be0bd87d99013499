"""Cascading (item 5): a lower unit adopts the upper unit's movement, inherits, tightens, never loosens."""

import pytest
from django.core.exceptions import ValidationError

from thidua.movements import selectors, services
from thidua.movements.choices import AppliesTo, MovementStatus, ProgressStatus
from thidua.movements.models import ContentItem, Criterion, Target
from thidua.movements.tests.conftest import d, make_plan, share_target
from thidua.movements.tests.test_services import errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def upper_plan(personas):
    """The upper union's plan for its subtree: each grassroots union adopts it."""
    p = personas
    movement = make_plan(p, unit=p.upper, plan_number="05/KH-CĐVC", adopter_kind="grassroots")
    item = movement.content_groups.get().items.get()
    services.standard_add(item=item, text="Lịch công tác được công khai trước thứ Hai hằng tuần.")
    services.criterion_add(movement=movement, name="Lên lịch công tác đầy đủ", max_points=10, item=item)
    share_target(movement, name="100% đoàn viên tham gia phong trào thi đua", metric_key="movements.registered",
                 applies_to="each_kind", applies_kind="grassroots", mandatory=True, deadline=d(10, 31))  # fmt: skip
    share_target(movement, name="Ít nhất 30% đoàn viên là nữ", target_min=30, metric_params={"gender": "female"},
                 applies_to="each_kind", applies_kind="grassroots")  # fmt: skip
    return services.movement_launch(movement=movement, by=p.officer)


def test_adopting_copies_content_criteria_phases_and_targets(personas, upper_plan):
    p = personas
    child = services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair, plan_number="07/KH-CĐSTTTT")
    assert (child.parent, child.status, child.unit) == (upper_plan, MovementStatus.DRAFT, p.grassroots)
    assert child.cascade_path == f"{upper_plan.cascade_path}{child.pk}/"
    assert list(child.scope_units.all()) == [p.grassroots]
    item = ContentItem.objects.get(group__movement=child)
    assert item.standards.get().text == "Lịch công tác được công khai trước thứ Hai hằng tuần."
    assert Criterion.objects.get(version__movement=child).item == item
    assert [(ph.name, ph.review_kind) for ph in child.phases.all()] == [("Đợt 1", "midterm"), ("Đợt 2", "final")]
    inherited = list(child.targets.order_by("order"))
    assert [t.parent_target.name for t in inherited] == [t.name for t in upper_plan.targets.order_by("order")]
    assert [t.mandatory for t in inherited] == [True, False]
    assert all(t.applies_to == AppliesTo.ISSUER for t in inherited)  # each grassroots union → the adopter itself
    assert inherited[0].lineage == f"{inherited[0].parent_target.lineage}{inherited[0].pk}/"


def test_an_adopted_plan_may_tighten_a_mandatory_target_but_not_loosen_it(personas, upper_plan):
    p = personas
    child = services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair)
    mandatory, optional = child.targets.order_by("order")
    with pytest.raises(ValidationError) as excinfo:
        services.target_update(target=mandatory, target_min=90)
    assert errors_of(excinfo)["target_min"] == [
        "Chỉ tiêu bắt buộc của kế hoạch cấp trên: «Mức tối thiểu» không được thấp hơn 100."
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.target_update(target=Target.objects.get(pk=mandatory.pk), deadline=d(12, 31))
    assert "«Thời hạn» không được muộn hơn 31/10/2023" in errors_of(excinfo)["deadline"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.target_update(target=Target.objects.get(pk=mandatory.pk), metric_key="members.active")
    assert "không được đổi «Nguồn dữ liệu»" in errors_of(excinfo)["metric_key"][0]
    with pytest.raises(ValidationError, match="không xóa được"):
        services.target_remove(target=mandatory)
    tightened = services.target_update(target=Target.objects.get(pk=mandatory.pk), deadline=d(6, 30))
    assert tightened.deadline == d(6, 30)
    loosened = services.target_update(target=optional, target_min=20)  # not mandatory: the unit decides
    assert loosened.target_min == 20


def test_a_unit_adopts_once_and_only_inside_the_scope(personas, upper_plan):
    p = personas
    services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair)
    with pytest.raises(ValidationError) as excinfo:
        services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair)
    assert "đã có kế hoạch" in errors_of(excinfo)["unit"][0]
    own = make_plan(p, launch=True)
    with pytest.raises(ValidationError) as excinfo:
        services.movement_adopt(parent=own, unit=p.other_grassroots, by=p.outsider)
    assert "không thuộc phạm vi" in errors_of(excinfo)["unit"][0]
    draft = make_plan(p, unit=p.upper)
    with pytest.raises(ValidationError, match="đang diễn ra"):
        services.movement_adopt(parent=draft, unit=p.grassroots, by=p.chair)


def test_the_upper_unit_sees_who_adopted_and_the_roll_up(personas, upper_plan):
    p = personas
    child = services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair, plan_number="07/KH-CĐSTTTT",
                                    issued_on=d(1, 10))  # fmt: skip
    child = services.movement_launch(movement=child, by=p.chair)
    services.movement_recompute_progress(movement=child, as_of=d(6, 1))
    overview = selectors.adoption_overview(upper_plan)
    assert [(row.unit.name, row.movement is not None) for row in overview.rows] == [
        ("Công đoàn Sở Thông tin và Truyền thông", True),
        ("Công đoàn Sở Tài nguyên và Môi trường", False),
    ]
    assert (overview.adopted, overview.expected) == (1, 2)
    adopted = overview.rows[0]
    assert adopted.movement == child
    assert adopted.counts[ProgressStatus.AT_RISK] == 1
    women = next(r for r in overview.targets if r.target.name == "Ít nhất 30% đoàn viên là nữ")
    assert (women.numerator, women.denominator, women.units) == (1, 2, 1)


def test_a_grandchild_counts_as_adopted_for_the_top_plan(personas):
    p = personas
    top = make_plan(p, unit=p.upper, adopter_kind="group")
    top = services.movement_launch(movement=top, by=p.officer)
    middle = services.movement_launch(movement=services.movement_adopt(parent=top, unit=p.grassroots, by=p.chair,
                                                                         plan_number="1/KH", issued_on=d(1, 2)),
                                      by=p.chair)  # fmt: skip
    assert middle.adopter_kind == "group"
    services.movement_adopt(parent=middle, unit=p.group, by=p.chair)
    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        services.movement_adopt(parent=top, unit=p.group, by=p.chair)
    overview = selectors.adoption_overview(top)
    assert {(r.unit.name, r.movement is not None) for r in overview.rows} == {
        ("Tổ Bưu chính - Viễn thông - CNTT, Thanh tra", True), ("Tổ Văn phòng", False)}  # fmt: skip
