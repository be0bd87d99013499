"""The awards quantities targets measure (thidua/movements/metric_keys.py): one grouped query per call, the
achievement years of the period, the parameters honoured."""

import datetime

import pytest

from thidua.awards.models import AwardRecord, Proposal, ProposalItem
from thidua.metrics import registry
from thidua.metrics.registry import MetricRequest
from thidua.movements.metric_keys import BY_KEY

pytestmark = pytest.mark.django_db


def measure(key, paths, year=2025, **params):
    request = MetricRequest(unit_paths=tuple(paths), start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31),
                            params=params)  # fmt: skip
    return registry.measure(key, request)


def record(*, member=None, unit=None, title="cdv_xuat_sac", year=2025):
    scope = member.unit if member else unit
    return AwardRecord.objects.create(member=member, unit=unit, scope_unit=scope, year=year, title_code=title,
                                      title_name=title)  # fmt: skip


@pytest.mark.parametrize("key", ["awards.title_holders", "awards.units_titled", "awards.proposals"])
def test_the_contract_keys_are_registered_with_their_parameters(key):
    metric = registry.get(key)
    assert set(metric.params) == set(BY_KEY[key].params)


def test_title_holders_count_members_of_the_year_out_of_active_members(personas, django_assert_num_queries):
    p = personas
    record(member=p.colleague)
    record(member=p.member_record, year=2024)  # another year
    record(member=p.stranger, title="ldtt")
    with django_assert_num_queries(1):
        result = measure("awards.title_holders", [p.upper.path, p.grassroots.path], title="cdv_xuat_sac")
    assert (result[p.grassroots.path].numerator, result[p.grassroots.path].denominator) == (1, 2)
    assert (result[p.upper.path].numerator, result[p.upper.path].denominator) == (1, 3)
    women = measure("awards.title_holders", [p.grassroots.path], title="cdv_xuat_sac", gender="female")
    assert (women[p.grassroots.path].numerator, women[p.grassroots.path].denominator) == (1, 1)
    assert measure("awards.title_holders", [p.upper.path], title="ldtt")[p.upper.path].numerator == 1


def test_units_titled_count_units_of_a_kind_holding_a_collective_title(personas):
    p = personas
    record(unit=p.grassroots, title="cdcs_vung_manh_xuat_sac")
    result = measure("awards.units_titled", [p.upper.path], title="cdcs_vung_manh_xuat_sac", unit_kind="grassroots")
    assert (result[p.upper.path].numerator, result[p.upper.path].denominator) == (1, 2)
    assert measure("awards.units_titled", [p.upper.path], year=2024, title="cdcs_vung_manh_xuat_sac",
                   unit_kind="grassroots")[p.upper.path].numerator == 0  # fmt: skip


def test_proposals_count_sent_items_only(personas):
    p = personas
    sent = Proposal.objects.create(proposing_unit=p.grassroots, to_unit=p.upper, year=2025, subject_line="Đề nghị",
                                   status="submitted", submitted_on=datetime.date(2025, 12, 1))  # fmt: skip
    draft = Proposal.objects.create(proposing_unit=p.grassroots, to_unit=p.upper, year=2025, subject_line="Nháp")
    for proposal in (sent, draft):
        ProposalItem.objects.create(proposal=proposal, member=p.colleague, title_code="giay_khen_cd_cap_tren",
                                    title_name="Giấy khen")  # fmt: skip
    result = measure("awards.proposals", [p.upper.path, p.other_grassroots.path], form="giay_khen_cd_cap_tren")
    assert result[p.upper.path].numerator == 1
    assert result[p.other_grassroots.path].numerator == 0
