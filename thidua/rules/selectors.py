"""Reading rules: the pack in force for a unit on a date, and typed values from it.

Callers never hold legal numbers themselves: they ask ``param(pack, key, on=…)``, ``scale(…)``, ``titles(…)``.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from thidua.rules.choices import EntryKind, Subject
from thidua.rules.models import RuleEntry, RulePack
from thidua.rules.values import ScaleValue, TitleValue


class RuleMissing(LookupError):
    """No pack in force, or the pack has no value for a key on that date. The message is for officers."""


@dataclass(frozen=True)
class RuleValue:
    key: str
    name: str
    value: Any
    citation: str
    unverified: bool
    pack_code: str


@dataclass(frozen=True)
class TitleDef:
    code: str
    name: str
    subject: str
    level: str
    conferred_by: str
    conditions: list = field(default_factory=list)
    union_form: bool = False
    thematic: bool = False
    only_gender: str | None = None
    citation: str = ""
    unverified: bool = False


def pack_in_force(*, on: datetime.date, unit=None) -> RulePack:
    """The organisation's own pack nearest up the tree from ``unit``, else the national default, in force on ``on``.

    Among several candidates at the same level, the one that took effect last wins.
    """
    candidates = RulePack.objects.in_force(on)
    if unit is not None:
        ancestor_ids = [int(i) for i in unit.path.strip("/").split("/") if i]
        owned = {p.owner_id: p for p in candidates.filter(owner_id__in=ancestor_ids).order_by("effective_from")}
        for unit_id in reversed(ancestor_ids):
            if unit_id in owned:
                return owned[unit_id]
    national = candidates.filter(owner__isnull=True).order_by("-effective_from").first()
    if national is None:
        raise RuleMissing(
            _("Không có bộ quy tắc nào có hiệu lực vào ngày {date}.").format(date=on.strftime("%d/%m/%Y"))
        )
    return national


def _entries(pack: RulePack, on: datetime.date | None):
    qs = RuleEntry.objects.filter(pack=pack)
    return qs.in_force(on) if on is not None else qs


def param(pack: RulePack, key: str, *, on: datetime.date | None = None) -> RuleValue:
    """The value of ``key`` in force on ``on`` (the latest one when ``on`` is None)."""
    entry = _entries(pack, on).filter(key=key).order_by("-effective_from").first()
    if entry is None:
        raise RuleMissing(
            _("Bộ quy tắc «{pack}» không có giá trị «{key}» áp dụng vào ngày {date}.").format(
                pack=pack.name, key=key, date=on.strftime("%d/%m/%Y") if on else "—"
            )
        )
    return RuleValue(entry.key, entry.name, entry.value, entry.citation, entry.unverified, pack.code)


def scale(pack: RulePack, population: str, *, on: datetime.date | None = None) -> tuple[ScaleValue, RuleValue]:
    raw = param(pack, f"scale.{population}", on=on)
    return ScaleValue.model_validate(raw.value), raw


def titles(pack: RulePack, *, subject: str | None = None, on: datetime.date | None = None) -> list[TitleDef]:
    """The titles and award forms of the pack, in the pack's order (state titles first, then union forms)."""
    result = []
    for entry in _entries(pack, on).filter(kind=EntryKind.TITLE).order_by("pk"):
        value = TitleValue.model_validate(entry.value)
        if subject is not None and value.subject != subject:
            continue
        result.append(
            TitleDef(
                code=value.code,
                name=entry.name,
                subject=value.subject,
                level=value.level,
                conferred_by=value.conferred_by,
                conditions=value.conditions,
                union_form=value.union_form,
                thematic=value.thematic,
                only_gender=value.only_gender,
                citation=entry.citation,
                unverified=entry.unverified,
            )
        )
    return result


def title(pack: RulePack, code: str, *, on: datetime.date | None = None) -> TitleDef:
    for item in titles(pack, on=on):
        if item.code == code:
            return item
    raise RuleMissing(_("Bộ quy tắc «{pack}» không có danh hiệu «{code}».").format(pack=pack.name, code=code))


def base_salary(*, on: datetime.date, unit=None) -> RuleValue:
    return param(pack_in_force(on=on, unit=unit), "salary.base", on=on)


def packs_visible(user):
    return RulePack.objects.visible_to(user).select_related("owner", "based_on")


def pack_entries(pack: RulePack):
    """Entries grouped by kind for the pack page, in file order within each kind."""
    groups: dict[str, list[RuleEntry]] = {kind: [] for kind in EntryKind.values}
    for entry in pack.entries.order_by("kind", "pk"):
        groups[entry.kind].append(entry)
    return [(EntryKind(kind).label, items) for kind, items in groups.items() if items]


__all__ = [
    "RuleMissing",
    "RuleValue",
    "Subject",
    "TitleDef",
    "base_salary",
    "pack_entries",
    "pack_in_force",
    "packs_visible",
    "param",
    "scale",
    "title",
    "titles",
]
