"""The catalogue's access seam: any member reads a standard, with what its page shows fetched once; a standard that
does not exist is a 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from workforce_hub.programmes.access import access_standard
from workforce_hub.programmes.models import Standard


def test_any_member_reads_a_standard_with_its_criteria_fetched_once(world: Any, django_assert_num_queries: Any) -> None:
    std = Standard.objects.get(code="ST0216")
    for key in ("apprentice", "p2_coordinator", "host_manager"):
        assert access_standard(world.user(key), std.pk) == std
    found = access_standard(world.user("tutor"), std.pk)
    with django_assert_num_queries(0):  # prefetched: the page reads them without another query
        assert [c.pathway for c in found.criteria.all()] and list(found.qualifications.all()) is not None
    with pytest.raises(Http404):
        access_standard(world.user("apprentice"), std.pk + 10_000)
    with pytest.raises(Http404):
        access_standard(AnonymousUser(), std.pk)
