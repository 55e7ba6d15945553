"""post_migrate receivers load shipped data only when their tables exist (scripts/check_migrations.py)."""

from django.apps import apps as django_apps
from django.db.migrations.state import ProjectState

from workforce_hub.core.signals import migrated


def test_tables_there_after_a_forward_migrate() -> None:
    assert migrated({"apps": django_apps}, "programmes.FundingRuleSet", "digital_skills.Framework")


def test_not_there_after_an_app_went_back_to_nothing() -> None:
    nothing = ProjectState().apps
    assert not migrated({"apps": nothing}, "programmes.FundingRuleSet")
    assert not migrated({"apps": django_apps}, "programmes.FundingRuleSet", "programmes.NoSuchModel")


def test_called_outside_a_migrate() -> None:
    assert migrated({}, "programmes.FundingRuleSet")
