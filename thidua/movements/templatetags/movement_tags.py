"""Showing targets and their progress: thresholds ("≥ 90%", "10–15%"), values and status badges."""

from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from thidua.movements.choices import STATUS_COLOURS, Comparison, ProgressStatus, TargetKind

register = template.Library()


def _number(value) -> str:
    if value in (None, ""):  # "": a missing row, as the template engine renders it
        return "—"
    if isinstance(value, Decimal):
        value = float(value)
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")  # Vietnamese: decimal comma, thin space for thousands


@register.filter
def amount(value, target) -> str:
    """A measured or planned value in the target's unit: "87,5%", "3"."""
    if value in (None, ""):
        return "—"
    suffix = "%" if target.kind == TargetKind.SHARE else ""
    return _number(value) + suffix


@register.filter
def threshold(target) -> str:
    """What the target asks for: "≥ 90%", "10–15%", "≤ 2", "đạt"."""
    if target.kind == TargetKind.REACH:
        return _("đạt")
    suffix = "%" if target.kind == TargetKind.SHARE else ""
    if target.comparison == Comparison.RANGE:
        return f"{_number(target.target_min)}–{_number(target.target_max)}{suffix}"
    if target.comparison == Comparison.AT_MOST:
        return f"≤ {_number(target.target_max)}{suffix}"
    return f"≥ {_number(target.target_min)}{suffix}"


@register.simple_tag
def status_badge(row) -> str:
    status = row.status if row is not None else ProgressStatus.NO_DATA
    colour = STATUS_COLOURS.get(status, "secondary")
    text_class = " text-dark border" if colour == "light" else ""
    return format_html('<span class="badge text-bg-{}{}">{}</span>', colour, text_class, ProgressStatus(status).label)


@register.filter
def status_colour(row) -> str:
    return STATUS_COLOURS.get(row.status if row is not None else ProgressStatus.NO_DATA, "secondary")


@register.filter
def bar_percent(row, target) -> int:
    """How full a progress bar is: the value against the minimum (or the limit), 0–100."""
    if row is None or row.value is None:
        return 0
    goal = target.target_min if target.target_min is not None else target.target_max
    if not goal:
        return 100 if row.value else 0
    return int(max(0.0, min(100.0, row.value / float(goal) * 100)))


@register.simple_tag
def dashboard_cells(cells) -> str:
    """The cells of one dashboard row, built in Python: a page holds up to 50 units × the targets (1,000 cells and
    more), which a template loop would spend most of the page's time on. Every piece is escaped once: the status
    labels here, the values are numbers formatted by ``amount``."""
    opening = {
        status: format_html(
            '<td class="text-center small text-bg-{}" title="{}">', colour, ProgressStatus(status).label
        )
        for status, colour in STATUS_COLOURS.items()
    }
    parts = []
    for target, cell in cells:
        if cell is None:
            parts.append('<td class="text-center small">·</td>')
        else:
            parts.append(opening[cell.status] + escape(amount(cell.value, target)) + "</td>")
    return mark_safe("".join(parts))  # noqa: S308 - built above from escaped pieces only
