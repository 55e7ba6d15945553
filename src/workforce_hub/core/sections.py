"""Sections that a higher app adds to a lower app's page, so the lower app never imports the higher one.

A page (for example the enrolment page, owned by `schemes`) renders `{{ page_sections(sections) }}` where other
apps may add to it; each app that has something to show there registers a source in its `sections.py` (imported
by its `AppConfig.ready`). A source takes the user and the page's object and returns a `Section` (its own
template, inside its own app, and the data for it) or `None` to show nothing. Sources must read through
`visible_to` querysets, like every other read for a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .access import Actor


@dataclass(frozen=True)
class Section:
    template: str
    data: Mapping[str, Any] = field(default_factory=dict)


SectionSource = Callable[[Any, Any], Section | None]
_SOURCES: dict[str, dict[str, tuple[int, SectionSource]]] = {}

#: The pages that accept sections, and the object each source is given.
PAGES = {
    "organisation_detail": "the organisation",
    "person_detail": "the person",
    "setting_detail": "the placement setting",
    "scheme_detail": "the scheme",
    "cohort_detail": "the cohort",
    "enrolment_detail": "the enrolment",
}


def register(page: str, name: str, *, order: int) -> Callable[[SectionSource], SectionSource]:
    """Decorator: add a source to a page under a unique name (registering the same name again replaces it)."""
    if page not in PAGES:
        raise ValueError(f"No page called {page!r} takes sections.")

    def decorator(source: SectionSource) -> SectionSource:
        _SOURCES.setdefault(page, {})[name] = (order, source)
        return source

    return decorator


def sections_for(page: str, user: Actor, obj: Any) -> list[Section]:
    """The sections to show on a page for this user, in order."""
    found = []
    for _, (_, source) in sorted(_SOURCES.get(page, {}).items(), key=lambda kv: (kv[1][0], kv[0])):
        section = source(user, obj)
        if section is not None:
            found.append(section)
    return found
