"""Rotations pages: planning."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.caching import kept_for
from workforce_hub.core.forms import FormData
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, id_param, member_required, paginate
from workforce_hub.schemes.models import Cohort, Scheme

from .. import access, selectors, services
from ..forms import PinForm, PlanRunForm
from ..instances import PERSONAL_DATA_REMOVED, enrolment_id
from ..models import PlanRun, ReplanNeed

PLAN = access.PLAN


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Coordinators plan; partnership admins may look. Anyone else: not found."""
    if not viewer_for(request.user).is_partnership_wide:
        raise Http404("Not found")
    runs = PlanRun.objects.visible_to(request.user).select_related("scheme", "created_by").prefetch_related("cohorts")
    if scheme_id := id_param(request.GET.get("scheme")):
        runs = runs.filter(scheme_id=scheme_id)
    status = request.GET.get("status", "")
    if status == "published":
        runs = runs.filter(published_at__isnull=False)
    elif status in PlanRun.Status.values:
        runs = runs.filter(status=status)
    return render(
        request,
        "rotations/plan_list.jinja",
        {
            "page": paginate(request, runs),
            "schemes": Scheme.objects.visible_to(request.user),
            "scheme_id": scheme_id,
            "status": status,
            "statuses": [*PlanRun.Status.choices, ("published", "Published")],
            "needs": ReplanNeed.objects.visible_to(request.user).open().select_related("cohort"),
            "can_plan": request.user.has_perm(PLAN),
        },
    )


@member_required
def plan_new(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, PLAN)
    cohorts = (
        Cohort.objects.visible_to(request.user).select_related("scheme").filter(end_date__gte=timezone.localdate())
    )
    initial = {}
    if cohort_id := id_param(request.GET.get("cohort")):
        initial["cohorts"] = cohorts.filter(pk=cohort_id)
    form = PlanRunForm(request.POST or None, cohorts=cohorts, initial=initial)
    page = FormPage(request, form, title="Plan placements", back="/rotations/plans/", submit="Start planning")
    if page.valid():
        with page.refusals():
            return page.done(
                services.plan_run_create(
                    cohorts=list(page.data["cohorts"]),
                    actor=request.user,
                    time_limit=page.data["time_limit"],
                    reason=page.data["reason"],
                    choices={"avoid_unsigned_hosts": True} if page.data.get("avoid_unsigned_hosts") else None,
                ),
                "Planning has started. This page shows its progress.",
            )
    return page.render()


@member_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.access_plan_run(request.user, pk)
    context: dict[str, object] = {
        "run": run,
        "cohorts": list(run.cohorts.all()),
        "can_plan": request.user.has_perm(PLAN),
    }
    if run.status == PlanRun.Status.FINISHED:
        explanation = (run.plan or {}).get("explanation") or []
        context.update(
            {
                **_kept_figures(request, run),
                "without_agreement": selectors.hosts_without_agreement(run) if run.has_plan else [],
                "explanation": [selectors.linked_explanation(run, text) for text in explanation],
                "type_colours": selectors.TYPE_COLOURS,
                "type_labels": selectors.TYPE_LABELS,
                "cell_key": selectors.cell_key,
                "chosen": _chosen_keys(run),
                "newer": PlanRun.objects.visible_to(request.user)
                .filter(cohorts__in=context["cohorts"], created_at__gt=run.created_at)
                .exclude(pk=run.pk)
                .distinct()
                .first(),
            }
        )
    given, _ = kept_for(request.user, f"plan-given:{_version(run)}", lambda: selectors.instance_summary(run))
    context["given"] = given
    context["given_total"] = len(given.apprentices)
    _one_cohort_at_a_time(request, run, context)
    _page_changes(request, context)
    context["left_out"] = selectors.left_out(run)
    context["choices"] = selectors.choice_rows(run)
    return render(request, "rotations/plan_detail.jinja", context)


#: the shape of the figures kept for the plan page (see `_version`)
KEPT_SHAPE = 2


def _version(run: PlanRun) -> str:
    """What a finished run's figures depend on besides the published placements: the run, whether it is published,
    and whether its personal data has been removed (retention), so nothing removed is shown again from the cache."""
    removed = bool((run.instance or {}).get(PERSONAL_DATA_REMOVED))
    # the leading number is the shape of what is kept: raise it when that changes, so an upgrade never reads back
    # figures of the old shape (2: typed summaries instead of dictionaries)
    return f"{KEPT_SHAPE}:{run.pk}:{run.published_at.isoformat() if run.published_at else ''}:{int(removed)}"


