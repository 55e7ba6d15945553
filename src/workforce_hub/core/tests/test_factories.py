"""Every app's factories make valid records on their own (full_clean passes), so tests can rely on them."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import factory
import pytest

SRC = Path(__file__).resolve().parents[2]
MODULES = sorted(f"workforce_hub.{p.parent.parent.name}.tests.factories" for p in SRC.glob("*/tests/factories.py"))
FACTORIES = [
    obj
    for name in MODULES
    for _, obj in inspect.getmembers(importlib.import_module(name), inspect.isclass)
    if issubclass(obj, factory.django.DjangoModelFactory) and obj.__module__ == name
]


def test_the_apps_with_records_have_factories() -> None:
    apps = {m.split(".")[1] for m in MODULES}
    assert {
        "organisations",
        "people",
        "schemes",
        "rotations",
        "support",
        "outcomes",
        "recruitment",
        "digital_skills",
        "digital_champions",
    } <= apps


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_valid_record(db: Any, factory_class: Any) -> None:
    obj = factory_class()
    obj.full_clean()
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()
