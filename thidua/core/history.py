"""Audit trail: the models whose history users can read, and the readable diff of each change."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: object
    who: object
    kind: str
    changes: list[Change]


KIND_LABELS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def historied_model(label: str):
    """The model behind "app.model" if it keeps history, else None."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if hasattr(model, "history") and hasattr(model._default_manager, "visible_to") else None


def history_entries(obj) -> list[HistoryEntry]:
    """Newest first; each entry lists the fields that changed, with their verbose names."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    model = type(obj)
    entries = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = model._meta.get_field(change.field)
                changes.append(
                    Change(str(field.verbose_name), _display(field, change.old), _display(field, change.new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=KIND_LABELS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
    return entries


def _display(field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    return value
