"""Legal cases of eligibility and council votes, built from the articles cited in DOMAIN.md §4. Each test
names its article; the numbers (70%, 3 years, 40 days …) come from the rule packs, the tests only build the situations
the articles describe, including the boundaries (exactly 70%, exactly 3 consecutive years, a gap year, a discipline
ending mid-year, 39 vs 40 days away, exactly 80% of the council)."""

import datetime

import pytest

from thidua.awards.eligibility import check
from thidua.awards.tests import factories as f
from thidua.members.tests.factories import MemberFactory
from thidua.organizations.choices import UnitKind
from thidua.organizations.services import unit_create

pytestmark = pytest.mark.django_db
D = datetime.date


def _cstdcs_years(member, years, **kwargs):
    for y in years:
        f.award(member, y, "cstdcs", name="Chiến sĩ thi đua cơ sở", **kwargs)


def _group(p, name="Tổ công đoàn thử"):
    return unit_create(name=name, kind=UnitKind.GROUP, parent=p.grassroots)


def _collective(p, *, year, ldtt: int, others: int, unit_level="HTT"):
    unit = _group(p)
    f.rate_unit(unit, year, unit_level)
    for i in range(ldtt):
        f.good_member(unit, f"T{year}{i:03d}", year=year)
    for i in range(others):
        MemberFactory(unit=unit, code=f"O{year}{i:03d}")
    return unit


# --- Lao động tiên tiến (Luật 06/2022/QH15, Điều 24) ----------------------------------------------------------------


def test_luat_06_2022_dieu_24_ldtt_rated_htt_and_taking_part(personas):
    """Luật 06/2022 Điều 24: completing tasks well (HTT) and taking part in emulation earns LĐTT."""
    member = f.good_member(personas.group, "A1", level="HTT")
    assert check(subject=member, title_code="ldtt", year=2025).eligible is True


def test_luat_06_2022_dieu_24_ldtt_not_for_ht(personas):
    """Luật 06/2022 Điều 24: "hoàn thành nhiệm vụ" (HT) is below the HTT the article requires."""
    member = f.good_member(personas.group, "A2", level="HT")
    assert check(subject=member, title_code="ldtt", year=2025).eligible is False


def test_luat_06_2022_dieu_24_ldtt_needs_taking_part_in_emulation(personas):
    """Luật 06/2022 Điều 24: without registering in a movement of the year there is no LĐTT."""
    member = MemberFactory(unit=personas.group, code="A3")
    f.rate(member, 2025, "HTXS")
    f.register(member, 2024)  # a registration of another year does not count
    assert check(subject=member, title_code="ldtt", year=2025).eligible is False


# --- Chiến sĩ thi đua cơ sở (Điều 23) -------------------------------------------------------------------------------


def test_luat_06_2022_dieu_23_cstdcs_with_htxs(personas):
    """Luật 06/2022 Điều 23: LĐTT and rated HTXS."""
    member = f.good_member(personas.group, "B1", level="HTXS")
    assert check(subject=member, title_code="cstdcs", year=2025).eligible is True


def test_luat_06_2022_dieu_23_cstdcs_with_a_grassroots_initiative(personas):
    """Luật 06/2022 Điều 23: LĐTT and an initiative recognised at grassroots level (rated only HTT)."""
    member = f.good_member(personas.group, "B2", level="HTT")
    f.recognise(member, scope="grassroots", on=D(2025, 6, 1))
    assert check(subject=member, title_code="cstdcs", year=2025).eligible is True


def test_luat_06_2022_dieu_23_initiative_of_another_year_does_not_count(personas):
    """Luật 06/2022 Điều 23: the initiative must be recognised in the year judged (2024's does not make 2025)."""
    member = f.good_member(personas.group, "B3", level="HTT")
    f.recognise(member, scope="grassroots", on=D(2024, 6, 1))
    verdict = check(subject=member, title_code="cstdcs", year=2025)
    assert verdict.eligible is None  # only the research topic (to be confirmed) is left
    assert verdict.conditions[1].children[1].met is False


def test_luat_06_2022_dieu_23_cstdcs_needs_ldtt(personas):
    """Luật 06/2022 Điều 23: HTXS without LĐTT (not taking part) is not enough."""
    member = MemberFactory(unit=personas.group, code="B4")
    f.rate(member, 2025, "HTXS")
    assert check(subject=member, title_code="cstdcs", year=2025).eligible is False


