"""Writes for monitoring: logic models and their versions, items, indicators (checked SMART), manual values and
ratings (a person confirms the Hub's proposal or overrides it with a reason)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, audit_refusal, require_perm_in
from workforce_hub.core.services import model_create, model_update
from workforce_hub.people.selectors import acting_person
from workforce_hub.portfolios import files, screening
from workforce_hub.portfolios.models import Scan
from workforce_hub.schemes.models import Scheme

from . import metrics, selectors
from .models import MEASURED, Indicator, Item, ItemRating, LogicModel, ManualValue, Programme, Rating


@atomic_service
def logic_model_create(
    *, actor: Actor, scheme: Scheme | None = None, programme: str = "", note: str = ""
) -> LogicModel:
    """A new version of a scheme's logic model, or of a partnership programme's (the actor's partnership): the first
    one empty, a later one a copy of the latest (items, links and indicators), so the ratings given against the
    older version stay as they were."""
    if (scheme is None) == (not programme):
        raise ValidationError("Say which scheme or which programme the logic model is of.")
    if programme and programme not in Programme.values:
        raise ValidationError({"programme": "Choose a programme the Hub knows."})
    partnership_id = scheme.partnership_id if scheme is not None else viewer_for(actor).partnership_id
    if partnership_id is None:
        raise PermissionDenied("Only members of a partnership keep logic models.")
    require_perm_in(actor, "hub.manage_logic_models", partnership_id)
    subject = {"scheme": scheme} if scheme is not None else {"partnership_id": partnership_id, "programme": programme}
    latest = LogicModel.objects.filter(**subject).order_by("-version").first()
    model = model_create(
        model=LogicModel,
        data={
            **subject,
            "partnership_id": partnership_id,
            "version": (latest.version + 1) if latest else 1,
            "note": note.strip(),
        },
        actor=actor,
    )
    if latest is not None:
        copies: dict[int, Item] = {}
        for item in latest.items.all():
            copies[item.pk] = Item.objects.create(
                model=model,
                kind=item.kind,
                statement=item.statement,
                external_factors=item.external_factors,
                position=item.position,
            )
            for ind in item.indicators.all():
                ind.pk, ind.item = None, copies[item.pk]
                ind.save()
        for item in latest.items.prefetch_related("leads_to"):
            copies[item.pk].leads_to.set([copies[t.pk] for t in item.leads_to.all()])
    return model


def _editable(model: LogicModel) -> None:
    if ItemRating.objects.filter(item__model=model).exists():
        raise ValidationError(
            "Ratings were given against this version. Make a new version to change it; the old one stays as it was."
        )


@atomic_service
def item_add(*, actor: Actor, model: LogicModel, data: dict[str, Any]) -> Item:
    require_perm_in(actor, "hub.manage_logic_models", model.partnership_id)
    _editable(model)
    leads_to = list(data.get("leads_to") or [])
    if any(t.model_id != model.pk for t in leads_to):
        raise ValidationError({"leads_to": "Choose items of this logic model."})
    if not (data.get("statement") or "").strip():
        raise ValidationError({"statement": "Say what this item is, in plain English."})
    item = model_create(
        model=Item,
        data={
            "model": model,
            "kind": data["kind"],
            "statement": data["statement"].strip(),
            "external_factors": (data.get("external_factors") or "").strip(),
            "position": model.items.count(),
        },
        actor=actor,
    )
    item.leads_to.set(leads_to)
    return item


INDICATOR_FIELDS = (
    "name",
    "metric",
    "cohort",
    "organisation",
    "since",
    "target",
    "baseline",
    "due_on",
    "owner",
    "direction",
)


def _indicator_errors(model: LogicModel, data: dict[str, Any]) -> dict[str, str]:
    """Why these indicator fields are not SMART, or do not fit the model and its figure, in plain words."""
    errors: dict[str, str] = {}
    metric_code = data.get("metric") or ""
    metric = metrics.CATALOGUE.get(metric_code)
    if metric_code and (metric is None or metric not in metrics.for_programme(model.programme)):
        errors["metric"] = "Choose a figure the Hub computes for this logic model, or leave it empty to enter values."
    if data.get("target") is None:
        errors["target"] = "Give a target: a SMART indicator says how much, by when."
    if data.get("due_on") is None:
        errors["due_on"] = "Give the date it is due by."
    owner = data.get("owner")
    if owner is None:
        errors["owner"] = "Name who is responsible for it."
    elif owner.partnership_id != model.partnership_id:
        errors["owner"] = "Choose someone in this partnership."
    if not (data.get("name") or "").strip():
        errors["name"] = "Name the indicator, for example: apprentices taking part."
    # a value entered by hand may say what it covers; a figure takes only its own filters
    takes = metric.filters if metric is not None else frozenset({metrics.COHORT, metrics.ORGANISATION, metrics.PERIOD})
    cohort, organisation = data.get("cohort"), data.get("organisation")
    if cohort is not None and (model.scheme_id is None or cohort.scheme_id != model.scheme_id):
        errors["cohort"] = "Choose a cohort of this scheme."
    elif cohort is not None and metric is not None and metrics.COHORT not in takes:
        errors["cohort"] = f"This figure cannot be counted for one cohort. It takes: {metric.filter_words}."
    if organisation is not None and organisation.partnership_id != model.partnership_id:
        errors["organisation"] = "Choose an organisation in this partnership."
    elif organisation is not None and metrics.ORGANISATION not in takes:
        errors["organisation"] = "This figure cannot be counted for one organisation."
    if data.get("since") is not None and metrics.PERIOD not in takes:
        errors["since"] = "This figure does not count from a date."
    return errors


@atomic_service
def indicator_add(*, actor: Actor, item: Item, data: dict[str, Any]) -> Indicator:
    """SMART or refused: a target, a date it is due by, someone responsible; a figure the Hub computes for this kind
    of logic model (with only the filters it takes) or, without one, values entered by hand."""
    model = item.model
    require_perm_in(actor, "hub.manage_logic_models", model.partnership_id)
    _editable(model)
    errors = _indicator_errors(model, data)
    if item.kind not in MEASURED:
        errors["item"] = "Indicators measure outputs, outcomes and impacts."
    if errors:
        raise ValidationError(errors)
    fields = {k: data[k] for k in INDICATOR_FIELDS if k in data}
    return model_create(model=Indicator, data={**fields, "item": item}, actor=actor)


@atomic_service
def indicator_change(*, actor: Actor, indicator: Indicator, data: dict[str, Any]) -> Indicator:
    """Change an indicator in place while its version has no ratings; checked as when it was added. Values entered
    by hand stay with it."""
    model = indicator.item.model
    require_perm_in(actor, "hub.manage_logic_models", model.partnership_id)
    _editable(model)
    merged = {
        **{k: getattr(indicator, k) for k in INDICATOR_FIELDS},
        **{k: data[k] for k in INDICATOR_FIELDS if k in data},
    }
    errors = _indicator_errors(model, merged)
    if errors:
        raise ValidationError(errors)
    model_update(instance=indicator, data={k: data[k] for k in INDICATOR_FIELDS if k in data}, actor=actor)
    return indicator


@atomic_service
def item_change(*, actor: Actor, item: Item, data: dict[str, Any]) -> Item:
    """Change an item's wording, links or outside factors while its version has no ratings."""
    model = item.model
    require_perm_in(actor, "hub.manage_logic_models", model.partnership_id)
    _editable(model)
    if "statement" in data and not (data["statement"] or "").strip():
        raise ValidationError({"statement": "Say what this item is, in plain English."})
    leads_to = data.get("leads_to")
    if leads_to is not None and any(t.model_id != model.pk or t.pk == item.pk for t in leads_to):
        raise ValidationError({"leads_to": "Choose other items of this logic model."})
    fields = {
        k: (v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if k in ("kind", "statement", "external_factors")
    }
    model_update(instance=item, data=fields, actor=actor)
    if leads_to is not None:
        item.leads_to.set(leads_to)
    return item


@atomic_service
def item_delete(*, actor: Actor, item: Item) -> None:
    """Remove an item (and its indicators) while its version has no ratings."""
    require_perm_in(actor, "hub.manage_logic_models", item.model.partnership_id)
    _editable(item.model)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=item, detail={"model": item.model_id})
    item.delete()


@atomic_service
def indicator_delete(*, actor: Actor, indicator: Indicator) -> None:
    require_perm_in(actor, "hub.manage_logic_models", indicator.item.model.partnership_id)
    _editable(indicator.item.model)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=indicator, detail={"item": indicator.item_id})
    indicator.delete()


