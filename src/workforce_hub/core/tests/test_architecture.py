"""The shape every app keeps (ADR 0011, docs/architecture.md): templates in their app, the registries that let a
higher app add to a lower app's pages, and core free of domain apps."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from workforce_hub.core import attention, sections
from workforce_hub.core.attention import AttentionItem
from workforce_hub.core.sections import Section

SRC = Path(__file__).resolve().parents[2]
#: every package of the Hub but core itself and the project's settings (found, so a new app is covered at once)
DOMAIN_APPS = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()} - {"core", "config"}


def test_no_template_outside_its_app_but_the_base_layout_and_shared_macros() -> None:
    central = sorted(p.relative_to(SRC / "templates").as_posix() for p in (SRC / "templates").rglob("*") if p.is_file())
    assert central == ["base.jinja", "includes/ui.jinja"]
    for template in SRC.glob("*/jinja2/**/*"):
        if not template.is_file():
            continue
        app = template.relative_to(SRC).parts[0]
        inside = template.relative_to(SRC / app / "jinja2").parts[0]
        # an app's templates sit under its own name; accounts also overrides allauth's pages (account/, mfa/)
        assert inside == app or (app == "accounts" and inside in {"account", "mfa"}), template


def test_core_imports_no_domain_app() -> None:
    """Also a layers contract in pyproject.toml; this names the offending line when it breaks."""
    assert {"digital_skills", "digital_champions", "passport", "home", "demo"} <= DOMAIN_APPS
    offenders = []
    for path in (SRC / "core").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "workforce_hub" and len(parts) > 1 and parts[1] in DOMAIN_APPS:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {name}")
    assert offenders == []


def test_every_app_registers_its_attention_items_in_order() -> None:
    assert attention.sources() == [
        "rotations",
        "readiness",
        "portfolios",
        "support",
        "outcomes",
        "digital_champions",
        "monitoring",
        "roles",
        "passport",
    ]


def test_attention_items_come_in_source_order_and_a_name_registered_again_replaces_it() -> None:
    saved = dict(attention._SOURCES)
    try:
        attention._SOURCES.clear()

        @attention.register("late", order=2)
        def late(user: Any, today: date) -> list[AttentionItem]:
            return [AttentionItem("late", "b", "act", "/b")]

        @attention.register("early", order=1)
        def early(user: Any, today: date) -> list[AttentionItem]:
            return [AttentionItem("early", "a", "act", "/a")]

        assert [i.what for i in attention.attention_items(None, date(2026, 1, 1))] == ["early", "late"]

        @attention.register("early", order=3)
        def replaced(user: Any, today: date) -> list[AttentionItem]:
            return []

        assert [i.what for i in attention.attention_items(None, date(2026, 1, 1))] == ["late"]
    finally:
        attention._SOURCES.clear()
        attention._SOURCES.update(saved)


def test_sections_are_registered_for_the_pages_that_show_them() -> None:
    registered = {page: sorted(found) for page, found in sections._SOURCES.items()}
    assert registered == {
        "scheme_detail": ["training_schedule"],
        "cohort_detail": ["calendar"],
        "enrolment_detail": ["learning_record", "placements"],
        "setting_detail": ["capacity"],
        "person_detail": ["enrolments", "passport"],
        "organisation_detail": ["host_agreements", "required_training"],
    }


def test_a_section_for_an_unknown_page_is_refused_and_none_shows_nothing() -> None:
    with pytest.raises(ValueError, match="No page called"):
        sections.register("nowhere", "x", order=1)
    saved = dict(sections._SOURCES)
    try:
        sections._SOURCES.clear()
        sections.register("person_detail", "hidden", order=1)(lambda user, obj: None)
        sections.register("person_detail", "shown", order=2)(lambda user, obj: Section("x.jinja", {"n": obj}))
        assert sections.sections_for("person_detail", None, 7) == [Section("x.jinja", {"n": 7})]
        assert sections.sections_for("cohort_detail", None, 7) == []
    finally:
        sections._SOURCES.clear()
        sections._SOURCES.update(saved)


def test_every_page_that_takes_sections_renders_them() -> None:
    for page, template in {
        "person_detail": "people/jinja2/people/detail.jinja",
        "setting_detail": "organisations/jinja2/organisations/setting_detail.jinja",
        "scheme_detail": "schemes/jinja2/schemes/detail.jinja",
        "cohort_detail": "schemes/jinja2/schemes/cohort_detail.jinja",
        "enrolment_detail": "schemes/jinja2/schemes/enrolment_detail.jinja",
    }.items():
        assert page in sections.PAGES
        assert "{% include section.template %}" in (SRC / template).read_text(), template
