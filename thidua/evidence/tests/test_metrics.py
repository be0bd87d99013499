"""The evidence quantities targets and criteria measure: the contract of thidua/movements/metric_keys.py, one grouped
query per call, the period and the parameters honoured."""

import datetime

import pytest

from thidua.evidence import services
from thidua.evidence.measures import member_counts
from thidua.metrics import registry
from thidua.metrics.registry import MetricRequest
from thidua.movements.metric_keys import BY_KEY

Y = 2025


def d(month: int, day: int, year: int = Y) -> datetime.date:
    return datetime.date(year, month, day)


YEAR_START, YEAR_END = d(1, 1), d(12, 31)


def measure(key: str, paths, start=YEAR_START, end=YEAR_END, **params):
    return registry.measure(key, MetricRequest(unit_paths=tuple(paths), start=start, end=end, params=params))


@pytest.mark.parametrize("key", ["evidence.activity_attendance", "evidence.work_projects", "evidence.media_items",
                                 "evidence.party_introductions", "evidence.conduct_records",
                                 "evidence.disciplined"])  # fmt: skip
def test_the_contract_keys_are_registered_with_their_parameters(key):
    metric = registry.get(key)
    assert set(metric.params) == set(BY_KEY[key].params)
    assert str(metric.label) == str(BY_KEY[key].label)


def test_attendance_counts_members_present_at_least_once_out_of_active_members(personas, django_assert_num_queries):
    p = personas
    study = services.activity_create(unit=p.grassroots, kind="resolution_study", title="Học Nghị quyết",
                                     held_on=d(3, 1))  # fmt: skip
    services.attendance_mark(activity=study, present=[p.member_record.pk], absent=[p.colleague.pk])
    again = services.activity_create(unit=p.group, kind="resolution_study", title="Học lại", held_on=d(4, 1))
    services.attendance_mark(activity=again, present=[p.member_record.pk])
    friday = services.activity_create(unit=p.grassroots, kind="cleaning_friday", title="Vệ sinh", held_on=d(5, 2))
    services.attendance_mark(activity=friday, present=[p.colleague.pk])
    paths = [p.upper.path, p.grassroots.path, p.other_group.path]
    with django_assert_num_queries(1):
        result = measure("evidence.activity_attendance", paths, kind="resolution_study")
    assert (result[p.grassroots.path].numerator, result[p.grassroots.path].denominator) == (1, 2)
    assert (result[p.upper.path].numerator, result[p.upper.path].denominator) == (1, 3)  # the other union's member
    assert (result[p.other_group.path].numerator, result[p.other_group.path].denominator) == (0, 0)
    # "cleaning" is the contract's name for the Friday clean-up; no kind = any activity.
    assert (
        measure("evidence.activity_attendance", [p.grassroots.path], kind="cleaning")[p.grassroots.path].numerator == 1
    )
    assert measure("evidence.activity_attendance", [p.grassroots.path])[p.grassroots.path].numerator == 2
    assert measure("evidence.activity_attendance", [p.grassroots.path], end=d(2, 28))[p.grassroots.path].numerator == 0


def test_work_projects_media_and_party_introductions_are_counted_in_the_period(personas):
    p = personas
    services.work_project_create(unit=p.group, title="Số hóa", dedicated_to="Chào mừng Đại hội Công đoàn",
                                 starts_on=d(3, 1), ends_on=d(8, 31))  # fmt: skip
    services.work_project_create(unit=p.grassroots, title="Cây xanh", starts_on=d(11, 1, 2024))
    services.media_item_create(unit=p.grassroots, kind="video", title="Clip", url="https://example.vn/clip",
                               published_on=d(6, 1), authors=[p.colleague])  # fmt: skip
    services.media_item_create(unit=p.grassroots, kind="article", title="Bài", url="https://example.vn/bai",
                               published_on=d(7, 1))  # fmt: skip
    services.party_introduction_create(member=p.member_record, introduced_on=d(5, 5), outcome="admitted",
                                       decided_on=d(9, 2))  # fmt: skip
    services.party_introduction_create(member=p.colleague, introduced_on=d(10, 5))
    g = p.grassroots.path
    assert measure("evidence.work_projects", [g])[g].numerator == 1
    assert measure("evidence.work_projects", [g], start=None)[g].numerator == 2
    assert measure(
        "evidence.work_projects", [g], dedicated_to="Đại hội công đoàn"
    )  # case-insensitive (PostgreSQL: any letter)[g].numerator == 1
    assert measure("evidence.work_projects", [g], start=d(9, 1))[g].numerator == 0
    assert measure("evidence.media_items", [g])[g].numerator == 2
    assert measure("evidence.media_items", [g], kind="video")[g].numerator == 1
    assert measure("evidence.party_introductions", [g])[g].numerator == 2
    assert measure("evidence.party_introductions", [g], admitted=True)[g].numerator == 1
    assert measure("evidence.party_introductions", [g], admitted="true")[g].denominator == 0


def test_conduct_and_discipline_quantities(personas):
    p = personas
    for day in (1, 2):
        services.conduct_record_create(member=p.colleague, rule="smoking", polarity="violation", occurred_on=d(3, day))
    services.conduct_record_create(member=p.colleague, rule="dress", polarity="positive", occurred_on=d(3, 3))
    services.discipline_create(member=p.member_record, level="canh_cao", starts_on=d(2, 2))
    g = p.grassroots.path
    assert measure("evidence.conduct_records", [g], polarity="violation")[g].numerator == 2
    assert measure("evidence.conduct_records", [g], rule="dress")[g].numerator == 1
    assert measure("evidence.disciplined", [g], min_level="canh_cao")[g].numerator == 1
    assert measure("evidence.disciplined", [g], min_level="ha_bac_luong")[g].numerator == 0


def test_member_counts_give_each_members_own_records(personas):
    p = personas
    study = services.activity_create(unit=p.grassroots, kind="resolution_study", title="Học", held_on=d(3, 1))
    services.attendance_mark(activity=study, present=[p.member_record.pk], absent=[p.colleague.pk])
    counts = member_counts("evidence.activity_attendance", {"kind": "resolution_study"}, start=d(1, 1), end=d(12, 31))
    assert dict(counts.numerator) == {p.member_record.pk: 1}
    assert dict(counts.denominator) == {p.member_record.pk: 1, p.colleague.pk: 1}
    assert member_counts("members.active", {}, start=None, end=None) is None
