"""`Idempotency-Key` on API writes (SECURITY.md 18; ADR 0026).

A client that sends `POST`, `PUT`, `PATCH` or `DELETE` under `/api/` with an `Idempotency-Key` header (1 to 255
printable characters, for example a UUID) may send the same request again — after a time-out or a lost connection —
and be sure it is done once:

- the first successful answer (2xx) is kept for a day and given back to a repeat from the same person, with the
  header `Idempotent-Replayed: true`, without doing the write again;
- the same key with a different method, address or body is refused with 422;
- a repeat that arrives while the first is still being handled is refused with 409 (try again shortly);
- an answer that was not a success is not kept: nothing was written, so the key may be used again.

Keys belong to the person who sent them: another person's key never matches. The middleware signs the caller in
with the API's own authentication classes, so a token and a session are treated alike; a request that does not
sign in is passed on untouched, and the API refuses it as usual.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_FOR = timedelta(days=1)
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEY = re.compile(r"[\x21-\x7e]{1,255}")


def _caller(request: HttpRequest) -> Any:
    """The API user, found as the API finds it (token or session); None if the request does not sign in."""
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.views import APIView

    wrapped = Request(request, authenticators=APIView().get_authenticators())  # the API's default classes
    try:
        user = wrapped.user
    except APIException:
        return None
    return user if getattr(user, "is_authenticated", False) else None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.content_type or ""):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _refusal(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _replay(row: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status or 200, content_type=row.content_type or None)
    if row.location:
        response["Location"] = row.location
    response[REPLAYED] = "true"
    return response


def _claim(user_id: int, key: str, fingerprint: str) -> tuple[IdempotentRequest, bool]:
    """The row for (user, key): made now and ours to fill (True), or one already there (False)."""
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(user_id=user_id, key=key, fingerprint=fingerprint), True
    except IntegrityError:
        row = IdempotentRequest.objects.get(user_id=user_id, key=key)
    if row.created_at < timezone.now() - KEPT_FOR:
        # expired (the daily sweep has not removed it yet): the key starts again
        claimed = IdempotentRequest.objects.filter(pk=row.pk, created_at=row.created_at).update(
            fingerprint=fingerprint, created_at=timezone.now(), status=None, content_type="", location="", body=b""
        )
        row.refresh_from_db()
        return row, bool(claimed)
    return row, False


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITES or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _KEY.fullmatch(key):
            return _refusal(400, f"{HEADER} must be 1 to 255 printable characters without spaces, such as a UUID.")
        fingerprint = _fingerprint(request)  # reads the body before anything else can
        user = _caller(request)
        if user is None:
            return self.get_response(request)
        row, ours = _claim(user.pk, key, fingerprint)
        if not ours:
            if row.fingerprint != fingerprint:
                return _refusal(422, f"This {HEADER} was used for a different request. Use a new key.")
            if row.status is None:
                return _refusal(409, f"A request with this {HEADER} is still being handled. Try again shortly.")
            return _replay(row)
        try:
            response = self.get_response(request)
        except BaseException:
            row.delete()
            raise
        if 200 <= response.status_code < 300 and not response.streaming:
            row.status = response.status_code
            row.content_type = response.get("Content-Type", "")
            row.location = response.get("Location", "")[:500]
            row.body = response.content
            row.save(update_fields=["status", "content_type", "location", "body"])
        else:
            row.delete()
        return response


def idempotency_sweep(cutoff: date) -> int:
    """Retention: remove the kept answers of requests made before `cutoff`."""
    from .privacy import start_of

    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=start_of(cutoff)).delete()
    return deleted
