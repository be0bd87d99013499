"""Targets measured from data (item 4): kinds, thresholds, the status rule, roll-ups, one call per metric."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.members.choices import Gender
from thidua.members.tests.factories import MemberFactory
from thidua.metrics.registry import Measure, roll_up
from thidua.movements import services
from thidua.movements.choices import ProgressStatus
from thidua.movements.models import Target, TargetProgress
from thidua.movements.progress import evaluate
from thidua.movements.tests.conftest import d, make_plan, share_target
from thidua.movements.tests.test_services import errors_of
from thidua.organizations.choices import UnitKind
from thidua.organizations.services import unit_create

pytestmark = pytest.mark.django_db


def progress(target, unit) -> TargetProgress:
    return TargetProgress.objects.get(target=target, unit=unit)


# --- the status rule -------------------------------------------------------------------------------------------------

START, DEADLINE = d(1, 1), d(10, 31)  # 304 days


@pytest.mark.parametrize(("kind", "comparison", "low", "high", "value", "as_of", "expected"), [
    ("share", "at_least", 100, None, 100.0, d(3, 1), "achieved"),
    ("share", "at_least", 90, None, 50.0, d(6, 1), "on_track"),   # 50% after 152 of 304 days → 100%
    ("share", "at_least", 90, None, 20.0, d(6, 1), "at_risk"),    # → 40%
    ("share", "at_least", 90, None, 85.0, d(11, 15), "missed"),   # the deadline has passed
    ("count", "at_least", 1, None, 0.0, d(6, 1), "at_risk"),      # nothing yet: the projection is 0
    ("count", "range", 3, 5, 4.0, d(6, 1), "achieved"),           # "3–5 over the term": the minimum is reached
    ("share", "range", 10, 15, 6.0, d(6, 1), "on_track"),         # 10–15 % by the deadline: 6 % → 12 %
    ("count", "at_most", None, 2, 1.0, d(3, 1), "at_risk"),       # 1 violation by March → 5 by October
    ("count", "at_most", None, 2, 0.0, d(6, 1), "on_track"),
    ("count", "at_most", None, 2, 3.0, d(6, 1), "at_risk"),       # over the limit before the deadline
    ("count", "at_most", None, 2, 2.0, d(11, 1), "achieved"),     # within the limit at the deadline
    ("count", "at_most", None, 2, 3.0, d(11, 1), "missed"),
    ("reach", "at_least", 1, None, 1.0, d(6, 1), "achieved"),
    ("reach", "at_least", 1, None, 0.0, d(6, 1), "no_data"),      # a title is decided at the end: no projection
    ("reach", "at_least", 1, None, 0.0, d(11, 1), "missed"),
    ("share", "at_least", 90, None, None, d(6, 1), "no_data"),    # nobody to count
])  # fmt: skip
def test_the_status_rule(kind, comparison, low, high, value, as_of, expected):
    status, _ = evaluate(kind=kind, comparison=comparison, target_min=low, target_max=high, value=value, start=START,
                         deadline=DEADLINE, as_of=as_of)  # fmt: skip
    assert status == expected


def test_the_projection_is_linear_from_the_start_and_capped_for_shares():
    status, projected = evaluate(kind="share", comparison="at_least", target_min=90, target_max=None, value=80.0,
                                 start=START, deadline=DEADLINE, as_of=d(3, 1))  # fmt: skip
    assert (status, projected) == ("on_track", 100.0)
    _, projected = evaluate(kind="count", comparison="at_least", target_min=10, target_max=None, value=2.0,
                            start=START, deadline=DEADLINE, as_of=d(2, 1))  # 32 of 304 days  # fmt: skip
    assert projected == pytest.approx(2 * 304 / 32)


# --- measuring from data ---------------------------------------------------------------------------------------------


def test_a_share_of_a_population_meeting_a_condition(personas):
    """Women among the members of the Sở's union: Trần Thị Hoa Lý among two members, then two among four."""
    p = personas
    movement = make_plan(p)
    target = share_target(movement, name="Nữ đoàn viên chiếm ít nhất 50%", target_min=50,
                          metric_params={"gender": Gender.FEMALE})  # fmt: skip
    services.movement_launch(movement=movement, by=p.chair)
    row = progress(target, p.grassroots)
    assert (row.numerator, row.denominator, row.value, row.status) == (1, 2, 50.0, ProgressStatus.ACHIEVED)
    MemberFactory(unit=p.other_group, gender=Gender.MALE)
    MemberFactory(unit=p.other_group, gender=Gender.MALE)
    services.movement_recompute_progress(movement=movement, as_of=d(12, 1))
    row = progress(target, p.grassroots)
    assert (row.numerator, row.denominator, row.value) == (1, 4, 25.0)
    assert row.status == ProgressStatus.AT_RISK  # 25% by December, deadline 31/12: the projection misses 50%


