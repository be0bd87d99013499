"""Award decisions: numbered per issuer per year (01 again every 1 January, never twice under concurrent issuing),
listing their awardees with the reward (coefficient × base salary in force on the decision date), recording the award
history, and refusing items a council vote did not pass."""

import datetime
import threading
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from thidua.awards import selectors, services
from thidua.awards.choices import ProposalStatus, RecordSource
from thidua.awards.models import Awardee, AwardRecord, Decision
from thidua.awards.tests import factories_proposals as fp
from thidua.core.testing import make_personas
from thidua.rules import selectors as rules

pytestmark = pytest.mark.django_db


def _issue(p, items, *, issuer=None, on=fp.DECIDED_ON, **kwargs) -> Decision:
    return services.decision_issue(issuer=issuer or p.upper, decided_on=on, subject_line="Khen thưởng năm 2025",
                                   signer_name="Trần Văn Ký", signer_title="Chủ tịch", items=items, by=p.officer,
                                   **kwargs)  # fmt: skip


def _ldtt(p, attribute: str = "member_record", *, to_unit=None, year: int = fp.YEAR):
    """A received Lao động tiên tiến item (no council vote needed)."""
    return fp.make_received(p, items=[(attribute, "ldtt")], to_unit=to_unit, year=year).items.get()


def _expected_reward(code: str, on: datetime.date, unit) -> tuple[Decimal, Decimal, Decimal]:
    """(coefficient, base salary, amount) computed here from the pack in force on ``on``."""
    coefficient = Decimal(str(rules.param(rules.pack_in_force(on=on, unit=unit), "reward.coefficients",
                                          on=on).value[code]))  # fmt: skip
    salary = Decimal(str(rules.base_salary(on=on, unit=unit).value))
    return coefficient, salary, (coefficient * salary).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# -- numbering ---------------------------------------------------------------------------------------------------------


def test_decisions_are_numbered_per_issuer_per_year_from_01_each_1_january(personas):
    p = personas
    late = datetime.date(2026, 12, 31)
    first = _issue(p, [_ldtt(p, "member_record")], on=late)
    second = _issue(p, [_ldtt(p, "colleague")], on=late)
    new_year = _issue(p, [_ldtt(p, "member_record", year=fp.YEAR + 1)], on=datetime.date(2027, 1, 1))
    assert [(d.year, d.number) for d in (first, second, new_year)] == [(2026, 1), (2026, 2), (2027, 1)]
    short = p.upper.short_name or "CĐVCT"  # the initials of "Công đoàn Viên chức tỉnh" when it has no short name
    assert (first.symbol, second.symbol, new_year.symbol) == (f"01/QĐ-{short}", f"02/QĐ-{short}", f"01/QĐ-{short}")


def test_another_issuer_numbers_independently(personas):
    p = personas
    upper = _issue(p, [_ldtt(p, "member_record")])
    grassroots = _issue(p, [_ldtt(p, "colleague", to_unit=p.grassroots)], issuer=p.grassroots)
    upper_again = _issue(p, [_ldtt(p, "member_record", year=fp.YEAR - 1)])
    assert [(d.issuer, d.number) for d in (upper, grassroots, upper_again)] == [
        (p.upper, 1), (p.grassroots, 1), (p.upper, 2)]  # fmt: skip


def test_a_refused_decision_uses_no_number(personas):
    p = personas
    with pytest.raises(ValidationError):
        _issue(p, [])
    voted = fp.make_closed_session(p, yes=7, members=10)  # 7 of 10: not passed
    with pytest.raises(ValidationError):
        _issue(p, [voted.items.get().item])
    assert _issue(p, [_ldtt(p, "colleague")]).number == 1


# -- awardees, rewards and the award history ---------------------------------------------------------------------------


def test_the_reward_is_the_coefficient_times_the_base_salary_in_force_on_the_decision_date(personas):
    """The base salary changed on 01/7/2024: a decision of 30/6/2024 uses the old one, of 01/7/2024 the new one."""
    p = personas
    before, after = datetime.date(2024, 6, 30), datetime.date(2024, 7, 1)
    old = _issue(p, [_ldtt(p, "member_record", year=2023)], on=before)
    new = _issue(p, [_ldtt(p, "colleague", year=2023)], on=after)
    for decision, on in ((old, before), (new, after)):
        coefficient, salary, amount = _expected_reward("ldtt", on, p.upper)
        awardee = decision.awardees.get()
        assert decision.base_salary == salary
        assert decision.base_salary_citation == rules.base_salary(on=on, unit=p.upper).citation
        assert (awardee.coefficient, awardee.amount) == (coefficient, amount)
        assert selectors.decision_annex(decision).total == amount
    assert old.base_salary < new.base_salary  # the two dates really fall under different salary decrees
    assert old.awardees.get().amount < new.awardees.get().amount


