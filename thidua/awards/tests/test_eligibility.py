"""The eligibility engine: verdicts, explanations naming the records, set-based loading."""

import datetime

import pytest

from thidua.awards import eligibility
from thidua.awards.eligibility import check, evaluate, evaluate_many
from thidua.awards.tests import factories as f
from thidua.members.tests.factories import MemberFactory
from thidua.rules.selectors import RuleMissing

pytestmark = pytest.mark.django_db


def _labels(verdict) -> str:
    def walk(results):
        for r in results:
            yield r.label
            yield from r.evidence
            yield from walk(r.children)

    return "\n".join([*verdict.blocked_by, *walk(verdict.conditions)])


def test_it_finds_ldtt_from_the_classification_and_the_registration(personas):
    member = f.good_member(personas.group, "E1")
    verdict = check(subject=member, title_code="ldtt", year=2025)
    assert verdict.eligible is True
    text = _labels(verdict)
    assert "2025: Hoàn thành tốt nhiệm vụ (HTT)" in text
    assert "Phong trào thi đua năm 2025" in text
    assert verdict.pack_code == "vn-luat-06-2022"


def test_it_refuses_ldtt_without_registration_and_names_the_gap(personas):
    member = MemberFactory(unit=personas.group, code="E2")
    f.rate(member, 2025, "HTXS")
    verdict = check(subject=member, title_code="ldtt", year=2025)
    assert verdict.eligible is False
    assert "Chưa đăng ký thi đua trong phong trào nào của năm 2025" in _labels(verdict)


def test_cstdcs_needs_ldtt_and_htxs_or_an_initiative(personas):
    htxs = f.good_member(personas.group, "E3", level="HTXS")
    initiative = f.good_member(personas.group, "E4", level="HTT")
    f.recognise(initiative, scope="grassroots", on=datetime.date(2025, 5, 4), title="Số hóa một cửa")
    plain = f.good_member(personas.group, "E5", level="HTT")
    assert check(subject=htxs, title_code="cstdcs", year=2025).eligible is True
    verdict = check(subject=initiative, title_code="cstdcs", year=2025)
    assert verdict.eligible is True
    assert "Sáng kiến «Số hóa một cửa» được công nhận cấp cơ sở" in _labels(verdict)
    # only the research topic (manual confirmation) is left for the plain one
    assert check(subject=plain, title_code="cstdcs", year=2025).eligible is None


def test_three_consecutive_years_show_each_year_with_its_decision(personas):
    member = f.good_member(personas.group, "E6", level="HTXS")
    f.award(member, 2023, "cstdcs", name="Chiến sĩ thi đua cơ sở", number="12/QĐ-CĐS")
    f.award(member, 2024, "cstdcs", name="Chiến sĩ thi đua cơ sở", number="07/QĐ-CĐS")
    f.recognise(member, scope="province_sector", on=datetime.date(2024, 9, 1))
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is True
    first = verdict.conditions[0]
    assert first.label == "Chiến sĩ thi đua cơ sở 3 năm liên tục: 2023 ✓ 2024 ✓ 2025 ✓"
    assert "2023: Chiến sĩ thi đua cơ sở (QĐ 12/QĐ-CĐS ngày 15/01/2024)" in first.evidence
    assert "2025: đủ điều kiện Chiến sĩ thi đua cơ sở trong năm (chưa có quyết định)" in first.evidence


def test_a_gap_year_breaks_the_chain(personas):
    member = f.good_member(personas.group, "E7", level="HT")
    f.award(member, 2023, "cstdcs", name="Chiến sĩ thi đua cơ sở")
    f.award(member, 2025, "cstdcs", name="Chiến sĩ thi đua cơ sở")
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is False
    assert verdict.conditions[0].label.endswith("2023 ✓ 2024 ✗ 2025 ✓")


def test_a_discipline_in_force_blocks_every_title(personas):
    member = f.good_member(personas.group, "E8", level="HTXS")
    f.discipline(member, "khien_trach", datetime.date(2025, 3, 1), datetime.date(2026, 2, 28), number="09/QĐ-KL")
    verdicts = evaluate(subject=member, year=2025)
    assert verdicts
    assert all(v.eligible is False for v in verdicts)
    assert "đang trong thời gian bị kỷ luật" in verdicts[0].blocked_by[0]
    assert verdicts[0].to_json()[0]["blocks"] is True


def test_maternity_leave_counts_as_worked_and_other_leave_does_not(personas):
    mother = f.good_member(personas.group, "E9", gender="female")
    f.absence(mother, "maternity", datetime.date(2025, 3, 1), datetime.date(2025, 8, 31))
    away = f.good_member(personas.group, "E10")
    f.absence(away, "unpaid", datetime.date(2025, 3, 3), datetime.date(2025, 4, 30))
    verdict = check(subject=mother, title_code="ldtt", year=2025)
    assert verdict.eligible is True
    assert "được tính là thời gian công tác" in _labels(verdict)
    refused = check(subject=away, title_code="ldtt", year=2025)
    assert refused.eligible is False
    assert "Thời gian nghỉ trong năm 2025: 43 ngày làm việc" in _labels(refused)


def test_only_gender_refuses_others_with_the_reason(personas):
    man = f.good_member(personas.group, "E11", gender="male")
    woman = f.good_member(personas.group, "E12", gender="female")
    verdict = check(subject=man, title_code="bk_gvn_dvn", year=2025)
    assert verdict.eligible is False
    assert verdict.conditions[0].label == "Chỉ xét cho nữ"
    assert check(subject=woman, title_code="bk_gvn_dvn", year=2025).eligible is None


def test_collective_ldtt_reads_the_members_share(personas):
    f.rate_unit(personas.group, 2025, "HTT")
    for i in range(7):
        f.good_member(personas.group, f"C{i}")
    for i in range(3):
        MemberFactory(unit=personas.group, code=f"N{i}")
    # personas.group already has two members (member_record, colleague) who are not LĐTT: 7/12 < 70%
    verdict = check(subject=personas.group, title_code="tt_ldtt", year=2025)
    assert verdict.eligible is False
    assert "7/12" in verdict.conditions[1].label


def test_verdict_to_json_is_serialisable(personas):
    import json

    member = f.good_member(personas.group, "E13", level="HTXS")
    payload = check(subject=member, title_code="cstdcs", year=2025).to_json()
    assert json.loads(json.dumps(payload))[0]["met"] is True


def test_check_raises_for_a_title_of_the_other_kind(personas):
    with pytest.raises(RuleMissing):
        check(subject=personas.member_record, title_code="tt_ldtt", year=2025)


def test_the_number_of_queries_does_not_grow_with_the_members(personas, django_assert_max_num_queries):
    few = [f.good_member(personas.group, f"Q{i}", level="HTXS").pk for i in range(3)]
    many = few + [f.good_member(personas.other_group, f"R{i}", level="HTXS").pk for i in range(25)]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        evaluate_many(members=few, year=2025)
    with CaptureQueriesContext(connection) as large:
        result = evaluate_many(members=many, year=2025)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(result) == 28
    assert all(next(v for v in vs if v.title.code == "ldtt").eligible for vs in result.values())


def test_the_chunks_keep_a_fixed_number_of_queries(personas, monkeypatch):
    ids = [f.good_member(personas.group, f"K{i}").pk for i in range(6)]
    monkeypatch.setattr(eligibility, "CHUNK", 2)
    verdicts = dict(eligibility.iter_member_verdicts(ids, year=2025, title_codes={"ldtt"}, explain=False, chunk=2))
    assert all(v[0].eligible is True for v in verdicts.values())
