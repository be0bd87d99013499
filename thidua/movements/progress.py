"""Measuring targets: progress of every target of a movement for every unit it applies to, from the metrics registry.

Set-based by construction. The targets are grouped by (metric key, parameters, period) and each group is measured with
**one** ``measure()`` call for all the units of all its targets, however many units there are; the population metric
of shares likewise. Units above the measured ones, up to the issuing unit, get roll-up rows (sums, how many units
below are achieved or behind, the worst status below), so dashboards read precomputed rows.

The status rule (docs/movements.md):

- **achieved** when the target is met now ("at least" and "from … to" targets: the value reached the minimum; a
  classification or title: reached). An "at most" target is only achieved once its deadline has passed within the
  limit, because a limit can still be broken until then;
- **missed** when the deadline has passed unmet;
- otherwise the value is projected linearly from the period start (where it counts from zero) to the deadline:
  ``projected = value × (deadline − start + 1) / (as_of − start + 1)`` (a share is capped at 100 %). **on track** when
  the projection meets the target, **at risk** when it does not;
- a classification or title not reached yet has no projection: **no data** until the deadline;
- **no data** also when there is nothing to measure (a share whose population is empty, a manual target without a
  value), and **no source** when the target's metric key is not registered (its app is not installed yet).
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from thidua.metrics.registry import Measure, MetricRequest, measure
from thidua.movements.choices import (
    BEHIND,
    STATUS_SEVERITY,
    AppliesTo,
    Comparison,
    ProgressStatus,
    TargetKind,
    TargetSource,
)
from thidua.movements.metric_keys import REGISTERED_KEY, is_registered
from thidua.movements.models import ManualValue, Movement, Target
from thidua.organizations.models import Unit

# SQLite refuses expressions deeper than 1,000 terms; the metrics OR one condition per requested subtree.
SQLITE_PATHS_PER_CALL = 400


@dataclass(frozen=True)
class UnitRef:
    pk: int
    path: str
    parent_id: int | None


@dataclass
class ProgressRow:
    target_id: int
    unit_id: int
    unit_parent_id: int | None
    is_rollup: bool
    numerator: float
    denominator: float | None
    value: float | None
    projected: float | None
    status: str
    units_total: int = 1
    units_achieved: int = 0
    units_behind: int = 0


@dataclass
class _Request:
    key: str
    params: dict
    start: datetime.date | None
    end: datetime.date | None
    paths: set[str] = field(default_factory=set)


# --- the status rule -----------------------------------------------------------------------------------------------


def _num(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def project(value: float, *, start: datetime.date, deadline: datetime.date, as_of: datetime.date) -> float:
    """Linear projection to the deadline of a quantity that counted from zero at ``start``."""
    elapsed = (as_of - start).days + 1
    total = (deadline - start).days + 1
    if elapsed <= 0 or total <= 0 or elapsed >= total:
        return value
    return value * total / elapsed


def evaluate(
    *,
    kind: str,
    comparison: str,
    target_min: float | None,
    target_max: float | None,
    value: float | None,
    start: datetime.date,
    deadline: datetime.date,
    as_of: datetime.date,
) -> tuple[str, float | None]:
    """(status, projected value at the deadline) of one measured value. See the module docstring."""
    if value is None:
        return ProgressStatus.NO_DATA, None
    past_deadline = as_of > deadline
    if kind == TargetKind.REACH:
        if value >= 1:
            return ProgressStatus.ACHIEVED, value
        return (ProgressStatus.MISSED if past_deadline else ProgressStatus.NO_DATA), None
    projected = value if past_deadline else project(value, start=start, deadline=deadline, as_of=as_of)
    if kind == TargetKind.SHARE:
        projected = min(projected, 100.0)
    if comparison == Comparison.AT_MOST:
        limit = target_max if target_max is not None else 0.0
        if value > limit:
            return (ProgressStatus.MISSED if past_deadline else ProgressStatus.AT_RISK), projected
        if past_deadline:
            return ProgressStatus.ACHIEVED, value
        return (ProgressStatus.ON_TRACK if projected <= limit else ProgressStatus.AT_RISK), projected
    minimum = target_min if target_min is not None else 0.0
    if value >= minimum:
        return ProgressStatus.ACHIEVED, projected
    if past_deadline:
        return ProgressStatus.MISSED, value
    return (ProgressStatus.ON_TRACK if projected >= minimum else ProgressStatus.AT_RISK), projected


def worst(statuses: Iterable[str]) -> str:
    ranked = [STATUS_SEVERITY.index(s) for s in statuses]
    return STATUS_SEVERITY[min(ranked)] if ranked else ProgressStatus.NO_DATA


# --- which units a target applies to -------------------------------------------------------------------------------


def scope_roots(movement: Movement) -> list[UnitRef]:
    roots = [UnitRef(pk, path, parent) for pk, path, parent in movement.scope_units.values_list("pk", "path", "parent")]
    return roots or [UnitRef(movement.unit.pk, movement.unit.path, movement.unit.parent_id)]


def applicable_units(movement: Movement, targets: list[Target]) -> dict[int, list[UnitRef]]:
    """target id → the units it applies to. One query per distinct unit kind asked for, whatever the targets."""
    issuer = UnitRef(movement.unit.pk, movement.unit.path, movement.unit.parent_id)
    roots = scope_roots(movement)
    by_kind: dict[str, list[UnitRef]] = {}
    result: dict[int, list[UnitRef]] = {}
    for target in targets:
        if target.applies_to == AppliesTo.EACH_KIND and target.applies_kind:
            if target.applies_kind not in by_kind:
                by_kind[target.applies_kind] = units_of_kind_in(roots, target.applies_kind)
            result[target.pk] = by_kind[target.applies_kind]
        elif target.applies_to == AppliesTo.LISTED:
            result[target.pk] = [UnitRef(u.pk, u.path, u.parent_id) for u in target.applies_units.all()]
        else:
            result[target.pk] = [issuer]
    return result


def units_of_kind_in(roots: list[UnitRef], kind: str) -> list[UnitRef]:
    from django.db.models import Q

    q = Q()
    for root in roots:
        q |= Q(path__startswith=root.path)
    rows = Unit.objects.open().filter(q, kind=kind).values_list("pk", "path", "parent").order_by("path")
    return [UnitRef(pk, path, parent) for pk, path, parent in rows]


# --- measuring -----------------------------------------------------------------------------------------------------


def metric_params(target: Target) -> dict:
    params = dict(target.metric_params or {})
    if target.metric_key == REGISTERED_KEY and "movement" not in params:
        params["movement"] = target.movement_id
    return params


def _canonical(params: dict) -> str:
    return json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)


def target_period(target: Target, movement: Movement, as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(start, end) of what counts for a target on ``as_of``: from its start to today, never past the deadline."""
    start = target.period_start or movement.starts_on
    return start, min(as_of, target.deadline)


