"""Writes to targets: defining them (with the rules an adopted plan must respect), manual values with evidence,
recomputing progress from the data, and the phase review that freezes a snapshot."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.movements.choices import (
    RUNNING,
    AppliesTo,
    Comparison,
    MovementStatus,
    ReviewKind,
    TargetKind,
    TargetSource,
)
from thidua.movements.models import (
    ManualValue,
    Movement,
    Phase,
    Target,
    TargetProgress,
    TargetSnapshot,
)
from thidua.movements.progress import ProgressRow, applicable_units, compute_progress, scope_roots
from thidua.movements.services.plans import METRIC_KEY_PATTERN, d, ensure_not_closed, lock, today
from thidua.organizations.models import Unit

TARGET_FIELDS = (
    "name", "kind", "source", "comparison", "metric_key", "metric_params", "population_key", "population_params",
    "target_min", "target_max", "period_start", "deadline", "applies_to", "applies_kind", "mandatory",
    "content_item", "order",
)  # fmt: skip
# What an adopted plan may not change on a mandatory target of the upper plan (it may only tighten the thresholds).
FIXED_WHEN_MANDATORY = ("kind", "source", "comparison", "metric_key", "metric_params", "population_key",
                        "population_params")  # fmt: skip
PROGRESS_FIELDS = ["unit_parent_id", "is_rollup", "numerator", "denominator", "value", "projected", "status",
                   "units_total", "units_achieved", "units_behind", "as_of"]  # fmt: skip
BATCH_SIZE = 2_000


def _label(name: str) -> str:
    return str(Target._meta.get_field(name).verbose_name).capitalize()


def _fmt(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else f"{value.normalize():f}"


def _decimal(target: Target, name: str, errors: dict) -> Decimal | None:
    raw = getattr(target, name)
    if raw in (None, ""):
        setattr(target, name, None)
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        errors[name] = _("«{field}» phải là một số.").format(field=_label(name))
        return None
    if not value.is_finite():
        errors[name] = _("«{field}» phải là một số.").format(field=_label(name))
        return None
    setattr(target, name, value)
    return value


def _check_thresholds(target: Target, errors: dict) -> None:
    low, high = _decimal(target, "target_min", errors), _decimal(target, "target_max", errors)
    if target.kind == TargetKind.REACH:
        target.comparison = Comparison.AT_LEAST
        target.target_min, target.target_max = Decimal(1), None
        return
    for name, value in (("target_min", low), ("target_max", high)):
        if value is None or name in errors:
            continue
        if target.kind == TargetKind.SHARE and not Decimal(0) <= value <= Decimal(100):
            errors[name] = _("«{field}» của chỉ tiêu tỷ lệ phải từ 0% đến 100%; {value}% là không thể.").format(
                field=_label(name), value=_fmt(value)
            )
        elif target.kind == TargetKind.COUNT and (value < 0 or value != value.to_integral_value()):
            errors[name] = _("«{field}» của chỉ tiêu số lượng phải là số nguyên không âm.").format(field=_label(name))
    needs_min = target.comparison in (Comparison.AT_LEAST, Comparison.RANGE)
    needs_max = target.comparison in (Comparison.AT_MOST, Comparison.RANGE)
    if needs_min and low is None and "target_min" not in errors:
        errors["target_min"] = _("Nhập «Mức tối thiểu» của chỉ tiêu.")
    if needs_max and high is None and "target_max" not in errors:
        errors["target_max"] = _("Nhập «Mức tối đa» của chỉ tiêu.")
    if target.comparison == Comparison.AT_LEAST:
        target.target_max = None
    if target.comparison == Comparison.AT_MOST:
        target.target_min = None
    if low is not None and high is not None and low > high and not errors.keys() & {"target_min", "target_max"}:
        errors["target_min"] = _("«Mức tối thiểu» ({low}) lớn hơn «Mức tối đa» ({high}).").format(
            low=_fmt(low), high=_fmt(high)
        )


def _check_source(target: Target, errors: dict) -> None:
    if target.source == TargetSource.MANUAL:
        if target.metric_key or target.population_key:
            errors["metric_key"] = _("Chỉ tiêu nhập tay không dùng «Nguồn dữ liệu».")
        return
    if not target.metric_key:
        errors["metric_key"] = _("Chọn «Nguồn dữ liệu» để đo chỉ tiêu (hoặc chọn cách đo nhập tay).")
    for key_field, params_field in (("metric_key", "metric_params"), ("population_key", "population_params")):
        key = getattr(target, key_field)
        if key and not re.match(METRIC_KEY_PATTERN, key):
            errors[key_field] = _("«{field}» có dạng ứng_dụng.đại_lượng, ví dụ members.active.").format(
                field=_label(key_field)
            )
        params = getattr(target, params_field)
        if params is None:
            setattr(target, params_field, {})
        elif not isinstance(params, dict) or any(isinstance(v, dict | list) for v in params.values()):
            errors[params_field] = _("«{field}» phải là bảng khóa – giá trị đơn (chuỗi, số, đúng/sai).").format(
                field=_label(params_field)
            )
    if target.population_key and target.kind != TargetKind.SHARE:
        errors["population_key"] = _("Chỉ chỉ tiêu tỷ lệ mới có «Nguồn dữ liệu của tổng thể».")


def _check_applies(target: Target, movement: Movement, units: list[Unit] | None, errors: dict) -> None:
    if target.applies_to == AppliesTo.EACH_KIND:
        if not target.applies_kind:
            errors["applies_kind"] = _("Chọn «Loại đơn vị áp dụng».")
    else:
        target.applies_kind = ""
    if target.applies_to == AppliesTo.LISTED:
        if not units:
            errors["applies_units"] = _("Chọn ít nhất một đơn vị trong «Đơn vị áp dụng».")
            return
        roots = scope_roots(movement)
        outside = [u.name for u in units if not any(u.path.startswith(r.path) for r in roots)]
        if outside:
            errors["applies_units"] = _("Đơn vị ngoài phạm vi phong trào: {names}.").format(names=", ".join(outside))
        nested = [u.name for u in units for o in units if u.pk != o.pk and u.path.startswith(o.path)]
        if nested and "applies_units" not in errors:
            errors["applies_units"] = _("Đơn vị nằm trong một đơn vị khác đã chọn: {names}.").format(
                names=", ".join(nested)
            )


def _check_dates(target: Target, movement: Movement, errors: dict) -> None:
    if target.deadline is None:
        errors["deadline"] = _("Nhập «Thời hạn» của chỉ tiêu.")
        return
    if not movement.starts_on <= target.deadline <= movement.ends_on:
        errors["deadline"] = _("«Thời hạn» {date} nằm ngoài thời gian của phong trào ({start} – {end}).").format(
            date=d(target.deadline), start=d(movement.starts_on), end=d(movement.ends_on)
        )
    if target.period_start and target.period_start > target.deadline:
        errors["period_start"] = _("«Tính từ ngày» ({start}) phải trước «Thời hạn» ({deadline}).").format(
            start=d(target.period_start), deadline=d(target.deadline)
        )


def _check_not_looser(target: Target, errors: dict) -> None:
    """An adopted plan may tighten a mandatory target of the upper plan, never loosen it."""
    parent = target.parent_target
    if parent is None or not parent.mandatory:
        return
    prefix = _("Chỉ tiêu bắt buộc của kế hoạch cấp trên")
    for name in FIXED_WHEN_MANDATORY:
        if getattr(target, name) != getattr(parent, name):
            errors.setdefault(name, _("{prefix}: không được đổi «{field}».").format(prefix=prefix, field=_label(name)))
    if not target.mandatory:
        errors.setdefault("mandatory", _("{prefix}: vẫn phải là bắt buộc với cấp dưới.").format(prefix=prefix))
    if parent.target_min is not None and target.target_min is not None and target.target_min < parent.target_min:
        errors.setdefault("target_min", _("{prefix}: «Mức tối thiểu» không được thấp hơn {value}.").format(
            prefix=prefix, value=_fmt(parent.target_min)))  # fmt: skip
    if parent.target_max is not None and target.target_max is not None:
        looser = target.target_max > parent.target_max if parent.comparison == Comparison.AT_MOST else (
            target.target_max < parent.target_max)  # fmt: skip
        if looser:
            errors.setdefault("target_max", _("{prefix}: «Mức tối đa» không được nới khỏi {value}.").format(
                prefix=prefix, value=_fmt(parent.target_max)))  # fmt: skip
    if target.deadline and target.deadline > parent.deadline:
        errors.setdefault("deadline", _("{prefix}: «Thời hạn» không được muộn hơn {date}.").format(
            prefix=prefix, date=d(parent.deadline)))  # fmt: skip


def validate_target(target: Target, movement: Movement, units: list[Unit] | None) -> None:
    errors: dict[str, Any] = {}
    try:
        target.full_clean(exclude=["movement", "content_item", "parent_target", "target_min", "target_max",
                                   "metric_params", "population_params", "deadline"],
                          validate_constraints=False)  # fmt: skip
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if target.content_item_id and target.content_item.group.movement_id != movement.pk:
        errors["content_item"] = _("«Nội dung thi đua» không thuộc phong trào này.")
    if "kind" not in errors and "comparison" not in errors:
        _check_thresholds(target, errors)
    _check_source(target, errors)
    _check_applies(target, movement, units, errors)
    _check_dates(target, movement, errors)
    if not errors:
        _check_not_looser(target, errors)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_add(*, movement: Movement, applies_units: list[Unit] | None = None, by=None, **fields: Any) -> Target:
    movement = lock(movement)
    ensure_not_closed(movement)
    fields.setdefault("order", movement.targets.count() + 1)
    target = Target(movement=movement, **{k: v for k, v in fields.items() if k in TARGET_FIELDS})
    target.name = (target.name or "").strip()
    validate_target(target, movement, applies_units)
    target.save()
    target.lineage = f"/{target.pk}/"
    Target.objects.filter(pk=target.pk).update(lineage=target.lineage)
    if target.applies_to == AppliesTo.LISTED:
        target.applies_units.set(applies_units or [])
    return target


@transaction.atomic
def target_update(*, target: Target, applies_units: list[Unit] | None = None, by=None, **fields: Any) -> Target:
    """Change a target. For an adopted plan's copy of a mandatory target, only tighter thresholds are accepted."""
    movement = lock(target.movement)
    ensure_not_closed(movement)
    for name, value in fields.items():
        if name in TARGET_FIELDS:
            setattr(target, name, value.strip() if isinstance(value, str) else value)
    if applies_units is None and target.applies_to == AppliesTo.LISTED:
        applies_units = list(target.applies_units.all())
    validate_target(target, movement, applies_units)
    target.save()
    target.applies_units.set(applies_units if target.applies_to == AppliesTo.LISTED else [])
    return target


