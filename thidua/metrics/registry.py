"""The registry of measurable quantities: the seam that lets lower apps measure data recorded by higher ones.

Each app registers its quantities in ``AppConfig.ready`` under a key such as ``members.active``. A quantity answers
for a set of units (each meaning its whole subtree) and a period with one grouped query, returning a numerator and a
denominator per unit. Callers ask by key and never import the app that records the data.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class Measure:
    numerator: int | float = 0
    denominator: int | float = 0

    @property
    def ratio(self) -> float | None:
        return None if not self.denominator else self.numerator / self.denominator


@dataclass(frozen=True)
class MetricRequest:
    """What to measure: subtrees (by unit path), the period, and metric-specific parameters."""

    unit_paths: tuple[str, ...]
    start: datetime.date | None = None
    end: datetime.date | None = None
    params: Mapping[str, object] = field(default_factory=dict)


MetricFunction = Callable[[MetricRequest], dict[str, Measure]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # may be a lazy translation
    compute: MetricFunction
    params: tuple[str, ...] = ()
    unit_label: str = ""


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> None:
    existing = _REGISTRY.get(metric.key)
    if existing is not None and existing.compute is not metric.compute:
        raise ValueError(f"metric {metric.key!r} is already registered")
    _REGISTRY[metric.key] = metric


def get(key: str) -> Metric:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"no metric registered under {key!r}; known: {sorted(_REGISTRY)}") from None


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: m.key)


def measure(key: str, request: MetricRequest) -> dict[str, Measure]:
    """Measure ``key`` for every requested unit path (each covering its subtree)."""
    return get(key).compute(request)


def roll_up(rows: Iterable[tuple[str, int | float, int | float]], unit_paths: Iterable[str]) -> dict[str, Measure]:
    """Sum per-unit (path, numerator, denominator) rows into each requested subtree.

    Each row is added to every requested path that is a prefix of it: O(rows × depth), independent of how many
    subtrees are asked for.
    """
    wanted = set(unit_paths)
    totals: dict[str, list[float]] = {p: [0, 0] for p in wanted}
    for path, num, den in rows:
        parts = path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            prefix = "/" + "/".join(parts[:i]) + "/"
            if prefix in wanted:
                totals[prefix][0] += num or 0
                totals[prefix][1] += den or 0
    return {p: Measure(n, d) for p, (n, d) in totals.items()}


# Past this many separate subtrees, one comparison with their common ancestor's path is cheaper to plan and run than
# a long OR of prefixes; roll_up then keeps only the rows under a requested path.
MAX_PREFIXES_IN_FILTER = 32


def subtree_q(unit_paths: Iterable[str], lookup: str = "unit__path") -> Q:
    """Rows whose unit lies in one of the subtrees (``lookup`` reaches the unit's path from the model).

    Nested paths collapse into their ancestor. Many subtrees (a target over 1,750 grassroots unions) become one
    prefix: their common ancestor's path, so the query stays short; the caller's roll_up drops what is outside.
    """
    kept: list[str] = []
    for path in sorted(set(unit_paths), key=lambda p: (len(p), p)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    if not kept:
        return Q(pk__in=[])
    if len(kept) > MAX_PREFIXES_IN_FILTER:
        split = [p.strip("/").split("/") for p in kept]
        common: list[str] = []
        for parts in zip(*split, strict=False):
            if len(set(parts)) != 1:
                break
            common.append(parts[0])
        kept = ["/" + "".join(f"{part}/" for part in common)]
    q = Q()
    for prefix in kept:
        q |= Q(**{f"{lookup}__startswith": prefix})
    return q