def test_registration_makes_participation_measurable(personas, monkeypatch):
    p = personas
    movement = make_plan(p)
    target = share_target(movement, metric_key="movements.registered", deadline=d(10, 31))
    movement = services.movement_launch(movement=movement, by=p.chair)
    monkeypatch.setattr("thidua.movements.services.registrations.today", lambda: d(2, 1))
    services.registration_submit(movement=movement, subject="individual", member=p.member_record,
                                 title_code="ldtt", by=p.member)  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(2, 1))
    row = progress(target, p.grassroots)
    assert (row.numerator, row.denominator, row.value) == (1, 2, 50.0)
    assert row.status == ProgressStatus.ON_TRACK
    services.movement_recompute_progress(movement=movement, as_of=d(11, 30))
    assert progress(target, p.grassroots).status == ProgressStatus.MISSED


def test_a_count_over_a_period_counts_only_records_inside_it(personas, metrics):
    p = personas
    metrics.count("evidence.party_introductions", [
        (p.group.path, datetime.date(2022, 12, 20)),  # before the movement
        (p.group.path, d(4, 2)),
        (p.other_group.path, d(9, 9)),
        (p.other_grassroots.path, d(5, 5)),  # another union
    ])  # fmt: skip
    movement = make_plan(p)
    target = services.target_add(movement=movement, name="Giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng",
                                 kind="count", target_min=1, metric_key="evidence.party_introductions",
                                 deadline=d(12, 31))  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    assert progress(target, p.grassroots).value == 1
    services.movement_recompute_progress(movement=movement, as_of=d(12, 31))
    row = progress(target, p.grassroots)
    assert (row.value, row.status) == (2, ProgressStatus.ACHIEVED)
    assert metrics.calls_for("evidence.party_introductions")[-1].start == d(1, 1)


def test_each_unit_of_a_kind_gets_its_own_progress_and_the_issuer_a_roll_up(personas, metrics):
    """Seed 001: "each member union has 10–15% of its members with an initiative by 31/8"."""
    p = personas
    recognised = {p.member_record.pk}

    def with_initiative(request):
        from thidua.members.models import Member

        rows = [(m.unit.path, int(m.pk in recognised), 1) for m in Member.objects.select_related("unit")
                if any(m.unit.path.startswith(path) for path in request.unit_paths)]  # fmt: skip
        return roll_up(rows, request.unit_paths)

    metrics.add("initiatives.members_with_initiative", with_initiative)
    movement = make_plan(p)
    target = services.target_add(
        movement=movement, name="Mỗi tổ công đoàn có từ 10% đến 15% đoàn viên có sáng kiến", kind="share",
        comparison="range", target_min=10, target_max=15, metric_key="initiatives.members_with_initiative",
        metric_params={"status": "submitted"}, deadline=d(8, 31), applies_to="each_kind", applies_kind="group",
    )  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(9, 1))
    group_row, other_row = progress(target, p.group), progress(target, p.other_group)
    assert (group_row.value, group_row.status) == (50.0, ProgressStatus.ACHIEVED)
    assert (other_row.value, other_row.status) == (None, ProgressStatus.NO_DATA)  # no members
    issuer = progress(target, p.grassroots)
    assert issuer.is_rollup
    assert (issuer.units_total, issuer.units_achieved, issuer.units_behind) == (2, 1, 0)
    assert (issuer.numerator, issuer.denominator, issuer.value) == (1, 2, 50.0)
    assert issuer.unit_parent_id == p.upper.pk
    assert group_row.unit_parent_id == p.grassroots.pk


