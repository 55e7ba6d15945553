"""Monitoring pages: a scheme's logic models, one version with its items and indicators and the Hub's proposed
ratings, and the forms to add items and indicators and to decide a rating."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import csv_response, xlsx_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import apply_validation_error, form_page, member_required, message_errors
from workforce_hub.schemes.models import Scheme

from . import services
from .forms import IndicatorForm, ItemForm, RatingForm
from .models import Item, Kind, LogicModel, Rating
from .selectors import RATING_WORDS, TABLE_HEADERS, cohort_comparison, item_row, item_rows, table


@member_required
def scheme_models(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    models = LogicModel.objects.visible_to(request.user).filter(scheme=scheme)
    return render(
        request,
        "monitoring/scheme_models.jinja",
        {"scheme": scheme, "models": models, "can_edit": request.user.has_perm("hub.manage_logic_models")},
    )


@member_required
@require_POST
def model_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    model = services.logic_model_create(actor=request.user, scheme=scheme, note=request.POST.get("note", ""))
    messages.success(request, f"Version {model.version} is ready to change.")
    return redirect(model.get_absolute_url())


@member_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_visible_or_404(LogicModel.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    today = timezone.localdate()
    items = list(model.items.prefetch_related("leads_to"))
    by_kind = [(label, [i for i in items if i.kind == kind]) for kind, label in Kind.choices]
    rows = item_rows(model, today)
    return render(
        request,
        "monitoring/model_detail.jinja",
        {
            "model": model,
            "by_kind": by_kind,
            "rows": rows,
            "headers": TABLE_HEADERS,
            "rating_words": RATING_WORDS,
            "comparison": cohort_comparison(model, today),
            "table": table(rows),
            "printable": request.GET.get("print") == "1",
            "today": today,
            "can_edit": request.user.has_perm("hub.manage_logic_models"),
        },
    )


@member_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_logic_models")
    model = get_visible_or_404(LogicModel.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    return form_page(
        request,
        ItemForm(request.POST or None, model=model),
        save=lambda data: services.item_add(actor=request.user, model=model, data=data),
        success="The item is added.",
        title="Add to the logic model",
        back=model.get_absolute_url(),
    )


@member_required
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.manage_logic_models")
    model = get_visible_or_404(LogicModel.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    return form_page(
        request,
        IndicatorForm(request.POST or None, model=model),
        save=lambda data: services.indicator_add(
            actor=request.user, item=data["item"], data={k: v for k, v in data.items() if k != "item"}
        ),
        success="The indicator is added.",
        title="Add an indicator",
        back=model.get_absolute_url(),
    )


@member_required
def item_rate(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Item.objects.visible_to(request.user).select_related("model__scheme"), pk=pk)
    row = item_row(item, timezone.localdate())
    if row is None:
        raise Http404("Not found")  # inputs and activities are not rated
    form = RatingForm(request.POST or None, initial={"rating": row.proposal})
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_decide(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The rating is recorded.")
            return redirect(item.get_absolute_url())
    return render(
        request,
        "monitoring/item_rate.jinja",
        {
            "item": item,
            "row": row,
            "form": form,
            "history": item.ratings.select_related("decided_by"),
            "rating_labels": dict(Rating.choices),
        },
    )


@member_required
def model_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The indicator table as CSV or Excel, the same rows the page shows (audited)."""
    model = get_visible_or_404(LogicModel.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    today = timezone.localdate()
    rows = table(item_rows(model, today))
    name = f"logic-model-{model.scheme_id}-v{model.version}-{today.isoformat()}"
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=model, detail={"format": fmt})
    if fmt == "csv":
        return csv_response(f"{name}.csv", [TABLE_HEADERS, *rows])
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", [("Indicators and ratings", [TABLE_HEADERS, *rows])], freeze="A2")
    raise Http404("Not found")


@member_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change or remove an item while its version has no ratings (coordinators)."""
    require_perm(request.user, "hub.manage_logic_models")
    item = get_visible_or_404(Item.objects.visible_to(request.user).select_related("model__scheme"), pk=pk)
    back = item.model.get_absolute_url()
    if request.method == "POST" and "delete" in request.POST:
        try:
            services.item_delete(actor=request.user, item=item)
        except ValidationError as exc:
            message_errors(request, exc)
            return redirect(back)
        messages.success(request, "The item is removed.")
        return redirect(back)
    initial = {
        "kind": item.kind,
        "statement": item.statement,
        "leads_to": list(item.leads_to.all()),
        "external_factors": item.external_factors,
    }
    return form_page(
        request,
        ItemForm(request.POST or None, model=item.model, initial=initial),
        save=lambda data: services.item_change(actor=request.user, item=item, data=data),
        success="The item is changed.",
        title="Change the item",
        back=back,
        delete_label="Remove this item and its indicators",
    )
