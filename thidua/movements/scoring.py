"""Points of a criterion from what was measured: the rule every scoring method follows, for the evaluation that uses
a movement's criteria (it records which criteria version it scored with)."""

from decimal import ROUND_HALF_UP, Decimal

from thidua.movements.choices import CriterionMethod
from thidua.movements.models import Criterion

CENT = Decimal("0.01")


def criterion_points(criterion: Criterion, value: Decimal | float | int | bool | None) -> Decimal:
    """The points earned, between 0 and ``max_points``.

    - manual: ``value`` is the points the reviewer entered (capped at the maximum);
    - count, share, indicator: proportional to ``value`` / ``target_value``, full points at or above the target;
    - yes/no: full points when ``value`` is true, else 0;
    - deduction: the maximum minus ``deduction_points`` for each recorded violation (``value``), never below 0.
    """
    maximum = criterion.max_points
    if value is None:
        return Decimal(0)
    if criterion.method == CriterionMethod.YES_NO:
        return maximum if bool(value) else Decimal(0)
    amount = Decimal(str(value))
    if criterion.method == CriterionMethod.DEDUCTION:
        points = maximum - (criterion.deduction_points or Decimal(0)) * amount
    elif criterion.method == CriterionMethod.MANUAL:
        points = amount
    else:
        target = criterion.target_value or Decimal(1)
        points = maximum * min(amount / target, Decimal(1))
    return max(Decimal(0), min(points, maximum)).quantize(CENT, rounding=ROUND_HALF_UP)
