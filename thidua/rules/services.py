"""Writes to rule packs: loading the shipped packs, cloning a pack for an organisation, editing a clone."""

import datetime
import tomllib
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.rules.models import RuleEntry, RulePack
from thidua.rules.values import validate_value

PACKS_DIR = Path(__file__).resolve().parent / "packs"


def read_pack_file(path: Path) -> dict[str, Any]:
    """Parse and validate a pack file; raise ImproperlyConfigured naming the entry that is wrong."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    pack = data.get("pack") or {}
    for required in ("code", "name", "citation", "effective_from"):
        if required not in pack:
            raise ImproperlyConfigured(f"{path.name}: [pack] needs {required!r}")
    seen: set[tuple[str, datetime.date]] = set()
    for number, entry in enumerate(data.get("entry", []), start=1):
        where = f"{path.name}: entry {number} ({entry.get('key', '?')})"
        for required in ("kind", "key", "name", "citation", "value"):
            if required not in entry:
                raise ImproperlyConfigured(f"{where} needs {required!r}")
        problem = validate_value(entry["kind"], entry["value"])
        if problem:
            raise ImproperlyConfigured(f"{where}: {problem}")
        identity = (entry["key"], entry.get("effective_from", pack["effective_from"]))
        if identity in seen:
            raise ImproperlyConfigured(f"{where}: the key appears twice with the same start date")
        seen.add(identity)
    return data


@transaction.atomic
def shipped_packs_sync(directory: Path = PACKS_DIR) -> list[RulePack]:
    """Create or refresh the read-only packs shipped with the code. Clones made by administrators are untouched."""
    packs = []
    for path in sorted(directory.glob("*.toml")):
        data = read_pack_file(path)
        meta = data["pack"]
        pack, _created = RulePack.objects.update_or_create(
            code=meta["code"],
            defaults={
                "name": meta["name"],
                "citation": meta["citation"].strip(),
                "effective_from": meta["effective_from"],
                "effective_to": meta.get("effective_to"),
                "owner": None,
                "shipped": True,
            },
        )
        wanted = set()
        for entry in data.get("entry", []):
            starts = entry.get("effective_from", meta["effective_from"])
            wanted.add((entry["key"], starts))
            defaults = {
                "kind": entry["kind"],
                "name": entry["name"],
                "value": entry["value"],
                "citation": entry["citation"],
                "unverified": bool(entry.get("unverified", False)),
                "note": entry.get("note", ""),
                "effective_to": entry.get("effective_to"),
            }
            existing = RuleEntry.objects.filter(pack=pack, key=entry["key"], effective_from=starts).first()
            if existing is None:
                RuleEntry.objects.create(pack=pack, key=entry["key"], effective_from=starts, **defaults)
            elif any(getattr(existing, k) != v for k, v in defaults.items()):
                for k, v in defaults.items():
                    setattr(existing, k, v)
                existing.save()
        for stale in pack.entries.all():
            if (stale.key, stale.effective_from) not in wanted:
                stale.delete()
        packs.append(pack)
    return packs


@transaction.atomic
def pack_clone(*, pack: RulePack, owner, code: str, name: str, effective_from: datetime.date | None = None) -> RulePack:
    """Copy a pack for an organisation (its subtree); the copy is editable and takes precedence there."""
    clone = RulePack(
        code=code.strip(),
        name=name.strip(),
        citation=pack.citation,
        effective_from=effective_from or pack.effective_from,
        effective_to=pack.effective_to,
        owner=owner,
        based_on=pack,
        shipped=False,
    )
    clone.full_clean()
    clone.save()
    for entry in pack.entries.order_by("pk"):
        if entry.effective_to is not None and entry.effective_to < clone.effective_from:
            continue  # ended before the copy takes effect
        RuleEntry.objects.create(
            pack=clone, kind=entry.kind, key=entry.key, name=entry.name, value=entry.value, citation=entry.citation,
            unverified=entry.unverified, note=entry.note,
            effective_from=max(entry.effective_from, clone.effective_from), effective_to=entry.effective_to,
        )  # fmt: skip
    return clone


@transaction.atomic
def entry_update(
    *, entry: RuleEntry, value: Any, citation: str, unverified: bool, note: str = "",
    effective_to: datetime.date | None = None,
) -> RuleEntry:  # fmt: skip
    """Change a value of an organisation's pack. Shipped packs are read-only; the history keeps the old value."""
    if entry.pack.shipped:
        raise ValidationError(_("Bộ quy tắc gốc chỉ đọc. Hãy sao bộ quy tắc cho đơn vị rồi sửa bản sao."))
    problem = validate_value(entry.kind, value)
    if problem:
        raise ValidationError({"value": _("Giá trị không đúng cấu trúc: {problem}").format(problem=problem)})
    if not citation.strip():
        raise ValidationError({"citation": _("Mỗi giá trị phải ghi rõ căn cứ.")})
    entry.value = value
    entry.citation = citation.strip()
    entry.unverified = unverified
    entry.note = note
    entry.effective_to = effective_to
    entry.full_clean()
    entry.save()
    return entry