def test_reward_for_rounds_to_the_dong_and_gives_no_amount_without_a_coefficient():
    coefficients = {"ldtt": 0.3, "cstdcs": 1.0}
    assert services.reward_for(title_code="ldtt", base_salary=Decimal("2340001"), coefficients=coefficients) == (
        services.Reward(Decimal("0.3"), Decimal("702000")))  # 702 000.3 → 702 000  # fmt: skip
    assert services.reward_for(title_code="ldtt", base_salary=Decimal("2340005"), coefficients=coefficients).amount == (
        Decimal("702002"))  # 702 001.5 → 702 002 (half up)  # fmt: skip
    assert services.reward_for(title_code="bk_tinh", base_salary=Decimal("2340000"),
                               coefficients=coefficients) == services.Reward(None, None)  # fmt: skip


def test_decided_items_get_an_awardee_and_an_award_record_each(personas):
    p = personas
    session = fp.make_closed_session(p, items=[("member_record", "cstdcs"), ("colleague", "cstdcs")])
    items = [si.item for si in session.items.order_by("pk")]
    decision = _issue(p, items, session=session)
    assert (decision.achievement_year, decision.session, decision.proposal) == (fp.YEAR, session, items[0].proposal)
    assert decision.created_by == p.officer
    coefficient, _salary, amount = _expected_reward("cstdcs", fp.DECIDED_ON, p.upper)
    awardees = list(decision.awardees.order_by("position"))
    assert [(a.position, a.display_name, a.unit_name, a.title_code, a.coefficient, a.amount) for a in awardees] == [
        (1, "Nguyễn Trung Hiếu", p.group.name, "cstdcs", coefficient, amount),
        (2, "Trần Thị Hoa Lý", p.group.name, "cstdcs", coefficient, amount),
    ]
    records = AwardRecord.objects.filter(decision=decision).order_by("pk")
    assert [(r.member, r.year, r.title_code, r.decision_number, r.reward_amount, r.source) for r in records] == [
        (p.member_record, fp.YEAR, "cstdcs", decision.symbol, amount, RecordSource.DECISION),
        (p.colleague, fp.YEAR, "cstdcs", decision.symbol, amount, RecordSource.DECISION),
    ]
    assert all(r.issuer_name == p.upper.name and r.decided_on == fp.DECIDED_ON for r in records)
    for item in items:
        item.refresh_from_db()
        assert item.status == ProposalStatus.DECIDED
    items[0].proposal.refresh_from_db()
    assert items[0].proposal.status == ProposalStatus.DECIDED
    annex = selectors.decision_annex(decision)
    assert annex.total == 2 * amount
    assert [(title, len(group)) for title, group in annex.by_title] == [("Chiến sĩ thi đua cơ sở", 2)]


def test_a_collective_is_awarded_under_its_own_name(personas):
    p = personas
    item = fp.make_received(p, items=[("group", "tt_ldtt")]).items.get()
    awardee = _issue(p, [item]).awardees.get()
    assert (awardee.unit, awardee.member, awardee.display_name, awardee.unit_name) == (p.group, None, p.group.name, "")
    assert AwardRecord.objects.get(decision=awardee.decision).unit == p.group


# -- what cannot be decided --------------------------------------------------------------------------------------------


def test_an_item_whose_vote_did_not_pass_or_never_took_place_cannot_be_decided(personas):
    p = personas
    failed = fp.make_closed_session(p, yes=7, members=10).items.get().item  # 7 of 10 < 80 %
    assert failed.status == ProposalStatus.VOTED
    with pytest.raises(ValidationError, match="chưa được Hội đồng biểu quyết đạt"):
        _issue(p, [failed])
    not_voted = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
    with pytest.raises(ValidationError, match="chưa được Hội đồng biểu quyết đạt"):
        _issue(p, [not_voted])
    in_open_session = fp.make_received(p, items=[("colleague", "cstd_province")]).items.get()
    fp.put_to_vote(p, [in_open_session], members=3)
    with pytest.raises(ValidationError, match="chưa được Hội đồng biểu quyết đạt"):
        _issue(p, [in_open_session])
    assert not Decision.objects.exists()
    assert not AwardRecord.objects.exists()
    passed = fp.make_closed_session(p, yes=8, members=10, items=[("colleague", "cstdcs")]).items.get().item
    assert _issue(p, [passed]).awardees.get().item == passed


def test_decidable_items_show_the_vote_result(personas):
    p = personas
    failed = fp.make_closed_session(p, yes=7, members=10).items.get().item
    ldtt = _ldtt(p, "colleague")
    rows = {i.pk: i for i in selectors.decidable_items(p.upper)}
    assert set(rows) == {failed.pk, ldtt.pk}
    assert [v.passed for v in rows[failed.pk].closed_votes] == [False]
    assert rows[ldtt.pk].closed_votes == []


