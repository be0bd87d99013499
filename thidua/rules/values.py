"""Typed shapes of rule-pack values. Every entry is validated against the shape of its kind before it is saved,
whether it comes from a shipped TOML file or from an administrator's edit."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from thidua.rules.choices import CLASSIFICATION_ORDER, Classification, EntryKind, Subject

CONDITION_TYPES = {
    "rated_at_least": {"level"},
    "consecutive_years_rated": {"level", "years"},
    "participated_in_emulation": set(),
    "holds_title": {"title"},
    "consecutive_years": {"title", "years"},
    "initiative_recognised": {"scope"},
    "research_accepted": set(),
    "no_member_disciplined": {"min_level"},
    "unit_rated_at_least": {"level"},
    "members_share_with_title": {"title", "min_share"},
    "members_all_rated_at_least": {"level"},
    "members_count_with_title": {"title", "min_count"},
    "cluster_leader": set(),
    "manual": {"label"},
    "any_of": {"conditions"},
    "all_of": {"conditions"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    code: Classification
    min_points: float = Field(ge=0)


class ScaleValue(_Strict):
    population: str
    max_points: float = Field(gt=0)
    parts: dict[str, float] = {}
    bonus_max: float = Field(default=0, ge=0)
    levels: list[Level]
    discipline_forces: Classification | None = None
    min_criterion_share: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _levels_in_order(self) -> "ScaleValue":
        codes = [level.code for level in self.levels]
        if codes != CLASSIFICATION_ORDER:
            raise ValueError("levels must list HTXS, HTT, HT, KHT in that order")
        mins = [level.min_points for level in self.levels]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError("level thresholds must strictly decrease")
        if mins[-1] != 0:
            raise ValueError("the lowest level must start at 0 points")
        if (
            self.parts
            and abs(sum(self.parts.values()) + self.bonus_max - self.max_points) > 1e-9
            and (abs(sum(self.parts.values()) - self.max_points) > 1e-9)
        ):
            raise ValueError("the parts must add up to the maximum (with or without the bonus)")
        return self

    def classify(self, points: float) -> Classification:
        for level in self.levels:
            if points >= level.min_points:
                return level.code
        return Classification.KHT


def _check_conditions(conditions: list[dict[str, Any]]) -> None:
    for condition in conditions:
        kind = condition.get("type")
        if kind not in CONDITION_TYPES:
            raise ValueError(f"unknown condition type {kind!r}")
        missing = CONDITION_TYPES[kind] - set(condition)
        if missing:
            raise ValueError(f"condition {kind!r} needs {sorted(missing)}")
        if kind in {"any_of", "all_of"}:
            _check_conditions(condition["conditions"])


class TitleValue(_Strict):
    code: str
    subject: Subject
    level: str
    conferred_by: str
    conditions: list[dict[str, Any]] = []
    union_form: bool = False
    thematic: bool = False
    only_gender: Literal["female", "male"] | None = None

    @field_validator("conditions")
    @classmethod
    def _known_conditions(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        _check_conditions(value)
        return value


SHAPES: dict[str, type[BaseModel] | None] = {
    EntryKind.SCALE: ScaleValue,
    EntryKind.TITLE: TitleValue,
    EntryKind.PARAMETER: None,  # any JSON value; its meaning is documented with its key in docs/rules.md
    EntryKind.SALARY: None,
}


def validate_value(kind: str, value: Any) -> str | None:
    """None when ``value`` fits its kind, else a readable reason."""
    if kind == EntryKind.SALARY:
        return None if isinstance(value, int) and value > 0 else "a base salary is a positive whole number of đồng"
    shape = SHAPES.get(kind)
    if shape is None:
        return None
    try:
        shape.model_validate(value)
    except ValidationError as error:
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in error.errors())
    return None
