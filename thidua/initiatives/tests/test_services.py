import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.initiatives import services
from thidua.initiatives.choices import DecisionOutcome, InitiativeStatus, RecognitionScope
from thidua.initiatives.data import MIN_SCORE_SHARE_KEY
from thidua.initiatives.tests.factories import (
    FULL_MARKS,
    make_council,
    make_initiative,
    make_recognised,
    make_submitted,
)
from thidua.members.tests.factories import MemberFactory
from thidua.rules.selectors import pack_in_force, param

pytestmark = pytest.mark.django_db
D = datetime.date


# -- drafting ----------------------------------------------------------------------------------------------------------


def test_a_draft_is_reviewed_by_the_grassroots_union_above_the_group(personas):
    initiative = make_initiative(personas, by=personas.member)
    assert initiative.status == InitiativeStatus.DRAFT
    assert (initiative.unit, initiative.review_unit) == (personas.group, personas.grassroots)
    assert [(a.member, a.share) for a in initiative.authors.all()] == [(personas.member_record, Decimal(100))]
    assert initiative.search_text == "cai tien quy trinh tiep nhan ho so mot cua"


def test_shares_of_a_group_of_authors_must_sum_to_100(personas):
    p = personas
    with pytest.raises(ValidationError) as error:
        make_initiative(p, authors=[(p.member_record, 60), (p.colleague, 30)])
    assert error.value.message_dict["authors"] == ["Tổng tỷ lệ đóng góp của các tác giả phải bằng 100% (đang là 90%)."]
    initiative = make_initiative(p, authors=[(p.member_record, "33.33"), (p.colleague, "66.67")])
    assert sorted(a.share for a in initiative.authors.all()) == [Decimal("33.33"), Decimal("66.67")]


def test_every_author_problem_is_reported(personas):
    p = personas
    with pytest.raises(ValidationError) as error:
        make_initiative(p, authors=[(p.member_record, 0), (p.member_record, 50), (p.stranger, 50)])
    messages = error.value.message_dict["authors"]
    assert any("hai lần" in m for m in messages)
    assert any("lớn hơn 0" in m for m in messages)
    assert any("Lê Văn An" in m and "không thuộc" in m for m in messages)


def test_a_member_registers_only_initiatives_they_wrote(personas):
    p = personas
    with pytest.raises(ValidationError, match="mình là một tác giả"):
        make_initiative(p, authors=[(p.colleague, 100)], by=p.member)
    # The chair registers on behalf of members.
    assert make_initiative(p, authors=[(p.colleague, 100)], by=p.chair).created_by == p.chair


def test_a_draft_needs_a_title_and_sane_numbers(personas):
    with pytest.raises(ValidationError) as error:
        make_initiative(personas, title=" ", expected_money=Decimal(-5), field="không-có")
    assert {"title", "expected_money", "field"} <= set(error.value.message_dict)


def test_submission_needs_the_problem_and_the_solution(personas):
    initiative = make_initiative(personas, problem="", solution="")
    with pytest.raises(ValidationError) as error:
        services.initiative_submit(initiative=initiative)
    assert set(error.value.message_dict) == {"problem", "solution"}
    services.initiative_update(initiative=initiative, problem="Vấn đề", solution="Giải pháp")
    initiative = services.initiative_submit(initiative=initiative, on=D(2023, 5, 2))
    assert (initiative.status, initiative.submitted_on) == (InitiativeStatus.SUBMITTED, D(2023, 5, 2))
    with pytest.raises(ValidationError, match="Chỉ sửa được"):
        services.initiative_update(initiative=initiative, title="Đổi tên sau khi nộp")


# -- review ------------------------------------------------------------------------------------------------------------


def test_returned_with_reasons_then_edited_and_resubmitted(personas):
    initiative = make_submitted(personas)
    with pytest.raises(ValidationError) as error:
        services.initiative_return(initiative=initiative, reason="  ")
    assert "reason" in error.value.message_dict
    initiative = services.initiative_return(initiative=initiative, reason="Bổ sung số liệu đo được.")
    assert (initiative.status, initiative.return_reason) == (InitiativeStatus.RETURNED, "Bổ sung số liệu đo được.")
    services.initiative_update(initiative=initiative, measured_money=Decimal(9_500_000))
    initiative = services.initiative_submit(initiative=initiative, on=D(2023, 7, 1))
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert initiative.submitted_on == D(2023, 4, 10), "the first submission date is kept"
    assert list(initiative.decisions.values_list("outcome", flat=True)) == [DecisionOutcome.RETURNED]


