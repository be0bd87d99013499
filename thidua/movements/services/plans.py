"""Writes to a movement's plan: the movement and its lifecycle, content, criteria (versioned after the launch) and
phases. Every function validates everything first and raises one ValidationError naming each bad field, so nothing is
half-saved."""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.movements.choices import (
    LAUNCHED_OR_LATER,
    MEASURED_METHODS,
    CriterionMethod,
    MovementKind,
    MovementStatus,
    ReviewKind,
    ScopeKind,
)
from thidua.movements.models import (
    ContentGroup,
    ContentItem,
    CriteriaVersion,
    Criterion,
    Movement,
    Phase,
    Standard,
)
from thidua.organizations.choices import UNIT_LEVELS, UnitKind
from thidua.organizations.models import Cluster, Unit

METRIC_KEY_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"

MOVEMENT_FIELDS = (
    "plan_number", "issued_on", "signer", "signer_title", "title", "theme", "purpose", "kind", "starts_on", "ends_on",
    "adopter_kind", "registration_opens_on", "registration_closes_on",
)  # fmt: skip
# What may still change once the plan is launched (the scope and the kind are fixed by then).
LAUNCHED_EDITABLE = (
    "plan_number", "issued_on", "signer", "signer_title", "title", "theme", "purpose", "starts_on", "ends_on",
    "registration_opens_on", "registration_closes_on",
)  # fmt: skip


def d(date: datetime.date | None) -> str:
    """A date as Vietnamese users write it: 31/08/2023."""
    return date.strftime("%d/%m/%Y") if date else "—"


def today() -> datetime.date:
    return timezone.localdate()


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def ensure_not_closed(movement: Movement) -> None:
    if movement.status == MovementStatus.CLOSED:
        raise ValidationError(_("Phong trào «{title}» đã kết thúc; không thể sửa.").format(title=movement.title))


def lock(movement: Movement) -> Movement:
    """Re-read the movement under a row lock: checks that span several rows (overlapping phases, one adoption per
    unit) then see every concurrent change."""
    return Movement.objects.select_for_update().select_related("unit").get(pk=movement.pk)


# --- the movement ---------------------------------------------------------------------------------------------------


def _scope_units(movement: Movement, scope_units: list[Unit] | None, cluster: Cluster | None, errors: dict) -> list:
    unit = movement.unit
    if movement.scope_kind == ScopeKind.CLUSTER:
        if cluster is None:
            errors["cluster"] = _("Chọn «Cụm, khối thi đua» cho phạm vi theo cụm, khối.")
            return []
        units = list(cluster.units.all())
        if not units:
            errors["cluster"] = _("Cụm, khối «{name}» chưa có đơn vị thành viên.").format(name=cluster.name)
    elif movement.scope_kind == ScopeKind.UNITS:
        units = list(scope_units or [])
        if not units:
            errors["scope_units"] = _("Chọn ít nhất một đơn vị cho «Đơn vị trong phạm vi».")
    else:
        units = list(scope_units or []) or [unit]
        if len(units) != 1:
            errors["scope_units"] = _("Phạm vi «một đơn vị và các đơn vị trực thuộc» chỉ gồm một đơn vị.")
    field = "cluster" if movement.scope_kind == ScopeKind.CLUSTER else "scope_units"
    outside = [u.name for u in units if not u.path.startswith(unit.path)]
    if outside:
        errors[field] = _("Đơn vị ngoài phạm vi của đơn vị ban hành «{unit}»: {names}.").format(
            unit=unit.name, names=", ".join(outside)
        )
    nested = [u.name for u in units for o in units if u.pk != o.pk and u.path.startswith(o.path)]
    if nested and field not in errors:
        errors[field] = _("Đơn vị đã nằm trong một đơn vị khác của phạm vi: {names}.").format(names=", ".join(nested))
    return units


