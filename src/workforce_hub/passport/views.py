"""Passport pages: a person's passport (with downloads, uploads and share links), the public verification page,
the issuer's published keys and status list, the training catalogue, an organisation's required training, a
placement's training against the host's requirements, recording training, revoking, and the signing keys."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from workforce_hub.core.access import get_visible_or_404, viewer_for
from workforce_hub.core.exports import bytes_response
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.web import FormPage, button_refusals, member_required, posted, refusals
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person
from workforce_hub.readiness import access as readiness_access

from . import access, documents, selectors, services, signing
from .forms import ImportForm, RequirementForm, RevokeForm, ShareForm, TopicForm, TrainingRecordForm
from .models import MANAGERS, Credential, RequiredTraining, ShareLink, TrainingAssignment, TrainingTopic


def _partnership_id(request: HttpRequest) -> int:
    return viewer_for(request.user).partnership_id or 0


# ------------------------------------------------------------------------------------------ the passport


@member_required
def mine(request: HttpRequest) -> HttpResponseBase:
    person_id = viewer_for(request.user).person_id
    if person_id is None:
        raise Http404("You have no passport: your login is not linked to a person.")
    return person(request, person_id)


@member_required
def person(request: HttpRequest, pk: int) -> HttpResponseBase:
    holder = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    viewer = viewer_for(request.user)
    is_holder = viewer.person_id == holder.pk
    return render(
        request,
        "passport/passport.jinja",
        {
            "holder": holder,
            "is_holder": is_holder,
            "passport": selectors.passport(request.user, holder.pk, today),
            "links": list(ShareLink.objects.visible_to(request.user).filter(person=holder)) if is_holder else [],
            "share_form": ShareForm(),
            "can_record": request.user.has_perm("hub.record_training"),
            "can_import": is_holder or viewer.is_partnership_wide,
            "today": today,
        },
    )


def _credential(request: HttpRequest, public_id: str) -> Credential:
    return get_visible_or_404(
        Credential.objects.visible_to(request.user).select_related("issuer", "holder", "holder_organisation"),
        public_id=public_id,
    )


@member_required
def download(request: HttpRequest, public_id: str, fmt: str) -> HttpResponse:
    """The credential as issued: the VC-JWT, the JSON envelope that carries it, or a printable PDF."""
    credential = _credential(request, public_id)
    stem = f"credential-{credential.public_id}"
    if fmt == "jwt":
        return bytes_response(f"{stem}.jwt", credential.token.encode(), "application/vc+jwt")
    if fmt == "json":
        body = json.dumps(signing.envelope(credential.token), indent=2).encode()
        return bytes_response(f"{stem}.json", body, "application/vc+ld+json")
    if fmt == "pdf":
        holder = credential.holder.display_name if credential.holder else credential.holder_organisation.name  # type: ignore[union-attr]
        return bytes_response(f"{stem}.pdf", documents.as_pdf(credential, holder), "application/pdf")
    raise Http404("Not found")


@member_required
def revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    credential = _credential(request, public_id)
    form = RevokeForm(request.POST or None)
    if posted(form, request):
        with refusals(form):
            services.credential_revoke(actor=request.user, credential=credential, reason=form.cleaned_data["reason"])
            messages.success(request, "The credential is revoked. Anyone who checks it now sees that.")
            return redirect("passport:verify", credential.public_id)
    return render(request, "passport/revoke.jinja", {"credential": credential, "form": form})


@member_required
def record_training(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "hub.record_training")
    holder = selectors.partnership_person(_partnership_id(request), pk)
    if holder is None:
        raise Http404("Not found")
    viewer = viewer_for(request.user)
    form = TrainingRecordForm(
        request.POST or None,
        partnership_id=holder.partnership_id,
        organisations=None if viewer.is_partnership_wide else sorted(viewer.orgs_for(*MANAGERS)),
    )
    page = FormPage(
        request,
        form,
        title=f"Record training for {holder.display_name}",
        back=reverse("passport:person", args=[holder.pk]),
        submit="Record the training",
    )
    if page.valid():
        with page.refusals():
            return page.done(
                services.training_record(actor=request.user, person=holder, **page.data),
                "The training is recorded and its credential issued.",
            )
    return page.render()


@member_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    holder = get_visible_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None, partnership_id=holder.partnership_id)
    if posted(form, request):
        with refusals(form):
            imported = services.credential_import(
                actor=request.user,
                person=holder,
                content=form.text_of("content"),
                keys_document=form.text_of("keys_document"),
                status_list=form.text_of("status_list"),
                topic=form.cleaned_data["topic"],
            )
            (messages.success if imported.verified else messages.warning)(request, imported.outcome)
            return redirect("passport:person", holder.pk)
    return render(request, "passport/upload.jinja", {"holder": holder, "form": form})


@member_required
@require_POST
def share(request: HttpRequest) -> HttpResponse:
    form = ShareForm(request.POST)
    if form.is_valid():
        with button_refusals(request):
            link = services.share_create(actor=request.user, label=form.cleaned_data["label"])
            messages.success(request, f"Share link made for {link.label}. Copy it from the list of your links.")
    else:
        messages.error(request, "Say who the link is for.")
    return redirect("passport:mine")


@member_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_visible_or_404(ShareLink.objects.visible_to(request.user), pk=pk)
    services.share_revoke(actor=request.user, link=link)
    messages.success(request, f"The link for {link.label} no longer works.")
    return redirect("passport:mine")


# -------------------------------------------------------------------------------------- public pages


def verify(request: HttpRequest, public_id: str) -> HttpResponse:
    """Anyone with the link: the credential's own content and its status today, nothing else."""
    credential = selectors.published_credential(public_id)
    if credential is None:
        raise Http404("No credential has this address.")
    result = selectors.public_view(credential, timezone.localdate())
    return render(request, "passport/verify.jinja", {"c": result, "public_id": public_id})


