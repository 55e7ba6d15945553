"""What other tables say about the moved models follows them to `digital_champions` (ADR 0029):

- their content types change app rather than being left stale (the permissions attached to them stay attached);
- audit events written before the move name them `digital_skills.<model>`: they are renamed, so the audit log's
  filters and a person's subject-access export find them under the label the models have now. What an event
  records does not change, only the name of the kind of record it is about.

Reversible: going back renames them the other way."""

from typing import Any

from django.db import migrations

MOVED = (
    "champion",
    "dropin",
    "booking",
    "supportcontact",
    "skillcheck",
    "maturityassessment",
    "maturityscore",
    "actionitem",
    "qualitymarklevel",
    "qualitymarkaward",
)


def _relabel(apps: Any, old: str, new: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label=old, model__in=MOVED).update(app_label=new)
    events = apps.get_model("core", "AuditEvent")
    for model in MOVED:
        events.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def forwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "digital_skills", "digital_champions")


def backwards(apps: Any, schema_editor: Any) -> None:
    _relabel(apps, "digital_champions", "digital_skills")


class Migration(migrations.Migration):
    dependencies = [
        ("digital_champions", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