def _check_dates(movement: Movement, errors: dict) -> None:
    if movement.starts_on and movement.ends_on and movement.ends_on < movement.starts_on:
        errors["ends_on"] = _("«Đến ngày» ({end}) phải bằng hoặc sau «Từ ngày» ({start}).").format(
            end=d(movement.ends_on), start=d(movement.starts_on)
        )
    opens, closes = movement.registration_opens_on, movement.registration_closes_on
    if opens and closes and closes < opens:
        errors["registration_closes_on"] = _(
            "«Hạn đăng ký» ({closes}) phải sau ngày «Mở đăng ký từ» ({opens})."
        ).format(closes=d(closes), opens=d(opens))
    elif closes and movement.ends_on and closes > movement.ends_on:
        errors["registration_closes_on"] = _(
            "«Hạn đăng ký» ({closes}) phải trước khi phong trào kết thúc ({end})."
        ).format(closes=d(closes), end=d(movement.ends_on))
    if movement.adopter_kind:
        own, below = UNIT_LEVELS.get(movement.unit.kind), UNIT_LEVELS.get(movement.adopter_kind)
        if below is None or (own is not None and below <= own):
            errors["adopter_kind"] = _("«Cấp cần xây dựng kế hoạch» phải là cấp dưới của «{kind}».").format(
                kind=UnitKind(movement.unit.kind).label
            )


def _check_contents_fit(movement: Movement, errors: dict) -> None:
    """Phases and target deadlines must stay inside the movement's period when it changes."""
    if movement.pk is None or "ends_on" in errors:
        return
    for phase in movement.phases.all():
        if phase.starts_on < movement.starts_on:
            errors.setdefault("starts_on", _("«{phase}» bắt đầu ngày {date}, trước «Từ ngày» mới.").format(
                phase=phase.name, date=d(phase.starts_on)))  # fmt: skip
        if phase.ends_on > movement.ends_on:
            errors.setdefault("ends_on", _("«{phase}» kết thúc ngày {date}, sau «Đến ngày» mới.").format(
                phase=phase.name, date=d(phase.ends_on)))  # fmt: skip
    for target in movement.targets.all():
        if not movement.starts_on <= target.deadline <= movement.ends_on:
            field = "starts_on" if target.deadline < movement.starts_on else "ends_on"
            errors.setdefault(field, _("Thời hạn {date} của chỉ tiêu «{target}» nằm ngoài thời gian mới.").format(
                date=d(target.deadline), target=str(target)))  # fmt: skip


