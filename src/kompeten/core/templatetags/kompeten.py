from django import template

register = template.Library()


@register.filter
def tree_indent(depth: int) -> str:
    """Leading dashes that show a unit's depth in a flat <select>."""
    return "— " * max(0, int(depth or 1) - 1)


@register.simple_tag
def sort_link(sort: str, key: str) -> str:
    """The sort value a column header links to: ascending first, then descending."""
    return f"-{key}" if sort == key else key


@register.simple_tag
def sort_arrow(sort: str, key: str) -> str:
    return " ▲" if sort == key else " ▼" if sort == f"-{key}" else ""
