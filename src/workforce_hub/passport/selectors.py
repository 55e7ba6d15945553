"""Reads for the passport: which of an organisation's required training a person already holds in date (and from
an issuer it accepts), a person's passport grouped by state, and the keys and status lists an issuer publishes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from workforce_hub.core.access import Actor
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person

from . import signing, verify
from .models import (
    Credential,
    ImportedCredential,
    RequiredTraining,
    ShareLink,
    SigningKey,
    TrainingAssignment,
    TrainingTopic,
)


@dataclass(frozen=True)
class Held:
    """A topic a person holds in date, and what shows it: a credential of this Hub or a verified one from elsewhere."""

    topic: TrainingTopic
    credential: Credential | None = None
    imported: ImportedCredential | None = None

    @property
    def until(self) -> date | None:
        return self.credential.valid_until if self.credential else self.imported.valid_until if self.imported else None

    @property
    def issuer_name(self) -> str:
        if self.credential is not None:
            return self.credential.issuer.name
        return self.imported.issuer_name if self.imported else ""


@dataclass
class Coverage:
    """An organisation's required training against what a person holds on a day."""

    held: list[Held] = field(default_factory=list)
    missing: list[TrainingTopic] = field(default_factory=list)
    #: held in date but from an issuer this organisation does not accept
    not_accepted: list[Held] = field(default_factory=list)


def accepts(requirement: RequiredTraining, issuer_id: int, accepted_by: set[int], listed: set[int]) -> bool:
    """Does the organisation accept training in this topic from this issuer? Its own, anyone's in the partnership
    where it accepts the topic across the partnership, or the issuers its requirement lists."""
    host = requirement.organisation_id
    return issuer_id == host or host in accepted_by or issuer_id in listed


