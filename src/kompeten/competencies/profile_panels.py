"""Panels that apps further down the flow add to the competency profile.

The flow runs competencies → development → …, so the profile cannot import those apps; they
register a panel provider here (in their AppConfig.ready) and the profile renders whatever
is registered. A provider takes (request, employee) — the employee already fetched through
the scoped selector — and returns {"template": ..., **context} or None.
"""

from collections.abc import Callable

PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def panels_for(request, employee) -> list[dict]:
    return [panel for provider in PROVIDERS if (panel := provider(request, employee))]
