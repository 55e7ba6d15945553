"""Pages for the digital skills self-assessment: start, one question per page, results, and the needs analysis
with its exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workforce_hub.core.access import viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.exports import csv_response, xlsx_response
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.web import id_param, member_required
from workforce_hub.organisations.models import Organisation, Site
from workforce_hub.rotations.selectors import person_of

from .. import selectors, services
from ..access import VIEW_NEEDS, access_assessment, access_needs
from ..models import Assessment, AssessmentRound, Band, Item, Response, StaffGroup


@member_required
def home(request: HttpRequest) -> HttpResponse:
    under_way = Assessment.objects.visible_to(request.user).filter(completed_at__isnull=True).first()
    return render(
        request,
        "digital_skills/home.jinja",
        {
            "under_way": under_way,
            "history": selectors.history(request.user),
            "can_see_needs": request.user.has_perm(VIEW_NEEDS),
        },
    )


@member_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    assessment = services.assessment_start(person=person_of(request.user), actor=request.user)
    return redirect(assessment.get_absolute_url())


def _progress(assessment: Assessment, path: list[Item], answers: dict[int, str]) -> tuple[int, int]:
    """Questions answered, and how many there will probably be in all, counting the first (the staff group)."""
    done = sum(1 for i in path if i.pk in answers) + (1 if assessment.staff_group else 0)
    return done, max(len(path), services.expected_length(assessment, answers)) + 1


@member_required
def question(request: HttpRequest, pk: int, code: str | None = None) -> HttpResponse:
    assessment = access_assessment(request.user, pk)
    if assessment.completed_at is not None:
        return redirect("digital_skills:results", pk=assessment.pk)
    # the first question: which group describes your work (it decides which questions follow)
    if not assessment.staff_group or code == "group":
        return _group_question(request, assessment)
    answers = services.answers_of(assessment)
    path = services.question_path(assessment, answers)
    if code is None:
        item = next((i for i in path if i.pk not in answers), None)
        if item is None:
            return _check_answers(request, assessment, path, answers)
    else:
        item = next((i for i in path if i.code == code), None)
        if item is None:
            raise Http404("Not found")
    error = ""
    current = answers.get(item.pk, "")
    if request.method == "POST":
        response = request.POST.get("response", "")
        try:
            services.assessment_answer(assessment=assessment, item=item, response=response)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            current = response
        else:
            return redirect(assessment.get_absolute_url())
    position = [i.pk for i in path].index(item.pk)
    previous = path[position - 1].code if position > 0 else "group"
    done, total = _progress(assessment, path, answers)
    # before any answer nobody can say: give the range instead of a guess
    span = None if answers else services.length_range(assessment)
    return render(
        request,
        "digital_skills/question.jinja",
        {
            "assessment": assessment,
            "item": item,
            "choices": Response.choices,
            "current": current,
            "error": error,
            "previous": previous,
            "done": done,
            "total": total,
            "span": span,
        },
    )


def _group_question(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    viewer = viewer_for(request.user)
    organisations = Organisation.objects.visible_to(request.user).filter(
        pk__in=[o for orgs in viewer.roles.values() for o in orgs]
    )
    sites = Site.objects.visible_to(request.user).filter(organisation__in=organisations).select_related("organisation")
    error = ""
    errors: dict[str, str] = {}
    current = assessment.staff_group
    values = {
        "band": assessment.band,
        "site": assessment.site_id,
        "team": assessment.team,
        "job_role": assessment.job_role,
    }
    if request.method == "POST":
        current = request.POST.get("staff_group", "")
        org_id = request.POST.get("organisation", "")
        organisation = organisations.filter(pk=org_pk).first() if (org_pk := id_param(org_id)) else None
        site_id = request.POST.get("site", "")
        values = {
            "band": request.POST.get("band", ""),
            "site": id_param(site_id),
            "team": request.POST.get("team", ""),
            "job_role": request.POST.get("job_role", ""),
        }
        try:
            services.assessment_set_group(
                assessment=assessment,
                staff_group=current,
                organisation=organisation,
                band=str(values["band"]),
                site=sites.filter(pk=values["site"]).first() if values["site"] else None,
                team=str(values["team"]),
                job_role=str(values["job_role"]),
            )
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            error = errors.pop("staff_group", "")
        else:
            return redirect(assessment.get_absolute_url())
    return render(
        request,
        "digital_skills/group.jinja",
        {
            "assessment": assessment,
            "groups": StaffGroup.choices,
            "bands": Band.choices,
            "current": current,
            "organisations": organisations,
            "sites": sites,
            "values": values,
            "error": error,
            "errors": errors,
        },
    )


def _check_answers(
    request: HttpRequest, assessment: Assessment, path: list[Item], answers: dict[int, str]
) -> HttpResponse:
    if request.method == "POST":
        services.assessment_complete(assessment=assessment, actor=request.user)
        messages.success(request, "Thank you. Here are your results.")
        return redirect("digital_skills:results", pk=assessment.pk)
    labels = dict(Response.choices)
    rows = [{"item": i, "answer": labels.get(answers.get(i.pk, ""), "")} for i in path]
    return render(request, "digital_skills/check.jinja", {"assessment": assessment, "rows": rows})


@member_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access_assessment(request.user, pk)
    if assessment.completed_at is None:
        return redirect(assessment.get_absolute_url())
    return render(
        request,
        "digital_skills/results.jinja",
        {
            "assessment": assessment,
            **selectors.own_results(assessment).as_context(),
            "levels": assessment.framework.levels,
            "confirmed": selectors.confirmed_items(request.user, assessment.framework),
        },
    )


def _needs_params(request: HttpRequest) -> tuple[str, int | None, list[AssessmentRound]]:
    group_by = request.GET.get("group_by", "organisation")
    group_by = group_by if group_by in selectors.GROUPINGS else "organisation"
    rounds = list(AssessmentRound.objects.visible_to(request.user))
    round_id = request.GET.get("round", "")
    chosen = round_pk if (round_pk := id_param(round_id)) and any(r.pk == round_pk for r in rounds) else None
    if chosen is None and rounds and round_id != "all":
        chosen = rounds[-1].pk
    return group_by, chosen, rounds


@member_required
def needs(request: HttpRequest) -> HttpResponse:
    access_needs(request.user)
    group_by, round_id, rounds = _needs_params(request)
    data = selectors.needs_analysis(user=request.user, group_by=group_by, round_id=round_id)
    trend = selectors.trend(request.user)
    return render(
        request,
        "digital_skills/needs.jinja",
        {
            **data,
            "group_by": group_by,
            "groupings": [(k, v[0]) for k, v in selectors.GROUPINGS.items()],
            "rounds": rounds,
            "round_id": round_id,
            "query": request.GET.urlencode(),
            "heatmap": selectors.heatmap_spec(data),
            "trend": trend,
            "trend_chart": selectors.trend_spec(trend),
        },
    )


def _needs_export(request: HttpRequest) -> list[list[Any]]:
    access_needs(request.user)
    group_by, round_id, _ = _needs_params(request)
    data = selectors.needs_analysis(user=request.user, group_by=group_by, round_id=round_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="digital_skills.needs_analysis",
        detail={"group_by": group_by},
    )
    return selectors.needs_table(data)


@member_required
def needs_csv(request: HttpRequest) -> HttpResponse:
    return csv_response("digital-skills-needs.csv", _needs_export(request))


@member_required
def needs_xlsx(request: HttpRequest) -> HttpResponse:
    return xlsx_response("digital-skills-needs.xlsx", [("Needs analysis", _needs_export(request))], freeze="B2")
