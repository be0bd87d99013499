"""The plan and its lifecycle, content and versioned criteria, phases, and refused input (items 1–3 and 10)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.movements import services
from thidua.movements.choices import MovementStatus
from thidua.movements.models import ContentGroup, CriteriaVersion, Criterion, Movement, Phase, TargetSnapshot
from thidua.movements.scoring import criterion_points
from thidua.movements.tests.conftest import d, make_plan, share_target
from thidua.organizations.services import cluster_create

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict[str, list[str]]:
    error = excinfo.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


# --- the movement and its lifecycle ----------------------------------------------------------------------------------


def test_it_creates_a_draft_plan_with_its_first_criteria_version(personas):
    p = personas
    movement = services.movement_create(
        unit=p.grassroots, by=p.chair, title="Phong trào thi đua năm 2023", starts_on=d(1, 1), ends_on=d(12, 31),
        plan_number="18/KH-CĐSTNMT", issued_on=datetime.date(2022, 11, 25), signer="Lê Ngọc Việt",
        signer_title="Chủ tịch", theme="Thi đua nâng cao chất lượng tham mưu văn bản", kind="annual",
    )  # fmt: skip
    assert movement.status == MovementStatus.DRAFT
    assert movement.cascade_path == f"/{movement.pk}/"
    assert list(movement.scope_units.all()) == [p.grassroots]
    version = movement.criteria_versions.get()
    assert (version.number, version.author) == (1, p.chair)
    assert movement.history.first().history_type == "+"


def test_a_plan_scopes_a_list_of_units_or_a_cluster(personas):
    p = personas
    listed = services.movement_create(unit=p.upper, title="Thi đua chuyên đề", starts_on=d(1, 1), ends_on=d(6, 30),
                                      kind="thematic", scope_kind="units",
                                      scope_units=[p.grassroots, p.other_grassroots])  # fmt: skip
    assert set(listed.scope_units.all()) == {p.grassroots, p.other_grassroots}
    cluster = cluster_create(name="Cụm số 1", kind="cluster", year=2023, organizer=p.upper,
                             units=[p.grassroots, p.other_grassroots])  # fmt: skip
    by_cluster = services.movement_create(unit=p.upper, title="Thi đua cụm", starts_on=d(1, 1), ends_on=d(12, 31),
                                          scope_kind="cluster", cluster=cluster)  # fmt: skip
    assert set(by_cluster.scope_units.all()) == {p.grassroots, p.other_grassroots}
    with pytest.raises(ValidationError) as excinfo:
        services.movement_create(unit=p.grassroots, title="Vượt phạm vi", starts_on=d(1, 1), ends_on=d(12, 31),
                                 scope_kind="units", scope_units=[p.group, p.other_grassroots])  # fmt: skip
    assert "Công đoàn Sở Tài nguyên và Môi trường" in errors_of(excinfo)["scope_units"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.movement_create(unit=p.upper, title="Lồng nhau", starts_on=d(1, 1), ends_on=d(12, 31),
                                 scope_kind="units", scope_units=[p.grassroots, p.group])  # fmt: skip
    assert "scope_units" in errors_of(excinfo)


def test_dates_out_of_order_are_refused_on_the_field_and_nothing_is_saved(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.movement_create(unit=personas.grassroots, title="Sai ngày", starts_on=d(12, 31), ends_on=d(1, 1),
                                 registration_opens_on=d(3, 1), registration_closes_on=d(2, 1))  # fmt: skip
    errors = errors_of(excinfo)
    assert errors["ends_on"] == ["«Đến ngày» (01/01/2023) phải bằng hoặc sau «Từ ngày» (31/12/2023)."]
    assert "«Hạn đăng ký»" in errors["registration_closes_on"][0]
    assert not Movement.objects.exists()


def test_launch_needs_a_number_a_phase_and_a_content_item(personas):
    p = personas
    movement = services.movement_create(unit=p.grassroots, title="Chưa đủ", starts_on=d(1, 1), ends_on=d(12, 31))
    with pytest.raises(ValidationError) as excinfo:
        services.movement_launch(movement=movement, by=p.chair)
    assert set(errors_of(excinfo)) == {"plan_number", "issued_on", "phases", "content"}
    assert "ít nhất một đợt" in errors_of(excinfo)["phases"][0]
    movement.refresh_from_db()
    assert movement.status == MovementStatus.DRAFT


def test_the_lifecycle_goes_draft_launched_reviewed_closed(personas):
    p = personas
    movement = make_plan(p, launch=True)
    assert movement.status == MovementStatus.LAUNCHED
    assert movement.launched_at
    with pytest.raises(ValidationError, match="tổng kết"):
        services.movement_close(movement=movement, by=p.chair)
    first, second = movement.phases.order_by("starts_on")
    services.phase_review(phase=first, by=p.chair, on=d(6, 15))
    movement.refresh_from_db()
    assert movement.status == MovementStatus.MIDTERM_REVIEWED
    services.phase_review(phase=second, by=p.chair, on=d(11, 20))
    movement.refresh_from_db()
    assert movement.status == MovementStatus.FINAL_REVIEWED
    services.movement_close(movement=movement, by=p.chair)
    movement.refresh_from_db()
    assert movement.status == MovementStatus.CLOSED
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.movement_update(movement=movement, title="Đổi tên")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        share_target(movement)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.criterion_add(movement=movement, name="Mới", max_points=10, reason="Thử")


def test_a_launched_plan_keeps_its_scope_and_its_period_must_hold_its_phases(personas):
    p = personas
    movement = make_plan(p, launch=True)
    with pytest.raises(ValidationError) as excinfo:
        services.movement_update(movement=movement, scope_kind="units", scope_units=[p.group])
    assert "scope_kind" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.movement_update(movement=movement, ends_on=d(9, 30))
    assert "«Đợt 2» kết thúc ngày 31/10/2023" in errors_of(excinfo)["ends_on"][0]
    services.movement_update(movement=movement, plan_number="02/KH-CĐSTTTT", signer="Hoàng Thanh Hiến")
    movement.refresh_from_db()
    assert movement.plan_number == "02/KH-CĐSTTTT"


# --- content and criteria --------------------------------------------------------------------------------------------


def test_content_is_grouped_with_standards_and_frozen_after_the_launch(personas):
    movement = make_plan(personas)
    group = services.content_group_add(movement=movement, name="Về phong trào", subject="")
    item = services.content_item_add(group=group, text="Tích cực hưởng ứng phong trào xây dựng cơ quan văn minh.")
    services.standard_add(item=item, text="Không hút thuốc lá trong phòng làm việc.")
    assert [g.name for g in ContentGroup.objects.filter(movement=movement)] == ["Về chuyên môn", "Về phong trào"]
    assert item.standards.get().text == "Không hút thuốc lá trong phòng làm việc."
    services.movement_launch(movement=movement, by=personas.chair)
    with pytest.raises(ValidationError, match="dự thảo"):
        services.standard_add(item=item, text="Thêm sau khi phát động")


def test_criteria_of_a_draft_change_in_place(personas):
    movement = make_plan(personas)
    criterion = services.criterion_add(movement=movement, name="Hoàn thành nhiệm vụ chuyên môn", max_points=40)
    services.criterion_update(criterion=criterion, max_points=Decimal(45))
    assert CriteriaVersion.objects.filter(movement=movement).count() == 1
    criterion.refresh_from_db()
    assert criterion.max_points == 45


def test_changing_criteria_after_the_launch_creates_a_version_with_author_and_reason(personas):
    p = personas
    movement = make_plan(p)
    item = movement.content_groups.get().items.get()
    first = services.criterion_add(movement=movement, name="Tham gia vệ sinh cơ quan", max_points=10, item=item)
    kept = services.criterion_add(
        movement=movement,
        name="Giới thiệu đoàn viên ưu tú cho Đảng",
        max_points=5,
        method="count",
        metric_key="evidence.party_introductions",
        target_value=1,
    )
    services.movement_launch(movement=movement, by=p.chair)

    with pytest.raises(ValidationError) as excinfo:
        services.criterion_update(criterion=first, max_points=Decimal(15), by=p.chair)
    assert "reason" in errors_of(excinfo)

    changed = services.criterion_update(criterion=first, max_points=Decimal(15), by=p.chair,
                                        reason="Nghị quyết Hội nghị BCH tháng 3")  # fmt: skip
    version = movement.criteria_versions.order_by("-number").first()
    assert (version.number, version.author, version.reason) == (2, p.chair, "Nghị quyết Hội nghị BCH tháng 3")
    assert "Điểm tối đa: 10 → 15" in version.change
    assert changed.version == version
    assert changed.origin == first
    assert changed.max_points == 15
    first.refresh_from_db()
    assert first.max_points == 10
    assert first.version.number == 1
    assert {c.name for c in version.criteria.all()} == {first.name, kept.name}
    assert version.criteria.get(name=kept.name).origin == kept

    with pytest.raises(ValidationError, match="phiên bản hiện hành"):
        services.criterion_update(criterion=first, max_points=Decimal(20), reason="Sửa bản cũ")
    third = services.criterion_remove(criterion=changed, by=p.chair, reason="Không còn phù hợp")
    assert third.number == 3
    assert "Bỏ tiêu chí «Tham gia vệ sinh cơ quan»" in third.change
    assert [c.name for c in third.criteria.all()] == [kept.name]


@pytest.mark.parametrize(("fields", "field", "fragment"), [
    ({"method": "share", "metric_key": "members.active", "target_value": 110}, "target_value", "100%"),
    ({"method": "deduction", "metric_key": "evidence.violations", "deduction_points": 20}, "deduction_points",
     "Điểm tối đa"),
    ({"method": "count", "target_value": 1}, "metric_key", "Nguồn dữ liệu"),
    ({"method": "manual", "metric_key": "members.active"}, "metric_key", "không dùng"),
    ({"max_points": 0}, "max_points", "lớn hơn 0"),
])  # fmt: skip
def test_bad_criteria_are_refused_on_their_field(personas, fields, field, fragment):
    movement = make_plan(personas)
    with pytest.raises(ValidationError) as excinfo:
        services.criterion_add(movement=movement, **{"name": "Tiêu chí", "max_points": 10, **fields})
    assert fragment in errors_of(excinfo)[field][0]
    assert not Criterion.objects.exists()


@pytest.mark.parametrize(("method", "extra", "value", "points"), [
    ("manual", {}, 8, "8.00"),
    ("manual", {}, 12, "10.00"),
    ("count", {"target_value": 2}, 1, "5.00"),
    ("share", {"target_value": 90}, 95, "10.00"),
    ("yes_no", {}, True, "10.00"),
    ("yes_no", {}, False, "0.00"),
    ("deduction", {"deduction_points": 3}, 2, "4.00"),
    ("deduction", {"deduction_points": 3}, 5, "0.00"),
])  # fmt: skip
def test_a_criterion_scores_what_was_measured(method, extra, value, points):
    criterion = Criterion(name="x", max_points=Decimal(10), method=method,
                          **{k: Decimal(str(v)) for k, v in extra.items()})  # fmt: skip
    assert criterion_points(criterion, value) == Decimal(points)


# --- phases ----------------------------------------------------------------------------------------------------------


def test_phases_are_numbered_by_date(personas):
    movement = make_plan(personas, phases=False)
    later = services.phase_add(movement=movement, starts_on=d(6, 1), ends_on=d(10, 31), review_due=d(11, 30),
                               review_kind="final")  # fmt: skip
    earlier = services.phase_add(movement=movement, starts_on=d(1, 1), ends_on=d(5, 31), review_due=d(6, 30))
    later.refresh_from_db()
    assert [(p.number, p.name) for p in movement.phases.all()] == [(1, "Đợt 1"), (2, "Đợt 2")]
    assert earlier.number == 1
    assert later.number == 2


@pytest.mark.parametrize(("dates", "field", "fragment"), [
    ((d(5, 1), d(7, 31), d(8, 15), "midterm"), "starts_on", "trùng thời gian với «Đợt 1» (01/01/2023 – 31/05/2023)"),
    ((d(11, 1), d(12, 15), d(12, 20), "midterm"), "starts_on", "sau đợt tổng kết"),
    ((d(11, 1), d(10, 1), d(12, 20), "midterm"), "ends_on", "«Đến ngày» (01/10/2023) của đợt"),
    ((d(11, 1), d(12, 1), d(10, 20), "midterm"), "review_due", "trước khi đợt bắt đầu"),
    ((datetime.date(2022, 12, 1), d(12, 1), d(12, 20), "midterm"), "starts_on", "ngoài thời gian của phong trào"),
])  # fmt: skip
def test_bad_phases_are_refused_on_their_field(personas, dates, field, fragment):
    movement = make_plan(personas)
    starts_on, ends_on, review_due, kind = dates
    with pytest.raises(ValidationError) as excinfo:
        services.phase_add(movement=movement, starts_on=starts_on, ends_on=ends_on, review_due=review_due,
                           review_kind=kind)  # fmt: skip
    assert fragment in errors_of(excinfo)[field][0]
    assert movement.phases.count() == 2


def test_the_final_phase_must_be_the_last(personas):
    movement = make_plan(personas, phases=False)
    services.phase_add(movement=movement, starts_on=d(1, 1), ends_on=d(5, 31), review_due=d(6, 30),
                       review_kind="final")  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.phase_add(movement=movement, starts_on=d(6, 1), ends_on=d(10, 31), review_due=d(11, 30))
    assert "đợt tổng kết" in errors_of(excinfo)["starts_on"][0]


def test_a_review_freezes_every_target_and_later_data_does_not_change_it(personas, metrics):
    p = personas
    records = [(p.group.path, d(3, 1))]
    metrics.count("evidence.work_projects", records)
    movement = make_plan(p)
    target = services.target_add(movement=movement, name="Ít nhất 02 công trình, phần việc", kind="count",
                                 target_min=2, metric_key="evidence.work_projects", deadline=d(10, 31))  # fmt: skip
    services.movement_launch(movement=movement, by=p.chair)
    first = movement.phases.order_by("starts_on").first()
    services.phase_review(phase=first, by=p.chair, on=d(6, 15))
    records.append((p.group.path, d(7, 1)))
    services.movement_recompute_progress(movement=movement, as_of=d(7, 2))
    frozen = TargetSnapshot.objects.get(phase=first, target=target, unit=p.grassroots)
    assert (frozen.value, frozen.as_of) == (1, d(6, 15))
    assert target.movement.targets.get().pk == target.pk
    first.refresh_from_db()
    assert first.reviewed_by == p.chair
    assert first.reviewed_on == d(6, 15)
    with pytest.raises(ValidationError, match="đã được sơ kết"):
        services.phase_review(phase=first, by=p.chair, on=d(6, 20))
    with pytest.raises(ValidationError, match="đã sơ kết"):
        services.phase_update(phase=first, review_note="Sửa sau khi chốt")


def test_the_final_review_needs_the_earlier_phases_reviewed(personas):
    movement = make_plan(personas, launch=True)
    final = Phase.objects.get(movement=movement, review_kind="final")
    with pytest.raises(ValidationError, match="Cần sơ kết «Đợt 1»"):
        services.phase_review(phase=final, by=personas.chair, on=d(11, 20))
