"""Writes to movements. Callers use ``from thidua.movements import services`` and ``services.<entity>_<verb>(...)``;
the functions live in the modules of this package by topic."""

from thidua.movements.services.cascade import movement_adopt
from thidua.movements.services.plans import (
    content_group_add,
    content_item_add,
    content_remove,
    criterion_add,
    criterion_remove,
    criterion_update,
    current_version,
    movement_close,
    movement_create,
    movement_launch,
    movement_update,
    phase_add,
    phase_remove,
    phase_update,
    standard_add,
)
from thidua.movements.services.registrations import (
    available_titles,
    registration_submit,
    registration_window_error,
    registration_withdraw,
)
from thidua.movements.services.targets import (
    manual_value_record,
    movement_recompute_progress,
    phase_review,
    target_add,
    target_remove,
    target_update,
)
from thidua.movements.services.templates import movement_from_template, templates_available

__all__ = [
    "available_titles",
    "content_group_add",
    "content_item_add",
    "content_remove",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "current_version",
    "manual_value_record",
    "movement_adopt",
    "movement_close",
    "movement_create",
    "movement_from_template",
    "movement_launch",
    "movement_recompute_progress",
    "movement_update",
    "phase_add",
    "phase_remove",
    "phase_review",
    "phase_update",
    "registration_submit",
    "registration_window_error",
    "registration_withdraw",
    "standard_add",
    "target_add",
    "target_remove",
    "target_update",
    "templates_available",
]
