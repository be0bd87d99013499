"""The figures of a dashboard, for a small union whose numbers are known (see conftest.figures)."""

import pytest

from thidua.awards.tests import factories as f
from thidua.evaluation.choices import RoundStatus
from thidua.members.tests.factories import MemberFactory
from thidua.movements import services as movement_services
from thidua.movements.models import Registration
from thidua.movements.tests.conftest import make_plan
from thidua.organizations.models import Unit
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

    with django_assert_max_num_queries(25) as before:
        selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    for i in range(10):
        unit_create(name=f"Tổ {i}", kind=UnitKind.GROUP, parent=personas.grassroots)
    with django_assert_max_num_queries(len(before.captured_queries)):
        selectors.unit_report(personas.chair, personas.grassroots, YEAR)


def test_roll_up_sums_each_row_into_every_requested_path_above_it():
    rows = [("/1/2/", "a", 2), ("/1/2/3/", "a", 1), ("/1/4/", "b", 5), ("/9/", "a", 7)]
    totals = selectors.roll_up(rows, ["/1/", "/1/2/", "/1/4/"])
    assert totals["/1/"] == {"a": 3, "b": 5}
    assert totals["/1/2/"] == {"a": 3}
    assert totals["/1/4/"] == {"b": 5}


def test_a_round_not_yet_locked_is_not_counted(personas, figures):
    round_ = f.year_round(personas.other_group, YEAR)
    round_.status = RoundStatus.DECIDING
    round_.save()
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    assert (report.split.rated, report.split.count("HT")) == (2, 0)
    assert report.split.members == 3  # the member is still counted among the active members


def test_a_member_rated_in_two_year_rounds_counts_once_by_the_round_ending_last(personas, figures):
    f.rate(figures["third"], YEAR, "HTXS", unit=personas.grassroots)  # same end date, created later: it wins
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    assert (report.split.rated, report.split.count("HTXS"), report.split.count("HT")) == (3, 2, 0)


def test_not_rated_members_are_left_out_of_the_shares(personas, figures):
    f.rate(MemberFactory(unit=personas.other_group, code="HN0009"), YEAR, "not_rated")
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    assert (report.split.members, report.split.rated, report.split.not_rated) == (4, 3, 1)
    assert report.split.htxs_share == pytest.approx(33.3)
    assert report.split.good_share == pytest.approx(66.7)


def test_members_attached_to_the_unit_itself_are_counted_apart_from_the_children(personas, figures):
    direct = MemberFactory(unit=personas.grassroots, code="HN0010")
    f.rate(direct, YEAR, "KHT")
    report = selectors.unit_report(personas.chair, personas.grassroots, YEAR)
    assert (report.direct.members, report.direct.count("KHT")) == (1, 1)
    assert report.split.members == 4
    assert sum(r.split.members for r in report.children) + report.direct.members == report.split.members


def test_the_comparison_of_the_children_alone_has_the_report_figures(personas, figures):
    rows = selectors.children_comparison(personas.upper, YEAR)
    assert [r.unit.pk for r in rows] == sorted([personas.grassroots.pk, personas.other_grassroots.pk],
                                              key=lambda pk: Unit.objects.get(pk=pk).name)  # fmt: skip
    by_unit = {r.unit.pk: r for r in rows}
    assert (by_unit[personas.grassroots.pk].split.rated, by_unit[personas.grassroots.pk].awards) == (3, 3)
    assert by_unit[personas.grassroots.pk].has_children
    assert (by_unit[personas.other_grassroots.pk].split.members, by_unit[personas.other_grassroots.pk].awards) == (1, 0)


def _upper_plan_adopted_by_the_grassroots(p):
    upper_plan = make_plan(p, unit=p.upper, year=YEAR, plan_number="05/KH-CĐVC", adopter_kind="grassroots",
                           title="Phong trào thi đua của Công đoàn Viên chức tỉnh")  # fmt: skip
    movement_services.movement_launch(movement=upper_plan, by=p.officer)
    adopted = movement_services.movement_adopt(parent=upper_plan, unit=p.grassroots, by=p.chair)
    return upper_plan, adopted


def _register(movement, member, *, code="ldtt", name="Lao động tiên tiến"):
    return Registration.objects.create(movement=movement, subject="individual", member=member, unit=member.unit,
                                       title_code=code, title_name=name, registered_on=f.d(YEAR, 2, 1))  # fmt: skip


def test_registrations_are_counted_per_movement_with_the_plans_adopting_it(personas, figures):
    p = personas
    upper_plan, adopted = _upper_plan_adopted_by_the_grassroots(p)
    _register(figures["movement"], p.member_record)
    _register(adopted, p.member_record, code="cstdcs", name="Chiến sĩ thi đua cơ sở")  # through the adoption
    _register(adopted, figures["third"])
    Registration.objects.create(movement=figures["movement"], subject="collective", unit=p.group,
                                title_code="tt_ldtt", title_name="Tập thể lao động tiên tiến",
                                registered_on=f.d(YEAR, 2, 1))  # fmt: skip
    report = selectors.unit_report(p.chair, p.grassroots, YEAR)
    blocks = {b.movement.pk: b for b in report.registrations}
    assert set(blocks) == {figures["movement"].pk, upper_plan.pk}  # the adoption counts under its top plan
    own, upper = blocks[figures["movement"].pk], blocks[upper_plan.pk]
    assert own.at(p.grassroots.path) == (3, 1)
    assert (own.at(p.group.path), own.at(p.other_group.path)) == ((2, 1), (1, 0))
    assert {t.code: (t.individual, t.collective) for t in own.titles} == {"ldtt": (1, 0), "tt_ldtt": (0, 1)}
    assert upper.at(p.grassroots.path) == (3, 2)
    assert (upper.at(p.group.path), upper.at(p.other_group.path)) == ((2, 1), (1, 1))
    assert {t.code: t.individual for t in upper.titles} == {"cstdcs": 1, "ldtt": 1}
    data = selectors.report_data(report)
    upper_data = next(b for b in data["registrations"] if b["movement_id"] == upper_plan.pk)
    assert (upper_data["registered"], upper_data["not_registered"], upper_data["share"]) == (2, 1, 66.7)


def test_the_number_of_queries_does_not_grow_with_the_movements(personas, figures, django_assert_max_num_queries):
    p = personas
    with django_assert_max_num_queries(25) as before:
        selectors.unit_report(p.chair, p.grassroots, YEAR)
    for i in range(3):
        plan = make_plan(p, year=YEAR, plan_number=f"0{i + 2}/KH-CĐSTTTT", launch=True)
        _register(plan, p.colleague)
    with django_assert_max_num_queries(len(before.captured_queries)):
        report = selectors.unit_report(p.chair, p.grassroots, YEAR)
    assert len(report.registrations) == 4