def _validate_movement(movement: Movement, *, scope_units, cluster, check_scope: bool = True) -> list[Unit]:
    errors: dict = {}
    try:
        movement.full_clean(exclude=["unit", "parent", "cluster", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    units = _scope_units(movement, scope_units, cluster, errors) if check_scope and "scope_kind" not in errors else []
    _check_dates(movement, errors)
    _check_contents_fit(movement, errors)
    if errors:
        raise ValidationError(errors)
    return units


def _set_scope(movement: Movement, units: list[Unit]) -> None:
    movement.scope_units.set(units)


@transaction.atomic
def movement_create(
    *,
    unit: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    kind: str = MovementKind.ANNUAL,
    by=None,
    scope_kind: str = ScopeKind.SUBTREE,
    scope_units: list[Unit] | None = None,
    cluster: Cluster | None = None,
    parent: Movement | None = None,
    template_key: str = "",
    **fields: Any,
) -> Movement:
    """Create a draft movement issued by ``unit``, with its first (empty) criteria version."""
    unknown = set(fields) - set(MOVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown movement fields: {sorted(unknown)}")
    movement = Movement(unit=unit, title=(title or "").strip(), starts_on=starts_on, ends_on=ends_on, kind=kind,
                        scope_kind=scope_kind, cluster=cluster if scope_kind == ScopeKind.CLUSTER else None,
                        parent=parent, template_key=template_key, created_by=_user(by),
                        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()})  # fmt: skip
    units = _validate_movement(movement, scope_units=scope_units, cluster=cluster)
    movement.save()
    movement.cascade_path = (parent.cascade_path if parent else "/") + f"{movement.pk}/"
    Movement.objects.filter(pk=movement.pk).update(cascade_path=movement.cascade_path)
    _set_scope(movement, units)
    CriteriaVersion.objects.create(movement=movement, number=1, author=_user(by), reason=_("Phiên bản đầu tiên."))
    return movement


@transaction.atomic
def movement_update(
    *,
    movement: Movement,
    by=None,
    scope_units: list[Unit] | None = None,
    cluster: Cluster | None = None,
    scope_kind: str | None = None,
    **fields: Any,
) -> Movement:
    """Change the plan. A closed movement is read-only; after the launch the scope and the kind are fixed."""
    movement = lock(movement)
    ensure_not_closed(movement)
    allowed = MOVEMENT_FIELDS if movement.is_draft else LAUNCHED_EDITABLE
    refused = sorted(set(fields) - set(allowed))
    if not movement.is_draft and (refused or scope_kind is not None or scope_units is not None or cluster):
        names = refused or ["scope_kind"]
        raise ValidationError({name: _("Phong trào đã phát động: không đổi được trường này.") for name in names})
    if refused:
        raise TypeError(f"unknown movement fields: {refused}")
    for name, value in fields.items():
        setattr(movement, name, value.strip() if isinstance(value, str) else value)
    rescope = movement.is_draft and (scope_kind is not None or scope_units is not None or cluster is not None)
    current_units = None
    if rescope:
        movement.scope_kind = scope_kind or movement.scope_kind
        movement.cluster = (cluster or movement.cluster) if movement.scope_kind == ScopeKind.CLUSTER else None
        if movement.scope_kind != ScopeKind.CLUSTER:
            current_units = scope_units if scope_units is not None else list(movement.scope_units.all())
    units = _validate_movement(movement, scope_units=current_units, cluster=movement.cluster, check_scope=rescope)
    movement.save()
    if rescope:
        _set_scope(movement, units)
    return movement


@transaction.atomic
def movement_launch(*, movement: Movement, by=None) -> Movement:
    """Draft → launched. Needs the plan's number and date, at least one phase and one content item. Computes the
    targets' progress once."""
    from thidua.movements.services.targets import movement_recompute_progress

    given, movement = movement, lock(movement)
    if movement.status != MovementStatus.DRAFT:
        raise ValidationError(_("Chỉ phát động được phong trào đang ở trạng thái dự thảo."))
    errors: dict[str, str] = {}
    if not movement.plan_number:
        errors["plan_number"] = _("Nhập «Số kế hoạch» trước khi phát động.")
    if not movement.issued_on:
        errors["issued_on"] = _("Nhập «Ngày ban hành» trước khi phát động.")
    if not movement.phases.exists():
        errors["phases"] = _("Phong trào cần ít nhất một đợt thi đua trước khi phát động.")
    if not ContentItem.objects.filter(group__movement=movement).exists():
        errors["content"] = _("Phong trào cần ít nhất một nội dung thi đua trước khi phát động.")
    if errors:
        raise ValidationError(errors)
    movement.status = MovementStatus.LAUNCHED
    movement.launched_at = timezone.now()
    movement.save(update_fields=["status", "launched_at", "updated_at"])
    given.status, given.launched_at = movement.status, movement.launched_at  # the caller's copy stays current
    movement_recompute_progress(movement=movement)
    return movement


@transaction.atomic
def movement_close(*, movement: Movement, by=None) -> Movement:
    """Final reviewed → closed. A closed movement accepts no more changes or registrations."""
    given, movement = movement, lock(movement)
    if movement.status != MovementStatus.FINAL_REVIEWED:
        raise ValidationError(_("Chỉ kết thúc được phong trào đã tổng kết."))
    movement.status = MovementStatus.CLOSED
    movement.closed_at = timezone.now()
    movement.save(update_fields=["status", "closed_at", "updated_at"])
    given.status, given.closed_at = movement.status, movement.closed_at
    return movement


# --- content --------------------------------------------------------------------------------------------------------


def _ensure_content_editable(movement: Movement) -> None:
    movement = lock(movement)  # the caller's copy may be stale (launched since it was read)
    ensure_not_closed(movement)
    if not movement.is_draft:
        raise ValidationError(_("Nội dung thi đua chỉ sửa được khi kế hoạch còn là dự thảo; sau khi phát động, thay "
                                "đổi tiêu chí (có lưu phiên bản)."))  # fmt: skip


def _next_order(qs) -> int:
    last = qs.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def content_group_add(*, movement: Movement, name: str, subject: str = "", description: str = "",
                      order: int | None = None) -> ContentGroup:  # fmt: skip
    _ensure_content_editable(movement)
    group = ContentGroup(movement=movement, name=(name or "").strip(), subject=subject, description=description.strip(),
                         order=order if order is not None else _next_order(movement.content_groups))  # fmt: skip
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def content_item_add(*, group: ContentGroup, text: str, order: int | None = None) -> ContentItem:
    _ensure_content_editable(group.movement)
    item = ContentItem(group=group, text=(text or "").strip(), order=order if order is not None else
                       _next_order(group.items))  # fmt: skip
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def standard_add(*, item: ContentItem, text: str, order: int | None = None) -> Standard:
    _ensure_content_editable(item.group.movement)
    standard = Standard(item=item, text=(text or "").strip(),
                        order=order if order is not None else _next_order(item.standards))  # fmt: skip
    standard.full_clean()
    standard.save()
    return standard


@transaction.atomic
def content_remove(*, obj: ContentGroup | ContentItem | Standard) -> None:
    """Remove a group, an item or a standard (with what it holds) from a draft plan."""
    movement = obj.movement if isinstance(obj, ContentGroup) else (
        obj.group.movement if isinstance(obj, ContentItem) else obj.item.group.movement)  # fmt: skip
    _ensure_content_editable(movement)
    obj.delete()


# --- criteria and their versions --------------------------------------------------------------------------------------

CRITERION_FIELDS = ("item", "code", "name", "max_points", "method", "metric_key", "metric_params", "target_value",
                    "deduction_points", "order")  # fmt: skip


def current_version(movement: Movement) -> CriteriaVersion:
    version = movement.criteria_versions.order_by("-number").first()
    if version is None:  # movements are created with version 1; this only guards hand-made rows
        version = CriteriaVersion.objects.create(movement=movement, number=1)
    return version


def _validate_criterion(criterion: Criterion, movement: Movement) -> None:
    errors: dict[str, Any] = {}
    try:
        criterion.full_clean(exclude=["version", "origin", "item"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.update_error_dict(errors)) from None
    if criterion.max_points is not None and criterion.max_points <= 0:
        errors["max_points"] = _("«Điểm tối đa» phải lớn hơn 0.")
    if criterion.item_id and criterion.item.group.movement_id != movement.pk:
        errors["item"] = _("«Nội dung thi đua» không thuộc phong trào này.")
    method = criterion.method
    if method in MEASURED_METHODS:
        if not criterion.metric_key:
            errors["metric_key"] = _("Cách đo «{method}» cần «Nguồn dữ liệu».").format(
                method=CriterionMethod(method).label
            )
        elif not re.match(METRIC_KEY_PATTERN, criterion.metric_key):
            errors["metric_key"] = _("«Nguồn dữ liệu» có dạng ứng_dụng.đại_lượng, ví dụ evidence.work_projects.")
        if not isinstance(criterion.metric_params, dict):
            errors["metric_params"] = _("«Tham số nguồn dữ liệu» phải là một bảng khóa – giá trị.")
    elif criterion.metric_key:
        errors["metric_key"] = _("Cách đo «{method}» không dùng «Nguồn dữ liệu».").format(
            method=CriterionMethod(method).label
        )
    if method in (CriterionMethod.COUNT, CriterionMethod.SHARE, CriterionMethod.INDICATOR):
        if criterion.target_value is None or criterion.target_value <= 0:
            errors["target_value"] = _("Nhập «Mức đạt điểm tối đa» (lớn hơn 0).")
        elif method == CriterionMethod.SHARE and criterion.target_value > 100:
            errors["target_value"] = _("«Mức đạt điểm tối đa» là tỷ lệ phần trăm, không thể vượt 100%.")
    if method == CriterionMethod.DEDUCTION:
        points = criterion.deduction_points
        if points is None or points <= 0:
            errors["deduction_points"] = _("Nhập «Điểm trừ mỗi vi phạm» (lớn hơn 0).")
        elif criterion.max_points is not None and points > criterion.max_points:
            errors["deduction_points"] = _("«Điểm trừ mỗi vi phạm» không thể lớn hơn «Điểm tối đa».")
    if errors:
        raise ValidationError(errors)


def _change(
    *, movement: Movement, by, reason: str, change: str, apply: Callable[[CriteriaVersion, dict], Criterion | None]
) -> tuple[CriteriaVersion, Criterion | None]:
    """Apply a change to the criteria. In a draft, version 1 changes in place. Once launched, the current version is
    copied into a new one (author, reason, what changed) and the change applies to the copy."""
    movement = lock(movement)
    ensure_not_closed(movement)
    version = current_version(movement)
    if movement.is_draft:
        return version, apply(version, {c.pk: c for c in version.criteria.all()})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Phong trào đã phát động: ghi «Lý do thay đổi» tiêu chí.")})
    new = CriteriaVersion.objects.create(movement=movement, number=version.number + 1, author=_user(by),
                                         reason=reason.strip(), change=change)  # fmt: skip
    copies = {}
    for old in version.criteria.order_by("order", "pk"):
        copy = Criterion(version=new, origin_id=old.origin_id or old.pk,
                         **{f: getattr(old, f) for f in CRITERION_FIELDS})  # fmt: skip
        copies[old.pk] = copy
    Criterion.objects.bulk_create(copies.values())
    return new, apply(new, copies)


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, ContentItem):
        return str(value)
    return str(value)


def _criterion_summary(criterion: Criterion) -> str:
    return _("«{name}» ({points} điểm, {method})").format(
        name=criterion.name, points=criterion.max_points, method=CriterionMethod(criterion.method).label
    )


@transaction.atomic
def criterion_add(*, movement: Movement, by=None, reason: str = "", **fields: Any) -> Criterion:
    fields.setdefault("metric_params", {})
    fields.setdefault("order", current_version(movement).criteria.count() + 1)
    criterion = Criterion(**{k: v for k, v in fields.items() if k in CRITERION_FIELDS})
    _validate_criterion(criterion, movement)

    def apply(version, copies):
        criterion.version = version
        criterion.save()
        criterion.refresh_from_db()  # the stored values (decimal places) rather than what was typed
        return criterion

    change = _("Thêm tiêu chí {what}.").format(what=_criterion_summary(criterion))
    return _change(movement=movement, by=by, reason=reason, change=change, apply=apply)[1]


@transaction.atomic
def criterion_update(*, criterion: Criterion, by=None, reason: str = "", **fields: Any) -> Criterion:
    """Change a criterion; after the launch this returns the criterion's copy in the new version."""
    criterion = Criterion.objects.select_related("version__movement").get(pk=criterion.pk)
    movement = criterion.version.movement
    if criterion.version_id != current_version(movement).pk:
        raise ValidationError(_("Chỉ sửa được tiêu chí của phiên bản hiện hành."))
    changed = Criterion(**{f: getattr(criterion, f) for f in CRITERION_FIELDS})
    changed.version = criterion.version
    for name, value in fields.items():
        if name in CRITERION_FIELDS:
            setattr(changed, name, value)
    _validate_criterion(changed, movement)
    diffs = []
    for name in CRITERION_FIELDS:
        old, new = _shown(getattr(criterion, name)), _shown(getattr(changed, name))
        if old != new:
            label = str(Criterion._meta.get_field(name).verbose_name).capitalize()
            diffs.append(_("{field}: {old} → {new}").format(field=label, old=old, new=new))
    if not diffs:
        return criterion
    change = _("Sửa tiêu chí «{name}»: {diffs}.").format(name=criterion.name, diffs="; ".join(str(x) for x in diffs))

    def apply(version, copies):
        target = copies[criterion.pk]
        for name in CRITERION_FIELDS:
            setattr(target, name, getattr(changed, name))
        target.save()
        target.refresh_from_db()
        return target

    return _change(movement=movement, by=by, reason=reason, change=change, apply=apply)[1]


@transaction.atomic
def criterion_remove(*, criterion: Criterion, by=None, reason: str = "") -> CriteriaVersion:
    movement = criterion.version.movement
    if criterion.version_id != current_version(movement).pk:
        raise ValidationError(_("Chỉ xóa được tiêu chí của phiên bản hiện hành."))

    def apply(version, copies):
        copies[criterion.pk].delete()

    change = _("Bỏ tiêu chí {what}.").format(what=_criterion_summary(criterion))
    return _change(movement=movement, by=by, reason=reason, change=change, apply=apply)[0]


# --- phases ---------------------------------------------------------------------------------------------------------

GENERATED_PHASE_NAME = re.compile(r"^(Đợt|Phase) \d+$")
PHASE_FIELDS = ("name", "starts_on", "ends_on", "review_kind", "review_due", "review_note")


def _check_phase(phase: Phase, movement: Movement) -> None:
    errors: dict[str, Any] = {}
    try:
        phase.full_clean(exclude=["movement", "number", "name"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if phase.ends_on < phase.starts_on:
        errors["ends_on"] = _("«Đến ngày» ({end}) của đợt phải bằng hoặc sau «Từ ngày» ({start}).").format(
            end=d(phase.ends_on), start=d(phase.starts_on)
        )
    if phase.review_due < phase.starts_on:
        errors["review_due"] = _(
            "«Thời gian sơ kết / tổng kết» ({due}) không thể trước khi đợt bắt đầu ({start})."
        ).format(due=d(phase.review_due), start=d(phase.starts_on))
    if phase.starts_on < movement.starts_on:
        errors["starts_on"] = _("«Từ ngày» ({start}) nằm ngoài thời gian của phong trào ({mstart} – {mend}).").format(
            start=d(phase.starts_on), mstart=d(movement.starts_on), mend=d(movement.ends_on)
        )
    if phase.ends_on > movement.ends_on and "ends_on" not in errors:
        errors["ends_on"] = _("«Đến ngày» ({end}) nằm ngoài thời gian của phong trào ({mstart} – {mend}).").format(
            end=d(phase.ends_on), mstart=d(movement.starts_on), mend=d(movement.ends_on)
        )
    if not errors:
        others = movement.phases.exclude(pk=phase.pk) if phase.pk else movement.phases.all()
        for other in others.order_by("starts_on"):
            if other.starts_on <= phase.ends_on and phase.starts_on <= other.ends_on:
                errors["starts_on"] = _("Đợt trùng thời gian với «{other}» ({start} – {end}).").format(
                    other=other.name, start=d(other.starts_on), end=d(other.ends_on)
                )
                break
            if other.review_kind == ReviewKind.FINAL and other.starts_on < phase.starts_on:
                errors["starts_on"] = _("«{other}» là đợt tổng kết; không thể thêm đợt sau đợt tổng kết.").format(
                    other=other.name
                )
                break
            if phase.review_kind == ReviewKind.FINAL and other.starts_on > phase.starts_on:
                errors["review_kind"] = _("Đợt tổng kết phải là đợt cuối cùng; «{other}» bắt đầu sau đợt này.").format(
                    other=other.name
                )
                break
    if errors:
        raise ValidationError(errors)


def _renumber(movement: Movement) -> None:
    for number, phase in enumerate(movement.phases.order_by("starts_on"), start=1):
        changed = phase.number != number
        phase.number = number
        generated = _("Đợt {number}").format(number=number)
        if (not phase.name or GENERATED_PHASE_NAME.match(phase.name)) and phase.name != generated:
            phase.name = generated  # a name the system gave follows the phase's place
            changed = True
        if changed:
            phase.save(update_fields=["number", "name"])


@transaction.atomic
def phase_add(*, movement: Movement, starts_on: datetime.date, ends_on: datetime.date, review_due: datetime.date,
              review_kind: str = ReviewKind.MIDTERM, name: str = "", review_note: str = "") -> Phase:  # fmt: skip
    """Add a phase. Overlapping phases, or a phase after the final review, are refused."""
    movement = lock(movement)
    ensure_not_closed(movement)
    if movement.status == MovementStatus.FINAL_REVIEWED:
        raise ValidationError(_("Phong trào đã tổng kết; không thêm đợt được nữa."))
    phase = Phase(movement=movement, name=(name or "").strip(), starts_on=starts_on, ends_on=ends_on,
                  review_kind=review_kind, review_due=review_due, review_note=review_note.strip())  # fmt: skip
    _check_phase(phase, movement)
    phase.save()
    _renumber(movement)
    phase.refresh_from_db()
    return phase


@transaction.atomic
def phase_update(*, phase: Phase, **fields: Any) -> Phase:
    movement = lock(phase.movement)
    ensure_not_closed(movement)
    if phase.is_reviewed:
        raise ValidationError(
            _("«{phase}» đã sơ kết / tổng kết; số liệu đã chốt không sửa được.").format(phase=phase.name)
        )
    for name, value in fields.items():
        if name in PHASE_FIELDS:
            setattr(phase, name, value.strip() if isinstance(value, str) else value)
    _check_phase(phase, movement)
    phase.save()
    _renumber(movement)
    return phase


@transaction.atomic
def phase_remove(*, phase: Phase) -> None:
    movement = lock(phase.movement)
    ensure_not_closed(movement)
    if phase.is_reviewed:
        raise ValidationError(_("«{phase}» đã sơ kết / tổng kết; không xóa được.").format(phase=phase.name))
    if movement.status in LAUNCHED_OR_LATER and movement.phases.count() == 1:
        raise ValidationError(_("Phong trào đã phát động cần ít nhất một đợt thi đua."))
    phase.delete()
    _renumber(movement)