@transaction.atomic
def target_remove(*, target: Target) -> None:
    ensure_not_closed(target.movement)
    if target.parent_target_id and target.parent_target.mandatory:
        raise ValidationError(_("Chỉ tiêu bắt buộc của kế hoạch cấp trên không xóa được."))
    target.delete()


# --- manual values --------------------------------------------------------------------------------------------------


@transaction.atomic
def manual_value_record(*, target: Target, unit: Unit, value, evidence, note: str = "", by=None) -> ManualValue:
    """Record the value of a manual target for one unit with its evidence file, and recompute that target."""
    movement = target.movement
    ensure_not_closed(movement)
    errors: dict[str, str] = {}
    if target.source != TargetSource.MANUAL:
        raise ValidationError(_("Chỉ tiêu «{target}» được tính từ dữ liệu, không nhập tay.").format(target=target))
    if unit.pk not in {u.pk for u in applicable_units(movement, [target])[target.pk]}:
        errors["unit"] = _("Chỉ tiêu không áp dụng cho «{unit}».").format(unit=unit.name)
    try:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["value"] = _("«Giá trị» phải là một số.")
    else:
        if amount < 0 or (target.kind == TargetKind.SHARE and amount > 100):
            errors["value"] = _("«Giá trị» của chỉ tiêu tỷ lệ phải từ 0 đến 100%.") if target.kind == TargetKind.SHARE \
                else _("«Giá trị» không được âm.")  # fmt: skip
    existing = ManualValue.objects.filter(target=target, unit=unit).first()
    if not evidence and existing is None:
        errors["evidence"] = _("Đính kèm tệp «Minh chứng» cho số liệu nhập tay.")
    if errors:
        raise ValidationError(errors)
    entry = existing or ManualValue(target=target, unit=unit)
    entry.value, entry.note = amount, (note or "").strip()
    entry.entered_by = by if by is not None and by.is_authenticated else None
    if evidence:
        entry.evidence = evidence
    entry.save()
    if movement.status != MovementStatus.DRAFT:
        movement_recompute_progress(movement=movement, targets=[target])
    return entry


