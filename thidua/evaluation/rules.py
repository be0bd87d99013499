"""The rule-pack values a round is judged with. Every legal number comes from the pack in force on the round's rules
date (``pack_in_force`` / ``param`` / ``scale``); nothing here is a literal threshold or ratio."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.rules.models import RulePack
from thidua.rules.selectors import RuleMissing, RuleValue, pack_in_force, param, scale
from thidua.rules.values import ScaleValue

MEMBER_SCALE = "union_member"
GRASSROOTS_SCALE = "grassroots_union"
GROUP_SCALE = "union_group"

ROUNDING = {"floor": ROUND_FLOOR, "round": ROUND_HALF_UP, "ceil": ROUND_CEILING}
ROUNDING_LABELS = {
    "floor": gettext_lazy("làm tròn xuống"),
    "round": gettext_lazy("làm tròn"),
    "ceil": gettext_lazy("làm tròn lên"),
}
TIE_BREAKS = {"female": gettext_lazy("ưu tiên nữ")}


@dataclass(frozen=True)
class RoundRules:
    pack: RulePack
    on: datetime.date
    scale: ScaleValue
    scale_value: RuleValue
    quota_ratio: Decimal
    quota_value: RuleValue
    rounding: str
    rounding_value: RuleValue
    tie_breaks: tuple[str, ...]
    tie_break_value: RuleValue
    min_months: int
    min_months_value: RuleValue
    discipline_levels: tuple[str, ...]
    discipline_value: RuleValue

    def quota_allowed(self, base: int) -> int:
        """How many may stay HTXS when ``base`` members are rated HTT or better: ratio × base, rounded as the pack
        says (computed in decimal, so 0.2 × 10 is exactly 2)."""
        return int((self.quota_ratio * base).quantize(Decimal(1), rounding=ROUNDING[self.rounding]))


def resolve_pack(*, on: datetime.date, unit) -> tuple[RulePack, datetime.date, str]:
    """The pack for a round whose period ends on ``on``, the date its values are read on, and a note when the pack
    in force on ``on`` had to be replaced: before the first shipped pack (a 2023 round when the national pack starts
    on 01/01/2024), the earliest pack that took effect after ``on`` is used at its first day, and the round says so."""
    try:
        return pack_in_force(on=on, unit=unit), on, ""
    except RuleMissing as missing:
        later = RulePack.objects.filter(owner__isnull=True, effective_from__gt=on).order_by("effective_from").first()
        if later is None:
            raise ValidationError(str(missing)) from None
        note = _("Không có bộ quy tắc hiệu lực ngày {date}; áp dụng «{pack}» theo các giá trị từ ngày {start}.").format(
            date=on.strftime("%d/%m/%Y"), pack=later.name, start=later.effective_from.strftime("%d/%m/%Y")
        )
        return later, later.effective_from, note


def load_rules(pack: RulePack, on: datetime.date, *, outstanding: bool = False) -> RoundRules:
    """Read every value a round needs; a missing or malformed value is a ValidationError naming it."""
    try:
        member_scale, scale_value = scale(pack, MEMBER_SCALE, on=on)
        quota = param(pack, "evaluation.htxs_quota_ratio_outstanding_unit" if outstanding
                      else "evaluation.htxs_quota_ratio", on=on)  # fmt: skip
        rounding = param(pack, "evaluation.quota_rounding", on=on)
        tie_break = param(pack, "evaluation.tie_break", on=on)
        months = param(pack, "evaluation.min_months_worked", on=on)
        discipline = param(pack, "evaluation.discipline_levels_forcing_kht", on=on)
    except RuleMissing as missing:
        raise ValidationError(str(missing)) from None
    if rounding.value not in ROUNDING:
        raise ValidationError(_("Giá trị «{key}» = «{value}» không hợp lệ; dùng floor, round hoặc ceil.").format(
            key=rounding.key, value=rounding.value))  # fmt: skip
    unknown = [t for t in tie_break.value if t not in TIE_BREAKS]
    if unknown:
        raise ValidationError(_("Thứ tự ưu tiên «{value}» chưa được hỗ trợ (hỗ trợ: {known}).").format(
            value=", ".join(unknown), known=", ".join(TIE_BREAKS)))  # fmt: skip
    return RoundRules(
        pack=pack, on=on, scale=member_scale, scale_value=scale_value,
        quota_ratio=Decimal(str(quota.value)), quota_value=quota, rounding=rounding.value, rounding_value=rounding,
        tie_breaks=tuple(tie_break.value), tie_break_value=tie_break, min_months=int(months.value),
        min_months_value=months, discipline_levels=tuple(discipline.value), discipline_value=discipline,
    )  # fmt: skip


def round_rules(evaluation_round) -> RoundRules:
    return load_rules(evaluation_round.rule_pack, evaluation_round.rules_on,
                      outstanding=evaluation_round.outstanding_unit)  # fmt: skip


def unit_scale(pack: RulePack, on: datetime.date, population: str) -> tuple[ScaleValue, RuleValue]:
    try:
        return scale(pack, population, on=on)
    except RuleMissing as missing:
        raise ValidationError(str(missing)) from None
