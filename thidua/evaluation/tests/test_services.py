"""The evaluation chain: rounds, self-assessment → review → decision, scoring from the evidence, classification with
the rule pack's rules, the HTXS quota, unit results, publication and objections, concurrency and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.evaluation import engine, services
from thidua.evaluation.choices import Level, ObjectionStatus, QuotaChoice, RoundStatus, StepKind, SubmissionStatus
from thidua.evaluation.models import CriterionScore, Step, Submission
from thidua.evaluation.rules import load_rules
from thidua.evaluation.tests import factories as f
from thidua.evidence import services as evidence
from thidua.members.services import member_leave
from thidua.movements import services as movement_services
from thidua.organizations.services import unit_create
from thidua.rules.models import RuleEntry
from thidua.rules.selectors import pack_in_force
from thidua.rules.services import pack_clone


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- rounds -------------------------------------------------------------------------------------------------------


def test_a_round_reads_its_rules_from_the_pack_in_force(personas):
    r = f.make_round(personas)
    assert (r.period_start, r.period_end, r.year) == (f.d(1, 1), f.d(12, 31), 2025)
    assert r.rule_pack.code == "vn-luat-06-2022"
    assert r.rules_on == f.d(12, 31)
    assert not r.rules_note
    assert r.objection_days == 5  # evaluation.objection_days of the pack
    assert r.name == "Bình xét năm 2025"
    assert r.status == RoundStatus.DRAFT


def test_a_2023_round_uses_the_pack_of_the_old_law(personas):
    r = f.make_round(personas, year=2023)
    assert (r.rule_pack.code, r.rules_on, r.rules_note) == ("vn-luat-2003", datetime.date(2023, 12, 31), "")


def test_a_round_before_the_first_pack_says_which_values_it_uses(personas):
    r = f.make_round(personas, year=2017)
    assert (r.rule_pack.code, r.rules_on) == ("vn-luat-2003", datetime.date(2018, 1, 1))
    assert "Không có bộ quy tắc hiệu lực ngày 31/12/2017" in r.rules_note


def test_a_phase_round_covers_the_phase(personas):
    movement = f.make_movement(personas)
    phase = movement.phases.order_by("starts_on").first()
    r = f.make_round(personas, movement, phase=phase)
    assert (r.period_start, r.period_end) == (f.d(1, 1), f.d(5, 31))
    assert r.name == "Bình xét đợt 1 năm 2025"


@pytest.mark.parametrize(("change", "field", "text"), [
    ({"unit": "group"}, "unit", "công đoàn cơ sở"),
    ({"unit": "other_grassroots"}, "unit", "không thuộc phạm vi"),
    ({"review_due": -15}, "review_due", "không thể trước hạn tự đánh giá"),
    ({"decision_due": -25}, "decision_due", "không thể trước hạn tổ nhận xét"),
])  # fmt: skip
def test_a_round_refuses_wrong_settings_on_their_field(personas, change, field, text):
    p = personas
    movement = f.make_movement(p)
    values = {"self_assessment_due": f.soon(10), "review_due": f.soon(20), "decision_due": f.soon(30)}
    if "unit" in change:
        values["unit"] = getattr(p, change["unit"])
    else:
        key = next(iter(change))
        values[key] = f.soon(change[key] + 20)
    with pytest.raises(ValidationError) as error:
        services.round_create(criteria_version=movement_services.current_version(movement), year=2025,
                              **{"unit": p.grassroots, **values})  # fmt: skip
    assert text in " ".join(error.value.message_dict[field])


def test_a_round_needs_a_launched_movement_with_individual_criteria(personas):
    p = personas
    draft = movement_services.movement_create(unit=p.grassroots, title="Phong trào nháp", starts_on=f.d(1, 1),
                                              ends_on=f.d(12, 31))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.round_create(unit=p.grassroots, criteria_version=movement_services.current_version(draft), year=2025,
                              self_assessment_due=f.soon(), review_due=f.soon(), decision_due=f.soon())  # fmt: skip
    assert "chưa phát động" in messages(error.value)
    assert "chưa có tiêu chí" in messages(error.value)


def test_a_unit_has_one_round_per_year_of_a_movement(personas):
    r = f.make_round(personas)
    with pytest.raises(ValidationError, match="đã có đợt bình xét"):
        f.make_round(personas, r.movement)


def test_opening_gives_every_active_member_a_submission_with_the_computed_criteria(personas):
    p = personas
    newcomer = f.members(p, 1, prefix="NEW")[0]
    newcomer.union_joined_on = f.d(9, 15)
    newcomer.save()
    gone = f.members(p, 1, prefix="OLD")[0]
    member_leave(member=gone, left_on=f.d(2, 1))
    r = f.open_round(p)
    subs = {s.member_id: s for s in r.submissions.all()}
    assert set(subs) == {p.member_record.pk, p.colleague.pk, newcomer.pk}
    assert subs[newcomer.pk].worked_months == 4
    assert subs[p.member_record.pk].worked_months == 12
    assert subs[p.member_record.pk].unit_id == p.group.pk
    assert CriterionScore.objects.filter(round=r).count() == 3 * 4
    assert set(CriterionScore.objects.filter(round=r, computed=True).values_list("criterion__code", flat=True)) == {
        "2",
        "3",
    }


def test_steps_out_of_order_are_refused(personas):
    p = personas
    r = f.make_round(p)
    with pytest.raises(ValidationError, match="cần ở bước «Tổ công đoàn đang nhận xét»"):
        services.round_start_decision(evaluation_round=r)
    r = services.round_open(evaluation_round=r)
    with pytest.raises(ValidationError, match="cần ở bước «Dự thảo»"):
        services.round_open(evaluation_round=r)
    with pytest.raises(ValidationError, match="chưa nộp bản tự đánh giá"):
        f.review(f.submission(r, p.member_record), manual=40)
    with pytest.raises(ValidationError, match="cần ở bước «Đã chốt kết quả»"):
        services.round_publish(evaluation_round=r)


# --- scoring from the evidence ---------------------------------------------------------------------------------------


def scores(evaluation_round, member) -> dict[str, CriterionScore]:
    s = f.submission(evaluation_round, member)
    return {row.criterion.code: row for row in s.scores.select_related("criterion")}


def test_computed_criteria_come_from_the_evidence_of_the_period(personas):
    p = personas
    studies = [evidence.activity_create(unit=p.grassroots, kind="resolution_study", title=f"Học nghị quyết {i}",
                                        held_on=f.d(i + 2, 10)) for i in range(4)]  # fmt: skip
    for i, activity in enumerate(studies):
        evidence.attendance_mark(activity=activity, present=[p.member_record.pk] + ([p.colleague.pk] if i < 1 else []),
                                 absent=[] if i < 1 else [p.colleague.pk])  # fmt: skip
    old = evidence.activity_create(
        unit=p.grassroots, kind="resolution_study", title="Năm trước", held_on=f.d(5, 5, 2024)
    )
    evidence.attendance_mark(activity=old, present=[], absent=[p.member_record.pk])
    sports = evidence.activity_create(unit=p.grassroots, kind="sports_arts", title="Hội thao", held_on=f.d(6, 6))
    evidence.attendance_mark(activity=sports, present=[], absent=[p.member_record.pk])
    for day in (3, 4):
        evidence.conduct_record_create(member=p.colleague, rule="staff_card", polarity="violation",
                                       occurred_on=f.d(7, day))  # fmt: skip
    evidence.conduct_record_create(member=p.colleague, rule="cleaning_duty", polarity="positive", occurred_on=f.d(7, 5))
    evidence.conduct_record_create(member=p.member_record, rule="smoking", polarity="violation",
                                   occurred_on=f.d(12, 31, 2024))  # fmt: skip
    r = f.open_round(p)
    mine, hers = scores(r, p.member_record), scores(r, p.colleague)
    assert (mine["2"].measured_num, mine["2"].measured_den, mine["2"].measured) == (4, 4, 100.0)
    assert mine["2"].computed_score == Decimal("20.00")
    assert (hers["2"].measured, hers["2"].computed_score) == (25.0, Decimal("5.00"))  # 1 of 4 sessions: 25% of 20
    assert (mine["3"].measured, mine["3"].computed_score) == (0.0, Decimal("10.00"))  # last year's smoking: not counted
    assert (hers["3"].measured, hers["3"].computed_score) == (2.0, Decimal("0.00"))  # 10 − 2 × 5


def test_a_member_invited_to_nothing_gets_no_points_for_a_share(personas):
    r = f.open_round(personas)
    row = scores(r, personas.member_record)["2"]
    assert (row.measured_den, row.measured, row.computed_score) == (0, None, Decimal("0.00"))


def test_criteria_of_a_collective_content_group_are_not_scored_for_members(personas):
    p = personas
    movement = f.make_movement(p, criteria=[f.MANUAL])
    collective = movement.content_groups.first()
    collective.subject = "collective"
    collective.save()
    item = collective.items.first()
    movement_services.criterion_add(movement=movement, by=p.chair, reason="Thêm tiêu chí tập thể", item=item,
                                    name="Tổ chức hoạt động", max_points=40, method="manual")  # fmt: skip
    r = f.open_round(p, movement=movement)
    assert [c.name for c in engine.individual_criteria(r.criteria_version_id)] == [f.MANUAL["name"]]


# --- self-assessment, review, concurrency -------------------------------------------------------------------------


@pytest.mark.parametrize(("manual", "sports", "text"), [
    (-1, 10, "phải từ 0 đến 60"),
    (60.5, 10, "phải từ 0 đến 60"),
    ("năm mươi", 10, "không phải là số điểm"),
    (50, 5, "đạt (10 điểm) hoặc không đạt (0 điểm)"),
    ("12.345", 10, "tối đa 2 chữ số thập phân"),
])  # fmt: skip
def test_scores_out_of_range_are_refused_and_nothing_is_saved(personas, manual, sports, text):
    r = f.open_round(personas)
    s = f.submission(r, personas.member_record)
    with pytest.raises(ValidationError) as error:
        f.self_assess(s, manual, sports)
    assert text in messages(error.value)
    assert not CriterionScore.objects.filter(submission=s, self_score__isnull=False).exists()
    s.refresh_from_db()
    assert s.status == SubmissionStatus.DRAFT
    assert s.version == 1


def test_a_computed_criterion_cannot_be_typed_in(personas):
    r = f.open_round(personas)
    s = f.submission(r, personas.member_record)
    ids = f.criterion_ids(r)
    with pytest.raises(ValidationError, match="tính tự động từ minh chứng"):
        services.submission_self_assess(submission=s, version=s.version, scores={ids["2"]: 20})


def test_submitting_needs_every_manual_criterion(personas):
    r = f.open_round(personas)
    s = f.submission(r, personas.member_record)
    with pytest.raises(ValidationError, match="Chưa tự chấm các tiêu chí: Tham gia văn nghệ, thể thao"):
        f.self_assess(s, 50, None)
    s = f.self_assess(s, 50, 10, submit=False)
    assert s.status == SubmissionStatus.DRAFT
    assert s.self_total == Decimal("70.00")


def test_self_assessment_closes_at_its_deadline(personas):
    r = f.open_round(personas)
    s = f.submission(r, personas.member_record)
    with pytest.raises(ValidationError, match="Đã hết hạn tự đánh giá"):
        services.submission_self_assess(submission=s, version=s.version, on=r.self_assessment_due
                                        + datetime.timedelta(days=1))  # fmt: skip


def test_the_second_of_two_saves_of_the_same_version_is_refused_and_nothing_is_overwritten(personas):
    p = personas
    r = f.open_round(p)
    s = f.self_assess(f.submission(r, p.member_record), 50)
    ids = f.criterion_ids(r)
    loaded = s.version
    services.submission_review(submission=s, version=loaded, scores={ids["1"]: 55}, by=p.group_leader)
    with pytest.raises(services.EditConflict) as conflict:
        services.submission_review(submission=s, version=loaded, scores={ids["1"]: 40}, by=p.chair)
    assert "vừa được Group_Leader lưu lúc" in conflict.value.message
    assert conflict.value.current_version == loaded + 1
    assert CriterionScore.objects.get(submission=s, criterion_id=ids["1"]).review_score == Decimal(55)


def test_the_group_returns_a_submission_with_a_reason_and_the_member_corrects_it(personas):
    p = personas
    r = f.open_round(p)
    s = f.self_assess(f.submission(r, p.member_record), 59)
    with pytest.raises(ValidationError, match="Ghi lý do trả lại"):
        services.submission_return(submission=s, version=s.version, reason=" ")
    s = services.submission_return(submission=s, version=s.version, reason="Bổ sung minh chứng", by=p.group_leader)
    assert s.status == SubmissionStatus.RETURNED
    step = Step.objects.get(submission=s, kind=StepKind.RETURN)
    assert (step.from_status, step.to_status, step.reason, step.actor) == (
        "submitted",
        "returned",
        "Bổ sung minh chứng",
        p.group_leader,
    )
    services.round_start_review(evaluation_round=r)
    s = f.self_assess(s, 50)  # a returned submission can still be corrected after the self-assessment closed
    assert s.status == SubmissionStatus.SUBMITTED
    assert s.self_total == Decimal("70.00")


def test_the_group_scores_for_a_member_who_did_not_submit_only_with_a_reason(personas):
    p = personas
    r = f.open_round(p)
    services.round_start_review(evaluation_round=r)
    s = f.submission(r, p.colleague)
    with pytest.raises(ValidationError) as error:
        f.review(s, manual=45, sports=0)
    assert "ghi lý do tổ chấm thay" in messages(error.value)
    s = f.review(s, manual=45, sports=0, note="Nghỉ ốm, tổ chấm thay", by=p.group_leader)
    assert s.status == SubmissionStatus.REVIEWED
    assert s.total == Decimal("55.00")


def test_completing_a_review_keeps_the_members_points_where_the_group_agrees(personas):
    r = f.open_round(personas)
    s = f.review(f.self_assess(f.submission(r, personas.member_record), 50), manual=45)
    rows = scores(r, personas.member_record)
    assert (rows["1"].review_score, rows["4"].review_score) == (Decimal(45), Decimal(10))
    assert (s.self_total, s.total) == (Decimal("70.00"), Decimal("65.00"))


def test_the_decision_waits_for_every_review_and_names_who_is_missing(personas):
    p = personas
    r = f.open_round(p)
    f.review(f.self_assess(f.submission(r, p.member_record)))
    services.round_start_review(evaluation_round=r)
    with pytest.raises(ValidationError, match="Còn 1 bản đánh giá chưa được tổ nhận xét: Trần Thị Hoa Lý"):
        services.round_start_decision(evaluation_round=r)


# --- classification --------------------------------------------------------------------------------------------------


def attend_all(p, who):
    activity = evidence.activity_create(unit=p.grassroots, kind="resolution_study", title="Học nghị quyết",
                                        held_on=f.d(3, 3))  # fmt: skip
    evidence.attendance_mark(activity=activity, present=[m.pk for m in who])


@pytest.mark.parametrize(("manual", "level"), [(60, "HTXS"), (50, "HTXS"), (49.99, "HTT"), (30, "HTT"),
                                               (29.99, "HT"), (10, "HT"), (9.99, "KHT")])  # fmt: skip
def test_the_pack_scale_gives_the_level_at_its_thresholds(personas, manual, level):
    p = personas
    attend_all(p, [p.member_record])
    r = f.to_decision(p, f.open_round(p), {p.member_record.pk: manual})  # + study 20 + conduct 10 + sports 10
    s = f.submission(r, p.member_record)
    assert s.score_level == level


def test_discipline_in_the_period_forces_kht_whatever_the_points(personas):
    p = personas
    attend_all(p, [p.member_record, p.colleague])
    evidence.discipline_create(member=p.member_record, level="khien_trach", starts_on=f.d(8, 1),
                               decision_number="12/QĐ-CĐ")  # fmt: skip
    evidence.discipline_create(member=p.colleague, level="canh_cao", starts_on=f.d(11, 20, 2024),
                               ends_on=f.d(11, 20, 2025))  # fmt: skip
    r = f.to_decision(p, f.open_round(p), {p.member_record.pk: 60, p.colleague.pk: 45})
    mine, hers = f.submission(r, p.member_record), f.submission(r, p.colleague)
    assert (mine.total, mine.score_level, mine.level, mine.disciplined) == (Decimal("100.00"), "HTXS", "KHT", True)
    assert (
        "Bị kỷ luật trong kỳ đánh giá: xếp loại KHT không phụ thuộc điểm (Nghị định 335/2025/NĐ-CP" in mine.level_note
    )
    assert (hers.level, hers.disciplined) == ("HTT", False)  # decided the year before


def test_fewer_months_than_the_pack_requires_is_not_rated(personas):
    p = personas
    r = f.open_round(p)
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    services.submission_self_assess(submission=s, version=s.version, scores={ids["1"]: 60, ids["4"]: 10},
                                    worked_months=5, submit=True)  # fmt: skip
    s = f.review(s)
    assert (s.level, s.level_note) == (Level.NOT_RATED, "Công tác 5 tháng trong năm, dưới 6 tháng: không xếp loại "
                                       "(Nghị định 335/2025/NĐ-CP (chưa đủ 6 tháng công tác trong năm thì không xếp "
                                       "loại)).")  # fmt: skip
    with pytest.raises(ValidationError, match="từ 0 đến 12"):
        services.submission_review(submission=s, version=s.version, worked_months=13)


def test_the_thresholds_follow_an_edited_pack(personas):
    p = personas
    clone = pack_clone(pack=pack_in_force(on=f.d(12, 31)), owner=p.grassroots, code="cdstttt", name="Bộ của CĐ Sở")
    entry = RuleEntry.objects.get(pack=clone, key="scale.union_member")
    value = dict(entry.value)
    value["levels"] = [{"code": "HTXS", "min_points": 95}, {"code": "HTT", "min_points": 80},
                       {"code": "HT", "min_points": 60}, {"code": "KHT", "min_points": 0}]  # fmt: skip
    RuleEntry.objects.filter(pk=entry.pk).update(value=value)
    attend_all(p, [p.member_record])
    r = f.to_decision(p, f.open_round(p), {p.member_record.pk: 54})  # 94 points
    assert r.rule_pack == clone
    assert f.submission(r, p.member_record).score_level == "HTT"


# --- the quota -------------------------------------------------------------------------------------------------------


def rules_with(p, rounding: str, ratio: float = 0.2):
    clone = pack_clone(pack=pack_in_force(on=f.d(12, 31)), owner=p.grassroots, code=f"q-{rounding}",
                       name=f"Bộ {rounding}")  # fmt: skip
    RuleEntry.objects.filter(pack=clone, key="evaluation.quota_rounding").update(value=rounding)
    RuleEntry.objects.filter(pack=clone, key="evaluation.htxs_quota_ratio").update(value=ratio)
    return load_rules(clone, f.d(12, 31))


@pytest.mark.parametrize(("rounding", "base", "allowed"), [
    ("floor", 10, 2), ("floor", 9, 1), ("floor", 5, 1), ("floor", 4, 0), ("floor", 0, 0),
    ("round", 7, 1), ("round", 8, 2), ("round", 12, 2), ("round", 13, 3), ("round", 2, 0),
    ("ceil", 7, 2), ("ceil", 10, 2), ("ceil", 11, 3), ("ceil", 1, 1), ("ceil", 0, 0),
])  # fmt: skip
def test_the_quota_rounds_as_the_pack_says_at_the_boundaries(personas, rounding, base, allowed):
    assert rules_with(personas, rounding).quota_allowed(base) == allowed


def test_round_half_rounds_up_in_decimal(personas):
    rules = rules_with(personas, "round", 0.25)
    assert [rules.quota_allowed(n) for n in (2, 6, 10)] == [1, 2, 3]  # 0.5, 1.5, 2.5 all round up


def test_an_unknown_rounding_is_refused_with_the_key(personas):
    with pytest.raises(ValidationError, match=r"evaluation\.quota_rounding"):
        rules_with(personas, "bankers")


def quota_round(p, points: dict, genders: dict | None = None):
    """Members of the group with the given manual points (+ 40 from the other criteria)."""
    people = {}
    for code in points:
        gender = (genders or {}).get(code, "male")
        people[code] = f.MemberFactory(unit=p.group, code=code, gender=gender)
    member_leave(member=p.member_record, left_on=f.d(1, 2))
    member_leave(member=p.colleague, left_on=f.d(1, 2))
    attend_all(p, people.values())
    r = f.to_decision(p, f.open_round(p), {m.pk: points[c] for c, m in people.items()})
    return r, {c: f.submission(r, m) for c, m in people.items()}


def test_the_quota_keeps_the_best_and_explains_each_move(personas):
    # 10 rated HTT or better → at most 2 HTXS (20%, floor); 4 reach HTXS by points.
    points = {"A1": 60, "A2": 58, "A3": 55, "A4": 52, **{f"B{i}": 40 for i in range(6)}}
    r, subs = quota_round(personas, points)
    assert [c for c, s in subs.items() if s.level == "HTXS"] == ["A1", "A2"]
    a3, a4 = subs["A3"], subs["A4"]
    assert (a3.score_level, a3.level, a3.quota_applied) == ("HTXS", "HTT", True)
    assert a3.level_note.startswith(
        "Vượt chỉ tiêu HTXS của Công đoàn Sở Thông tin và Truyền thông: tối đa 2 người = "
        "20% × 10 người đạt HTT trở lên (làm tròn xuống; Nghị định 335/2025/NĐ-CP"
    )
    assert "Đạt 95 điểm, xếp thứ 3/4 trong số người đủ điểm HTXS." in a3.level_note
    assert "xếp thứ 4/4" in a4.level_note
    status = engine.quota_counts([r.pk])[r.pk]
    assert status == (10, 2)


def test_on_equal_points_the_pack_prefers_a_woman_and_says_so(personas):
    points = {"C1": 60, "C2": 55, "C3": 55, **{f"D{i}": 40 for i in range(7)}}
    _round, subs = quota_round(personas, points, genders={"C3": "female"})
    assert (subs["C3"].level, subs["C2"].level) == ("HTXS", "HTT")
    assert "Bằng điểm với" in subs["C2"].level_note
    assert "ưu tiên nữ theo Nghị định 152/2025/NĐ-CP, Điều 4" in subs["C2"].level_note


def test_on_equal_points_and_preference_the_member_code_decides(personas):
    points = {"E1": 60, "E2": 55, "E3": 55, **{f"F{i}": 40 for i in range(7)}}
    _round, subs = quota_round(personas, points)
    assert (subs["E2"].level, subs["E3"].level) == ("HTXS", "HTT")
    assert "cùng thứ tự ưu tiên" in subs["E3"].level_note
    assert "xếp theo mã đoàn viên" in subs["E3"].level_note


def test_the_committee_keeps_or_lowers_candidates_and_the_quota_still_holds(personas):
    p = personas
    points = {"G1": 60, "G2": 58, "G3": 55, **{f"H{i}": 40 for i in range(7)}}
    r, subs = quota_round(p, points)
    g3 = subs["G3"]
    with pytest.raises(ValidationError, match="Ghi lý do xếp HTT"):
        services.submission_decide(submission=g3, version=g3.version, quota_choice=QuotaChoice.LOWER)
    g3 = services.submission_decide(submission=g3, version=g3.version, quota_choice=QuotaChoice.KEEP, by=p.chair)
    g1 = f.submission(r, subs["G1"].member)
    services.submission_decide(submission=g1, version=g1.version, quota_choice=QuotaChoice.LOWER,
                               quota_reason="Đã được đề nghị khen thưởng khác", by=p.chair)  # fmt: skip
    levels = {c: f.submission(r, s.member) for c, s in subs.items()}
    assert (levels["G1"].level, levels["G2"].level, levels["G3"].level) == ("HTT", "HTXS", "HTXS")
    assert levels["G1"].level_note == "Ban Chấp hành xếp HTT để giữ chỉ tiêu HTXS: Đã được đề nghị khen thưởng khác"


def test_an_outstanding_unit_uses_the_outstanding_ratio(personas):
    p = personas
    r = f.make_round(p, outstanding_unit=True)
    assert load_rules(r.rule_pack, r.rules_on, outstanding=True).quota_ratio == Decimal("0.25")


# --- decision, finalising, publication, objections --------------------------------------------------------------


def test_the_committee_changes_points_only_with_a_reason(personas):
    p = personas
    attend_all(p, [p.member_record, p.colleague])
    r = f.to_decision(p, f.open_round(p))
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    with pytest.raises(ValidationError) as error:
        services.submission_decide(submission=s, version=s.version, scores={ids["1"]: 30})
    assert "Ghi lý do đổi điểm" in messages(error.value)
    s = services.submission_decide(submission=s, version=s.version, scores={ids["1"]: 30},
                                   reasons={ids["1"]: "Chậm tiến độ quý IV"}, by=p.chair)  # fmt: skip
    assert (s.status, s.total, s.level) == (SubmissionStatus.DECIDED, Decimal("70.00"), "HTT")


def test_the_committee_sends_a_result_back_to_the_group(personas):
    p = personas
    r = f.to_decision(p, f.open_round(p))
    s = f.submission(r, p.colleague)
    s = services.submission_send_back(submission=s, version=s.version, reason="Tổ xem lại điểm", by=p.chair)
    assert s.status == SubmissionStatus.SUBMITTED
    services.round_decide_all(evaluation_round=r)
    with pytest.raises(ValidationError, match="Còn 1 bản đánh giá Ban Chấp hành chưa quyết định"):
        services.round_finalise(evaluation_round=r)
    s = f.review(s, manual=40, by=p.group_leader)  # the group reviews again while the committee decides
    assert s.status == SubmissionStatus.REVIEWED


def test_finalising_locks_every_result(personas):
    p = personas
    r = f.finalise(p, f.open_round(p))
    assert r.status == RoundStatus.FINALISED
    assert r.finalised_by == p.chair
    s = f.submission(r, p.member_record)
    ids = f.criterion_ids(r)
    with pytest.raises(ValidationError):
        services.submission_decide(submission=s, version=s.version, scores={ids["1"]: 1}, reasons={ids["1"]: "x"})
    with pytest.raises(ValidationError):
        services.submission_review(submission=s, version=s.version, scores={ids["1"]: 1})
    with pytest.raises(ValidationError, match="đã chốt"):
        services.round_update(evaluation_round=r, name="Đổi tên")
    result = r.unit_results.get(unit=p.grassroots)
    with pytest.raises(ValidationError, match="đã chốt"):
        services.unit_result_update(result=result, version=result.version, parts={"representation": 30})


def published(p, on=None):
    """A published round: Hiếu 60 points (HT), Lý 85 (HTT)."""
    attend_all(p, [p.member_record, p.colleague])
    r = f.finalise(p, f.open_round(p), {p.member_record.pk: 20, p.colleague.pk: 45})
    return services.round_publish(evaluation_round=r, by=p.chair, on=on or f.d(12, 10))


def test_publishing_opens_the_objection_window_of_the_round(personas):
    p = personas
    r = published(p)
    assert (r.status, r.published_on, r.objection_deadline) == (RoundStatus.PUBLISHED, f.d(12, 10), f.d(12, 15))
    s = f.submission(r, p.member_record)
    with pytest.raises(ValidationError, match="Đã hết hạn phản hồi \\(đến hết ngày 15/12/2025\\)"):
        services.objection_submit(submission=s, text="Tôi đề nghị xem lại", on=f.d(12, 16))
    with pytest.raises(ValidationError) as error:
        services.objection_submit(submission=s, text="  ", on=f.d(12, 15))
    assert error.value.message_dict == {"text": ["Ghi nội dung phản hồi."]}
    objection = services.objection_submit(submission=s, text="Tôi đã tham gia đủ", on=f.d(12, 15), by=p.member)
    assert objection.level_before == s.level
    with pytest.raises(ValidationError, match="đang chờ giải quyết"):
        services.objection_submit(submission=s, text="Lần nữa", on=f.d(12, 15))


def test_accepting_an_objection_reopens_only_that_result_and_logs_the_change(personas):
    p = personas
    r = published(p)
    mine, hers = f.submission(r, p.member_record), f.submission(r, p.colleague)
    assert mine.level == "HT"
    objection = services.objection_submit(submission=mine, text="Điểm chuyên môn chưa đúng", on=f.d(12, 11))
    with pytest.raises(ValidationError, match="Ghi nội dung trả lời"):
        services.objection_resolve(objection=objection, accept=True, resolution="")
    services.objection_resolve(objection=objection, accept=True, resolution="BCH xét lại điểm", by=p.chair)
    mine.refresh_from_db()
    assert mine.status == SubmissionStatus.REOPENED
    assert f.submission(r, p.colleague).status == SubmissionStatus.DECIDED
    ids = f.criterion_ids(r)
    mine = services.submission_decide(submission=mine, version=mine.version, scores={ids["1"]: 45},
                                      reasons={ids["1"]: "Bổ sung kết quả quý IV"}, by=p.chair)  # fmt: skip
    assert (mine.status, mine.total, mine.level) == (SubmissionStatus.DECIDED, Decimal("85.00"), "HTT")
    step = mine.steps.filter(kind=StepKind.DECIDE).last()
    assert step.reason.startswith("Xét lại theo phản hồi: Hoàn thành nhiệm vụ → Hoàn thành tốt nhiệm vụ.")
    objection.refresh_from_db()
    assert (objection.status, objection.level_after) == (ObjectionStatus.ACCEPTED, "HTT")
    hers_now = f.submission(r, p.colleague)
    assert (hers_now.version, hers_now.level, hers_now.total) == (hers.version, hers.level, hers.total)
    assert mine.history.count() > 1


def test_a_reopened_result_reaching_htxs_stays_within_the_quota(personas):
    p = personas
    r = published(p)  # with this member at HTT or above, 2 are: quota floor(0.4) = 0
    mine = f.submission(r, p.member_record)
    objection = services.objection_submit(submission=mine, text="Xem lại", on=f.d(12, 11))
    services.objection_resolve(objection=objection, accept=True, resolution="Xét lại")
    mine.refresh_from_db()
    ids = f.criterion_ids(r)
    mine = services.submission_decide(submission=mine, version=mine.version, scores={ids["1"]: 60},
                                      reasons={ids["1"]: "Đủ minh chứng"})  # fmt: skip
    assert (mine.score_level, mine.level, mine.quota_applied) == ("HTXS", "HTT", True)
    assert "đã đủ 0 người HTXS" in mine.level_note


def test_rejecting_an_objection_changes_nothing(personas):
    p = personas
    r = published(p)
    mine = f.submission(r, p.member_record)
    objection = services.objection_submit(submission=mine, text="Xem lại", on=f.d(12, 11))
    objection = services.objection_resolve(objection=objection, accept=False, resolution="Đúng quy định")
    assert (objection.status, objection.level_after) == (ObjectionStatus.REJECTED, mine.level)
    assert Submission.objects.get(pk=mine.pk).status == SubmissionStatus.DECIDED


# --- units -----------------------------------------------------------------------------------------------------------


def test_groups_are_scored_from_their_members_and_ranked_deterministically(personas):
    p = personas
    third = unit_create(name="Tổ Báo chí", kind="group", parent=p.grassroots)
    f.MemberFactory(unit=p.other_group, code="OG1")
    f.MemberFactory(unit=third, code="TG1")
    r = f.open_round(p)
    r = f.to_decision(p, r, {p.member_record.pk: 50, p.colleague.pk: 30})  # 90 and 70 (no study): group 80
    results = {u.unit.name: u for u in r.unit_results.select_related("unit")}
    group = results[p.group.name]
    assert (group.members_count, group.rated_count, group.htxs_count) == (2, 2, 0)
    assert (group.proposed_score, group.total, group.level) == (Decimal("60.00"), Decimal("60.00"), "HT")
    # The two one-member groups tie at 70 (50 manual + conduct 10 + sports 10): ranked by name.
    assert [
        (u.unit.name, u.rank_in_parent)
        for u in sorted(results.values(), key=lambda u: u.rank_in_parent or 0)
        if u.rank_in_parent
    ] == [("Tổ Báo chí", 1), ("Tổ Văn phòng", 2), (p.group.name, 3)]
    assert results[p.grassroots.name].rank_in_parent is None
    assert results[p.grassroots.name].total is None


def test_the_grassroots_union_is_scored_on_the_packs_parts_and_bonus(personas):
    p = personas
    r = f.to_decision(p, f.open_round(p))
    result = r.unit_results.get(unit=p.grassroots)
    with pytest.raises(ValidationError) as error:
        services.unit_result_update(result=result, version=result.version,
                                    parts={"representation": 41, "building": "x", "other": 1}, bonus=6)  # fmt: skip
    assert set(error.value.message_dict) == {"part_representation", "part_building", "parts", "bonus"}
    result = services.unit_result_update(result=result, version=result.version, parts={"representation": 38,
                                         "building": 36, "communication": 14}, bonus=4, by=p.officer)  # fmt: skip
    assert (result.total, result.level, result.entered_by) == (Decimal("92.00"), "HTXS", p.officer)
    result = services.unit_result_update(result=result, version=result.version, parts={"communication": 7}, bonus=5)
    assert (result.total, result.level) == (Decimal("86.00"), "HT")
    assert "communication" in result.level_note
    assert "dưới 50%" in result.level_note
    with pytest.raises(services.EditConflict):
        services.unit_result_update(result=result, version=result.version - 1, bonus=1)


# --- downstream --------------------------------------------------------------------------------------------------


def test_classifications_are_readable_by_year_in_one_query(personas, django_assert_num_queries):
    from thidua.evaluation.selectors import member_classifications, unit_classifications

    p = personas
    r = f.finalise(p, f.open_round(p), {p.member_record.pk: 40, p.colleague.pk: 5})  # 60 and 25 points
    with django_assert_num_queries(1):
        found = member_classifications([p.member_record.pk, p.colleague.pk, p.stranger.pk], [2024, 2025])
    assert found == {(p.member_record.pk, 2025): "HT", (p.colleague.pk, 2025): "KHT"}
    with django_assert_num_queries(1):
        units = unit_classifications([p.group.pk, p.grassroots.pk], [2025])
    assert units == {(p.group.pk, 2025): r.unit_results.get(unit=p.group).level}
