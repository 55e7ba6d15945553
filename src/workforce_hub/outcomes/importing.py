"""Import partners' job vacancies from CSV or XLSX. Every row is checked first; if any row is bad nothing is written
and each problem is reported with its row number and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction

from workforce_hub.core.access import Actor
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm_in
from workforce_hub.organisations.models import Organisation, Partnership, Sector
from workforce_hub.people.importing import RowError, parse_date, read_rows
from workforce_hub.schemes.models import Scheme

from .access import job_organisations
from .models import JobVacancy

COLUMNS = [
    "organisation",
    "title",
    "sector",
    "area",
    "closes_on",
    "how_to_apply",
    "postcode",
    "hours",
    "pay",
    "description",
    "schemes",
]
REQUIRED = COLUMNS[:6]
_SECTOR = {label.lower(): value for value, label in Sector.choices} | {v: v for v in Sector.values}


@dataclass
class JobImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def jobs_import(*, partnership: Partnership, upload: BinaryIO, filename: str, actor: Actor) -> JobImportResult:
    require_perm_in(actor, "hub.post_jobs", partnership.pk)
    rows = read_rows(upload, filename, REQUIRED)
    result = JobImportResult(rows=len(rows))
    orgs = {o.name.lower(): o for o in Organisation.objects.filter(partnership=partnership)}
    own = job_organisations(actor)
    schemes = {s.name.lower(): s for s in Scheme.objects.filter(partnership=partnership)}
    planned: list[tuple[JobVacancy, list[Scheme]]] = []
    for number, row in enumerate(rows, start=2):
        errors = [RowError(number, c, f"Enter {c.replace('_', ' ')}.") for c in REQUIRED if not row.get(c)]
        org = orgs.get(row.get("organisation", "").lower())
        if row.get("organisation") and org is None:
            errors.append(RowError(number, "organisation", f"No organisation called '{row['organisation']}' here."))
        elif org is not None and own is not None and org.pk not in own:
            errors.append(RowError(number, "organisation", "You can post jobs for your own organisation only."))
        sector = _SECTOR.get(row.get("sector", "").lower())
        if row.get("sector") and sector is None:
            errors.append(
                RowError(number, "sector", "Use one of: " + ", ".join(str(lbl) for _, lbl in Sector.choices) + ".")
            )
        closes = None
        if row.get("closes_on"):
            try:
                closes = parse_date(row["closes_on"])
            except ValueError:
                errors.append(RowError(number, "closes_on", "Enter the closing date as YYYY-MM-DD or DD/MM/YYYY."))
        wanted = [s.strip() for s in row.get("schemes", "").split(";") if s.strip()]
        unknown = [s for s in wanted if s.lower() not in schemes]
        if unknown:
            errors.append(RowError(number, "schemes", f"No scheme called: {', '.join(unknown)}. Separate names with ;"))
        if not errors and org is not None and closes is not None and sector is not None:
            job = JobVacancy(
                partnership=partnership,
                organisation=org,
                title=row["title"],
                sector=sector,
                area=row["area"],
                closes_on=closes,
                how_to_apply=row["how_to_apply"],
                postcode=row.get("postcode", "").upper(),
                hours=row.get("hours", ""),
                pay=row.get("pay", ""),
                description=row.get("description", ""),
            )
            try:
                job.full_clean()
            except ValidationError as exc:
                for col, messages in exc.message_dict.items():
                    errors.extend(RowError(number, col, m) for m in messages)
            else:
                planned.append((job, [schemes[s.lower()] for s in wanted]))
        result.errors.extend(errors)
    if result.errors:
        return result
    with transaction.atomic():
        for job, job_schemes in planned:
            job.save()
            job.schemes.set(job_schemes)
        result.created = len(planned)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            object_type="outcomes.jobvacancy",
            partnership_id=partnership.pk,
            detail={"rows": result.rows, "created": result.created},
        )
    return result
