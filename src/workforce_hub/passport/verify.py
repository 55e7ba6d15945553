"""Verify an Open Badges 3.0 credential secured as a VC-JWT, with no database and no network.

    python -m workforce_hub.passport.verify CREDENTIAL --keys ISSUER_DID_DOCUMENT [--status STATUS_LIST ...]

CREDENTIAL is the compact JWT (`.jwt`) or the JSON download (an `EnvelopedVerifiableCredential` that carries it).
ISSUER_DID_DOCUMENT is the issuer's published key document (`did.json`, or a JWK set). STATUS_LIST is the
issuer's Bitstring Status List credential (`.jwt`), downloaded from the address in the credential's
`credentialStatus`; without it revocation is not checked, and the result says so.

This module imports neither Django nor anything else of the Hub, so a partnership (or anyone) can check a
credential on a machine that has only the Python packages `joserfc` and `jsonschema`. The Hub itself uses the same
functions when it imports a credential issued elsewhere.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

SCHEMA_PATH = Path(__file__).parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
#: Ed25519 signatures under either name: "EdDSA" (what verifiers accept today) or "Ed25519" (RFC 9864's name)
ALGORITHMS = ["EdDSA", "Ed25519"]
ENVELOPE_PREFIX = "data:application/vc+jwt,"
#: Bitstring Status List: at least 131,072 entries (16 KB), so that one index says little about its holder
STATUS_LIST_SIZE = 131_072


class VerificationError(Exception):
    """The credential cannot be read or its signature does not check out."""


@dataclass
class Result:
    credential: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signature_ok: bool = False
    revoked: bool | None = None  # None: not checked
    expired: bool = False
    kid: str = ""

    @property
    def ok(self) -> bool:
        return self.signature_ok and not self.problems and not self.revoked and not self.expired

    @property
    def status(self) -> str:
        if not self.signature_ok or self.problems:
            return "not valid"
        if self.revoked:
            return "revoked"
        if self.expired:
            return "expired"
        return "valid"


def token_from(data: str | bytes) -> str:
    """The compact JWT, from the JWT itself or from a JSON `EnvelopedVerifiableCredential`."""
    text = (data.decode() if isinstance(data, bytes) else data).strip()
    if text.startswith("{"):
        try:
            envelope = json.loads(text)
        except ValueError as exc:
            raise VerificationError("The file is not valid JSON.") from exc
        wrapped = envelope.get("id", "") if isinstance(envelope, dict) else ""
        if not (isinstance(wrapped, str) and wrapped.startswith(ENVELOPE_PREFIX)):
            raise VerificationError(
                "The JSON is not an enveloped credential (a credential with an embedded proof cannot be checked "
                "here: only credentials secured as a JWT can)."
            )
        text = wrapped.removeprefix(ENVELOPE_PREFIX)
    if text.count(".") != 2:
        raise VerificationError("This is not a signed credential (a compact JWT has three parts).")
    return text


def unverified_parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload, read without checking the signature (to find which key to check it with)."""
    try:
        header_b64, payload_b64, _ = token.split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
    except (ValueError, UnicodeDecodeError) as exc:
        raise VerificationError("The credential cannot be read.") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise VerificationError("The credential cannot be read.")
    return header, payload


def keys_from(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Public keys by their full id, from a DID document (`verificationMethod` with `publicKeyJwk`) or a JWK set.
    A key without an absolute id is named after the document's id."""
    base = str(document.get("id", ""))
    found: dict[str, dict[str, Any]] = {}
    for method in document.get("verificationMethod", []) or []:
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, dict):
            ident = str(method.get("id", ""))
            found[ident if not ident.startswith("#") else base + ident] = jwk
    for jwk in document.get("keys", []) or []:
        if isinstance(jwk, dict) and jwk.get("kid"):
            found[str(jwk["kid"])] = jwk
    for jwk in found.values():
        if "d" in jwk:
            raise VerificationError("The key document holds a private key. Only public keys may be published.")
    return found


