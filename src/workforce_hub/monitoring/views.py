"""Monitoring pages: a scheme's logic models, one version with its items and indicators and the Hub's proposed
ratings, and the forms to add items and indicators and to decide a rating."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import csv_response, stored_file_response, xlsx_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.web import FormPage, button_refusals, member_required, posted, refusals
from workforce_hub.schemes.models import Scheme

from . import access, metrics, services
from .forms import IndicatorForm, ItemForm, ManualValueForm, RatingForm
from .models import Kind, LogicModel, ManualValue, Programme, Rating
from .selectors import (
    RATING_WORDS,
    TABLE_HEADERS,
    cohort_comparison,
    diagram,
    item_row,
    item_rows,
    smart_problems,
    table,
    trend,
    trend_chart,
)


def _versions(
    request: HttpRequest, models: QuerySet[LogicModel], *, subject: str, back: str, create: str
) -> HttpResponse:
    return render(
        request,
        "monitoring/models.jinja",
        {
            "subject": subject,
            "models": models,
            "back": back,
            "create_url": create,
            "can_edit": request.user.has_perm(access.MANAGE_LOGIC_MODELS),
        },
    )


@member_required
def scheme_models(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    return _versions(
        request,
        LogicModel.objects.visible_to(request.user).filter(scheme=scheme),
        subject=scheme.name,
        back=scheme.get_absolute_url(),
        create=reverse("monitoring:model_create", args=[scheme.pk]),
    )


@member_required
def programme_models(request: HttpRequest, programme: str) -> HttpResponse:
    if programme not in Programme.values:
        raise Http404("Not found")
    return _versions(
        request,
        LogicModel.objects.visible_to(request.user).filter(programme=programme),
        subject=str(Programme(programme).label),
        back=reverse("home"),
        create=reverse("monitoring:programme_model_create", args=[programme]),
    )


@member_required
@require_POST
def model_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.visible_to(request.user), pk=pk)
    model = services.logic_model_create(actor=request.user, scheme=scheme, note=request.POST.get("note", ""))
    messages.success(request, f"Version {model.version} is ready to change.")
    return redirect(model.get_absolute_url())


@member_required
@require_POST
def programme_model_create(request: HttpRequest, programme: str) -> HttpResponse:
    if programme not in Programme.values:
        raise Http404("Not found")
    model = services.logic_model_create(actor=request.user, programme=programme, note=request.POST.get("note", ""))
    messages.success(request, f"Version {model.version} is ready to change.")
    return redirect(model.get_absolute_url())


@member_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = access.access_logic_model(request.user, pk)
    today = timezone.localdate()
    items = list(model.items.prefetch_related("leads_to"))
    picture = diagram(items)
    by_kind = [(label, [i for i in items if i.kind == kind]) for kind, label in Kind.choices]
    rows = item_rows(model, today)
    return render(
        request,
        "monitoring/model_detail.jinja",
        {
            "model": model,
            "by_kind": by_kind,
            "diagram": picture,
            "rows": rows,
            "headers": TABLE_HEADERS,
            "rating_words": RATING_WORDS,
            "comparison": cohort_comparison(model, today),
            "table": table(rows),
            "printable": request.GET.get("print") == "1",
            "today": today,
            "can_edit": request.user.has_perm(access.MANAGE_LOGIC_MODELS),
        },
    )


@member_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    model = access.access_logic_model(request.user, pk, for_write=True)
    page = FormPage(
        request,
        ItemForm(request.POST or None, model=model),
        title="Add to the logic model",
        back=model.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(services.item_add(actor=request.user, model=model, data=page.data), "The item is added.")
    return page.render()


@member_required
def indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    model = access.access_logic_model(request.user, pk, for_write=True)
    page = FormPage(
        request,
        IndicatorForm(request.POST or None, model=model),
        title="Add an indicator",
        back=model.get_absolute_url(),
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.indicator_add(
                    actor=request.user, item=page.data["item"], data={k: v for k, v in page.data.items() if k != "item"}
                ),
                "The indicator is added.",
            )
    return page.render()


@member_required
def item_rate(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.access_item(request.user, pk)
    row = item_row(item, timezone.localdate())
    if row is None:
        raise Http404("Not found")  # inputs and activities are not rated
    form = RatingForm(request.POST or None, initial={"rating": row.proposal})
    if posted(form, request):
        with refusals(form):
            services.rating_decide(actor=request.user, item=item, **form.cleaned_data)
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
    model = access.access_logic_model(request.user, pk)
    today = timezone.localdate()
    rows = table(item_rows(model, today))
    name = f"logic-model-{model.scheme_id or model.programme}-v{model.version}-{today.isoformat()}"
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=model, detail={"format": fmt})
    if fmt == "csv":
        return csv_response(f"{name}.csv", [TABLE_HEADERS, *rows])
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", [("Indicators and ratings", [TABLE_HEADERS, *rows])], freeze="A2")
    raise Http404("Not found")


@member_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change or remove an item while its version has no ratings (coordinators)."""
    item = access.access_item(request.user, pk, for_write=True)
    back = item.model.get_absolute_url()
    if request.method == "POST" and "delete" in request.POST:
        with button_refusals(request):
            services.item_delete(actor=request.user, item=item)
            messages.success(request, "The item is removed.")
        return redirect(back)
    initial = {
        "kind": item.kind,
        "statement": item.statement,
        "leads_to": list(item.leads_to.all()),
        "external_factors": item.external_factors,
    }
    page = FormPage(
        request,
        ItemForm(request.POST or None, model=item.model, initial=initial),
        title="Change the item",
        back=back,
        delete_label="Remove this item and its indicators",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.item_change(actor=request.user, item=item, data=page.data), "The item is changed."
            )
    return page.render()