def test_luat_06_2022_no_cstdcs_quota(personas):
    """Luật 06/2022 Điều 23: the old cap (CSTĐCS ≤ 15% of LĐTT) was dropped — every qualifying member is eligible."""
    members = [f.good_member(personas.group, f"B5{i}", level="HTXS") for i in range(8)]
    assert all(check(subject=m, title_code="cstdcs", year=2025).eligible is True for m in members)


# --- CSTĐ cấp bộ, ngành, tỉnh (Điều 22) -----------------------------------------------------------------------------


def test_luat_06_2022_dieu_22_exactly_three_consecutive_years(personas):
    """Luật 06/2022 Điều 22: exactly 3 consecutive CSTĐCS (2023, 2024 by decision, 2025 eligible) and a
    province-level initiative."""
    member = f.good_member(personas.group, "C1", level="HTXS")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="province_sector", on=D(2024, 10, 1))
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is True
    assert verdict.conditions[0].label.endswith("2023 ✓ 2024 ✓ 2025 ✓")


def test_luat_06_2022_dieu_22_a_gap_year(personas):
    """Luật 06/2022 Điều 22: CSTĐCS 2022, 2023 and 2025 — 2024 missing — is not 3 consecutive years."""
    member = f.good_member(personas.group, "C2", level="HTXS")
    _cstdcs_years(member, [2022, 2023])
    f.recognise(member, scope="province_sector", on=D(2025, 3, 1))
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is False
    assert verdict.conditions[0].label.endswith("2023 ✓ 2024 ✗ 2025 ✓")


def test_luat_06_2022_dieu_22_two_years_are_not_three(personas):
    """Luật 06/2022 Điều 22: 2 consecutive CSTĐCS are one short."""
    member = f.good_member(personas.group, "C3", level="HTXS")
    _cstdcs_years(member, [2024])
    f.recognise(member, scope="province_sector", on=D(2025, 3, 1))
    assert check(subject=member, title_code="cstd_province", year=2025).eligible is False


def test_luat_06_2022_dieu_22_initiative_scope_too_low(personas):
    """Luật 06/2022 Điều 22: the initiative must have province/sector-wide effect; a grassroots one does not do."""
    member = f.good_member(personas.group, "C4", level="HTXS")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="grassroots", on=D(2024, 10, 1), title="Sổ tay điện tử")
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is False
    assert any("phạm vi thấp hơn yêu cầu" in e for e in verdict.conditions[1].evidence)


# --- CSTĐ toàn quốc (Điều 21) ---------------------------------------------------------------------------------------


def test_luat_06_2022_dieu_21_two_consecutive_provincial_titles(personas):
    """Luật 06/2022 Điều 21: two consecutive CSTĐ cấp tỉnh (2022, and 2025 eligible: the next 3-year cycle) and a
    nationwide initiative."""
    member = f.good_member(personas.group, "D1", level="HTXS")
    f.award(member, 2022, "cstd_province", name="Chiến sĩ thi đua cấp tỉnh")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="national", on=D(2025, 5, 1))
    verdict = check(subject=member, title_code="cstd_national", year=2025)
    assert verdict.eligible is True
    assert verdict.conditions[0].label.endswith("2022 ✓ 2025 ✓")


def test_luat_06_2022_dieu_21_provincial_titles_not_consecutive(personas):
    """Luật 06/2022 Điều 21: CSTĐ cấp tỉnh 2021 then 2025 are not two consecutive times."""
    member = f.good_member(personas.group, "D2", level="HTXS")
    f.award(member, 2021, "cstd_province", name="Chiến sĩ thi đua cấp tỉnh")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="national", on=D(2025, 5, 1))
    assert check(subject=member, title_code="cstd_national", year=2025).eligible is False


# --- Tập thể lao động tiên tiến (Điều 28) and the old law -----------------------------------------------------------


def test_luat_06_2022_dieu_28_exactly_70_percent(personas):
    """Luật 06/2022 Điều 28: exactly 70% of the members LĐTT (7 of 10) is enough."""
    unit = _collective(personas, year=2025, ldtt=7, others=3)
    verdict = check(subject=unit, title_code="tt_ldtt", year=2025)
    assert verdict.eligible is True
    assert "7/10 (70%)" in verdict.conditions[1].label


