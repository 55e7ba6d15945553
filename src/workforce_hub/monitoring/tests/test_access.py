"""The monitoring access seam: a logic model, its items and indicators are fetched once through what the actor may
see (404 for another partnership), and changing them is for those who keep logic models, the refusal audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from workforce_hub.core.models import AuditEvent
from workforce_hub.monitoring.access import (
    MANAGE_LOGIC_MODELS,
    access_indicator,
    access_item,
    access_logic_model,
)

from .test_monitoring import _model, _started


def test_a_logic_model_and_its_parts_are_changed_by_the_coordinator_only(world: Any) -> None:
    model, item = _model(world)
    indicator = _started(world, item, target=2)
    coordinator = world.user("coordinator")
    assert access_logic_model(coordinator, model.pk, for_write=True) == model
    assert access_item(coordinator, item.pk, for_write=True).model.scheme == world.scheme
    assert access_indicator(coordinator, indicator.pk, for_write=True).item == item
    for get, pk in ((access_logic_model, model.pk), (access_item, item.pk), (access_indicator, indicator.pk)):
        with pytest.raises(PermissionDenied):
            get(world.user("partner_lead"), pk, for_write=True)
        with pytest.raises(Http404):
            get(world.user("p2_coordinator"), pk)
    assert AuditEvent.objects.filter(action="access_denied", object_type=MANAGE_LOGIC_MODELS).count() == 3