def test_it_measures_each_metric_once_for_all_units_and_targets(personas, metrics):
    p = personas
    for i in range(3):
        unit_create(name=f"Tổ số {i}", kind=UnitKind.GROUP, parent=p.grassroots)
    metrics.count("evidence.media_items", [(p.group.path, d(3, 3))])
    movement = make_plan(p)
    for name in ("Mỗi tổ có ít nhất 01 video clip", "Mỗi tổ có ít nhất 01 video clip (nhắc lại)"):
        services.target_add(movement=movement, name=name, kind="count", target_min=1, metric_key="evidence.media_items",
                            metric_params={"kind": "video"}, deadline=d(12, 31), applies_to="each_kind",
                            applies_kind="group")  # fmt: skip
    services.target_add(
        movement=movement,
        name="Công đoàn Sở có ít nhất 01 video clip",
        kind="count",
        target_min=1,
        metric_key="evidence.media_items",
        metric_params={"kind": "video"},
        deadline=d(12, 31),
    )
    metrics.calls.clear()
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    calls = metrics.calls_for("evidence.media_items")
    assert len(calls) == 1
    assert calls[0].unit_paths[0] == p.grassroots.path  # the covering subtree first
    assert len(calls[0].unit_paths) == 6  # the Sở's union and its five groups
    assert TargetProgress.objects.filter(target__movement=movement).count() == 2 * (5 + 1) + 1


def test_a_target_whose_data_source_is_not_installed_says_so(personas):
    p = personas
    movement = make_plan(p)
    target = services.target_add(movement=movement, name="100% đoàn viên được học tập nghị quyết", kind="share",
                                 target_min=100, metric_key="tests.not_installed", deadline=d(10, 31))  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    row = progress(target, p.grassroots)
    assert (row.status, row.value) == (ProgressStatus.NO_SOURCE, None)


def test_a_population_metric_gives_the_denominator_of_a_share(personas, metrics):
    """ "100% women members hold «Giỏi việc nước, đảm việc nhà»": holders among women, not among everybody."""
    p = personas
    metrics.add("awards.title_holders", lambda request: roll_up([(p.group.path, 1, 2)], request.unit_paths))
    movement = make_plan(p)
    target = share_target(movement, name="100% nữ đoàn viên đạt danh hiệu “Giỏi việc nước, đảm việc nhà”",
                          metric_key="awards.title_holders", metric_params={"title": "bk_gvn_dvn", "gender": "female"},
                          population_key="members.active", population_params={"gender": "female"})  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(12, 31))
    row = progress(target, p.grassroots)
    assert (row.numerator, row.denominator, row.value, row.status) == (1, 1, 100.0, ProgressStatus.ACHIEVED)


def test_a_manual_target_takes_a_value_and_an_evidence_file(personas, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    p = personas
    movement = make_plan(p, launch=True)
    target = services.target_add(movement=movement, name="Tỷ lệ sử dụng hộp thư điện tử công vụ: 100%",
                                 kind="share", source="manual", target_min=100, deadline=d(10, 31))  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.manual_value_record(target=target, unit=p.grassroots, value=120, evidence=None, by=p.chair)
    assert set(errors_of(excinfo)) == {"value", "evidence"}
    with pytest.raises(ValidationError) as excinfo:
        services.manual_value_record(target=target, unit=p.group, value=90, evidence=None, by=p.chair)
    assert "không áp dụng" in errors_of(excinfo)["unit"][0]
    evidence = SimpleUploadedFile("bao-cao-hop-thu.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf")
    entry = services.manual_value_record(target=target, unit=p.grassroots, value=100, evidence=evidence, by=p.chair)
    assert entry.evidence.name.endswith(".pdf")
    assert entry.entered_by == p.chair
    row = progress(target, p.grassroots)
    assert (row.value, row.status) == (100.0, ProgressStatus.ACHIEVED)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"target_min": 110},
            "target_min",
            "«Mức tối thiểu» của chỉ tiêu tỷ lệ phải từ 0% đến 100%; 110% là không thể.",
        ),
        (
            {"comparison": "range", "target_min": 15, "target_max": 10},
            "target_min",
            "«Mức tối thiểu» (15) lớn hơn «Mức tối đa» (10).",
        ),
        (
            {"deadline": datetime.date(2024, 3, 31)},
            "deadline",
            "«Thời hạn» 31/03/2024 nằm ngoài thời gian của phong trào (01/01/2023 – 31/12/2023).",
        ),
        (
            {"kind": "count", "target_min": 1.5},
            "target_min",
            "«Mức tối thiểu» của chỉ tiêu số lượng phải là số nguyên không âm.",
        ),
        ({"target_min": None}, "target_min", "Nhập «Mức tối thiểu» của chỉ tiêu."),
        ({"metric_key": ""}, "metric_key", "Chọn «Nguồn dữ liệu» để đo chỉ tiêu (hoặc chọn cách đo nhập tay)."),
        ({"applies_to": "each_kind"}, "applies_kind", "Chọn «Loại đơn vị áp dụng»."),
        (
            {"period_start": d(12, 31), "deadline": d(6, 30)},
            "period_start",
            "«Tính từ ngày» (31/12/2023) phải trước «Thời hạn» (30/06/2023).",
        ),
    ],
)
def test_impossible_targets_are_refused_with_a_message_naming_the_field(personas, fields, field, message):
    movement = make_plan(personas)
    with pytest.raises(ValidationError) as excinfo:
        share_target(movement, **fields)
    assert errors_of(excinfo)[field] == [message]
    assert not Target.objects.exists()