def _kept_figures(request: HttpRequest, run: PlanRun) -> dict[str, Any]:
    """The grid, the changes from the published plan and the short-notice list of a finished run. Worked out they
    take a third of a second for a plan of hundreds of apprentices, so they are kept for two minutes and made again
    after the reader's own change (`core.caching.kept_for`): publishing shows at once to whoever published."""

    def work_out() -> dict[str, Any]:
        diff = services.plan_changes(run) if run.has_plan else []
        return {
            "summary": selectors.run_summary(run, diff) if run.has_plan else None,
            "changes": selectors.change_list(diff),
            "short_notice": services.short_notice(run, changes=diff) if not run.published_at else [],
        }

    figures, _ = kept_for(request.user, f"plan-figures:{_version(run)}", work_out)
    return figures


#: a plan for more apprentices than this shows its grid and its inputs one cohort at a time (HUB_PLAN_GRID_ROWS)
GRID_ROWS = settings.PLAN_GRID_ROWS
#: a cohort's grid shows this many apprentices at a time (HUB_PLAN_GRID_PAGE)
GRID_PAGE = settings.PLAN_GRID_PAGE


def _one_cohort_at_a_time(request: HttpRequest, run: PlanRun, context: dict[str, Any]) -> None:
    """For a plan of hundreds of apprentices: the grid, and the apprentices the planner was given, for one cohort
    (`?cohort=`), with links to the others, and the grid of a large cohort a page of apprentices at a time
    (`?page=`). The summary above stays over the whole plan. Choices already made for apprentices not shown travel
    with the form, so planning again keeps them."""
    cohorts: list[Cohort] = context["cohorts"]
    given: selectors.PlannerInputs = context["given"]
    summary: selectors.RunSummary | None = context.get("summary")
    if len(cohorts) > 1 and len(given.apprentices) > GRID_ROWS:
        wanted = request.GET.get("cohort", "")
        shown = next((c for c in cohorts if str(c.pk) == wanted), cohorts[0])
        sizes = Counter(a.enrolment.cohort_id for a in given.apprentices)
        context["paged"] = {"shown": shown, "cohorts": [(c, sizes.get(c.pk, 0)) for c in cohorts]}
        given.apprentices = [a for a in given.apprentices if a.enrolment.cohort_id == shown.pk]
        if summary:
            summary.grids = [g for g in summary.grids if g.cohort.pk == shown.pk]
    if not summary:
        return
    if len(summary.grids) == 1 and len(summary.grids[0].rows) > GRID_PAGE:
        grid = summary.grids[0]
        page = paginate(request, grid.rows, GRID_PAGE)
        summary.grids = [replace(grid, rows=list(page.object_list))]
        context["grid_page"] = page
    if "paged" in context or "grid_page" in context:
        visible = {enrolment_id(r.enrolment.pk) for g in summary.grids for r in g.rows}
        kept: set[str] = context.get("chosen", {}).get("keep", set())  # type: ignore[attr-defined]
        context["hidden_keep"] = sorted(k for k in kept if k.split(":", 1)[0] not in visible)


def _page_changes(request: HttpRequest, context: dict[str, Any]) -> None:
    """The changes from the published plan, 50 at a time (`?changes_page=`): before a first publication every
    placement of the plan is a change, 1,245 rows for an ICS's next intake, and they were most of the page."""
    changes = context.get("changes") or []
    if len(changes) > GRID_PAGE:
        page = paginate(request, changes, GRID_PAGE, param="changes_page")
        context["changes"] = list(page.object_list)
        context["changes_pages"] = {"page": page, "param": "changes_page"}


def _chosen_keys(run: PlanRun) -> dict[str, set[str]]:
    def keys(items: list[dict[str, object]]) -> set[str]:
        return {f"{i['enrolment']}:{i['block']}:{i['setting']}" for i in items}

    return {"keep": keys(run.choices.get("pins", [])), "rule_out": keys(run.choices.get("forbidden", []))}


def _pin_form(run: PlanRun, data: FormData = None) -> PinForm:
    enrolments, settings = selectors.pin_choices(run)
    return PinForm(data, enrolments=enrolments, settings=settings, blocks=selectors.block_choices(run), prefix="pin")


@member_required
def plan_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Place an apprentice in a chosen setting and plan again: a page of its own, because its list of every active
    setting of an integrated care system (1,500) cost the plan page more than its grid."""
    run = access.access_plan_run(request.user, pk, for_write=True)
    if not run.has_plan:
        raise Http404("This plan has no placements to change.")
    return render(request, "rotations/plan_place.jinja", {"run": run, "form": _pin_form(run)})


@member_required
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The live progress panel (polled by htmx). When the run ends, the whole page reloads with the result."""
    run = access.access_plan_run(request.user, pk, only=("status", "progress", "time_limit"))
    response = render(request, "rotations/_progress.jinja", {"run": run})
    if not run.in_progress:
        response["HX-Refresh"] = "true"
    return response