def check_signature(token: str, keys: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a JWT whose signature checks out with the key its header names."""
    header, _ = unverified_parts(token)
    kid = str(header.get("kid", ""))
    if header.get("alg") not in ALGORITHMS:
        raise VerificationError(f"Signed with {header.get('alg')!r}; only Ed25519 signatures are accepted.")
    jwk = keys.get(kid)
    if jwk is None:
        raise VerificationError(f"The issuer's published keys do not include the key {kid!r}.")
    try:
        key = OKPKey.import_key(dict(jwk))
        with warnings.catch_warnings():  # joserfc marks the name "EdDSA" deprecated (RFC 9864); see ALGORITHMS
            warnings.simplefilter("ignore")
            obj = jws.deserialize_compact(token, key, algorithms=ALGORITHMS)
    except (JoseError, ValueError, TypeError) as exc:
        raise VerificationError(
            "The signature does not match: the credential was changed or not signed by this key."
        ) from exc
    payload = json.loads(obj.payload)
    return header, payload


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problems(credential: Mapping[str, Any]) -> list[str]:
    """Where the credential breaks the Open Badges 3.0 schema (an empty list: it conforms)."""
    found = sorted(_validator().iter_errors(credential), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in found]


def encode_status_list(revoked: set[int], size: int = STATUS_LIST_SIZE) -> str:
    """The `encodedList` of a Bitstring Status List: GZIP of the bits (index 0 is the first byte's highest bit),
    base64url without padding, with the multibase prefix "u"."""
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def status_bit(encoded: str, index: int) -> bool:
    if not encoded.startswith("u"):
        raise VerificationError("The status list is not base64url multibase-encoded.")
    bits = gzip.decompress(_b64decode(encoded[1:]))
    if index < 0 or index >= len(bits) * 8:
        raise VerificationError("The credential's status index is outside its status list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def verify(
    data: str | bytes,
    keys: Mapping[str, Mapping[str, Any]],
    status_lists: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Result:
    """Check a credential: signature with the issuer's published key, that the key belongs to the issuer, the Open
    Badges 3.0 schema, its dates, and (given the issuer's status list) that it has not been revoked."""
    now = now or datetime.now(UTC)
    result = Result()
    try:
        token = token_from(data)
        header, credential = check_signature(token, keys)
    except VerificationError as exc:
        result.problems.append(str(exc))
        return result
    result.signature_ok, result.credential, result.kid = True, credential, str(header.get("kid", ""))
    issuer = credential.get("issuer", {})
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not result.kid.startswith(f"{issuer_id}#"):
        result.problems.append("The key that signed it does not belong to the credential's issuer.")
    result.problems.extend(schema_problems(credential))
    starts, ends = _when(credential.get("validFrom")), _when(credential.get("validUntil"))
    if starts and starts > now:
        result.problems.append(f"It is not valid before {starts:%d %B %Y}.")
    if ends and ends < now:
        result.expired = True
    status = credential.get("credentialStatus")
    if isinstance(status, dict) and status.get("type") == "BitstringStatusListEntry":
        result.revoked = _revoked(status, issuer_id, keys, status_lists or {}, result)
    return result


def _revoked(
    status: Mapping[str, Any],
    issuer_id: object,
    keys: Mapping[str, Mapping[str, Any]],
    lists: Mapping[str, str],
    result: Result,
) -> bool | None:
    url = str(status.get("statusListCredential", ""))
    token = lists.get(url)
    if token is None:
        result.warnings.append(f"Revocation not checked: the status list {url} was not given.")
        return None
    try:
        header, listed = check_signature(token_from(token), keys)
        if not str(header.get("kid", "")).startswith(f"{issuer_id}#"):
            raise VerificationError("The status list was not signed by the credential's issuer.")
        subject = listed.get("credentialSubject", {})
        if subject.get("statusPurpose") != status.get("statusPurpose"):
            raise VerificationError("The status list is for a different purpose.")
        return status_bit(str(subject.get("encodedList", "")), int(status.get("statusListIndex", -1)))
    except (VerificationError, ValueError, OSError) as exc:
        result.problems.append(f"Status list: {exc}")
        return None


def _when(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workforce_hub.passport.verify", description=__doc__.split("\n")[0])
    parser.add_argument("credential", type=Path, help="the credential: .jwt, or the .json download")
    parser.add_argument("--keys", type=Path, required=True, help="the issuer's did.json (or a JWK set)")
    parser.add_argument(
        "--status", type=Path, action="append", default=[], help="the issuer's status list credential (.jwt)"
    )
    args = parser.parse_args(argv)
    try:
        keys = keys_from(json.loads(args.keys.read_text()))
    except (ValueError, VerificationError) as exc:
        print(f"Cannot read the keys: {exc}", file=sys.stderr)
        return 2
    lists: dict[str, str] = {}
    for path in args.status:
        try:
            text = token_from(path.read_text())
            _, listed = unverified_parts(text)
            lists[str(listed.get("id", ""))] = text
        except VerificationError as exc:
            print(f"Cannot read the status list {path}: {exc}", file=sys.stderr)
            return 2
    result = verify(args.credential.read_text(), keys, lists)
    subject = result.credential.get("credentialSubject", {})
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    print(f"Status: {result.status}")
    if result.credential:
        issuer = result.credential.get("issuer", {})
        print(f"Achievement: {achievement.get('name', '')}")
        print(f"Issued by: {issuer.get('name', issuer.get('id', '')) if isinstance(issuer, dict) else issuer}")
        print(f"Valid from: {result.credential.get('validFrom', '')}")
        if result.credential.get("validUntil"):
            print(f"Valid until: {result.credential['validUntil']}")
    for line in result.problems:
        print(f"Problem: {line}")
    for line in result.warnings:
        print(f"Note: {line}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