@member_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator: what it counts, its value over time (chart and table), values entered by hand and the form
    to enter one (its owner or a coordinator)."""
    indicator = access.access_indicator(request.user, pk)
    today = timezone.localdate()
    points = trend(indicator, today)
    viewer = viewer_for(request.user)
    can_enter = not indicator.metric and (
        indicator.owner_id == viewer.person_id or viewer.coordinates(indicator.item.model.partnership_id)
    )
    form = ManualValueForm(request.POST or None, request.FILES or None, initial={"recorded_on": today})
    if posted(form, request):
        data = dict(form.cleaned_data)
        upload = data.pop("upload", None)
        if upload is not None:
            data["upload"] = (upload.name, upload.read())
        with refusals(form):
            services.manual_value_add(actor=request.user, indicator=indicator, data=data)
            messages.success(request, "The value is recorded.")
            return redirect(reverse("monitoring:indicator", args=[indicator.pk]))
    return render(
        request,
        "monitoring/indicator.jinja",
        {
            "indicator": indicator,
            "metric": metrics.CATALOGUE.get(indicator.metric),
            "points": points,
            "chart_spec": trend_chart(indicator, points),
            "trend_rows": [[f"{d:%-d %B %Y}", "Not known" if v is None else v] for d, v in points],
            "value_rows": [
                [
                    f"{v.recorded_on:%-d %B %Y}",
                    v.value,
                    format_html(
                        '{}<br><a href="{}">Download the file</a>',
                        v.evidence,
                        reverse("monitoring:value_file", args=[v.pk]),
                    )
                    if v.evidence_file
                    else v.evidence,
                    v.recorded_by.display_name if v.recorded_by else "",
                ]
                for v in indicator.manual_values.select_related("recorded_by")
            ],
            "form": form,
            "can_enter": can_enter,
            "can_edit": request.user.has_perm(access.MANAGE_LOGIC_MODELS),
            "problems": smart_problems(indicator),
        },
    )


@member_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change or remove an indicator while its version has no ratings (coordinators)."""
    indicator = access.access_indicator(request.user, pk, for_write=True)
    model = indicator.item.model
    if request.method == "POST" and "delete" in request.POST:
        with button_refusals(request):
            services.indicator_delete(actor=request.user, indicator=indicator)
            messages.success(request, "The indicator is removed.")
            return redirect(model.get_absolute_url())
        return redirect(reverse("monitoring:indicator", args=[indicator.pk]))
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS} | {"item": indicator.item}
    form = IndicatorForm(request.POST or None, model=model, initial=initial)
    form.fields["item"].disabled = True
    page = FormPage(
        request,
        form,
        title="Change the indicator",
        back=reverse("monitoring:indicator", args=[indicator.pk]),
        delete_label="Remove this indicator",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.indicator_change(
                    actor=request.user, indicator=indicator, data={k: v for k, v in page.data.items() if k != "item"}
                ),
                "The indicator is changed.",
            )
    return page.render()


@member_required
def value_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file of evidence behind a value entered by hand, for whoever may read the indicator (audited)."""
    value = get_visible_or_404(ManualValue.objects.visible_to(request.user), pk=pk)
    if not value.evidence_file:
        raise Http404("Not found")
    audit_record(actor=request.user, action=AuditEvent.Action.READ_SENSITIVE, obj=value, detail={"file": True})
    stored = value.evidence_file.name or ""
    return stored_file_response(
        value.evidence_file, f"evidence-{value.pk}{stored[stored.rfind('.') :]}", value.evidence_type
    )
