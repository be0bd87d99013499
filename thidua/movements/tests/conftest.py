import datetime

import pytest

from thidua.metrics import registry
from thidua.metrics.registry import Metric, MetricRequest, roll_up
from thidua.movements import services
from thidua.movements.models import Movement


class FakeMetrics:
    """Register metrics for one test only. ``records`` are (unit path, date) pairs the test creates: a record counts
    for every subtree containing its unit and for the request's period — one pass, like a grouped query."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.calls: list[tuple[str, MetricRequest]] = []

    def add(self, key: str, compute) -> None:
        def recorded(request: MetricRequest):
            self.calls.append((key, request))
            return compute(request)

        self.monkeypatch.setitem(registry._REGISTRY, key, Metric(key=key, label=key, compute=recorded))

    def count(self, key: str, records: list[tuple[str, datetime.date]]) -> None:
        """A count metric (numerator = records in the period; denominator 0), like evidence.work_projects."""

        def compute(request: MetricRequest):
            rows = [
                (path, 1, 0)
                for path, day in records
                if (request.start is None or day >= request.start) and (request.end is None or day <= request.end)
            ]
            return roll_up(rows, request.unit_paths)

        self.add(key, compute)

    def calls_for(self, key: str) -> list[MetricRequest]:
        return [request for k, request in self.calls if k == key]


@pytest.fixture
def metrics(monkeypatch) -> FakeMetrics:
    return FakeMetrics(monkeypatch)


YEAR = 2023


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


def make_plan(p, *, unit=None, year: int = YEAR, launch: bool = False, phases: bool = True, **fields) -> Movement:
    """A draft plan of the grassroots union for a year: one content group and item, two phases like seed 000."""
    values = {"title": f"Phong trào thi đua năm {year}", "starts_on": datetime.date(year, 1, 1),
              "ends_on": datetime.date(year, 12, 31), "plan_number": "01/KH-CĐSTTTT",
              "issued_on": datetime.date(year, 1, 5), **fields}  # fmt: skip
    movement = services.movement_create(unit=unit or p.grassroots, by=p.chair, **values)
    group = services.content_group_add(movement=movement, name="Về chuyên môn")
    services.content_item_add(group=group, text="Lên lịch công tác đầy đủ, chi tiết, rõ ràng, theo hàng tuần.")
    if phases:
        services.phase_add(movement=movement, starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 5, 31),
                           review_due=datetime.date(year, 6, 30))  # fmt: skip
        services.phase_add(movement=movement, starts_on=datetime.date(year, 6, 1), ends_on=datetime.date(year, 10, 31),
                           review_due=datetime.date(year, 11, 30), review_kind="final")  # fmt: skip
    if launch:
        movement = services.movement_launch(movement=movement, by=p.chair)
    return movement


def share_target(movement, **fields):
    values = {"name": "100% đoàn viên tham gia phong trào thi đua", "kind": "share", "comparison": "at_least",
              "target_min": 100, "metric_key": "members.active", "deadline": movement.ends_on, **fields}  # fmt: skip
    return services.target_add(movement=movement, **values)