def test_a_council_scores_by_criteria_within_their_maximum(personas):
    p = personas
    initiative = make_submitted(p)
    council = make_council(p)
    with pytest.raises(ValidationError, match="chưa được đưa ra hội đồng"):
        services.council_score_record(initiative=initiative, member=p.member_record, points=FULL_MARKS)
    initiative = services.initiative_start_review(initiative=initiative, council=council)
    assert initiative.status == InitiativeStatus.UNDER_REVIEW
    with pytest.raises(ValidationError) as error:
        services.council_score_record(initiative=initiative, member=p.member_record,
                                      points={"novelty": 31, "applicability": -1, "effectiveness": "x"})  # fmt: skip
    assert set(error.value.message_dict) == {"novelty", "applicability", "effectiveness", "presentation"}
    with pytest.raises(ValidationError) as error:
        services.council_score_record(initiative=initiative, member=p.stranger, points=FULL_MARKS)
    assert "member" in error.value.message_dict
    services.council_score_record(initiative=initiative, member=p.member_record, points=FULL_MARKS)
    services.council_score_record(initiative=initiative, member=p.member_record, points={**FULL_MARKS, "novelty": 10})
    assert services.council_result(initiative) == {"scored": 1, "members": 2, "average": Decimal(63),
                                                   "max_points": 100}  # fmt: skip


def test_a_council_in_another_unit_cannot_review(personas):
    initiative = make_submitted(personas)
    council = make_council(personas, unit=personas.other_grassroots, members=[personas.stranger])
    with pytest.raises(ValidationError) as error:
        services.initiative_start_review(initiative=initiative, council=council)
    assert "council" in error.value.message_dict


def test_recognition_needs_a_quorum_and_the_pass_mark(personas):
    p = personas
    third = MemberFactory(unit=p.group)
    initiative = make_submitted(p)
    council = make_council(p, members=[p.member_record, p.colleague, third])
    services.initiative_start_review(initiative=initiative, council=council)
    decision = {"scope": RecognitionScope.GRASSROOTS, "recognised_on": D(2023, 6, 1), "decision_number": "5/QĐ-CĐ"}
    services.council_score_record(initiative=initiative, member=p.member_record, points=FULL_MARKS)
    with pytest.raises(ValidationError, match="1/3 thành viên"):
        services.initiative_recognise(initiative=initiative, **decision)
    low = {"novelty": 10, "applicability": 10, "effectiveness": 10, "presentation": 5}
    services.council_score_record(initiative=initiative, member=p.colleague, points=low)
    services.council_score_record(initiative=initiative, member=third, points=low)
    with pytest.raises(ValidationError, match="thấp hơn mức công nhận 50"):
        services.initiative_recognise(initiative=initiative, **decision)  # (78 + 35 + 35) / 3 = 49.3
    services.council_score_record(initiative=initiative, member=third, points=FULL_MARKS)
    initiative = services.initiative_recognise(initiative=initiative, **decision)
    assert (initiative.status, initiative.recognised_scope, initiative.recognised_on, initiative.decision_number) == (
        InitiativeStatus.RECOGNISED, RecognitionScope.GRASSROOTS, D(2023, 6, 1), "5/QĐ-CĐ")  # fmt: skip


def test_the_pass_mark_comes_from_the_rule_pack_with_an_unverified_fallback(personas):
    value = services.rule_value(MIN_SCORE_SHARE_KEY, on=D(2024, 6, 1), unit=personas.grassroots)
    assert value == 0.5
    pack = pack_in_force(on=D(2024, 6, 1), unit=personas.grassroots)
    assert param(pack, MIN_SCORE_SHARE_KEY).unverified


def test_a_grassroots_union_recognises_only_at_grassroots_scope(personas):
    initiative = make_submitted(personas)
    with pytest.raises(ValidationError) as error:
        services.initiative_recognise(initiative=initiative, scope=RecognitionScope.NATIONAL,
                                      recognised_on=D(2023, 6, 1), decision_number="1/QĐ")  # fmt: skip
    assert "scope" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.initiative_recognise(initiative=initiative, scope=RecognitionScope.GRASSROOTS,
                                      recognised_on=D(2023, 1, 1), decision_number="")  # fmt: skip
    assert set(error.value.message_dict) == {"recognised_on", "decision_number"}