@member_required
@require_POST
def plan_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan again with the coordinator's choices: the grid's 'keep' and 'rule out' boxes, or one chosen setting."""
    run = access.access_plan_run(request.user, pk, for_write=True)
    choices: dict[str, Any] = {"pins": [], "forbidden": []}
    if run.choices.get("avoid_unsigned_hosts"):
        choices["avoid_unsigned_hosts"] = True  # a re-plan keeps it
    if "pin-enrolment" in request.POST:
        form = _pin_form(run, request.POST)
        if not form.is_valid():
            return render(request, "rotations/plan_place.jinja", {"run": run, "form": form}, status=400)
        choices = {k: list(v) if isinstance(v, list) else v for k, v in run.choices.items()}
        choices.setdefault("pins", [])
        choices["pins"] = [
            p
            for p in choices["pins"]
            if not (
                p["enrolment"] == f"E{form.cleaned_data['enrolment'].pk}" and p["block"] == form.cleaned_data["block"]
            )
        ]
        choices["pins"].append(
            {
                "enrolment": f"E{form.cleaned_data['enrolment'].pk}",
                "block": form.cleaned_data["block"],
                "setting": f"S{form.cleaned_data['setting'].pk}",
            }
        )
    else:
        for name, key in (("keep", "pins"), ("rule_out", "forbidden")):
            for value in request.POST.getlist(name):
                item = selectors.parse_cell_key(value)
                if item is None:
                    messages.error(request, "One of the choices could not be read. Try again.")
                    return redirect(run.get_absolute_url())
                choices[key].append(item)
    with button_refusals(request):
        new = services.plan_run_create(
            cohorts=list(run.cohorts.all()),
            actor=request.user,
            time_limit=run.time_limit,
            choices=choices,
            parent=run,
            reason=f"Re-run of plan {run.pk} with the coordinator's choices",
        )
        messages.success(request, "Planning again with your choices.")
        return redirect(new.get_absolute_url())
    return redirect(run.get_absolute_url())


@member_required
@require_POST
def plan_retry(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.access_plan_run(request.user, pk, for_write=True)
    with button_refusals(request):
        services.plan_run_retry(run=run, actor=request.user)
        messages.success(request, "Planning has started again.")
    return redirect(run.get_absolute_url())


@member_required
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.access_plan_run(request.user, pk, for_write=True)
    if not run.has_plan:
        raise Http404("Not found")
    error = ""
    if request.method == "POST":
        try:
            result = services.plan_run_publish(run=run, actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if result.already_published:
                messages.success(request, "This plan was already published. Nothing has changed.")
            elif not result.created and not result.cancelled:
                messages.success(request, "No changes to publish: every placement is as it was. Nobody was told.")
            else:
                messages.success(
                    request,
                    f"The plan has been published: {len(result.created)} placements created or changed, "
                    f"{result.unchanged} unchanged. Apprentices, hosts and mentors have been told.",
                )
            return redirect(run.get_absolute_url())
    diff = services.plan_changes(run)
    return render(
        request,
        "rotations/plan_publish.jinja",
        {
            "run": run,
            "changes": selectors.change_list(diff),
            "short_notice": services.short_notice(run, changes=diff),
            "error": error,
        },
    )


@member_required
def plan_download(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """The instance or plan JSON exactly as the planner read or wrote it (for audit and reproduction)."""
    part_field = "instance" if part == "instance" else "plan"
    run = access.access_plan_run(request.user, pk, for_write=True, only=(part_field,))
    data = getattr(run, part_field)
    if data is None:
        raise Http404("Not found")
    audit_record(actor=request.user, action=AuditEvent.Action.EXPORT, obj=run, detail={"part": part})
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="plan-{run.pk}-{part}.json"'
    return response


@member_required
@require_POST
def replan(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a cohort again after a change; blocks already started stay as they are (they are pinned)."""
    require_perm(request.user, PLAN)
    cohort = get_visible_or_404(Cohort.objects.visible_to(request.user).select_related("scheme"), pk=pk)
    needs = list(ReplanNeed.objects.visible_to(request.user).open().filter(cohort=cohort))
    reason = "; ".join(n.summary for n in needs) or "Re-plan requested"
    with button_refusals(request):
        run = services.plan_run_create(cohorts=[cohort], actor=request.user, reason=f"Re-plan: {reason}"[:300])
        messages.success(request, "Re-planning. Blocks already started are kept as they are.")
        return redirect(run.get_absolute_url())
    return redirect(cohort.get_absolute_url())