def coverage(person_id: int, organisation_id: int, on: date) -> Coverage:
    """What `organisation` requires, split into held (in date on `on`, from an accepted issuer) and missing. A
    system read: callers decide who may see it (a host sees topic names and dates, never the credentials)."""
    requirements = list(
        RequiredTraining.objects.filter(organisation_id=organisation_id)
        .select_related("topic")
        .prefetch_related("accepted_issuers", "topic__accepted_by")
    )
    topics = [r.topic_id for r in requirements]
    credentials = list(
        Credential.objects.filter(holder_id=person_id, topic_id__in=topics)
        .in_date(on)
        .select_related("issuer")
        .order_by("-valid_until")
    )
    imported = list(
        ImportedCredential.objects.filter(person_id=person_id, topic_id__in=topics, verified=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    )
    out = Coverage()
    for requirement in requirements:
        accepted_by = {o.pk for o in requirement.topic.accepted_by.all()}
        listed = {o.pk for o in requirement.accepted_issuers.all()}
        mine = [c for c in credentials if c.topic_id == requirement.topic_id]
        good = next((c for c in mine if accepts(requirement, c.issuer_id, accepted_by, listed)), None)
        if good is not None:
            out.held.append(Held(requirement.topic, credential=good))
            continue
        # from outside the partnership: only where the organisation accepts the topic from anyone
        outside = next((i for i in imported if i.topic_id == requirement.topic_id), None)
        if outside is not None and requirement.organisation_id in accepted_by:
            out.held.append(Held(requirement.topic, imported=outside))
            continue
        out.missing.append(requirement.topic)
        if mine:
            out.not_accepted.append(Held(requirement.topic, credential=mine[0]))
    return out


@dataclass
class Passport:
    in_date: list[Credential] = field(default_factory=list)
    expiring: list[Credential] = field(default_factory=list)
    expired: list[Credential] = field(default_factory=list)
    revoked: list[Credential] = field(default_factory=list)
    verified_elsewhere: list[ImportedCredential] = field(default_factory=list)
    unverified: list[ImportedCredential] = field(default_factory=list)
    assignments: list[TrainingAssignment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.in_date) + len(self.expiring)


def passport(user: Actor, person_id: int, on: date) -> Passport:
    """A person's credentials that `user` may see, grouped by their state on `on`."""
    out = Passport()
    rows = (
        Credential.objects.visible_to(user)
        .filter(holder_id=person_id)
        .select_related("issuer", "topic")
        .order_by("kind", "-awarded_on", "name")
    )
    for c in rows:
        getattr(out, c.state(on)).append(c)
    for i in ImportedCredential.objects.visible_to(user).filter(person_id=person_id).select_related("topic"):
        (out.verified_elsewhere if i.verified else out.unverified).append(i)
    out.assignments = list(
        TrainingAssignment.objects.visible_to(user)
        .filter(person_id=person_id, done_at__isnull=True)
        .select_related("organisation", "topic")
    )
    return out


def issuer_keys(organisation_id: int) -> list[tuple[str, dict[str, object]]]:
    """Every key the organisation signed with, current first: (kid, public JWK). Public halves only."""
    rows = SigningKey.objects.filter(organisation_id=organisation_id).order_by("retired_at", "-number")
    return [(k.kid, dict(k.public_jwk)) for k in rows.only("number", "public_jwk", "retired_at")]


def published_keys(credential: Credential) -> dict[str, dict[str, object]]:
    """The issuer's published keys under the DID the credential names (the Hub's address when it was issued), so a
    later change of address does not make it look forged; the keys still come only from the issuing organisation."""
    try:
        did = str(verify.unverified_parts(credential.token)[1].get("issuer", {}).get("id", ""))
    except (verify.VerificationError, AttributeError):
        did = signing.issuer_did(credential.issuer_id)
    return {f"{did}#{kid}": jwk for kid, jwk in issuer_keys(credential.issuer_id)}


def revoked_indexes(organisation_id: int, number: int) -> set[int]:
    return set(
        Credential.objects.filter(issuer_id=organisation_id, status_list=number, revoked_at__isnull=False).values_list(
            "status_index", flat=True
        )
    )


def topics(user: Actor) -> QuerySet[TrainingTopic]:
    return TrainingTopic.objects.visible_to(user).prefetch_related("accepted_by")


def requirements_of(organisation_ids: Iterable[int]) -> QuerySet[RequiredTraining]:
    return (
        RequiredTraining.objects.filter(organisation_id__in=list(organisation_ids))
        .select_related("topic", "organisation")
        .prefetch_related("accepted_issuers")
    )


@dataclass(frozen=True)
class PublicView:
    """What the public verification page shows: the credential's own content and its status, nothing else."""

    name: str
    description: str
    criteria: str
    achievement_type: str
    holder: str
    issuer: str
    issuer_id: int
    awarded_on: date
    valid_until: date | None
    activity: tuple[date | None, date | None]
    status: str
    revoked_on: date | None
    problems: list[str]
    status_list: int


def public_view(credential: Credential, on: date) -> PublicView:
    """Check the stored credential again with the issuer's published keys (a changed row would fail here too),
    and read its status: revoked, expired or valid."""
    result = verify.verify(credential.token, published_keys(credential))
    claims = result.credential
    subject = claims.get("credentialSubject", {}) if result.signature_ok else {}
    names = [i.get("identityHash", "") for i in subject.get("identifier", []) if i.get("identityType") == "name"]
    state = credential.state(on)
    status = "not valid" if not result.signature_ok or result.problems else {
        "revoked": "revoked", "expired": "expired"}.get(state, "valid")  # fmt: skip
    return PublicView(
        name=credential.name,
        description=credential.description,
        criteria=credential.criteria,
        achievement_type=credential.achievement_type,
        holder=names[0] if names else "",
        issuer=credential.issuer.name,
        issuer_id=credential.issuer_id,
        awarded_on=credential.awarded_on,
        valid_until=credential.valid_until,
        activity=(credential.activity_start, credential.activity_end),
        status=status,
        revoked_on=credential.revoked_at.date() if credential.revoked_at else None,
        problems=result.problems,
        status_list=credential.status_list,
    )


@dataclass(frozen=True)
class KeyRow:
    organisation_id: int
    organisation: str
    current: SigningKey | None
    retired: int
    issued: int


def key_rows(user: Actor, partnership_id: int) -> list[KeyRow]:
    """Every organisation of the partnership with its current key, how many it retired, and what it issued."""
    keys: dict[int, list[SigningKey]] = {}
    for k in SigningKey.objects.visible_to(user).only("organisation_id", "number", "retired_at", "created_at"):
        keys.setdefault(k.organisation_id, []).append(k)
    issued = dict(
        Credential.objects.filter(partnership_id=partnership_id)
        .values_list("issuer_id")
        .annotate(n=Count("pk"))
        .values_list("issuer_id", "n")
    )
    rows = []
    for org in Organisation.objects.filter(partnership_id=partnership_id).order_by("name"):
        mine = keys.get(org.pk, [])
        rows.append(
            KeyRow(
                org.pk,
                org.name,
                next((k for k in mine if k.retired_at is None), None),
                sum(1 for k in mine if k.retired_at is not None),
                issued.get(org.pk, 0),
            )
        )
    return rows


# ------------------------------------------------------------------ reads with no viewer (public or system)


def partnership_person(partnership_id: int, pk: int) -> Person | None:
    """Someone in the partnership, whoever asks: recording training checks the actor in the service (a host may
    record for someone assigned training there whom it cannot otherwise see)."""
    return Person.objects.filter(partnership_id=partnership_id, pk=pk).first()


def published_credential(public_id: str) -> Credential | None:
    """A credential by its unguessable id, for its public check."""
    return Credential.objects.select_related("issuer").filter(public_id=public_id).first()


def issuer(pk: int) -> Organisation | None:
    """An organisation that has issued (it has a key), for its published keys and status list."""
    return Organisation.objects.filter(pk=pk, pk__in=SigningKey.objects.values("organisation_id")).first()


def shared(token: str, on: date) -> tuple[ShareLink, list[Credential]] | None:
    """A live share link and the credentials its holder holds in date."""
    link = ShareLink.objects.live(on).select_related("person").filter(token=token).first()
    if link is None:
        return None
    held = Credential.objects.filter(holder_id=link.person_id).in_date(on).select_related("issuer").order_by("kind")
    return link, list(held)


def assigned_for(person_id: int, organisation_id: int) -> list[TrainingAssignment]:
    """What an organisation assigned a person (the host's view of a placement shows topic names and dates)."""
    return list(
        TrainingAssignment.objects.filter(person_id=person_id, organisation_id=organisation_id).select_related("topic")
    )
