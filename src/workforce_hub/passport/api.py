"""REST API for the passport: the training catalogue and requirements, credentials (read, revoke), training
recorded outside the Hub, assignments, credentials brought from elsewhere, share links, signing keys (public halves
only) and the public check of a credential by its unguessable id."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action, api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from workforce_hub.core.access import viewer_for
from workforce_hub.core.rest.base import (
    ReadOnlyVisibleViewSet,
    VisibleChoicesSerializer,
    VisibleModelViewSet,
    limit_related,
)
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from . import selectors, services, signing
from .models import (
    Credential,
    ImportedCredential,
    RequiredTraining,
    ShareLink,
    SigningKey,
    TrainingAssignment,
    TrainingRecord,
    TrainingTopic,
)


def _partnership_person(request: Request, pk: int) -> Person:
    found = selectors.partnership_person(viewer_for(request.user).partnership_id or 0, pk)
    if found is None:
        raise serializers.ValidationError({"person": "No such person in your partnership."})
    return found


class TrainingTopicSerializer(VisibleChoicesSerializer):
    class Meta:
        model = TrainingTopic
        fields = ["id", "name", "code", "description", "validity_months", "accepted_by"]


class TrainingTopicViewSet(VisibleModelViewSet):
    """The partnership's statutory and mandatory training catalogue. Coordinators and admins add and change
    topics; everyone in the partnership reads them."""

    serializer_class = TrainingTopicSerializer
    service_checks_writes = True
    search_fields = ["name", "code"]

    def base_queryset(self) -> QuerySet[TrainingTopic]:
        return TrainingTopic.objects.visible_to(self.request.user).prefetch_related("accepted_by").order_by("name")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        partnership_id = viewer_for(self.request.user).partnership_id or 0
        serializer.instance = services.topic_create(
            actor=self.request.user, partnership_id=partnership_id, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, TrainingTopic)
        serializer.instance = services.topic_update(
            actor=self.request.user, topic=serializer.instance, data=dict(serializer.validated_data)
        )


class RequiredTrainingSerializer(VisibleChoicesSerializer):
    class Meta:
        model = RequiredTraining
        fields = ["id", "organisation", "topic", "accepted_issuers"]


class RequiredTrainingViewSet(VisibleModelViewSet):
    """What each organisation requires. Its managers and coordinators set a requirement (POST: the same
    organisation and topic again changes the accepted issuers) and remove it (DELETE)."""

    serializer_class = RequiredTrainingSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation", "topic"]

    def base_queryset(self) -> QuerySet[RequiredTraining]:
        return (
            RequiredTraining.objects.visible_to(self.request.user).prefetch_related("accepted_issuers").order_by("pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        requirement = services.requirement_set(
            actor=request.user,
            organisation=data["organisation"],
            topic=data["topic"],
            accepted_issuers=data.get("accepted_issuers", []),
        )
        return Response(self.get_serializer(requirement).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: RequiredTraining) -> None:
        services.requirement_remove(actor=self.request.user, requirement=instance)


class CredentialSerializer(serializers.ModelSerializer[Credential]):
    status = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    credential = serializers.SerializerMethodField(help_text="The VC-JWT inside an EnvelopedVerifiableCredential.")

    class Meta:
        model = Credential
        fields = [
            "id",
            "public_id",
            "holder",
            "holder_organisation",
            "issuer",
            "kind",
            "topic",
            "name",
            "achievement_type",
            "awarded_on",
            "valid_until",
            "revoked_at",
            "status",
            "verify_url",
            "credential",
        ]
        read_only_fields = fields

    def get_status(self, obj: Credential) -> str:
        return obj.state(timezone.localdate())

    def get_verify_url(self, obj: Credential) -> str:
        return signing.absolute(obj.get_absolute_url())

    def get_credential(self, obj: Credential) -> dict[str, Any]:
        return signing.envelope(obj.token)


class RevokeSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class CredentialViewSet(ReadOnlyVisibleViewSet):
    """Credentials issued by the partnership's organisations. `revoke` (`reason`) by a coordinator or a manager of
    the issuing organisation; `issue` issues now what the nightly job would (coordinators)."""

    serializer_class = CredentialSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["holder", "holder_organisation", "issuer", "kind", "topic"]
    search_fields = ["name"]

    def base_queryset(self) -> QuerySet[Credential]:
        return Credential.objects.visible_to(self.request.user).order_by("-awarded_on", "pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed("POST", "Credentials are issued from what is recorded (or `issue`), never posted.")

    @extend_schema(request=RevokeSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        payload = RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        credential = services.credential_revoke(
            actor=request.user, credential=self.get_object(), reason=payload.validated_data["reason"]
        )
        return Response(self.get_serializer(credential).data)

    @extend_schema(request=None, responses={200: inline_serializer("Issued", {"issued": serializers.IntegerField()})})
    @action(detail=False, methods=["post"])
    def issue(self, request: Request) -> Response:
        partnership_id = viewer_for(request.user).partnership_id or 0
        return Response({"issued": services.issue_now(actor=request.user, partnership_id=partnership_id)})


class TrainingRecordSerializer(serializers.ModelSerializer[TrainingRecord]):
    person = serializers.IntegerField(source="person_id")

    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "topic", "organisation", "course", "completed_on", "evidence", "recorded_by"]
        read_only_fields = ["id", "recorded_by"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        user = self.context["request"].user
        limit_related(fields, "topic", TrainingTopic.objects.visible_to(user))
        limit_related(fields, "organisation", Organisation.objects.visible_to(user))
        return fields


class TrainingRecordViewSet(VisibleModelViewSet):
    """Statutory and mandatory training delivered outside the Hub. A manager records it for their organisation
    (which issues the credential at once); coordinators for any organisation."""

    serializer_class = TrainingRecordSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["person", "topic", "organisation"]

    def base_queryset(self) -> QuerySet[TrainingRecord]:
        return TrainingRecord.objects.visible_to(self.request.user).order_by("-completed_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        person = _partnership_person(self.request, data.pop("person_id"))
        serializer.instance = services.training_record(actor=self.request.user, person=person, **data)


class TrainingAssignmentSerializer(serializers.ModelSerializer[TrainingAssignment]):
    class Meta:
        model = TrainingAssignment
        fields = ["id", "person", "organisation", "topic", "reason", "placement", "due_on", "done_at", "credential"]
        read_only_fields = fields


class TrainingAssignmentViewSet(ReadOnlyVisibleViewSet):
    """Required training assigned because the person did not hold it in date (only the gaps)."""

    serializer_class = TrainingAssignmentSerializer
    filterset_fields = ["person", "organisation", "topic"]

    def base_queryset(self) -> QuerySet[TrainingAssignment]:
        return TrainingAssignment.objects.visible_to(self.request.user).order_by("due_on", "pk")


class ImportedCredentialSerializer(serializers.ModelSerializer[ImportedCredential]):
    person = serializers.IntegerField(source="person_id")
    keys_document = serializers.CharField(write_only=True, required=False, allow_blank=True)
    status_list = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = ImportedCredential
        fields = [
            "id",
            "person",
            "content",
            "keys_document",
            "status_list",
            "topic",
            "issuer_id",
            "issuer_name",
            "name",
            "valid_from",
            "valid_until",
            "verified",
            "outcome",
        ]
        read_only_fields = [
            "id",
            "issuer_id",
            "issuer_name",
            "name",
            "valid_from",
            "valid_until",
            "verified",
            "outcome",
        ]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        limit_related(fields, "topic", TrainingTopic.objects.visible_to(self.context["request"].user))
        return fields


class ImportedCredentialViewSet(VisibleModelViewSet):
    """Credentials issued elsewhere: the holder (or a coordinator) uploads one with, optionally, the issuer's
    published keys and status list; the Hub records whether it verified."""

    serializer_class = ImportedCredentialSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["person", "verified"]

    def base_queryset(self) -> QuerySet[ImportedCredential]:
        return ImportedCredential.objects.visible_to(self.request.user).order_by("-created_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        person = _partnership_person(self.request, data.pop("person_id"))
        serializer.instance = services.credential_import(actor=self.request.user, person=person, **data)


class ShareLinkSerializer(serializers.ModelSerializer[ShareLink]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = ["id", "label", "expires_on", "revoked_at", "url"]
        read_only_fields = ["id", "expires_on", "revoked_at", "url"]

    def get_url(self, obj: ShareLink) -> str:
        return signing.absolute(obj.get_absolute_url())


class ShareLinkViewSet(VisibleModelViewSet):
    """The holder's share links (`label`); `revoke` ends one."""

    serializer_class = ShareLinkSerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True

    def base_queryset(self) -> QuerySet[ShareLink]:
        return ShareLink.objects.visible_to(self.request.user).order_by("-created_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = services.share_create(actor=self.request.user, label=serializer.validated_data["label"])

    @extend_schema(request=None, responses={200: ShareLinkSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.get_serializer(services.share_revoke(actor=request.user, link=self.get_object())).data)


class SigningKeySerializer(serializers.ModelSerializer[SigningKey]):
    """Public halves only: the private key is not a field of any serializer."""

    kid = serializers.CharField(read_only=True)

    class Meta:
        model = SigningKey
        fields = ["id", "organisation", "kid", "public_jwk", "retired_at", "created_at"]
        read_only_fields = fields


class RotateSerializer(serializers.Serializer[Any]):
    organisation = serializers.IntegerField()


class SigningKeyViewSet(ReadOnlyVisibleViewSet):
    """Issuers' keys (partnership admins). `rotate` (`organisation`) gives it a new key; old ones stay published."""

    serializer_class = SigningKeySerializer
    http_method_names = ["get", "post", "head", "options"]
    service_checks_writes = True
    filterset_fields = ["organisation"]

    def base_queryset(self) -> QuerySet[SigningKey]:
        return SigningKey.objects.visible_to(self.request.user).defer("private_key_encrypted").order_by("pk")

    @extend_schema(exclude=True)  # refused: not an operation of the API, so not in its schema
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed("POST", "Keys are made by `rotate`, never posted.")

    @extend_schema(request=RotateSerializer, responses={201: SigningKeySerializer})
    @action(detail=False, methods=["post"])
    def rotate(self, request: Request) -> Response:
        payload = RotateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        org = Organisation.objects.visible_to(request.user).filter(pk=payload.validated_data["organisation"]).first()
        if org is None:
            raise serializers.ValidationError({"organisation": "No such organisation in your partnership."})
        key = services.key_rotate(actor=request.user, organisation=org)
        return Response(self.get_serializer(key).data, status=status.HTTP_201_CREATED)


class PublicCredentialSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["valid", "revoked", "expired", "not valid"])
    name = serializers.CharField()
    description = serializers.CharField()
    criteria = serializers.CharField()
    achievement_type = serializers.CharField()
    holder = serializers.CharField()
    issuer = serializers.CharField()
    issuer_did = serializers.CharField()
    awarded_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    revoked_on = serializers.DateField(allow_null=True)
    status_list = serializers.URLField()


@extend_schema(responses={200: PublicCredentialSerializer}, auth=[])
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def public_credential(request: Request, public_id: str) -> Response:
    """Anyone with a credential's id: its own content and its status today (no login; nothing else is shown)."""
    credential = selectors.published_credential(public_id)
    if credential is None:
        raise Http404("No credential has this address.")
    view = selectors.public_view(credential, timezone.localdate())
    return Response(
        PublicCredentialSerializer(
            {
                "status": view.status,
                "name": view.name,
                "description": view.description,
                "criteria": view.criteria,
                "achievement_type": view.achievement_type,
                "holder": view.holder,
                "issuer": view.issuer,
                "issuer_did": signing.issuer_did(view.issuer_id),
                "awarded_on": view.awarded_on,
                "valid_until": view.valid_until,
                "revoked_on": view.revoked_on,
                "status_list": signing.status_list_url(view.issuer_id, view.status_list),
            }
        ).data
    )
