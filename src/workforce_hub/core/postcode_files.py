"""Reading the open government postcode files into `PostcodeCentroid` rows (`manage.py load_postcodes`).

Layouts:
- `onspd`: the ONS Postcode Directory CSV (header row; `pcds` or `pcd`, `lat`, `long`; rows without a grid
  reference carry latitude 99.999999 and are skipped as "no location").
- `codepoint`: OS Code-Point Open CSV (no header; postcode, quality, eastings, northings, ...), converted from
  British National Grid to latitude and longitude with PROJ (pyproj).
- `districts`: any CSV with a header naming `district` (or `postcode`), `latitude` and `longitude` — for example
  postcode-district centroids, enough to plan travel without every postcode.
Every row is checked before anything is written; each bad row is reported by its line number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from .geocoding import compact
from .models import PostcodeCentroid

SOURCES = {"onspd": "ONS Postcode Directory", "codepoint": "OS Code-Point Open", "districts": "postcode districts"}
NO_GRID = Decimal("99.999999")


@dataclass
class LoadReport:
    loaded: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _row_location(lat: str, lon: str) -> tuple[Decimal, Decimal]:
    latitude, longitude = Decimal(lat.strip()), Decimal(lon.strip())
    if not (Decimal(49) <= latitude <= Decimal(61) and Decimal(-9) <= longitude <= Decimal(3)):
        raise ValueError("is outside the United Kingdom")
    return latitude.quantize(Decimal("0.00001")), longitude.quantize(Decimal("0.00001"))


def read(lines: Iterable[str], layout: str) -> tuple[list[PostcodeCentroid], LoadReport]:
    if layout not in SOURCES:
        raise ValueError(f"The layout must be one of {', '.join(SOURCES)}.")
    report = LoadReport()
    rows: list[PostcodeCentroid] = []
    source = SOURCES[layout]
    transformer = None
    if layout == "codepoint":
        from pyproj import Transformer

        transformer = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        reader: Iterable[tuple[int, dict[str, str]]] = (
            (n, {"postcode": r[0], "e": r[2], "n": r[3]}) for n, r in enumerate(csv.reader(lines), 1) if r
        )
    else:
        reader = ((n, r) for n, r in enumerate(csv.DictReader(lines), 2))
    for line, raw in reader:
        try:
            if layout == "onspd":
                key = compact(raw.get("pcds") or raw.get("pcd") or "")
                if Decimal((raw.get("lat") or "0").strip()) == NO_GRID:
                    report.skipped += 1
                    continue
                latitude, longitude = _row_location(raw["lat"], raw["long"])
                kind = PostcodeCentroid.Kind.POSTCODE
            elif layout == "codepoint":
                key = compact(raw["postcode"])
                assert transformer is not None
                lon_f, lat_f = transformer.transform(float(raw["e"]), float(raw["n"]))
                latitude, longitude = _row_location(str(lat_f), str(lon_f))
                kind = PostcodeCentroid.Kind.POSTCODE
            else:
                key = compact(raw.get("district") or raw.get("postcode") or "")
                latitude, longitude = _row_location(raw["latitude"], raw["longitude"])
                kind = PostcodeCentroid.Kind.POSTCODE if len(key) > 4 else PostcodeCentroid.Kind.DISTRICT
            if not 2 <= len(key) <= 8 or not key.isalnum():
                raise ValueError(f"“{key}” is not a postcode")
        except (KeyError, ValueError, InvalidOperation, TypeError) as exc:
            report.errors.append(f"Line {line}: {exc or 'a column is missing'}")
            continue
        rows.append(PostcodeCentroid(key=key, kind=kind, latitude=latitude, longitude=longitude, source=source))
    return rows, report


def load(text: str, layout: str) -> LoadReport:
    """Check every row; write nothing if any row is bad; otherwise add or replace every postcode in the file."""
    rows, report = read(io.StringIO(text), layout)
    if report.errors:
        return report
    with transaction.atomic():
        PostcodeCentroid.objects.bulk_create(
            rows,
            batch_size=5000,
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["kind", "latitude", "longitude", "source"],
        )
    report.loaded = len(rows)
    return report
