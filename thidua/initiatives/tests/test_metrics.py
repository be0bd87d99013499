"""The quantities movements' targets read (binding keys) and the eligibility selector."""

import datetime

import pytest

from thidua.initiatives import services
from thidua.initiatives.selectors import recognised_initiatives
from thidua.initiatives.tests.factories import make_initiative, make_recognised, make_submitted
from thidua.members.tests.factories import MemberFactory
from thidua.metrics.registry import MetricRequest, measure

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def recorded(personas):
    """Group: Hiếu (submitted 10/4/2023, recognised 15/6/2023) and Lý co-author; a third member without any;
    a draft by the third member does not count."""
    p = personas
    third = MemberFactory(unit=p.group)
    make_recognised(p, authors=[(p.member_record, 60), (p.colleague, 40)])
    make_initiative(p, authors=[(third, 100)], by=p.chair)
    return p


def test_the_share_of_members_with_an_initiative_by_a_deadline(recorded, django_assert_num_queries):
    p = recorded
    paths = (p.group.path, p.grassroots.path, p.upper.path, p.other_grassroots.path)
    with django_assert_num_queries(1):
        result = measure("initiatives.members_with_initiative", MetricRequest(unit_paths=paths, end=D(2023, 8, 31)))
    assert (result[p.group.path].numerator, result[p.group.path].denominator) == (2, 3)
    assert (result[p.upper.path].numerator, result[p.upper.path].denominator) == (2, 4)
    assert result[p.other_grassroots.path].numerator == 0
    early = measure("initiatives.members_with_initiative", MetricRequest(unit_paths=paths, end=D(2023, 4, 9)))
    assert early[p.group.path].numerator == 0


def test_recognised_only_counts_from_the_decision_date(recorded):
    p = recorded
    request = MetricRequest(unit_paths=(p.grassroots.path,), end=D(2023, 6, 1), params={"status": "recognised"})
    assert measure("initiatives.members_with_initiative", request)[p.grassroots.path].numerator == 0
    request = MetricRequest(unit_paths=(p.grassroots.path,), start=D(2023, 1, 1), end=D(2023, 12, 31),
                            params={"recognised_scope": "grassroots"})  # fmt: skip
    assert measure("initiatives.members_with_initiative", request)[p.grassroots.path].numerator == 2
    request = MetricRequest(
        unit_paths=(p.grassroots.path,), end=D(2023, 12, 31), params={"recognised_scope": "national"}
    )
    assert measure("initiatives.members_with_initiative", request)[p.grassroots.path].numerator == 0


def test_the_number_of_initiatives_in_a_period(recorded, django_assert_num_queries):
    p = recorded
    make_submitted(p, title="Một sáng kiến khác")
    paths = (p.grassroots.path, p.other_grassroots.path)
    with django_assert_num_queries(1):
        submitted = measure(
            "initiatives.count", MetricRequest(unit_paths=paths, start=D(2023, 1, 1), end=D(2023, 12, 31))
        )
    assert (submitted[p.grassroots.path].numerator, submitted[p.grassroots.path].denominator) == (2, 2)
    recognised = measure("initiatives.count", MetricRequest(unit_paths=paths, end=D(2023, 12, 31),
                                                            params={"status": "recognised"}))  # fmt: skip
    assert recognised[p.grassroots.path].numerator == 1
    by_status = measure("initiatives.count", MetricRequest(unit_paths=paths, params={"status": ["submitted"]}))
    assert by_status[p.grassroots.path].numerator == 1


def test_recognitions_for_the_eligibility_engine_in_one_query(recorded, django_assert_num_queries):
    p = recorded
    from thidua.organizations.services import unit_create, unit_move

    province = unit_create(name="Liên đoàn Lao động tỉnh", kind="provincial")
    unit_move(unit=p.upper, new_parent=province)
    initiative = p.member_record.initiative_authorships.get().initiative
    initiative.review_unit.refresh_from_db()
    province.refresh_from_db()
    initiative = services.initiative_forward(initiative=initiative, to_unit=province)
    services.initiative_recognise(initiative=initiative, scope="province_sector", recognised_on=D(2024, 3, 1),
                                  decision_number="88/QĐ-LĐLĐ")  # fmt: skip
    with django_assert_num_queries(1):
        found = recognised_initiatives([p.member_record.pk, p.colleague.pk, p.stranger.pk], until=D(2023, 12, 31))
    assert set(found) == {p.member_record.pk, p.colleague.pk}
    [grassroots] = found[p.member_record.pk]
    assert (grassroots.scope, grassroots.recognised_on, grassroots.decision_number) == ("grassroots", D(2023, 6, 15),
                                                                                        "12/QĐ-CĐS")  # fmt: skip
    later = recognised_initiatives([p.colleague.pk], until=D(2024, 12, 31))[p.colleague.pk]
    assert [(r.scope, float(r.share)) for r in later] == [("grassroots", 40.0), ("province_sector", 40.0)]
