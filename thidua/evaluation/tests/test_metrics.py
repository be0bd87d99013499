"""What the evaluation gives the rest of the system: the metrics movement targets measure ("≥90% đạt …"), and the
unit rankings within clusters."""

import pytest

from thidua.evaluation import selectors, services
from thidua.evaluation.tests import factories as f
from thidua.metrics import registry
from thidua.metrics.registry import MetricRequest
from thidua.movements import services as movement_services
from thidua.movements.metric_keys import BY_KEY
from thidua.movements.models import TargetProgress
from thidua.organizations.services import cluster_create, unit_create


def measure(key, paths, **params):
    request = MetricRequest(unit_paths=tuple(paths), start=f.d(1, 1), end=f.d(12, 31), params=params)
    return registry.measure(key, request)


@pytest.mark.parametrize("key", ["evaluation.members_rated", "evaluation.units_rated"])
def test_the_contract_keys_are_registered_with_their_parameters(key):
    assert set(registry.get(key).params) == set(BY_KEY[key].params)


def test_members_rated_counts_locked_results_only(personas, django_assert_num_queries):
    p = personas
    r = f.open_round(p)
    g = p.grassroots.path
    assert measure("evaluation.members_rated", [g], level="HTT", at_least=True)[g].numerator == 0
    f.finalise(p, r, {p.member_record.pk: 50, p.colleague.pk: 10})  # 70 (HTT) and 30 (KHT)
    with django_assert_num_queries(1):
        result = measure("evaluation.members_rated", [g, p.upper.path], level="HTT", at_least=True)
    assert (result[g].numerator, result[g].denominator) == (1, 2)
    assert result[p.upper.path].denominator == 3  # the other union's member is active, not rated
    assert measure("evaluation.members_rated", [g], level="KHT")[g].numerator == 1
    assert measure("evaluation.members_rated", [g], level="HTXS", at_least="true")[g].numerator == 0
    women = measure("evaluation.members_rated", [g], level="HTT", at_least=True, gender="female")[g]
    assert (women.numerator, women.denominator) == (0, 1)
    assert measure("evaluation.members_rated", [g])[g].numerator == 2
    with pytest.raises(ValueError, match="unknown level"):
        measure("evaluation.members_rated", [g], level="Xuất sắc")


def test_units_rated_counts_units_of_a_kind(personas):
    p = personas
    f.finalise(p, f.open_round(p))  # the group: 70 points on average → HTT; the other group has no members
    g = p.grassroots.path
    result = measure("evaluation.units_rated", [g], unit_kind="group", level="HTT", at_least=True)[g]
    assert (result.numerator, result.denominator) == (1, 2)


def test_a_movement_target_is_measured_from_the_results(personas):
    """Seed 000: "100% đoàn viên công đoàn hoàn thành tốt nhiệm vụ năm 2023" measured by evaluation.members_rated."""
    p = personas
    r = f.open_round(p)
    movement = r.movement
    target = movement_services.target_add(movement=movement, name="100% đoàn viên hoàn thành tốt nhiệm vụ",
                                          kind="share", comparison="at_least", target_min=100,
                                          metric_key="evaluation.members_rated",
                                          metric_params={"level": "HTT", "at_least": True},
                                          deadline=f.d(12, 31))  # fmt: skip
    f.finalise(p, r)
    movement_services.movement_recompute_progress(movement=movement)
    progress = TargetProgress.objects.get(target=target, unit=movement.unit)
    assert (progress.numerator, progress.denominator, progress.value) == (2, 2, 100.0)


def test_units_rank_within_their_cluster_with_deterministic_tie_breaks(personas):
    p = personas
    third = unit_create(name="Công đoàn Sở Nội vụ", kind="grassroots", parent=p.upper)
    cluster = cluster_create(name="Cụm thi đua số 1", kind="cluster", year=2025, organizer=p.upper,
                             units=[p.grassroots, p.other_grassroots, third])  # fmt: skip
    movement = f.make_movement(p, unit=p.upper)
    for unit in (p.grassroots, p.other_grassroots):
        r = services.round_open(evaluation_round=f.make_round(p, movement, unit=unit))
        result = r.unit_results.get(unit=unit)
        services.unit_result_update(result=result, version=result.version, parts={"representation": 35,
                                    "building": 35, "communication": 12}, bonus=3)  # fmt: skip
    ranking = selectors.cluster_rankings([cluster])[0]
    rows = [(row.rank, row.unit.name, row.result.total if row.result else None) for row in ranking.rows]
    # Equal totals and HTXS shares: by name, Vietnamese letters without their marks ("Tài" before "Thông").
    assert rows == [(1, "Công đoàn Sở Tài nguyên và Môi trường", 85), (2, "Công đoàn Sở Thông tin và Truyền thông", 85),
                    (3, "Công đoàn Sở Nội vụ", None)]  # fmt: skip
