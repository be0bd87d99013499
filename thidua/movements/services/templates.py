"""Plans shipped as templates (thidua/movements/seed_templates/*.toml): the plans of the seed articles, reproduced in
their own Vietnamese wording. A template becomes a draft movement of a chosen unit and year in one call.

Dates in a template are written relative to the chosen year: "{Y}-01-01", "{Y-1}-11-25", "{Y+6}-12-31"; "{Y}" in
texts becomes the year too.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.movements.choices import AppliesTo
from thidua.movements.models import ContentGroup, ContentItem, Movement
from thidua.movements.services.plans import (
    content_group_add,
    content_item_add,
    criterion_add,
    movement_create,
    movement_launch,
    phase_add,
    standard_add,
)
from thidua.movements.services.targets import target_add
from thidua.organizations.choices import UNIT_LEVELS
from thidua.organizations.models import Unit

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "seed_templates"
_YEAR = re.compile(r"\{Y(?:([+-])(\d+))?\}")


@dataclass(frozen=True)
class TemplateInfo:
    key: str
    name: str
    source: str
    default_year: int
    notes: tuple[str, ...]
    groups: int
    items: int
    phases: int
    targets: int


def _with_year(text: str, year: int) -> str:
    def replace(match: re.Match) -> str:
        sign, amount = match.group(1), match.group(2)
        offset = int(amount) * (1 if sign == "+" else -1) if sign else 0
        return str(year + offset)

    return _YEAR.sub(replace, text)


def _date(text: str | None, year: int) -> datetime.date | None:
    return datetime.date.fromisoformat(_with_year(text, year)) if text else None


@cache
def _load_all() -> dict[str, dict]:
    templates = {}
    for path in sorted(TEMPLATES_DIR.glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        templates[data["key"]] = data
    return templates


def template_data(key: str) -> dict:
    try:
        return _load_all()[key]
    except KeyError:
        raise ValidationError({"template": _("Không có mẫu kế hoạch «{key}».").format(key=key)}) from None


def templates_available() -> list[TemplateInfo]:
    result = []
    for key, data in _load_all().items():
        groups = data.get("groups", [])
        result.append(TemplateInfo(
            key=key, name=data["name"], source=data.get("source", ""), default_year=data["default_year"],
            notes=tuple(_with_year(n, data["default_year"]) for n in data.get("notes", [])), groups=len(groups),
            items=sum(len(g.get("items", [])) for g in groups), phases=len(data.get("phases", [])),
            targets=len(data.get("targets", [])),
        ))  # fmt: skip
    return result


def _applies(spec: dict, unit: Unit) -> dict[str, Any]:
    applies_to = spec.get("applies_to", AppliesTo.ISSUER)
    kind = spec.get("applies_kind", "")
    if applies_to == AppliesTo.EACH_KIND:
        own, each = UNIT_LEVELS.get(unit.kind), UNIT_LEVELS.get(kind)
        if own is not None and each is not None and each <= own:
            return {"applies_to": AppliesTo.ISSUER, "applies_kind": ""}
    return {"applies_to": applies_to, "applies_kind": kind}


@transaction.atomic
def movement_from_template(
    *,
    key: str,
    unit: Unit,
    year: int,
    by=None,
    plan_number: str | None = None,
    issued_on: datetime.date | None = None,
    signer: str | None = None,
    signer_title: str | None = None,
    launch: bool = False,
) -> Movement:
    """A draft movement of ``unit`` for ``year`` from a template (content, standards, criteria, phases, targets);
    launched at once when ``launch`` is set. Everything is validated like a hand-made plan; any error leaves
    nothing behind."""
    data = template_data(key)
    plan = data["movement"]

    def text(value: str | None) -> str:
        return _with_year(value or "", year)

    adopter = plan.get("adopter_kind", "")
    if adopter and not (UNIT_LEVELS.get(adopter) or 0) > (UNIT_LEVELS.get(unit.kind) or 99):
        adopter = ""  # the template's lower level does not exist below this unit
    movement = movement_create(
        unit=unit, title=text(plan["title"]), starts_on=_date(plan["starts_on"], year),
        ends_on=_date(plan["ends_on"], year), kind=plan.get("kind", "annual"), by=by, template_key=key,
        plan_number=plan_number if plan_number is not None else text(plan.get("plan_number")),
        issued_on=issued_on or _date(plan.get("issued_on"), year),
        signer=signer if signer is not None else plan.get("signer", ""),
        signer_title=signer_title if signer_title is not None else plan.get("signer_title", ""),
        theme=text(plan.get("theme")), purpose=text(plan.get("purpose")), adopter_kind=adopter,
        registration_opens_on=_date(plan.get("registration_opens_on"), year),
        registration_closes_on=_date(plan.get("registration_closes_on"), year),
    )  # fmt: skip
    items: list[list[ContentItem]] = []
    for group_spec in data.get("groups", []):
        group: ContentGroup = content_group_add(movement=movement, name=text(group_spec["name"]),
                                                subject=group_spec.get("subject", ""),
                                                description=text(group_spec.get("description")))  # fmt: skip
        group_items = []
        for item_spec in group_spec.get("items", []):
            item = content_item_add(group=group, text=text(item_spec["text"]))
            for standard in item_spec.get("standards", []):
                standard_add(item=item, text=text(standard))
            group_items.append(item)
        items.append(group_items)
    for criterion_spec in data.get("criteria", []):
        criterion = dict(criterion_spec)
        where = criterion.pop("item", None)
        criterion_add(movement=movement, by=by, item=items[where[0]][where[1]] if where else None, **criterion)
    for phase in data.get("phases", []):
        phase_add(movement=movement, name=text(phase.get("name")), starts_on=_date(phase["starts_on"], year),
                  ends_on=_date(phase["ends_on"], year), review_kind=phase.get("review_kind", "midterm"),
                  review_due=_date(phase["review_due"], year), review_note=text(phase.get("review_note")))  # fmt: skip
    for spec in data.get("targets", []):
        where = spec.get("item")
        target_add(
            movement=movement, by=by, name=text(spec["name"]), kind=spec["kind"], source=spec.get("source", "metric"),
            comparison=spec.get("comparison", "at_least"), metric_key=spec.get("metric_key", ""),
            metric_params=dict(spec.get("metric_params", {})), population_key=spec.get("population_key", ""),
            population_params=dict(spec.get("population_params", {})), target_min=spec.get("target_min"),
            target_max=spec.get("target_max"), deadline=_date(spec["deadline"], year),
            period_start=_date(spec.get("period_start"), year), mandatory=spec.get("mandatory", False),
            content_item=items[where[0]][where[1]] if where else None, **_applies(spec, unit),
        )  # fmt: skip
    if launch:
        movement = movement_launch(movement=movement, by=by)
    return movement
