"""The shipped catalogue against the evaluation (seed 001, Figures 13 and 14), and corrections that keep what was
already signed off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workforce_hub.portfolios.models import UnitAchievement
from workforce_hub.portfolios.tests.factories import LearningRecordFactory
from workforce_hub.programmes.models import Qualification, Unit
from workforce_hub.programmes.services import DATA, WITHDRAWN, load_catalogue

pytestmark = pytest.mark.django_db


def _titles(group: str) -> set[str]:
    return set(Unit.objects.filter(qualification__code="L2-DIPLOMA-CARE", group=group).values_list("title", flat=True))


def test_group_b_holds_the_knowledge_units_and_group_c_the_competence_units() -> None:
    b, c = _titles("B"), _titles("C")
    assert len(b) == 19 and len(c) == 27
    for knowledge in (
        "Understand mental wellbeing and mental health promotion",
        "Awareness of dementia",
        "Understanding the context of supporting individuals with learning disabilities",
        "Awareness of sensory loss",
    ):
        assert knowledge in b
    for competence in (
        "Administering medication to individuals",
        "Supporting individuals to eat and drink",
        "Support individuals to manage continence",
    ):
        assert competence in c
    credits = Unit.objects.filter(qualification__code="L2-DIPLOMA-CARE", group__in=["B", "C"]).values_list(
        "credits", flat=True
    )
    assert min(credits) == 2 and max(credits) == 6  # the range the evaluation gives


def test_mandatory_units_and_hours_as_the_evaluation_gives_them() -> None:
    q = Qualification.objects.get(code="L2-DIPLOMA-CARE")
    mandatory = list(q.units.filter(group="mandatory"))
    assert len(mandatory) == 9
    assert sum(u.credits for u in mandatory) == 24
    assert sum(u.guided_learning_hours or 0 for u in mandatory) == 191
    assert q.units.get(title="Implement person-centred approaches in care settings").guided_learning_hours == 39
    assert q.total_qualification_hours == 460
    assert q.guided_learning_hours is not None and 0.6 * 460 < q.guided_learning_hours < 0.7 * 460  # just under 70%


def test_a_corrected_unit_keeps_its_sign_offs_and_a_dropped_one_is_kept_only_if_achieved(tmp_path: Path) -> None:
    q = Qualification.objects.get(code="L2-DIPLOMA-CARE")
    eat = q.units.get(title="Supporting individuals to eat and drink")
    # as the first catalogue had it: in group B, another title
    Unit.objects.filter(pk=eat.pk).update(group="B", title="Support individuals to eat and drink", credits=3)
    achieved_gone = Unit.objects.create(
        qualification=q, code="B8", title="Support individuals with mobility", group="B"
    )
    unused_gone = Unit.objects.create(qualification=q, code="C5", title="Older people", group="C", credits=2)
    record = LearningRecordFactory()
    for unit in (eat, achieved_gone):
        UnitAchievement.objects.create(record=record, unit=unit, achieved_on=date(2025, 1, 6))

    load_catalogue(DATA)

    eat.refresh_from_db()
    assert (eat.group, eat.title, eat.credits) == ("C", "Supporting individuals to eat and drink", 2)
    assert record.unit_achievements.filter(unit=eat).exists()
    achieved_gone.refresh_from_db()
    assert achieved_gone.group == WITHDRAWN  # no rule counts it; the sign-off stays on the record
    assert not Unit.objects.filter(pk=unused_gone.pk).exists()
    load_catalogue(DATA)  # a second load changes nothing
    assert Unit.objects.filter(pk=achieved_gone.pk, group=WITHDRAWN).exists()


def test_the_catalogue_page_shows_total_time_and_guided_learning(login: object) -> None:
    client = login("apprentice")  # type: ignore[operator]
    text = client.get("/programmes/").content.decode()
    assert "460 hours in all, of which about 320 guided learning" in text
