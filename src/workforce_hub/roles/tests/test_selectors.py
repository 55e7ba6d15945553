"""Role design selectors: the task list's statuses, two profiles side by side, the job description's sections."""

from __future__ import annotations

import pytest

from workforce_hub.roles import selectors
from workforce_hub.roles.tests.factories import ActivityFactory, RoleProfileFactory, RoleReviewFactory, ScopeLineFactory

pytestmark = pytest.mark.django_db


def test_the_task_list_follows_the_review() -> None:
    review = RoleReviewFactory()
    statuses = [s.status for s in selectors.steps(review)]
    assert statuses == [
        "Completed",
        "Not started",
        "Not started",
        "Cannot start yet",
        "Cannot start yet",
        "Cannot start yet",
    ]
    ActivityFactory(review=review, suits_support_role="yes")
    ActivityFactory(review=review)
    steps = {s.title: s for s in selectors.steps(review)}
    assert steps["List the team's activities"].status == "Completed"
    assert steps["Say what a support role could do"].status == "In progress"
    assert steps["Say what a support role could do"].hint == "1 of 2 discussed"
    assert steps["Agree each activity"].status == "Not started"
    assert steps["Draft the role profile"].status == "Cannot start yet"


def test_two_profiles_side_by_side_show_where_scope_differs() -> None:
    """The seed's example: assistant practitioners may cannulate in MRI but not in maternity."""
    mri = RoleProfileFactory(title="Assistant practitioner, MRI")
    maternity = RoleProfileFactory(
        title="Assistant practitioner, maternity", partnership=mri.partnership, organisation=mri.organisation
    )
    ScopeLineFactory(profile=mri, activity="Cannulation", conditions="Adults only")
    ScopeLineFactory(profile=maternity, activity="Cannulation", in_scope=False, supervision="")
    ScopeLineFactory(profile=mri, activity="Observations")
    ScopeLineFactory(profile=maternity, activity="observations ")  # the same activity, written differently
    ScopeLineFactory(profile=maternity, activity="Breastfeeding support")
    rows = {r.what: r for r in selectors.compare(mri, maternity)}
    assert rows["Cannulation"].differs
    assert rows["Cannulation"].left == "In scope, indirect supervision: Adults only"
    assert rows["Cannulation"].right == "Out of scope"
    assert not rows["Observations"].differs
    assert rows["Breastfeeding support"].left == "Not listed" and rows["Breastfeeding support"].differs
    assert not rows["Band or level"].differs


def test_the_job_description_says_what_the_role_does_and_does_not() -> None:
    profile = RoleProfileFactory()
    ScopeLineFactory(profile=profile, activity="Observations", conditions="Stable patients only")
    ScopeLineFactory(profile=profile, activity="Cannulation", in_scope=False, supervision="")
    sections = dict(selectors.job_description(profile))
    assert sections["What the role does"] == [
        "Observations (Stable patients only); indirect (the supervisor is nearby)"
    ]
    assert sections["What the role does not do"] == ["Cannulation"]
    assert sections["Delegation and supervision"][-1] == "Competences are signed off by A registered nurse."
