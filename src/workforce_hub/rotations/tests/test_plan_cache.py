"""A finished plan's figures (the grid, the changes from the published plan, what the planner was given) are kept
for two minutes (`core.caching.kept_for`), made again after the reader's own change, and never shown again once
the run's personal data has been removed."""

from __future__ import annotations

from typing import Any

from workforce_hub.rotations.instances import remove_personal_data
from workforce_hub.rotations.models import PlanRun

from .conftest import Planning, planned


def _ages_shown(html: str, planning: Planning) -> bool:
    ages = {e.apprentice.age_on(planning.cohort.start_date) for e in planning.enrolments}
    return all(f'<td class="nhsuk-table__cell">{age}</td>' in html for age in ages)


def test_kept_figures_never_show_personal_data_after_it_is_removed(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login("coordinator")
    assert _ages_shown(client.get(run.get_absolute_url()).content.decode(), planning)
    instance = dict(run.instance)
    assert remove_personal_data(instance)
    PlanRun.objects.filter(pk=run.pk).update(instance=instance)  # as the retention sweep does, with no reader's change
    assert not _ages_shown(client.get(run.get_absolute_url()).content.decode(), planning)


def test_kept_figures_are_made_again_after_the_readers_own_change(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    client = login("coordinator")
    before = client.get(run.get_absolute_url()).content.decode()
    assert "This plan is the same as the published placements." not in before
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/rotations/plans/{run.pk}/publish/").status_code == 302
    after = client.get(run.get_absolute_url()).content.decode()
    assert "This plan is the same as the published placements." in after


def _records_in(value: Any) -> list[str]:
    """Model instances anywhere in a kept value (lists, dicts, dataclasses)."""
    from dataclasses import fields, is_dataclass

    from django.db.models import Model

    if isinstance(value, Model):
        return [type(value).__name__]
    if isinstance(value, dict):
        return [r for v in value.values() for r in _records_in(v)]
    if isinstance(value, list | tuple | set):
        return [r for v in value for r in _records_in(v)]
    if is_dataclass(value) and not isinstance(value, type):
        return [r for f in fields(value) for r in _records_in(getattr(value, f.name))]
    return []


def test_kept_figures_hold_names_and_links_not_records(
    planning: Planning, django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    """Read back from the cache on every view for two minutes, records cost more than half of the page for a plan of
    hundreds (`rotations.presenters`); only a grid's cohort (one per grid) may stay a record."""
    from workforce_hub.rotations import selectors, services

    run = planned(planning, django_capture_on_commit_callbacks)
    diff = services.plan_changes(run)
    summary = selectors.run_summary(run, diff)
    assert summary.grids and summary.grids[0].rows
    grid_records = _records_in([{**vars(g), "cohort": None} for g in summary.grids])
    assert grid_records == []
    assert _records_in(selectors.change_list(diff)) == []
    given = selectors.instance_summary(run)
    assert given.apprentices and _records_in(given) == []
    page = login("coordinator").get(run.get_absolute_url()).content.decode()
    first = summary.grids[0].rows[0]
    assert f'href="{first.enrolment.url}">{first.enrolment.name}</a>' in page
