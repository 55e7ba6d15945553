"""Keys, identifiers and the signed documents of the passport: Open Badges 3.0 credentials secured as VC-JWT
(VC-JOSE-COSE: the JWT's claims are the credential itself), the issuer's did:web document, and its Bitstring Status
List credential. ADR 0020 says why.

A private key exists in the clear only inside `sign`: it is stored encrypted with a key derived from
`PASSPORT_KEY_SECRET` (default: the Django secret key), so a database dump or backup carries only ciphertext.
"""

from __future__ import annotations

import base64
import hashlib
import json
import warnings
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.urls import reverse
from joserfc import jws
from joserfc.jwk import OKPKey

from .verify import ENVELOPE_PREFIX, STATUS_LIST_SIZE, encode_status_list

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ALGORITHM = "EdDSA"


class KeyUnavailable(Exception):
    """The stored private key cannot be decrypted (the key secret changed)."""


def _fernet() -> Fernet:
    secret = (getattr(settings, "PASSPORT_KEY_SECRET", "") or settings.SECRET_KEY).encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"workforce-hub passport keys").derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def new_key_material() -> tuple[dict[str, Any], bytes]:
    """A fresh Ed25519 key: its public JWK, and its private JWK encrypted for storage."""
    key = OKPKey.generate_key("Ed25519")
    private = json.dumps(key.as_dict(private=True)).encode()
    return dict(key.as_dict(private=False)), _fernet().encrypt(private)


def _private(encrypted: bytes) -> OKPKey:
    try:
        return OKPKey.import_key(json.loads(_fernet().decrypt(bytes(encrypted))))
    except InvalidToken as exc:
        raise KeyUnavailable("The signing key cannot be unlocked: PASSPORT_KEY_SECRET has changed.") from exc


def sign(encrypted: bytes, kid: str, claims: dict[str, Any], typ: str = "vc+jwt") -> str:
    header = {"alg": ALGORITHM, "kid": kid, "typ": typ, "cty": "vc"}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    with warnings.catch_warnings():  # joserfc marks the name "EdDSA" deprecated (RFC 9864); ADR 0020
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, payload, _private(encrypted), algorithms=[ALGORITHM])


def base_url() -> str:
    return str(settings.HUB_BASE_URL).rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def issuer_did(organisation_id: int) -> str:
    """did:web for an issuing organisation: resolves to /passport/issuers/<id>/did.json on this Hub."""
    host = quote(urlsplit(base_url()).netloc, safe="")
    return f"did:web:{host}:passport:issuers:{organisation_id}"


def key_id(organisation_id: int, kid: str) -> str:
    return f"{issuer_did(organisation_id)}#{kid}"


def did_document(organisation_id: int, keys: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The issuer's DID document: every key it ever signed with (kid, public JWK), current first."""
    did = issuer_did(organisation_id)
    methods = [
        {"id": f"{did}#{kid}", "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk} for kid, jwk in keys
    ]
    refs = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": refs,
    }


def status_list_url(organisation_id: int, number: int) -> str:
    return absolute(reverse("passport:status_list", args=[organisation_id, number]))


def status_list_claims(
    organisation_id: int, name: str, number: int, revoked: set[int], now: datetime
) -> dict[str, Any]:
    url = status_list_url(organisation_id, number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_did(organisation_id), "type": ["Profile"], "name": name},
        "validFrom": _stamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_status_list(revoked, STATUS_LIST_SIZE),
        },
    }


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def credential_claims(
    *,
    public_id: str,
    issuer_id: int,
    issuer_name: str,
    holder_name: str,
    holder_email: str,
    name: str,
    description: str,
    criteria: str,
    achievement_type: str,
    awarded_on: date,
    issued_at: datetime,
    valid_until: date | None,
    activity: tuple[date | None, date | None],
    status: tuple[int, int],
    achievement_key: str,
) -> dict[str, Any]:
    """The Open Badges 3.0 AchievementCredential. It names its holder (a credential must say whose it is) and
    carries their e-mail address only hashed with a salt, so that a verifier who knows it can match it."""
    verify_url = absolute(reverse("passport:verify", args=[public_id]))
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {"type": "IdentityObject", "hashed": False, "identityHash": holder_name, "identityType": "name"},
        ],
        "achievement": {
            "id": f"urn:workforce-hub:{quote(urlsplit(base_url()).netloc, safe='')}:achievement:{achievement_key}",
            "type": ["Achievement"],
            "achievementType": achievement_type,
            "name": name,
            "description": description,
            "criteria": {"narrative": criteria},
            "creator": {"id": issuer_did(issuer_id), "type": ["Profile"], "name": issuer_name},
        },
    }
    if holder_email:
        salt = public_id.replace("-", "")[:16]
        subject["identifier"].append(
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": identity_hash(holder_email, salt),
                "identityType": "emailAddress",
                "salt": salt,
            }
        )
    starts, ends = activity
    if starts:
        subject["activityStartDate"] = _stamp(datetime.combine(starts, time(), UTC))
    if ends:
        subject["activityEndDate"] = _stamp(datetime.combine(ends, time(23, 59, 59), UTC))
    number, index = status
    list_url = status_list_url(issuer_id, number)
    claims: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "description": f"{name}, awarded by {issuer_name}. Check it at {verify_url}",
        "issuer": {"id": issuer_did(issuer_id), "type": ["Profile"], "name": issuer_name, "url": base_url()},
        "validFrom": _stamp(issued_at),
        "awardedDate": _stamp(datetime.combine(awarded_on, time(), UTC)),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
    }
    if valid_until is not None:
        claims["validUntil"] = _stamp(datetime.combine(valid_until, time(23, 59, 59), UTC))
    return claims


def envelope(token: str) -> dict[str, Any]:
    """The JSON download: the VC-JWT inside an `EnvelopedVerifiableCredential` (VC data model 2.0)."""
    return {"@context": [VC_CONTEXT], "id": ENVELOPE_PREFIX + token, "type": "EnvelopedVerifiableCredential"}


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
