"""Cascading: a lower unit adopts an upper unit's movement, producing its own plan linked to the parent."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.movements.choices import RUNNING, AppliesTo, ScopeKind
from thidua.movements.models import ContentGroup, ContentItem, Criterion, Movement, Phase, Standard, Target
from thidua.movements.progress import scope_roots
from thidua.movements.services.plans import CRITERION_FIELDS, current_version, lock, movement_create
from thidua.organizations.choices import UNIT_LEVELS
from thidua.organizations.models import Unit

COPIED_TARGET_FIELDS = ("order", "name", "kind", "source", "comparison", "metric_key", "metric_params",
                        "population_key", "population_params", "target_min", "target_max", "period_start",
                        "deadline", "mandatory")  # fmt: skip


def _adopter_kind_below(parent: Movement, unit: Unit) -> str:
    kind = parent.adopter_kind
    own, below = UNIT_LEVELS.get(unit.kind), UNIT_LEVELS.get(kind) if kind else None
    return kind if below is not None and own is not None and below > own else ""


def _applies_in_child(target: Target, unit: Unit) -> tuple[str, str, list[Unit]] | None:
    """How an inherited target applies in the adopting unit's plan, or None when it does not concern that unit."""
    if target.applies_to == AppliesTo.EACH_KIND:
        own, each = UNIT_LEVELS.get(unit.kind), UNIT_LEVELS.get(target.applies_kind)
        if own is not None and each is not None and each > own:
            return AppliesTo.EACH_KIND, target.applies_kind, []
        return AppliesTo.ISSUER, "", []
    if target.applies_to == AppliesTo.LISTED:
        listed = list(target.applies_units.all())
        if any(unit.path.startswith(u.path) for u in listed):
            return AppliesTo.ISSUER, "", []
        inside = [u for u in listed if u.path.startswith(unit.path)]
        return (AppliesTo.LISTED, "", inside) if inside else None
    return AppliesTo.ISSUER, "", []


@transaction.atomic
def movement_adopt(
    *,
    parent: Movement,
    unit: Unit,
    by=None,
    plan_number: str = "",
    issued_on: datetime.date | None = None,
    signer: str = "",
    signer_title: str = "",
) -> Movement:
    """The unit's own draft plan for ``parent``: the same period, content, criteria and phases, and the targets
    (linked to the parent's, keeping the ``mandatory`` flag). The unit then tightens it and launches it."""
    parent = lock(parent)
    if parent.status not in RUNNING:
        raise ValidationError(_("Chỉ xây dựng kế hoạch theo một phong trào cấp trên đang diễn ra."))
    if not unit.is_open:
        raise ValidationError({"unit": _("Đơn vị «{unit}» đã giải thể.").format(unit=unit.name)})
    roots = scope_roots(parent)
    if unit.pk == parent.unit_id or not any(unit.path.startswith(r.path) for r in roots):
        raise ValidationError({"unit": _("«{unit}» không thuộc phạm vi của phong trào «{title}».").format(
            unit=unit.name, title=parent.title)})  # fmt: skip
    existing = Movement.objects.filter(unit=unit, cascade_path__startswith=parent.chain_root_path).first()
    if existing is not None:
        raise ValidationError({"unit": _("«{unit}» đã có kế hoạch {number} cho phong trào này.").format(
            unit=unit.name, number=existing.plan_number or _("(dự thảo)"))})  # fmt: skip

    child = movement_create(
        unit=unit, title=parent.title, starts_on=parent.starts_on, ends_on=parent.ends_on, kind=parent.kind, by=by,
        scope_kind=ScopeKind.SUBTREE, scope_units=[unit], parent=parent, template_key=parent.template_key,
        plan_number=plan_number, issued_on=issued_on, signer=signer, signer_title=signer_title, theme=parent.theme,
        purpose=parent.purpose, adopter_kind=_adopter_kind_below(parent, unit),
        registration_opens_on=parent.registration_opens_on, registration_closes_on=parent.registration_closes_on,
    )  # fmt: skip

    items: dict[int, ContentItem] = {}
    for group in parent.content_groups.prefetch_related("items__standards"):
        new_group = ContentGroup.objects.create(movement=child, name=group.name, subject=group.subject,
                                                description=group.description, order=group.order)  # fmt: skip
        for item in group.items.all():
            items[item.pk] = ContentItem.objects.create(group=new_group, text=item.text, order=item.order)
            for standard in item.standards.all():
                Standard.objects.create(item=items[item.pk], text=standard.text, order=standard.order)

    version = current_version(child)
    source = current_version(parent)
    version.reason = _("Kế thừa tiêu chí phiên bản {number} của kế hoạch cấp trên.").format(number=source.number)
    version.save(update_fields=["reason"])
    for criterion in source.criteria.order_by("order", "pk"):
        values = {f: getattr(criterion, f) for f in CRITERION_FIELDS}
        values["item"] = items.get(criterion.item_id)
        Criterion.objects.create(version=version, **values)

    for phase in parent.phases.order_by("starts_on"):
        Phase.objects.create(movement=child, number=phase.number, name=phase.name, starts_on=phase.starts_on,
                             ends_on=phase.ends_on, review_kind=phase.review_kind, review_due=phase.review_due,
                             review_note=phase.review_note)  # fmt: skip

    for target in parent.targets.prefetch_related("applies_units").order_by("order", "pk"):
        applies = _applies_in_child(target, unit)
        if applies is None:
            continue
        applies_to, applies_kind, listed = applies
        copy = Target.objects.create(movement=child, parent_target=target, applies_to=applies_to,
                                     applies_kind=applies_kind, content_item=items.get(target.content_item_id),
                                     **{f: getattr(target, f) for f in COPIED_TARGET_FIELDS})  # fmt: skip
        copy.lineage = f"{target.lineage}{copy.pk}/"
        Target.objects.filter(pk=copy.pk).update(lineage=copy.lineage)
        if listed:
            copy.applies_units.set(listed)
    return child