def test_luat_06_2022_dieu_28_just_below_70_percent(personas):
    """Luật 06/2022 Điều 28: 9 of 13 (69.2%) is below 70%."""
    unit = _collective(personas, year=2025, ldtt=9, others=4)
    assert check(subject=unit, title_code="tt_ldtt", year=2025).eligible is False


def test_luat_06_2022_dieu_28_a_member_disciplined_with_canh_cao(personas):
    """Luật 06/2022 Điều 28: no member disciplined at "cảnh cáo" or above; a "khiển trách" does not bar it."""
    unit = _collective(personas, year=2025, ldtt=10, others=0)
    member = unit.members.first()
    f.discipline(member, "khien_trach", D(2025, 2, 1), D(2026, 1, 31))
    assert check(subject=unit, title_code="tt_ldtt", year=2025).eligible is True
    f.discipline(unit.members.last(), "canh_cao", D(2025, 3, 1), D(2026, 2, 28))
    verdict = check(subject=unit, title_code="tt_ldtt", year=2025)
    assert verdict.eligible is False
    assert "Cảnh cáo" in verdict.conditions[2].evidence[0]


def test_luat_2003_collective_ldtt_needs_more_than_half(personas):
    """Luật Thi đua, Khen thưởng 2003 (pack vn-luat-2003, 2023): more than 50% LĐTT — exactly 50% is not enough."""
    unit = _collective(personas, year=2023, ldtt=5, others=5)
    verdict = check(subject=unit, title_code="tt_ldtt", year=2023)
    assert verdict.pack_code == "vn-luat-2003"
    assert verdict.eligible is False
    f.good_member(unit, "Y2023", year=2023)  # 6/11 > 50%
    assert check(subject=unit, title_code="tt_ldtt", year=2023).eligible is True


def test_the_pack_follows_the_judged_year(personas):
    """Luật 06/2022 (from 01/01/2024) vs Luật 2003 (until 31/12/2023): 60% LĐTT passes in 2023 (old >50%) and fails
    in 2024 (new 70%)."""
    unit = _group(personas)
    for year in (2023, 2024):
        f.rate_unit(unit, year, "HTT")
    members = [MemberFactory(unit=unit, code=f"PY{i}") for i in range(10)]
    for m in members[:6]:
        for year in (2023, 2024):
            f.rate(m, year, "HTT")
            f.register(m, year)
    old, new = (
        check(subject=unit, title_code="tt_ldtt", year=2023),
        check(subject=unit, title_code="tt_ldtt", year=2024),
    )
    assert (old.pack_code, old.eligible) == ("vn-luat-2003", True)
    assert (new.pack_code, new.eligible) == ("vn-luat-06-2022", False)


def test_luat_06_2022_dieu_27_tt_ldxs_needs_a_cstdcs_member(personas):
    """Luật 06/2022 Điều 27: unit HTXS, all members at least HT, ≥70% LĐTT, at least one CSTĐCS; internal unity is
    for the council to confirm."""
    unit = _collective(personas, year=2025, ldtt=10, others=0, unit_level="HTXS")
    verdict = check(subject=unit, title_code="tt_ldxs", year=2025)
    # nobody is CSTĐCS for sure (all HTT, no initiative; a research topic would still need confirming)
    assert verdict.conditions[3].met is None
    f.recognise(unit.members.first(), scope="grassroots", on=D(2025, 4, 1))
    verdict = check(subject=unit, title_code="tt_ldxs", year=2025)
    assert verdict.conditions[3].met is True
    assert verdict.eligible is None  # internal unity: the council confirms
    f.rate(MemberFactory(unit=unit, code="KHT1"), 2025, "KHT")
    assert check(subject=unit, title_code="tt_ldxs", year=2025).eligible is False  # not every member at least HT


# --- General rules (Nghị định 152/2025/NĐ-CP, Điều 4) ---------------------------------------------------------------


def test_nd_152_2025_dieu_4_no_award_while_disciplined(personas):
    """NĐ 152/2025 Điều 4: no award while a discipline is in force on the judgment date (31/12)."""
    member = f.good_member(personas.group, "E1", level="HTXS")
    f.discipline(member, "khien_trach", D(2025, 6, 1), D(2026, 5, 31))
    verdict = check(subject=member, title_code="ldtt", year=2025)
    assert verdict.eligible is False
    assert verdict.blocked_by


