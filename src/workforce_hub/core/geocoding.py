"""Postcodes become locations: one small interface (`locate`), answered by a table loaded from the open
government files (`manage.py load_postcodes`) and by the open postcodes.io API (self-hostable; its address is a
setting), in the order the HUB_GEOCODERS setting gives. Records keep where their location came from and when.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

TYPED = "typed in"
NOT_FOUND = "postcode not found"
UNAVAILABLE = "not looked up: the postcode service could not be reached"


@dataclass(frozen=True)
class Located:
    latitude: Decimal
    longitude: Decimal
    source: str


class GeocoderUnavailable(Exception):
    """The service could not be asked (network, time-out, an error answer): not the same as "no such postcode"."""


class Geocoder(Protocol):
    def locate(self, postcode: str) -> Located | None:
        """The postcode's location, or None when it is not known; raise GeocoderUnavailable when it cannot say."""


def compact(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode or "").upper()


def outward(postcode: str) -> str:
    """The district part of a postcode ("DE22" of "DE22 4GH")."""
    key = compact(postcode)
    return key[:-3] if len(key) > 4 else key


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.00001"))


class PostcodeTable:
    """The postcodes and districts loaded from a file; a full postcode first, else its district."""

    def locate(self, postcode: str) -> Located | None:
        from .models import PostcodeCentroid

        rows = {r.key: r for r in PostcodeCentroid.objects.filter(key__in=[compact(postcode), outward(postcode)])}
        row = rows.get(compact(postcode)) or rows.get(outward(postcode))
        if row is None:
            return None
        where = "" if row.kind == PostcodeCentroid.Kind.POSTCODE else " (district centre)"
        return Located(row.latitude, row.longitude, f"{row.source}{where}")


class PostcodesIo:
    """The postcodes.io API (`GET /postcodes/{postcode}`, then `GET /outcodes/{district}` for a terminated or
    unknown postcode whose district is known)."""

    def __init__(self, base_url: str = "https://api.postcodes.io", timeout: float = 5.0) -> None:
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def _get(self, path: str) -> dict[str, Any] | None:
        url = f"{self.base_url}{path}"
        try:
            # A configured https URL (bandit B310).
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                body: dict[str, Any] = json.load(response)
                return body
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise GeocoderUnavailable(f"postcodes.io answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise GeocoderUnavailable("postcodes.io could not be reached") from exc

    def locate(self, postcode: str) -> Located | None:
        found = self._get(f"/postcodes/{urllib.parse.quote(compact(postcode))}")
        result = (found or {}).get("result") or {}
        if result.get("latitude") is not None:
            return Located(_decimal(result["latitude"]), _decimal(result["longitude"]), "postcodes.io")
        district = self._get(f"/outcodes/{urllib.parse.quote(outward(postcode))}")
        result = (district or {}).get("result") or {}
        if result.get("latitude") is not None:
            return Located(
                _decimal(result["latitude"]), _decimal(result["longitude"]), "postcodes.io (district centre)"
            )
        return None


def geocoders() -> list[Geocoder]:
    specs = getattr(settings, "HUB_GEOCODERS", [{"BACKEND": "workforce_hub.core.geocoding.PostcodeTable"}])
    return [import_string(spec["BACKEND"])(**spec.get("OPTIONS", {})) for spec in specs]


def locate(postcode: str) -> Located | None:
    """Ask each geocoder in turn; the first that knows the postcode answers. None when none knows it; raises
    GeocoderUnavailable when none knew it and at least one could not be asked."""
    unavailable: GeocoderUnavailable | None = None
    for geocoder in geocoders():
        try:
            found = geocoder.locate(postcode)
        except GeocoderUnavailable as exc:
            unavailable = exc
            continue
        if found is not None:
            return found
    if unavailable is not None:
        raise unavailable
    return None


def _located(latitude: Decimal | None, longitude: Decimal | None, source: str) -> dict[str, Any]:
    """A record's location fields, dated today."""
    return {
        "latitude": latitude,
        "longitude": longitude,
        "location_source": source,
        "located_on": timezone.localdate(),
    }


def _same(a: object, b: object) -> bool:
    return a is not None and b is not None and _decimal(a) == _decimal(b)


def place(data: dict[str, Any], current: Any = None) -> dict[str, Any]:
    """`data` for a record with a postcode and a location (latitude, longitude, location_source, located_on), with
    its location filled in: typed coordinates are kept as typed; otherwise a new or changed postcode (or one with no
    location yet) is looked up. A postcode that cannot be found leaves no location and says why in
    `location_source`, so pages can ask for the location to be typed. Returns a new dict."""
    postcode = data.get("postcode", getattr(current, "postcode", "")) or ""
    lat, lon = data.get("latitude"), data.get("longitude")
    old_lat, old_lon = getattr(current, "latitude", None), getattr(current, "longitude", None)
    changed = current is None or compact(postcode) != compact(getattr(current, "postcode", ""))
    if lat is not None and lon is not None and data.get("location_source"):
        return data  # carried over with its source (an application's location becoming the person's)
    if lat is not None and lon is not None:
        if not (_same(lat, old_lat) and _same(lon, old_lon)):
            return {**data, **_located(lat, lon, TYPED)}
        if not changed:
            return data
    if not postcode:
        return data
    if "latitude" not in data and not changed and old_lat is not None:
        return data
    try:
        found = locate(postcode)
    except GeocoderUnavailable:
        return {**data, **_located(None, None, UNAVAILABLE)}
    if found is None:
        return {**data, **_located(None, None, NOT_FOUND)}
    return {**data, **_located(found.latitude, found.longitude, found.source)}
