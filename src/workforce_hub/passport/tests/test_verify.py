"""The offline verifier: signatures (good, tampered, wrong key, rotated key), the Open Badges 3.0 schema, the
Bitstring Status List, and expiry at its boundary. No database: these tests sign with keys made here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from workforce_hub.passport import signing, verify

ISSUER = 7
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _claims(**overrides: Any) -> dict[str, Any]:
    claims = signing.credential_claims(
        public_id="0b7c5b2e-1111-4222-8333-944455556666",
        issuer_id=ISSUER,
        issuer_name="Oak Care",
        holder_name="Sam Example",
        holder_email="sam@example.org",
        name="Basic life support",
        description="Basic life support, completed on 1 May 2026.",
        criteria="Completed the course; certificate seen.",
        achievement_type="CertificateOfCompletion",
        awarded_on=date(2026, 5, 1),
        issued_at=datetime(2026, 5, 2, tzinfo=UTC),
        valid_until=date(2027, 4, 30),
        activity=(None, None),
        status=(1, 42),
        achievement_key="training-basic-life-support",
    )
    claims.update(overrides)
    return claims


def _key() -> tuple[dict[str, Any], bytes]:
    return signing.new_key_material()


def _token(encrypted: bytes, kid: str = "key-1", claims: dict[str, Any] | None = None) -> str:
    return signing.sign(encrypted, signing.key_id(ISSUER, kid), claims or _claims())


def _keys(*pairs: tuple[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return verify.keys_from(signing.did_document(ISSUER, list(pairs)))


def test_a_credential_signed_by_its_issuer_verifies_and_conforms_to_the_schema() -> None:
    public, private = _key()
    result = verify.verify(_token(private), _keys(("key-1", public)), now=NOW)
    assert result.ok and result.status == "valid"
    assert result.problems == []
    assert result.credential["credentialSubject"]["achievement"]["name"] == "Basic life support"
    # the envelope (the JSON download) carries the same token
    enveloped = json.dumps(signing.envelope(_token(private)))
    assert verify.verify(enveloped, _keys(("key-1", public)), now=NOW).ok


def test_a_changed_credential_fails() -> None:
    public, private = _key()
    header, payload, sig = _token(private).split(".")
    claims = json.loads(verify._b64decode(payload))
    claims["name"] = "Advanced life support"
    forged = verify.base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    result = verify.verify(f"{header}.{forged}.{sig}", _keys(("key-1", public)), now=NOW)
    assert not result.ok and result.status == "not valid"
    assert "signature does not match" in result.problems[0]


def test_a_credential_signed_with_another_key_fails() -> None:
    public, _ = _key()
    _, other_private = _key()
    result = verify.verify(_token(other_private), _keys(("key-1", public)), now=NOW)
    assert not result.ok and "signature does not match" in result.problems[0]


def test_a_key_the_issuer_never_published_fails() -> None:
    public, private = _key()
    result = verify.verify(_token(private, kid="key-9"), _keys(("key-1", public)), now=NOW)
    assert not result.ok and "do not include the key" in result.problems[0]


def test_after_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key() -> None:
    old_public, old_private = _key()
    new_public, new_private = _key()
    published = _keys(("key-2", new_public), ("key-1", old_public))
    assert verify.verify(_token(old_private, "key-1"), published, now=NOW).ok
    assert verify.verify(_token(new_private, "key-2"), published, now=NOW).ok
    # a token that claims the new key but was signed with the old one fails
    assert not verify.verify(_token(old_private, "key-2"), published, now=NOW).ok


def test_a_key_of_another_issuer_is_refused_even_if_its_signature_checks_out() -> None:
    public, private = _key()
    claims = _claims(issuer={"id": signing.issuer_did(ISSUER + 1), "type": ["Profile"], "name": "Elsewhere"})
    result = verify.verify(_token(private, claims=claims), _keys(("key-1", public)), now=NOW)
    assert result.signature_ok and not result.ok
    assert any("does not belong to the credential's issuer" in p for p in result.problems)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda c: c.pop("name"), "(top)"),
        (lambda c: c.update(type=["VerifiableCredential"]), "type"),
        (lambda c: c["credentialSubject"]["achievement"].pop("criteria"), "credentialSubject/achievement"),
        (lambda c: c.update(validFrom="yesterday"), "validFrom"),
        (lambda c: c.update({"@context": ["https://www.w3.org/ns/credentials/v2"]}), "@context"),
        (
            lambda c: c["credentialSubject"]["achievement"].update(achievementType="Trophy"),
            "credentialSubject/achievement/achievementType",
        ),
    ],
)
def test_the_schema_catches_what_open_badges_requires(change: Any, where: str) -> None:
    claims = _claims()
    assert verify.schema_problems(claims) == []
    change(claims)
    problems = verify.schema_problems(claims)
    assert problems and any(p.startswith(where) for p in problems), problems


def _status_list(private: bytes, revoked: set[int], issuer: int = ISSUER) -> str:
    claims = signing.status_list_claims(issuer, "Oak Care", 1, revoked, NOW)
    return signing.sign(private, signing.key_id(issuer, "key-1"), claims)


def test_revocation_is_read_from_the_issuers_status_list() -> None:
    public, private = _key()
    token, keys = _token(private), _keys(("key-1", public))
    url = signing.status_list_url(ISSUER, 1)
    clear = verify.verify(token, keys, {url: _status_list(private, {41, 43})}, now=NOW)
    assert clear.ok and clear.revoked is False
    revoked = verify.verify(token, keys, {url: _status_list(private, {42})}, now=NOW)
    assert not revoked.ok and revoked.revoked is True and revoked.status == "revoked"
    unchecked = verify.verify(token, keys, {}, now=NOW)
    assert unchecked.revoked is None and "Revocation not checked" in unchecked.warnings[0]


def test_a_status_list_not_signed_by_the_issuer_is_not_believed() -> None:
    public, private = _key()
    _, impostor = _key()
    result = verify.verify(
        _token(private), _keys(("key-1", public)), {signing.status_list_url(ISSUER, 1): _status_list(impostor, set())}
    )
    assert not result.ok and result.revoked is None
    assert any(p.startswith("Status list:") for p in result.problems)


def test_the_status_list_is_large_and_its_bits_are_read_from_the_left() -> None:
    encoded = verify.encode_status_list({0, 9, verify.STATUS_LIST_SIZE - 1})
    bits = verify.gzip.decompress(verify._b64decode(encoded[1:]))
    assert len(bits) * 8 == verify.STATUS_LIST_SIZE
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert [verify.status_bit(encoded, i) for i in (0, 1, 9, 10)] == [True, False, True, False]


def test_expiry_boundary() -> None:
    public, private = _key()
    token, keys = _token(private), _keys(("key-1", public))
    last_moment = datetime(2027, 4, 30, 23, 59, 59, tzinfo=UTC)
    assert verify.verify(token, keys, now=last_moment).status == "valid"
    after = verify.verify(token, keys, now=last_moment + timedelta(seconds=1))
    assert after.expired and after.status == "expired" and not after.ok
    early = verify.verify(token, keys, now=datetime(2026, 5, 1, tzinfo=UTC))
    assert not early.ok and "not valid before" in early.problems[0]


def test_a_key_document_holding_a_private_key_is_refused() -> None:
    _, private = _key()
    leaked = signing._private(private).as_dict(private=True)
    with pytest.raises(verify.VerificationError, match="private key"):
        verify.keys_from({"keys": [{**leaked, "kid": "x"}]})


def test_the_command_line_verifies_offline_with_no_django_and_no_database(tmp_path: Path) -> None:
    public, private = _key()
    (tmp_path / "credential.json").write_text(json.dumps(signing.envelope(_token(private))))
    (tmp_path / "did.json").write_text(json.dumps(signing.did_document(ISSUER, [("key-1", public)])))
    (tmp_path / "status.jwt").write_text(_status_list(private, {42}))
    (tmp_path / "clear.jwt").write_text(_status_list(private, set()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))}
    base = [sys.executable, "-m", "workforce_hub.passport.verify", "credential.json", "--keys", "did.json"]
    # a guard: the verifier must not import Django (a module that did would fail without settings here)
    probe = "import sys, workforce_hub.passport.verify; print('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True).stdout == "False\n"
    valid = subprocess.run([*base, "--status", "clear.jwt"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr
    assert "Status: valid" in valid.stdout and "Achievement: Basic life support" in valid.stdout
    revoked = subprocess.run([*base, "--status", "status.jwt"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert revoked.returncode == 1 and "Status: revoked" in revoked.stdout
    (tmp_path / "credential.json").write_text("{}")
    broken = subprocess.run(base, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert broken.returncode == 1 and "Status: not valid" in broken.stdout