def did_document(request: HttpRequest, pk: int) -> HttpResponse:
    keys = selectors.issuer_keys(pk) if selectors.issuer(pk) else []
    if not keys:
        raise Http404("This organisation does not issue credentials.")
    response = JsonResponse(signing.did_document(pk, keys), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def status_list(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    organisation = selectors.issuer(pk)
    if organisation is None:
        raise Http404("This organisation does not issue credentials.")
    response = HttpResponse(services.status_list_token(organisation, number), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=300"
    return response


def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A holder's share link: their credentials in date, by name and issuer, each linking to its own check."""
    today = timezone.localdate()
    found = selectors.shared(token, today)
    if found is None:
        raise Http404("This link has expired or been revoked.")
    link, credentials = found
    return render(request, "passport/shared.jinja", {"link": link, "credentials": credentials, "today": today})


# ------------------------------------------------------------------- catalogue, requirements, placements


@member_required
def topics(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "passport/topics.jinja",
        {"topics": selectors.topics(request.user), "can_manage": request.user.has_perm("hub.manage_passport")},
    )


@member_required
def topic_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_perm(request.user, "hub.manage_passport")
    partnership_id = _partnership_id(request)
    topic = get_visible_or_404(TrainingTopic.objects.visible_to(request.user), pk=pk) if pk else None
    form = TopicForm(request.POST or None, instance=topic, partnership_id=partnership_id)

    def save(data: dict[str, Any]) -> TrainingTopic:
        if topic is None:
            return services.topic_create(actor=request.user, partnership_id=partnership_id, data=data)
        return services.topic_update(actor=request.user, topic=topic, data=data)

    page = FormPage(
        request,
        form,
        title="Change a training topic" if topic else "Add a training topic",
        back=reverse("passport:topics"),
    )
    if page.valid():
        with page.refusals():
            return page.done(save(page.data), "The training topic is saved.")
    return page.render()


@member_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_visible_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    can_manage = access.manages(request.user, org) and request.user.has_perm("hub.record_training")
    form = RequirementForm(request.POST or None, partnership_id=org.partnership_id)
    if request.method == "POST" and "remove" in request.POST:
        requirement = get_visible_or_404(
            RequiredTraining.objects.visible_to(request.user).filter(organisation=org),
            pk=request.POST.get("remove") or 0,
        )
        with button_refusals(request):
            services.requirement_remove(actor=request.user, requirement=requirement)
            messages.success(request, f"{requirement.topic.name} is no longer required.")
        return redirect("passport:organisation", org.pk)
    if posted(form, request):
        with refusals(form):
            services.requirement_set(actor=request.user, organisation=org, **form.cleaned_data)
            messages.success(request, f"{org.name} now requires {form.cleaned_data['topic'].name}.")
            return redirect("passport:organisation", org.pk)
    assignments = (
        TrainingAssignment.objects.visible_to(request.user)
        .filter(organisation=org, done_at__isnull=True)
        .select_related("person", "topic")
        if can_manage
        else TrainingAssignment.objects.none()
    )
    return render(
        request,
        "passport/organisation.jinja",
        {
            "org": org,
            "requirements": selectors.requirements_of([org.pk]),
            "form": form,
            "can_manage": can_manage,
            "assignments": list(assignments[:200]),
        },
    )


@member_required
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's view before and during a placement: which of its required training the apprentice holds in
    date on the first day, and what was assigned. Topic names and dates only, never the credentials."""
    found = readiness_access.access_placement(request.user, pk)
    host = found.setting.site.organisation
    cover = selectors.coverage(found.enrolment.apprentice_id, host.pk, found.start_date)
    assigned = selectors.assigned_for(found.enrolment.apprentice_id, host.pk)
    return render(
        request,
        "passport/placement.jinja",
        {"placement": found, "host": host, "cover": cover, "assigned": assigned},
    )


# ------------------------------------------------------------------------------------------- admin


@member_required
def keys(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "hub.manage_signing_keys")
    partnership_id = _partnership_id(request)
    if request.method == "POST":
        org = get_visible_or_404(
            Organisation.objects.visible_to(request.user), pk=request.POST.get("organisation") or 0
        )
        with button_refusals(request):
            key = services.key_rotate(actor=request.user, organisation=org)
            messages.success(request, f"{org.name} signs with {key.kid} from now on; its older keys stay published.")
        return redirect("passport:keys")
    rows = selectors.key_rows(request.user, partnership_id)
    return render(request, "passport/keys.jinja", {"rows": rows})


@member_required
@require_POST
def issue_now(request: HttpRequest) -> HttpResponse:
    partnership_id = _partnership_id(request)
    count = services.issue_now(actor=request.user, partnership_id=partnership_id)
    messages.success(request, f"{count} new {'credential' if count == 1 else 'credentials'} issued.")
    return redirect("passport:topics")