def _measure_all(requests: dict[tuple, _Request], covering: str) -> dict[tuple, dict[str, Measure] | None]:
    """One ``measure()`` call per request (per (key, params, period)); None for a key nobody registered.

    The covering path (the issuing unit) is asked first: a unit row matches it at once, so a database evaluating the
    metric's "path LIKE a% OR path LIKE b% …" condition in order stops at the first term.
    """
    results: dict[tuple, dict[str, Measure] | None] = {}
    for request_key, request in requests.items():
        if not is_registered(request.key):
            results[request_key] = None
            continue
        paths = [covering, *sorted(request.paths - {covering})]
        chunks = [paths]
        if connection.vendor == "sqlite" and len(paths) > SQLITE_PATHS_PER_CALL:
            # SQLite only (small embedded installations): split so the OR of subtrees stays under its depth limit.
            rest = paths[1:]
            chunks = [
                [covering, *rest[i : i + SQLITE_PATHS_PER_CALL]] for i in range(0, len(rest), SQLITE_PATHS_PER_CALL)
            ]
        measured: dict[str, Measure] = {}
        for chunk in chunks:
            measured.update(
                measure(
                    request.key,
                    MetricRequest(unit_paths=tuple(chunk), start=request.start, end=request.end, params=request.params),
                )
            )
        results[request_key] = measured
    return results