def test_items_of_another_level_another_year_or_already_decided_are_refused(personas):
    p = personas
    elsewhere = _ldtt(p, "member_record", to_unit=p.grassroots)
    with pytest.raises(ValidationError, match="không gửi tới"):
        _issue(p, [elsewhere])
    with pytest.raises(ValidationError, match="cùng năm thành tích"):
        _issue(p, [_ldtt(p, "member_record"), _ldtt(p, "colleague", year=fp.YEAR - 1)])
    item = _ldtt(p, "colleague")
    _issue(p, [item])
    with pytest.raises(ValidationError, match="không thể quyết định"):
        _issue(p, [item])
    assert Awardee.objects.filter(item=item).count() == 1


def test_the_same_award_twice_in_a_year_is_refused(personas):
    p = personas
    _issue(p, [_ldtt(p, "colleague")])
    with pytest.raises(ValidationError, match="đã có khen thưởng này trong năm"):
        _issue(p, [_ldtt(p, "colleague")])


def test_a_decision_needs_items_a_subject_line_and_a_signer(personas):
    p = personas
    item = _ldtt(p)
    with pytest.raises(ValidationError) as error:
        _issue(p, [])
    assert "items" in error.value.message_dict
    for field in ("subject_line", "signer_name", "signer_title"):
        kwargs = {"subject_line": "Khen thưởng", "signer_name": "Trần Văn Ký", "signer_title": "Chủ tịch", field: " "}
        with pytest.raises(ValidationError) as error:
            services.decision_issue(issuer=p.upper, decided_on=fp.DECIDED_ON, items=[item], **kwargs)
        assert field in error.value.message_dict
    assert not Decision.objects.exists()


# -- items not awarded -------------------------------------------------------------------------------------------------


def test_items_not_awarded_are_marked_with_the_reason(personas):
    p = personas
    proposal = fp.make_received(p, items=[("member_record", "ldtt"), ("colleague", "ldtt")])
    awarded, not_awarded = proposal.items.order_by("pk")
    with pytest.raises(ValidationError) as error:
        _issue(p, [awarded], reject_items=[not_awarded])
    assert "reject_reason" in error.value.message_dict
    decision = _issue(p, [awarded], reject_items=[not_awarded], reject_reason="Chưa đủ thời gian công tác")
    not_awarded.refresh_from_db()
    assert not_awarded.status == ProposalStatus.REJECTED
    assert [a.item for a in decision.awardees.all()] == [awarded]
    assert not AwardRecord.objects.filter(member=p.colleague).exists()
    assert proposal.events.filter(item=not_awarded, reason="Chưa đủ thời gian công tác").exists()


def test_an_item_cannot_be_both_awarded_and_not_awarded(personas):
    p = personas
    item = _ldtt(p)
    with pytest.raises(ValidationError, match="vừa khen thưởng vừa không khen thưởng"):
        _issue(p, [item], reject_items=[item], reject_reason="Nhầm")
    item.refresh_from_db()
    assert item.status == ProposalStatus.RECEIVED
    assert not AwardRecord.objects.exists()


def test_an_item_still_being_voted_on_cannot_be_marked_not_awarded(personas):
    """Otherwise the close of the session would turn the "not awarded" item back into "voted"."""
    p = personas
    in_vote = fp.make_received(p, items=[("colleague", "cstdcs")]).items.get()
    session = fp.put_to_vote(p, [in_vote], members=3)
    with pytest.raises(ValidationError, match="không thể đánh dấu không khen thưởng"):
        _issue(p, [_ldtt(p)], reject_items=[in_vote], reject_reason="Không đủ điều kiện")
    fp.vote(session, yes=3)
    services.session_close(session=session, by=p.officer)
    in_vote.refresh_from_db()
    assert in_vote.status == ProposalStatus.VOTED
    assert not Decision.objects.exists()


# -- concurrency -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database (SQLite "
    "serialises every write; thidua/organizations/tests/test_numbering.py covers next_number alone)",
)
def test_concurrent_decisions_of_one_issuer_never_share_a_number():
    """Six officers issue at the same moment: six decisions numbered 1 … 6, none twice, none missing."""
    p = make_personas()
    items = [_ldtt(p, "member_record", year=year) for year in range(2020, 2026)]
    numbers, errors = [], []
    barrier = threading.Barrier(len(items))

    def issue(item):
        try:
            barrier.wait()
            numbers.append(_issue(p, [item], on=datetime.date(2026, 1, 20)).number)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, len(items) + 1))
    assert sorted(Decision.objects.filter(issuer=p.upper, year=2026).values_list("number", flat=True)) == sorted(
        numbers)  # fmt: skip