def test_nd_152_2025_dieu_4_discipline_ending_mid_year(personas):
    """NĐ 152/2025 Điều 4: achievements count from the end of the discipline. Ended 30/06/2024: the 2023 and 2024
    CSTĐCS do not count toward 3 consecutive years in 2025."""
    member = f.good_member(personas.group, "E2", level="HTXS")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="province_sector", on=D(2025, 3, 1))
    f.discipline(member, "khien_trach", D(2023, 7, 1), D(2024, 6, 30))
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is False
    assert verdict.conditions[0].label.endswith("2023 ✗ 2024 ✗ 2025 ✓")
    assert "trước khi hết thời hạn kỷ luật" in verdict.conditions[0].evidence[0]


def test_nd_152_2025_dieu_4_years_after_the_discipline_count(personas):
    """NĐ 152/2025 Điều 4: a discipline that ended 30/06/2022 does not touch 2023–2025."""
    member = f.good_member(personas.group, "E3", level="HTXS")
    _cstdcs_years(member, [2023, 2024])
    f.recognise(member, scope="province_sector", on=D(2025, 3, 1))
    f.discipline(member, "canh_cao", D(2021, 7, 1), D(2022, 6, 30))
    assert check(subject=member, title_code="cstd_province", year=2025).eligible is True


def test_discipline_without_end_date_lasts_the_pack_duration(personas):
    """Luật CBCC, VC sửa đổi 2019 Điều 82 (pack awards.discipline_duration_months): a khiển trách of 01/03/2025 with
    no end date lasts 12 months, so it is in force on 31/12/2025."""
    member = f.good_member(personas.group, "E4", level="HTXS")
    f.discipline(member, "khien_trach", D(2025, 3, 1), None)
    assert check(subject=member, title_code="ldtt", year=2025).eligible is False
    other = f.good_member(personas.group, "E5", level="HTXS", year=2025)
    f.discipline(other, "khien_trach", D(2024, 1, 1), None)  # ended 31/12/2024
    assert check(subject=other, title_code="ldtt", year=2025).eligible is True


def test_nd_152_2025_dieu_4_thematic_award_does_not_count_toward_merit(personas):
    """NĐ 152/2025 Điều 4: thematic awards do not count toward merit awards."""
    member = f.good_member(personas.group, "E6", level="HTXS")
    f.award(member, 2023, "cstdcs", name="Chiến sĩ thi đua cơ sở")
    f.award(member, 2024, "cstdcs", name="Chiến sĩ thi đua cơ sở (chuyên đề)", thematic=True)
    f.recognise(member, scope="province_sector", on=D(2025, 3, 1))
    verdict = check(subject=member, title_code="cstd_province", year=2025)
    assert verdict.eligible is False
    assert any("chuyên đề" in e for e in verdict.conditions[0].evidence)


def test_nd_152_2025_dieu_4_maternity_leave_counts(personas):
    """NĐ 152/2025 Điều 4 (NĐ 98/2023 Điều 6): 6 months of maternity leave count as time worked."""
    member = f.good_member(personas.group, "E7", gender="female")
    f.absence(member, "maternity", D(2025, 1, 2), D(2025, 7, 1))
    assert check(subject=member, title_code="ldtt", year=2025).eligible is True


def test_nd_98_2023_dieu_6_absence_boundary(personas):
    """NĐ 98/2023 Điều 6 (pack awards.absence, unverified): 39 working days away keep LĐTT, 40 lose it."""
    kept = f.good_member(personas.group, "E8")
    f.absence(kept, "sick", D(2025, 3, 3), D(2025, 4, 24))  # 39 working days
    lost = f.good_member(personas.group, "E9")
    f.absence(lost, "sick", D(2025, 3, 3), D(2025, 4, 25))  # 40 working days
    assert check(subject=kept, title_code="ldtt", year=2025).eligible is True
    verdict = check(subject=lost, title_code="ldtt", year=2025)
    assert verdict.eligible is False
    assert "40 ngày làm việc" in verdict.conditions[-1].label


# --- Other forms ----------------------------------------------------------------------------------------------------


def test_luat_06_2022_dieu_74_bang_khen_two_consecutive_cstdcs(personas):
    """Luật 06/2022 Điều 74: Bằng khen cấp tỉnh for 2 consecutive years CSTĐCS."""
    member = f.good_member(personas.group, "F1", level="HTXS")
    _cstdcs_years(member, [2024])
    assert check(subject=member, title_code="bang_khen_province", year=2025).eligible is True