# --- progress -------------------------------------------------------------------------------------------------------


def _progress_objects(rows: list[ProgressRow], model, *, as_of: datetime.date, **extra) -> list:
    return [
        model(target_id=r.target_id, unit_id=r.unit_id, unit_parent_id=r.unit_parent_id, is_rollup=r.is_rollup,
              numerator=r.numerator, denominator=r.denominator, value=r.value, projected=r.projected, status=r.status,
              units_total=r.units_total, units_achieved=r.units_achieved, units_behind=r.units_behind, as_of=as_of,
              **extra)
        for r in rows
    ]  # fmt: skip


@transaction.atomic
def movement_recompute_progress(
    *, movement: Movement, as_of: datetime.date | None = None, targets: list[Target] | None = None
) -> int:
    """Recompute the live progress of the movement's targets (or only ``targets``) from the data and store it.

    One ``measure()`` per (metric, parameters, period), one bulk upsert, one delete of the rows that no longer apply.
    Callable from a request or a background task. Returns the number of rows stored.
    """
    as_of = as_of or today()
    now = timezone.now()
    rows = compute_progress(movement, as_of=as_of, only=targets)
    objects = _progress_objects(rows, TargetProgress, as_of=as_of, computed_at=now)
    TargetProgress.objects.bulk_create(objects, batch_size=BATCH_SIZE, update_conflicts=True,
                                       unique_fields=["target", "unit"],
                                       update_fields=[*PROGRESS_FIELDS, "computed_at"])  # fmt: skip
    stale = TargetProgress.objects.filter(target__movement=movement).exclude(computed_at=now)
    if targets is not None:
        stale = stale.filter(target__in=targets)
    stale.delete()
    Movement.objects.filter(pk=movement.pk).update(progress_computed_at=now)
    return len(objects)