def test_rejection_is_final_at_the_first_level(personas):
    initiative = services.initiative_reject(initiative=make_submitted(personas), reason="Trùng với sáng kiến năm 2021.")
    assert initiative.status == InitiativeStatus.REJECTED
    with pytest.raises(ValidationError):
        services.initiative_recognise(initiative=initiative, scope=RecognitionScope.GRASSROOTS,
                                      recognised_on=D(2023, 6, 1), decision_number="1/QĐ")  # fmt: skip


def _province(p):
    from thidua.organizations.services import unit_create, unit_move

    province = unit_create(name="Liên đoàn Lao động tỉnh", kind="provincial")
    unit_move(unit=p.upper, new_parent=province)
    for obj in (p.upper, p.grassroots, p.group, p.member_record, p.colleague, province):
        obj.refresh_from_db()
    return province


def test_the_best_are_forwarded_upward_and_recognised_at_a_wider_scope(personas):
    p = personas
    province = _province(p)
    initiative = make_recognised(p)
    with pytest.raises(ValidationError) as error:
        services.initiative_forward(initiative=initiative, to_unit=p.upper)  # an upper union recognises at grassroots
    assert "to_unit" in error.value.message_dict
    initiative = services.initiative_forward(initiative=initiative, to_unit=province, on=D(2023, 7, 1))
    assert (initiative.status, initiative.review_unit, initiative.council) == (InitiativeStatus.FORWARDED, province,
                                                                              None)  # fmt: skip
    initiative = services.initiative_recognise(initiative=initiative, scope=RecognitionScope.PROVINCE_SECTOR,
                                               recognised_on=D(2023, 9, 1), decision_number="88/QĐ-LĐLĐ")  # fmt: skip
    assert (initiative.recognised_scope, initiative.decision_number) == (RecognitionScope.PROVINCE_SECTOR,
                                                                         "88/QĐ-LĐLĐ")  # fmt: skip
    outcomes = list(initiative.decisions.values_list("outcome", "unit", "to_unit"))
    assert outcomes == [("recognised", p.grassroots.pk, None), ("forwarded", p.grassroots.pk, province.pk),
                        ("recognised", province.pk, None)]  # fmt: skip


def test_an_upper_rejection_keeps_the_grassroots_recognition(personas):
    p = personas
    province = _province(p)
    initiative = services.initiative_forward(initiative=make_recognised(p), to_unit=province)
    initiative = services.initiative_reject(initiative=initiative, reason="Chưa đủ phạm vi ảnh hưởng cấp tỉnh.")
    assert (initiative.status, initiative.recognised_scope) == (InitiativeStatus.RECOGNISED,
                                                                RecognitionScope.GRASSROOTS)  # fmt: skip


def test_returned_by_the_upper_unit_goes_back_to_its_review(personas):
    p = personas
    province = _province(p)
    initiative = services.initiative_forward(initiative=make_recognised(p), to_unit=province)
    initiative = services.initiative_return(initiative=initiative, reason="Bổ sung minh chứng áp dụng.")
    initiative = services.initiative_submit(initiative=initiative)
    assert (initiative.status, initiative.review_unit) == (InitiativeStatus.FORWARDED, province)


def test_the_workflow_keeps_history(personas):
    initiative = make_recognised(personas)
    statuses = list(initiative.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "under_review", "recognised"]


# -- attachments -------------------------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n" + b"0" * 100


def test_attachments_accept_only_the_allowed_types_and_sizes(
    personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_INITIATIVE_ATTACHMENT_MAX_BYTES = 1000
    initiative = make_initiative(personas)
    attachment = services.attachment_add(initiative=initiative, upload=SimpleUploadedFile("Thuyết minh.pdf", PDF))
    assert (attachment.name, attachment.content_type, attachment.size) == ("Thuyết minh.pdf", "application/pdf", 109)
    assert attachment.file.name.startswith(f"initiatives/{initiative.pk}/")
    refused = [("virus.exe", b"MZ" + b"0" * 10), ("giả.pdf", b"PK\x03\x04" + b"0" * 10), ("lớn.png", b"\x89PNG" * 300)]
    for name, content in refused:
        with pytest.raises(ValidationError) as error:
            services.attachment_add(initiative=initiative, upload=SimpleUploadedFile(name, content))
        assert "file" in error.value.message_dict, name
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(attachment=attachment)
    assert not stored.exists()
