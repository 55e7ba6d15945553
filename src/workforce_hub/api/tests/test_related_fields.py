"""Every writable related field of every API serializer accepts only records the caller may see, so another
partnership's id and an id that does not exist get the same answer (no way to learn that a record exists)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from workforce_hub.api.urls import router


def _related_fields(user: Any) -> list[tuple[str, str, Any]]:
    request = Request(APIRequestFactory().post("/"))
    force_authenticate(request, user=user)
    request.user = user
    found = []
    for prefix, viewset, _basename in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if serializer_class is None:
            continue
        serializer = serializer_class(context={"request": request})
        for name, field in serializer.fields.items():
            related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            if isinstance(related, serializers.RelatedField) and not field.read_only and related.queryset is not None:
                found.append((prefix, name, related))
    return found


def test_every_writable_related_field_is_limited_to_what_the_caller_sees(world: Any) -> None:
    user = world.users["coordinator"]
    fields = _related_fields(user)
    assert len(fields) > 30
    unlimited = []
    for prefix, name, field in fields:
        model = field.queryset.model
        manager = model._default_manager
        if not hasattr(manager, "visible_to"):
            unlimited.append(f"{prefix}.{name} ({model.__name__} has no visible_to)")
            continue
        allowed = set(manager.visible_to(user).values_list("pk", flat=True))
        offered = set(field.queryset.values_list("pk", flat=True))
        if not offered <= allowed:
            unlimited.append(f"{prefix}.{name}")
    assert unlimited == []


def test_another_partnerships_id_and_a_missing_id_get_the_same_answer(world: Any) -> None:
    api = world.api("coordinator")
    theirs = {"enrolment": world.enrolments["p2_apprentice"].pk, "organisation": world.orgs["p2_org"].pk}
    missing = {"enrolment": 987654, "organisation": 987655}
    one = api.post("/api/v1/destinations/", theirs, format="json").json()
    two = api.post("/api/v1/destinations/", missing, format="json").json()
    for field in ("enrolment", "organisation"):
        assert one[field][0].replace(str(theirs[field]), "N") == two[field][0].replace(str(missing[field]), "N")
