"""Writes to the organisation tree. Every function keeps ``Unit.path`` consistent."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from thidua.organizations.choices import UNIT_LEVELS, UnitKind
from thidua.organizations.models import Cluster, Term, Unit


def _check_placement(*, kind: str, parent: Unit | None) -> None:
    """A union unit sits below a higher union level (or below an agency); the levels only go down."""
    if parent is None:
        return
    if not parent.is_open:
        raise ValidationError({"parent": _("Đơn vị cấp trên «{name}» đã giải thể.").format(name=parent.name)})
    child_level, parent_level = UNIT_LEVELS.get(kind), parent.level
    if child_level is not None and parent_level is not None and child_level <= parent_level:
        raise ValidationError(
            {
                "parent": _("Không thể đặt «{kind}» dưới «{parent_kind}».").format(
                    kind=UnitKind(kind).label, parent_kind=UnitKind(parent.kind).label
                )
            }
        )


def _set_path(unit: Unit) -> None:
    unit.path = (unit.parent.path if unit.parent_id else "/") + f"{unit.pk}/"
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)


@transaction.atomic
def unit_create(
    *, name: str, kind: str, parent: Unit | None = None, short_name: str = "", agency: Unit | None = None
) -> Unit:
    _check_placement(kind=kind, parent=parent)
    unit = Unit(name=name.strip(), kind=kind, parent=parent, short_name=short_name.strip(), agency=agency)
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, name: str, short_name: str = "", agency: Unit | None = None) -> Unit:
    """Rename a unit (and set its abbreviation and agency). The history keeps the old name."""
    unit.name = name.strip()
    unit.short_name = short_name.strip()
    unit.agency = agency
    unit.full_clean(exclude=["path", "parent"])
    unit.save(update_fields=["name", "short_name", "agency", "updated_at"])
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    """Move a unit with its whole subtree under another unit; moving it into its own subtree is refused."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("Không thể chuyển «{unit}» vào chính nó hoặc đơn vị trực thuộc nó.").format(unit=unit.name)}
        )
    _check_placement(kind=unit.kind, parent=new_parent)
    old_path = unit.path
    new_path = f"{new_parent.path}{unit.pk}/"
    unit.parent = new_parent
    unit.save(update_fields=["parent", "updated_at"])
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1))
    )
    unit.path = new_path
    return unit


@transaction.atomic
def unit_close(*, unit: Unit, closed_on: datetime.date, reason: str = "") -> int:
    """Close a unit and its subtree (dissolved or merged). Refused while active members remain in it.

    Returns the number of units closed.
    """
    from thidua.metrics.registry import MetricRequest, measure  # members registers it

    remaining = measure("members.active", MetricRequest(unit_paths=(unit.path,)))[unit.path].numerator
    if remaining:
        raise ValidationError(
            _("Còn {count} đoàn viên đang sinh hoạt trong «{unit}»; hãy chuyển sinh hoạt cho họ trước.").format(
                count=remaining, unit=unit.name
            )
        )
    units = list(Unit.objects.filter(path__startswith=unit.path, closed_on__isnull=True))
    for u in units:
        u.closed_on = closed_on
        u.closed_reason = reason
        u.save(update_fields=["closed_on", "closed_reason", "updated_at"])
    return len(units)


@transaction.atomic
def cluster_create(
    *, name: str, kind: str, year: int, organizer: Unit, units: list[Unit], leader: Unit | None = None
) -> Cluster:
    cluster = Cluster(name=name.strip(), kind=kind, year=year, organizer=organizer, leader=leader)
    cluster.full_clean()
    _check_cluster(cluster=cluster, units=units, leader=leader)
    cluster.save()
    cluster.units.set(units)
    return cluster


@transaction.atomic
def cluster_set_leader(*, cluster: Cluster, leader: Unit) -> Cluster:
    _check_cluster(cluster=cluster, units=list(cluster.units.all()), leader=leader)
    cluster.leader = leader
    cluster.save(update_fields=["leader", "updated_at"])
    return cluster


def _check_cluster(*, cluster: Cluster, units: list[Unit], leader: Unit | None) -> None:
    outside = [u.name for u in units if not u.path.startswith(cluster.organizer.path)]
    if outside:
        raise ValidationError(
            {"units": _("Đơn vị không thuộc phạm vi của đơn vị tổ chức: {names}.").format(names=", ".join(outside))}
        )
    if leader is not None and leader.pk not in {u.pk for u in units}:
        raise ValidationError({"leader": _("Cụm trưởng phải là một đơn vị thành viên của cụm/khối.")})


@transaction.atomic
def term_create(*, unit: Unit, name: str, starts_on: datetime.date, ends_on: datetime.date) -> Term:
    term = Term(unit=unit, name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")})
    term.full_clean()
    term.save()
    return term
