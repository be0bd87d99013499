"""The set-based engine: its SQL scoring agrees with the movements' rule, it is idempotent, and it scores many rounds
in one pass with a fixed number of statements."""

from decimal import Decimal

import pytest
from django.db import connection

from thidua.evaluation import engine, services
from thidua.evaluation.models import Submission
from thidua.evaluation.tests import factories as f
from thidua.evaluation.tests.test_services import attend_all
from thidua.movements.models import Criterion
from thidua.movements.scoring import criterion_points


def sql_points(criterion: Criterion, num: int, den: int | None) -> Decimal:
    """The engine's SQL points for literal counts, computed by the database."""
    value = engine.measured_value_sql(criterion, str(num), str(den) if den is not None else None)
    points, params = engine.points_sql(criterion, value)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {points}", params)
        return Decimal(str(cursor.fetchone()[0])).quantize(Decimal("0.01"))


CRITERIA = [
    Criterion(name="share", max_points=Decimal(15), method="share", target_value=Decimal(100)),
    Criterion(name="share 80", max_points=Decimal(20), method="share", target_value=Decimal(80)),
    Criterion(name="count", max_points=Decimal(10), method="count", target_value=Decimal(3)),
    Criterion(name="deduction", max_points=Decimal(15), method="deduction", deduction_points=Decimal("2.5")),
]


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.name)
def test_the_sql_points_are_the_movements_rule(db, criterion):
    share = criterion.method == "share"
    for den in range(0, 13) if share else [None]:
        for num in range(0, (den or 0) + 1 if share else 8):
            value = engine.measured_value(criterion, num, den)
            expected = criterion_points(criterion, value)
            assert sql_points(criterion, num, den) == expected, (criterion.name, num, den, value)


def test_the_common_prefix_of_unit_paths():
    assert engine.common_prefix(["/1/5/12/", "/1/5/30/"]) == "/1/5/"
    assert engine.common_prefix(["/1/5/12/"]) == "/1/5/12/"
    assert engine.common_prefix(["/1/5/", "/2/"]) == "/"


def test_evaluating_again_changes_nothing(personas):
    p = personas
    attend_all(p, [p.member_record])
    r = f.to_decision(p, f.open_round(p), {p.member_record.pk: 60, p.colleague.pk: 45})
    before = list(Submission.objects.filter(round=r).order_by("pk").values_list("total", "level", "level_note"))
    engine.evaluate([r])
    after = list(Submission.objects.filter(round=r).order_by("pk").values_list("total", "level", "level_note"))
    assert before == after


def test_many_rounds_are_scored_in_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    p = personas
    movement = f.make_movement(p, unit=p.upper)
    second = f.make_round(p, movement, unit=p.other_grassroots)
    first = f.make_round(p, movement)
    rounds = [services.round_open(evaluation_round=r) for r in (first, second)]
    with django_assert_max_num_queries(40):
        engine.evaluate(rounds)
    f.members(p, 20)
    f.members(p, 20, unit=p.other_grassroots, prefix="OT")
    third = services.round_open(evaluation_round=f.make_round(p, f.make_movement(p, unit=p.upper)))
    with django_assert_max_num_queries(40):  # the same count with 20 more members in each round
        engine.evaluate([third])