def test_listed_units_must_lie_in_the_movement(personas):
    p = personas
    movement = make_plan(p)
    with pytest.raises(ValidationError) as excinfo:
        share_target(movement, applies_to="listed", applies_units=[p.group, p.other_grassroots])
    assert "Công đoàn Sở Tài nguyên và Môi trường" in errors_of(excinfo)["applies_units"][0]
    target = share_target(movement, applies_to="listed", applies_units=[p.group])
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    assert set(TargetProgress.objects.filter(target=target).values_list("unit", flat=True)) == {
        p.group.pk,
        p.grassroots.pk,
    }


def test_progress_rows_of_units_no_longer_concerned_are_removed(personas):
    p = personas
    movement = make_plan(p)
    target = share_target(movement, applies_to="each_kind", applies_kind="group")
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    assert TargetProgress.objects.filter(target=target).count() == 3
    services.target_update(target=target, applies_to="issuer")
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    assert list(TargetProgress.objects.filter(target=target).values_list("unit", flat=True)) == [p.grassroots.pk]


def test_a_measure_missing_a_unit_counts_as_zero(personas, metrics):
    metrics.add("evidence.work_projects", lambda request: {})
    movement = make_plan(personas)
    target = services.target_add(movement=movement, name="Ít nhất một công trình", kind="count", target_min=1,
                                 metric_key="evidence.work_projects", deadline=d(12, 31))  # fmt: skip
    services.movement_recompute_progress(movement=movement, as_of=d(6, 1))
    assert progress(target, personas.grassroots).value == 0
    assert Measure().ratio is None


def test_a_unit_reaching_a_title(personas, metrics):
    """Seed 000: "Công đoàn sở đạt danh hiệu «Công đoàn cơ sở vững mạnh xuất sắc»", for each grassroots union."""
    p = personas
    titled: list[str] = []
    metrics.add("awards.units_titled", lambda request: roll_up([(path, 1, 1) for path in titled], request.unit_paths))
    movement = make_plan(p, unit=p.upper)
    target = services.target_add(movement=movement, name="Công đoàn sở đạt danh hiệu “CĐCS vững mạnh xuất sắc”",
                                 kind="reach", metric_key="awards.units_titled", deadline=d(12, 31),
                                 metric_params={"title": "cdcs_vung_manh_xuat_sac", "unit_kind": "grassroots"},
                                 applies_to="each_kind", applies_kind="grassroots")  # fmt: skip
    assert (target.comparison, target.target_min) == ("at_least", 1)
    services.movement_recompute_progress(movement=movement, as_of=d(11, 1))
    assert progress(target, p.grassroots).status == ProgressStatus.NO_DATA  # decided at the year end
    titled.append(p.grassroots.path)
    services.movement_recompute_progress(movement=movement, as_of=d(12, 31))
    assert progress(target, p.grassroots).status == ProgressStatus.ACHIEVED
    services.movement_recompute_progress(movement=movement, as_of=datetime.date(2024, 1, 2))
    assert progress(target, p.other_grassroots).status == ProgressStatus.MISSED
    upper = progress(target, p.upper)
    assert (upper.value, upper.units_achieved, upper.units_total) == (1.0, 1, 2)