@transaction.atomic
def phase_review(*, phase: Phase, by=None, on: datetime.date | None = None) -> int:
    """Hold the phase's review (sơ kết / tổng kết): freeze every target's progress on ``on`` (default today) into a
    snapshot for the reports, and move the movement to "mid-term reviewed" or "final reviewed".

    Returns the number of snapshot rows."""
    movement = lock(phase.movement)
    phase = Phase.objects.select_for_update().get(pk=phase.pk)
    on = on or today()
    if movement.status not in RUNNING:
        raise ValidationError(_("Chỉ sơ kết, tổng kết được phong trào đang diễn ra."))
    if phase.is_reviewed:
        raise ValidationError(
            _("«{phase}» đã được sơ kết / tổng kết ngày {date}.").format(phase=phase.name, date=d(phase.reviewed_on))
        )
    if on < phase.starts_on:
        raise ValidationError({"on": _("Ngày chốt số liệu ({date}) trước khi đợt bắt đầu ({start}).").format(
            date=d(on), start=d(phase.starts_on))})  # fmt: skip
    if phase.review_kind == ReviewKind.FINAL:
        pending = movement.phases.filter(reviewed_at__isnull=True, starts_on__lt=phase.starts_on)
        if pending.exists():
            raise ValidationError(_("Cần sơ kết {phases} trước khi tổng kết.").format(
                phases=", ".join(f"«{p.name}»" for p in pending)))  # fmt: skip
    rows = compute_progress(movement, as_of=on)
    TargetSnapshot.objects.bulk_create(_progress_objects(rows, TargetSnapshot, as_of=on, phase=phase),
                                       batch_size=BATCH_SIZE)  # fmt: skip
    phase.reviewed_on = on
    phase.reviewed_at = timezone.now()
    phase.reviewed_by = by if by is not None and by.is_authenticated else None
    phase.save(update_fields=["reviewed_on", "reviewed_at", "reviewed_by"])
    movement.status = MovementStatus.FINAL_REVIEWED if phase.review_kind == ReviewKind.FINAL else (
        MovementStatus.MIDTERM_REVIEWED)  # fmt: skip
    movement.save(update_fields=["status", "updated_at"])
    return len(rows)
