"""REST API for people and memberships. Sensitive fields appear only for roles that need them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from workforce_hub.core.access import viewer_for
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.rest.base import VisibleChoicesSerializer, VisibleModelViewSet, instance_of
from workforce_hub.organisations.models import Membership
from workforce_hub.organisations.selectors import current_partnership

from . import selectors, services
from .models import Person
from .policy import hidden_fields


class PersonSerializer(VisibleChoicesSerializer):
    display_name = serializers.CharField(read_only=True)
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "preferred_name",
            "display_name",
            "email",
            "phone",
            "date_of_birth",
            "postcode",
            "latitude",
            "longitude",
            "location_source",
            "located_on",
            "health_and_adjustment_notes",
            "is_active",
            "has_login",
        ]
        read_only_fields = ["location_source", "located_on"]
        extra_kwargs = {
            # Present only for roles allowed to see them (see people/policy.py); absent otherwise.
            f: {"required": False}
            for f in ("phone", "date_of_birth", "postcode", "latitude", "longitude", "health_and_adjustment_notes")
        }

    def get_has_login(self, obj: Person) -> bool:
        return obj.user_id is not None

    def to_representation(self, instance: Person) -> dict[str, Any]:
        request = self.context["request"]
        visible = selectors.person_fields(user=request.user, person=instance, purpose="api")
        data = super().to_representation(instance)
        return {k: v for k, v in data.items() if k in visible or k in ("has_login",)}


class MembershipSerializer(VisibleChoicesSerializer):
    class Meta:
        model = Membership
        fields = ["id", "person", "organisation", "role", "job_title", "starts_on", "ends_on"]


class ErasureLineSerializer(serializers.Serializer):
    kind = serializers.CharField(source="label", help_text="The kind of record, as app.model.")
    title = serializers.CharField()
    count = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["erase", "anonymise", "keep"])
    why = serializers.CharField()


class ErasurePlanSerializer(serializers.Serializer):
    erased_at = serializers.DateTimeField(allow_null=True)
    refusals = serializers.ListField(child=serializers.CharField(), help_text="Why it cannot be erased now.")
    records = ErasureLineSerializer(many=True)


class EraseSerializer(serializers.Serializer):
    reference = serializers.RegexField(
        services.REFERENCE_PATTERN,
        max_length=40,
        help_text="The request's case number (never the person's name): it is written to the audit log.",
    )


class ErasedSerializer(serializers.Serializer):
    records = serializers.DictField(child=serializers.IntegerField(), help_text="Records changed, by kind.")


class PersonViewSet(VisibleModelViewSet):
    """People in your partnership that your role allows you to see."""

    serializer_class = PersonSerializer
    write_perm = "hub.manage_people"
    filterset_fields = ["is_active", "memberships__role", "memberships__organisation"]
    search_fields = ["given_name", "family_name", "preferred_name"]
    ordering_fields = ["family_name", "given_name"]

    def base_queryset(self) -> QuerySet[Person]:
        return selectors.person_for_policy(Person.objects.visible_to(self.request.user)).order_by("family_name", "id")

    def _refuse_hidden(self, data: dict[str, Any], person: Person | None) -> None:
        viewer = viewer_for(self.request.user)
        probe = person or Person(partnership_id=viewer.pid)
        if person is None:
            # a new person has no relationships yet: judge by the viewer's partnership-wide roles
            from .policy import FIELD_GROUPS, GROUP_POLICY

            rel = {r for r in ("coordinator", "partnership_admin") if viewer.has_role(r)}
            hidden = {f for g, fs in FIELD_GROUPS.items() if not (GROUP_POLICY[g] & rel) for f in fs}
        else:
            hidden = hidden_fields(viewer, probe)
        refused = sorted(set(data) & hidden)
        if refused:
            raise ValidationError(dict.fromkeys(refused, "Your role cannot set this field."))

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self._refuse_hidden(data, None)
        serializer.instance = services.person_create(
            partnership=current_partnership(viewer_for(self.request.user)), data=data, actor=self.request.user
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        self._refuse_hidden(data, serializer.instance)
        services.person_update(person=instance_of(serializer), data=data, actor=self.request.user)

    @extend_schema(request=None, responses={200: inline_serializer("Invited", {"invited": serializers.BooleanField()})})
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str | None = None) -> Response:
        """Give the person a login and e-mail them a link to choose a password (the link itself is never shown)."""
        services.person_invite(person=self.get_object(), actor=request.user)
        return Response({"invited": True})

    @extend_schema(responses={200: ErasurePlanSerializer})
    @action(detail=True, methods=["get"])
    def erasure(self, request: Request, pk: str | None = None) -> Response:
        """What erasing the person's data would do to each kind of record (or, once erased, what is still held and
        why). Partnership administrators only."""
        require_perm(request.user, "hub.erase_people")
        person = self.get_object()
        return Response(
            ErasurePlanSerializer(
                {
                    "erased_at": person.erased_at,
                    "refusals": services.person_erasure_refusals(person=person, actor=request.user),
                    "records": selectors.erasure_plan(person),
                }
            ).data
        )

    @extend_schema(request=EraseSerializer, responses={200: ErasedSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request: Request, pk: str | None = None) -> Response:
        """Right to erasure: erase or anonymise everything about the person except what is kept for a documented
        reason. Cannot be undone. Partnership administrators only; refused while they are still on a scheme."""
        require_perm(request.user, "hub.erase_people")
        payload = EraseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        done = services.person_erase(
            person=self.get_object(), reference=payload.validated_data["reference"], actor=request.user
        )
        return Response({"records": done})


class MembershipViewSet(VisibleModelViewSet):
    """Roles people hold in organisations."""

    serializer_class = MembershipSerializer
    write_perm = "hub.manage_people"
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["person", "organisation", "role"]

    def base_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.visible_to(self.request.user).select_related("organisation").order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.membership_add(actor=self.request.user, **serializer.validated_data)

    def perform_destroy(self, instance: Membership) -> None:
        services.membership_remove(membership=instance, actor=self.request.user)