def compute_progress(
    movement: Movement, *, as_of: datetime.date, only: list[Target] | None = None
) -> list[ProgressRow]:
    """Progress rows of every target of ``movement`` (or of ``only``) on ``as_of``: own rows and roll-ups. Writes
    nothing."""
    targets = movement.targets.prefetch_related("applies_units").order_by("order", "pk")
    if only is not None:
        targets = targets.filter(pk__in=[t.pk for t in only])
    targets = list(targets)
    if not targets:
        return []
    units = applicable_units(movement, targets)

    requests: dict[tuple, _Request] = {}
    target_requests: dict[int, tuple[tuple | None, tuple | None]] = {}
    for target in targets:
        if target.source != TargetSource.METRIC or not target.metric_key:
            target_requests[target.pk] = (None, None)
            continue
        start, end = target_period(target, movement, as_of)
        paths = {u.path for u in units[target.pk]}
        keys: list[tuple | None] = []
        for key, params in ((target.metric_key, metric_params(target)),
                            (target.population_key, dict(target.population_params or {}))):  # fmt: skip
            if not key:
                keys.append(None)
                continue
            request_key = (key, _canonical(params), start, end)
            requests.setdefault(request_key, _Request(key, params, start, end)).paths |= paths
            keys.append(request_key)
        target_requests[target.pk] = (keys[0], keys[1])
    measured = _measure_all(requests, movement.unit.path)

    manual = {
        (t, u): float(v)
        for t, u, v in ManualValue.objects.filter(target__movement=movement).values_list("target", "unit", "value")
    }

    rows: list[ProgressRow] = []
    for target in targets:
        start = target_period(target, movement, as_of)[0]
        own = [_own_row(target, unit, measured, target_requests[target.pk], manual, start=start, as_of=as_of)
               for unit in units[target.pk]]  # fmt: skip
        rows.extend(own)
        rows.extend(_rollups(target, movement, units[target.pk], own))
    return rows


def _own_row(target: Target, unit: UnitRef, measured, request_keys, manual, *, start, as_of) -> ProgressRow:
    numerator: float = 0
    denominator: float | None = None
    value: float | None = None
    if target.source == TargetSource.MANUAL:
        value = manual.get((target.pk, unit.pk))
        numerator = value or 0
    else:
        metric_key, population_key = request_keys
        result = measured.get(metric_key) if metric_key else None
        population = measured.get(population_key) if population_key else None
        if result is None or (population_key and population is None):
            return ProgressRow(target.pk, unit.pk, unit.parent_id, False, 0, None, None, None,
                               ProgressStatus.NO_SOURCE)  # fmt: skip
        m = result.get(unit.path, Measure())
        numerator = float(m.numerator)
        denominator = float(population[unit.path].numerator) if population else float(m.denominator)
        if target.kind == TargetKind.SHARE:
            value = numerator / denominator * 100 if denominator else None
        else:
            value = numerator
    status, projected = evaluate(kind=target.kind, comparison=target.comparison, target_min=_num(target.target_min),
                                 target_max=_num(target.target_max), value=value, start=start,
                                 deadline=target.deadline, as_of=as_of)  # fmt: skip
    return ProgressRow(
        target.pk,
        unit.pk,
        unit.parent_id,
        False,
        numerator,
        denominator,
        value,
        projected,
        status,
        units_achieved=int(status == ProgressStatus.ACHIEVED),
        units_behind=int(status in BEHIND),
    )


def _rollups(target: Target, movement: Movement, units: list[UnitRef], own: list[ProgressRow]) -> list[ProgressRow]:
    """Rows for the units between the issuing unit and the measured units (inclusive of the issuing unit)."""
    issuer_depth = movement.unit.path.count("/") - 2
    measured_ids = {u.pk for u in units}
    groups: dict[int, list[ProgressRow]] = defaultdict(list)
    parents: dict[int, int | None] = {}
    for unit, row in zip(units, own, strict=True):
        ids = [int(part) for part in unit.path.strip("/").split("/")]
        for depth in range(issuer_depth, len(ids) - 1):
            ancestor = ids[depth]
            if ancestor in measured_ids:
                continue
            groups[ancestor].append(row)
            parents[ancestor] = ids[depth - 1] if depth > 0 else None
    rollups = []
    for unit_id, below in groups.items():
        numerator = sum(r.numerator for r in below)
        denominators = [r.denominator for r in below]
        values = [r.value for r in below if r.value is not None]
        denominator = sum(d for d in denominators if d is not None) if None not in denominators else None
        if target.kind == TargetKind.SHARE:
            if denominator is not None:
                value = numerator / denominator * 100 if denominator else None
            else:
                value = sum(values) / len(values) if values else None
        elif target.kind == TargetKind.REACH:
            value = float(sum(1 for r in below if r.status == ProgressStatus.ACHIEVED))
        else:
            value = float(sum(values)) if values else None
        statuses = {r.status for r in below}
        status = ProgressStatus.NO_SOURCE if statuses == {ProgressStatus.NO_SOURCE} else worst(statuses)
        rollups.append(
            ProgressRow(
                target.pk,
                unit_id,
                parents.get(unit_id),
                True,
                numerator,
                denominator,
                value,
                None,
                status,
                units_total=len(below),
                units_achieved=sum(1 for r in below if r.status == ProgressStatus.ACHIEVED),
                units_behind=sum(1 for r in below if r.status in BEHIND),
            )
        )
    return rollups