def _owns_or_coordinates(actor: Actor, item: Item) -> bool:
    viewer = viewer_for(actor)
    if viewer.coordinates(item.model.partnership_id):
        return True
    return item.indicators.filter(owner_id=viewer.person_id or 0).exists()


@atomic_service
def manual_value_add(*, actor: Actor, indicator: Indicator, data: dict[str, Any]) -> ManualValue:
    viewer = viewer_for(actor)
    owner = viewer.person_id is not None and indicator.owner_id == viewer.person_id
    if not (owner or viewer.coordinates(indicator.item.model.partnership_id)):
        raise audit_refusal(
            PermissionDenied("The indicator's owner or a coordinator enters its values."), actor=actor, obj=indicator
        )
    if indicator.metric:
        raise ValidationError("The Hub computes this indicator from its records.")
    if not (data.get("evidence") or "").strip():
        raise ValidationError({"evidence": "Say what shows this value."})
    if data.get("recorded_on") and data["recorded_on"] > timezone.localdate():
        raise ValidationError({"recorded_on": "Give a date that is not in the future."})
    if label := screening.first_label(data["evidence"]):
        raise ValidationError({"evidence": f"This seems to hold {label}: say what shows it without it."})
    checked = None
    if data.get("upload") is not None:
        name, raw = data["upload"]
        checked = _checked_evidence(name, raw, confirmed=bool(data.get("confirmed")))
    value = model_create(
        model=ManualValue,
        data={
            "indicator": indicator,
            "value": data["value"],
            "recorded_on": data.get("recorded_on") or timezone.localdate(),
            "evidence": data["evidence"].strip(),
            "recorded_by": acting_person(actor),
        },
        actor=actor,
    )
    if checked is not None:
        value.evidence_type = checked.content_type
        value.evidence_file.save(f"upload{checked.extension}", ContentFile(checked.content), save=False)
        value.save(update_fields=["evidence_file", "evidence_type"])
    return value