def test_qd_999_tld_only_women_for_gioi_viec_nuoc(personas):
    """QĐ 999/QĐ-TLĐ: the thematic Bằng khen "Giỏi việc nước, đảm việc nhà" is for women only."""
    man = f.good_member(personas.group, "F2", gender="male")
    verdict = check(subject=man, title_code="bk_gvn_dvn", year=2025)
    assert verdict.eligible is False
    assert verdict.conditions[0].label == "Chỉ xét cho nữ"


def test_luat_06_2022_dieu_26_co_thi_dua_needs_cluster_leadership(personas):
    """Luật 06/2022 Điều 26: Cờ thi đua cấp tỉnh goes to a cluster/block leader (then the province's criteria are
    for the council to confirm)."""
    assert check(subject=personas.grassroots, title_code="co_province", year=2025).eligible is False
    f.cluster_leader(personas.grassroots, 2025, organizer=personas.upper)
    assert check(subject=personas.grassroots, title_code="co_province", year=2025).eligible is None


# --- Council votes (NĐ 152/2025/NĐ-CP; before 01/7/2025 NĐ 98/2023/NĐ-CP): share of ALL council members -------------


def _vote_on(p, code: str, *, members: int, yes: int, absent: int = 0, no: int = 0, written_yes: bool = False):
    """A received proposal for ``code`` put to a session of ``members`` seats, the last ``absent`` of them away (they
    send a written yes when ``written_yes``); returns the closed session item."""
    from thidua.awards import services
    from thidua.awards.choices import Attendance, BallotChoice
    from thidua.awards.tests import factories_proposals as fp

    proposal = fp.make_received(p, items=[("member_record", code)])
    session = fp.put_to_vote(p, list(proposal.items.all()), members=members, absent=absent)
    fp.vote(session, yes=yes, no=no)
    if written_yes:
        ballot = dict.fromkeys(session.items.values_list("pk", flat=True), BallotChoice.YES)
        for seat in session.seats.filter(attendance=Attendance.ABSENT):
            services.written_ballot_enter(session=session, seat=seat, choices=ballot, by=p.officer)
    services.session_close(session=session, by=p.officer)
    return session.items.get()


def _threshold(p, code: str):
    from thidua.awards import services
    from thidua.awards.tests import factories_proposals as fp

    return services.vote_rule(title_code=code, on=fp.HELD_ON, unit=p.upper)


def test_nd_152_2025_cstdcs_needs_80_percent_of_all_council_members(personas):
    rule = _threshold(personas, "cstdcs")
    assert rule.threshold * 100 == 80
    assert rule.base == "all_members"
    assert "152/2025" in rule.citation
    assert rule.required_yes(10) == 8
    assert rule.required_yes(11) == 9


def test_nd_152_2025_cstdcs_exactly_80_percent_passes(personas):
    item = _vote_on(personas, "cstdcs", members=10, yes=8, no=2)
    assert (item.yes, item.no, item.members_total, item.passed) == (8, 2, 10, True)


def test_nd_152_2025_cstdcs_one_vote_short_of_80_percent_fails(personas):
    item = _vote_on(personas, "cstdcs", members=10, yes=7, no=3)
    assert (item.yes, item.passed) == (7, False)


def test_nd_152_2025_absent_members_count_in_the_base(personas):
    """Eight yes out of eleven members is 72.7%: the three who did not vote still count."""
    item = _vote_on(personas, "cstdcs", members=11, yes=8)
    assert (item.members_total, item.passed) == (11, False)


def test_nd_152_2025_absent_members_vote_in_writing(personas):
    """Two absent members send written ballots: with six present yes votes that makes eight of ten."""
    item = _vote_on(personas, "cstdcs", members=10, absent=2, yes=6, written_yes=True)
    assert (item.yes, item.passed) == (8, True)
    assert item.ballots.filter(in_writing=True).count() == 2


def test_nd_152_2025_cstd_province_exactly_90_percent_passes_and_80_fails(personas):
    rule = _threshold(personas, "cstd_province")
    assert rule.threshold * 100 == 90
    assert _vote_on(personas, "cstd_province", members=10, yes=9).passed is True


def test_nd_152_2025_cstd_province_80_percent_is_not_enough(personas):
    assert _vote_on(personas, "cstd_province", members=10, yes=8).passed is False


def test_luat_06_2022_dieu_24_ldtt_needs_no_council_vote(personas):
    assert _threshold(personas, "ldtt") is None
