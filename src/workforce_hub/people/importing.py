"""Bulk import of people and their roles from CSV or XLSX.

Every row is validated first; if any row is bad, nothing is written and each problem is reported with
its row number and column. A person on several rows gets several roles.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from workforce_hub.core.access import Actor
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.roles import Role
from workforce_hub.organisations.models import UK_POSTCODE_RE, Membership, Organisation, Partnership

from .models import Person

COLUMNS = [
    "given_name",
    "family_name",
    "email",
    "organisation",
    "role",
    "job_title",
    "phone",
    "date_of_birth",
    "postcode",
]
REQUIRED = ["given_name", "family_name", "email", "organisation", "role"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
_ROLE_BY_LABEL = {label.lower(): value for value, label in Role.choices} | {v: v for v in Role.values}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    people_created: int = 0
    people_matched: int = 0
    memberships_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(upload: BinaryIO, filename: str, required: list[str] = REQUIRED) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX file as dicts keyed by the (normalised) header; refuses files that are
    too big, unreadable, empty or missing a `required` column."""
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError("The file is larger than 2 MB. Split it into smaller files.")
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not raw.startswith(b"PK"):
            raise ValidationError("The file is not a valid Excel (.xlsx) file.")
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for corrupt files
            raise ValidationError("The Excel file could not be read. Save it again as .xlsx and retry.") from exc
        ws = wb.worksheets[0]
        values = [["" if c is None else c for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    elif name.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("The CSV file must be saved as UTF-8.") from exc
        values = [list(r) for r in csv.reader(io.StringIO(text))]
    else:
        raise ValidationError("Upload a .csv or .xlsx file.")
    if not values:
        raise ValidationError("The file is empty.")
    header = [str(h).strip().lower().replace(" ", "_") for h in values[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(f"The first row must name the columns. Missing: {', '.join(missing)}.")
    rows = []
    for raw_row in values[1:]:
        if not any(str(v).strip() for v in raw_row):
            continue
        row = {}
        for i, col in enumerate(header):
            v = raw_row[i] if i < len(raw_row) else ""
            row[col] = v.isoformat() if isinstance(v, datetime | date) else str(v).strip()
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file has {len(rows)} rows; the most one import takes is {MAX_ROWS}.")
    return rows


def parse_date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def people_import(
    *, partnership: Partnership, upload: BinaryIO, filename: str, actor: Actor, dry_run: bool = False
) -> ImportResult:
    require_perm(actor, "hub.import_people")
    rows = read_rows(upload, filename)
    result = ImportResult(rows=len(rows))
    orgs = {o.name.lower(): o for o in Organisation.objects.filter(partnership=partnership)}
    orgs |= {o.ods_code.lower(): o for o in orgs.values() if o.ods_code}
    existing = {p.email: p for p in Person.objects.filter(partnership=partnership)}
    seen_roles: set[tuple[str, int, str]] = set()
    names_by_email: dict[str, tuple[str, str]] = {}
    planned: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        errors: list[RowError] = []
        for col in REQUIRED:
            if not row.get(col):
                errors.append(RowError(number, col, f"Enter {col.replace('_', ' ')}."))
        email = row.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(RowError(number, "email", "Enter an e-mail address like name@example.nhs.uk."))
        org = orgs.get(row.get("organisation", "").lower())
        if row.get("organisation") and org is None:
            errors.append(
                RowError(number, "organisation", f"No organisation called '{row['organisation']}' in this partnership.")
            )
        role = _ROLE_BY_LABEL.get(row.get("role", "").lower())
        if row.get("role") and role is None:
            errors.append(
                RowError(number, "role", f"'{row['role']}' is not a role. Use one of: " + ", ".join(Role.values) + ".")
            )
        dob = None
        if row.get("date_of_birth"):
            try:
                dob = parse_date(row["date_of_birth"])
            except ValueError:
                errors.append(RowError(number, "date_of_birth", "Enter the date of birth as YYYY-MM-DD or DD/MM/YYYY."))
            else:
                if not date(1900, 1, 1) <= dob <= date.today():
                    errors.append(RowError(number, "date_of_birth", "Date of birth must be in the past."))
        postcode = row.get("postcode", "").upper()
        if postcode and not re.match(UK_POSTCODE_RE, postcode):
            errors.append(RowError(number, "postcode", "Enter a full UK postcode, like DE1 3AA."))
        phone = row.get("phone", "")
        if phone and not re.fullmatch(r"\+?[0-9 ()-]{7,20}", phone):
            errors.append(RowError(number, "phone", "Enter a phone number using digits and spaces only."))
        for col, limit in (("given_name", 100), ("family_name", 100), ("job_title", 200)):
            if len(row.get(col, "")) > limit:
                errors.append(RowError(number, col, f"Must be {limit} characters or fewer."))
        if email and org and role:
            key = (email, org.pk, role)
            if key in seen_roles:
                errors.append(RowError(number, "role", "This role appears twice for the same person and organisation."))
            seen_roles.add(key)
            names = (row.get("given_name", ""), row.get("family_name", ""))
            if email in names_by_email and names_by_email[email] != names:
                errors.append(RowError(number, "email", "The same e-mail address is used with a different name."))
            names_by_email.setdefault(email, names)
        result.errors.extend(errors)
        if not errors:
            planned.append({**row, "email": email, "org": org, "role": role, "dob": dob, "postcode": postcode})
    if result.errors or dry_run:
        if not result.errors:
            _count(result, planned, existing)
        return result
    with transaction.atomic():
        created: dict[str, Person] = {}
        for item in planned:
            person = existing.get(item["email"]) or created.get(item["email"])
            if person is None:
                person = Person(
                    partnership=partnership,
                    given_name=item["given_name"],
                    family_name=item["family_name"],
                    email=item["email"],
                    phone=item.get("phone", ""),
                    postcode=item["postcode"],
                    date_of_birth=item["dob"],
                )
                person.full_clean()
                person.save()
                created[item["email"]] = person
                result.people_created += 1
            elif item["email"] in existing:
                result.people_matched += 1
            _membership, made = Membership.objects.get_or_create(
                person=person,
                organisation=item["org"],
                role=item["role"],
                defaults={"job_title": item.get("job_title", "")},
            )
            if made:
                result.memberships_created += 1
        audit_record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            object_type="people.person",
            partnership_id=partnership.pk,
            detail={
                "rows": result.rows,
                "people_created": result.people_created,
                "memberships_created": result.memberships_created,
            },
        )
    return result


def _count(result: ImportResult, planned: list[dict[str, Any]], existing: dict[str, Person]) -> None:
    new_emails = {p["email"] for p in planned if p["email"] not in existing}
    result.people_created = len(new_emails)
    result.people_matched = len({p["email"] for p in planned if p["email"] in existing})
    existing_roles = (
        set(
            Membership.objects.filter(
                Q(person__email__in=[p["email"] for p in planned]),
                person__partnership_id=planned[0]["org"].partnership_id,
            ).values_list("person__email", "organisation_id", "role")
        )
        if planned
        else set()
    )
    result.memberships_created = sum(1 for p in planned if (p["email"], p["org"].pk, p["role"]) not in existing_roles)