def _checked_evidence(name: str, raw: bytes, *, confirmed: bool) -> files.CheckedFile:
    """A file of evidence is refused, with the reason, unless it is a PDF, Word document or picture that passes the
    virus check and shows no personal details (a picture or a scan the uploader confirms, as they cannot be read)."""
    read = files.read_upload(name, raw)
    checked, places = read.checked, read.places
    if read.unreadable and not confirmed:
        raise ValidationError(
            {"confirmed": "This file cannot be checked for personal details: confirm it shows none, or upload text."}
        )
    found = screening.scan_places(places)
    if found:
        where = "; ".join(f"{f.label} ({f.place})" for f in found[:5])
        raise ValidationError({"upload": f"The file seems to hold personal details: {where}. Remove them first."})
    try:
        result = files.get_scanner().scan(checked.content)
    except Exception as exc:
        raise ValidationError({"upload": "The virus check is not working just now. Try again later."}) from exc
    if result != Scan.CLEAN:
        raise ValidationError({"upload": "The file did not pass the virus check."})
    return checked


@atomic_service
def rating_decide(
    *, actor: Actor, item: Item, rating: str, reason: str = "", review_on: date | None = None
) -> ItemRating:
    """Confirm the Hub's proposal, or override it with a reason. Every decision is kept."""
    if not _owns_or_coordinates(actor, item):
        raise audit_refusal(
            PermissionDenied("An owner of the item's indicators or a coordinator rates it."), actor=actor, obj=item
        )
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose one of the four ratings."})
    review_on = review_on or timezone.localdate()
    row = selectors.item_row(item, review_on)
    if row is None:
        raise ValidationError("Only outputs, outcomes and impacts are rated.")
    if rating != row.proposal and not reason.strip():
        raise ValidationError({"reason": "Say why you rate it differently from the Hub's proposal."})
    decided = ItemRating.objects.create(
        item=item,
        review_on=review_on,
        proposed=row.proposal,
        rating=rating,
        reason=reason.strip(),
        decided_by=acting_person(actor),
    )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=decided, detail={"rating": rating})
    return decided


#: owners hear about an indicator this many days before its date (and once when it has passed unmet)
REMIND_DAYS = 14


def indicator_reminders(today: date | None = None) -> int:
    """Daily: tell each indicator's owner once when it falls due within two weeks unmet, and once when its date has
    passed unmet (idempotent: a second run the same day sends nothing)."""
    from django.urls import reverse

    from workforce_hub.notifications.services import notification_queue

    today = today or timezone.localdate()
    sent = 0
    for w in selectors.unmet_due_within(LogicModel.objects.all(), today, REMIND_DAYS):
        ind, model = w.row.indicator, w.model
        if ind.owner is None or ind.due_on is None:
            continue
        stage = "overdue" if w.overdue else "due"
        notification_queue(
            key=f"indicator-{stage}:{ind.pk}:{ind.due_on.isoformat()}",
            recipient=ind.owner,
            kind="indicator_due",
            subject=f"An indicator you own is {'past its date' if w.overdue else 'due soon'}",
            body=(
                f"“{ind.name}” for {model.subject} is due by {ind.due_on:%-d %B %Y} and is not met yet. "
                "Check its value and rate its item."
            ),
            link=reverse("monitoring:item_rate", args=[ind.item_id]),
            about=model,
        )
        sent += 1
    return sent
