"""The figures of a dashboard, for a small union whose numbers are known (see conftest.figures)."""

import pytest

from thidua.reports import selectors
from thidua.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_the_classification_of_the_union_and_of_each_child(personas, figures):
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    assert report.split.members == 3
    assert {level: report.split.count(level) for level in ("HTXS", "HTT", "HT", "KHT")} == {
        "HTXS": 1, "HTT": 1, "HT": 1, "KHT": 0}  # fmt: skip
    assert report.split.htxs_share == pytest.approx(33.3)
    by_child = {row.unit.pk: row for row in report.children}
    assert by_child[personas.group.pk].split.members == 2
    assert by_child[personas.group.pk].split.count("HTXS") == 1
    assert by_child[personas.other_group.pk].split.count("HT") == 1
    assert by_child[personas.group.pk].awards_individual == 2
    assert by_child[personas.group.pk].awards_collective == 1


def test_titles_targets_clusters_and_the_trend(personas, figures):
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    titles = {t.code: (t.individual, t.collective) for t in report.titles}
    assert titles == {"ldtt": (2, 0), "tt_ldtt": (0, 1)}
    assert [t.target.name for t in report.targets] == [figures["target"].name]
    assert report.targets[0].progress.value == 100.0  # every member is active: "100% tham gia"
    assert report.clusters == []  # the cluster is organised by the upper union: its dashboard compares it
    upper = selectors.unit_report(personas.officer, personas.upper, YEAR)
    (block,) = upper.clusters
    assert block.cluster.name == "Cụm thi đua số 1"
    assert [(r.unit.pk, r.split.members, r.awards) for r in block.rows] == [(personas.grassroots.pk, 3, 3)]
    trend = {row.year: row for row in report.trend}
    assert trend[YEAR].split.rated == 3
    assert trend[YEAR - 1].split.rated == 1
    assert trend[YEAR - 1].awards_individual == 1


def test_the_json_of_the_api_and_charts(personas, figures):
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    data = selectors.report_data(report, urls={personas.group.pk: "/x/"})
    assert data["classification"]["counts"]["HTXS"] == 1
    assert data["classification"]["shares"]["HT"] == pytest.approx(33.3)
    assert {c["name"]: c["url"] for c in data["children"]}[personas.group.name] == "/x/"
    assert data["targets"][0]["status"] in {"achieved", "on_track"}


def test_the_number_of_queries_does_not_grow_with_the_children(personas, figures, django_assert_max_num_queries):
    from thidua.organizations.choices import UnitKind
    from thidua.organizations.services import unit_create

    with django_assert_max_num_queries(40) as before:
        selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    for i in range(10):
        unit_create(name=f"Tổ {i}", kind=UnitKind.GROUP, parent=personas.grassroots)
    with django_assert_max_num_queries(len(before.captured_queries)):
        selectors.unit_report(personas.chair, personas.grassroots, YEAR)
