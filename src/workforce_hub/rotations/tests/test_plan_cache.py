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
