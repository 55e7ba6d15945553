"""The demo partnership loads, is idempotent, and every printed login lands on its role's home page."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

from django.core.management import call_command

from workforce_hub.demo.constants import DEMO_PASSWORD, DEMO_SLUG
from workforce_hub.organisations.models import Organisation, Partnership, PlacementSetting, SettingType
from workforce_hub.people.models import Person
from workforce_hub.schemes.models import Cohort

ROLE_HOME = {
    "coordinator": "/home/coordinator/",
    "partnership_admin": "/home/partnership_admin/",
    "tutor": "/home/tutor/",
    "assessor": "/home/tutor/",
    "host_manager": "/home/host/",
    "mentor": "/home/host/",
    "line_manager": "/home/line_manager/",
    "partner_lead": "/home/partner_lead/",
    "apprentice": "/home/apprentice/",
    "staff": "/home/staff/",
}


def test_demo_loads_and_every_login_works(db: Any, client: Any, settings: Any) -> None:
    settings.HUB_REQUIRE_MFA = False  # the demo prints passwords; MFA is proved in accounts tests
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    p = Partnership.objects.get(slug=DEMO_SLUG)
    logins = [line.split() for line in text.splitlines() if "@" in line]
    assert {row[0] for row in logins} == set(ROLE_HOME)
    for role, email, *_ in logins:
        client.logout()
        r = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert r.status_code == 302, (role, r.content.decode()[:500])
        r = client.get("/", follow=True)
        assert r.redirect_chain[-1][0] == ROLE_HOME[role], role
        assert r.status_code == 200
    # the shape the issue asks for
    cohorts = {c.name: c for c in Cohort.objects.filter(scheme__partnership=p)}
    council, trust = cohorts["County council cohort"], cohorts["NHS trust cohort"]
    assert (council.enrolments.count(), trust.enrolments.count()) == (4, 5)
    assert council.training_provider != trust.training_provider
    assert council.contracted_hours != trust.contracted_hours
    assert council.training_day_frequency != trust.training_day_frequency
    ages = [e.apprentice.age_on(trust.start_date) for e in trust.enrolments.all()]
    assert 17 in ages
    assert Organisation.objects.filter(partnership=p, org_type="gp_practice").count() == 12
    types = set(
        PlacementSetting.objects.filter(site__organisation__partnership=p).values_list("setting_type", flat=True)
    )
    assert types == set(SettingType.values)
    sectors = set(Organisation.objects.filter(partnership=p).values_list("sector", flat=True))
    assert {"nhs", "council", "pvi", "primary_care"} <= sectors
    # the evaluated integrated scheme, counted from the pilot's records: seed 001, Figure 9, row by row
    from workforce_hub.outcomes.reports import scheme_report
    from workforce_hub.schemes.models import Scheme

    pilot = Scheme.objects.get(partnership=p, name__startswith="Integrated support worker pilot")
    by_cohort = {c.name: c for c in pilot.cohorts.all()}
    county, city = by_cohort["County council cohort 2018"], by_cohort["NHS trust cohort 2018"]
    assert (county.training_day_frequency, county.contracted_hours) == ("weekly", Decimal("37.0"))
    assert (city.training_day_frequency, city.contracted_hours) == ("fortnightly", Decimal("37.5"))
    expected = {  # stage: (county council cohort, NHS trust cohort, the whole scheme)
        "Applied": (30, None, None),
        "Accepted": (4, 5, 9),
        "Started": (4, 4, 8),
        "Eligible to complete": (4, 3, 7),
        "Care Certificate achieved": (4, 3, 7),
        "Placements completed": (2, 3, 5),
        "Qualification achieved": (2, 3, 5),
        "Left early": (2, 0, 2),
        "Employed in the sector": (2, 2, 4),
    }
    reports = [scheme_report(pilot, [county]), scheme_report(pilot, [city]), scheme_report(pilot)]
    for stage, figures in expected.items():
        assert tuple(r.funnel_value(stage) for r in reports) == figures, stage
    whole = reports[2]
    assert (whole.transferred, whole.never_started, whole.not_eligible) == (1, 1, 0)
    end = {label: by["end"] for label, by in whole.destinations}
    assert end["Employed in health care"] == 3 and end["Employed in social care"] == 1
    assert end["Applying for jobs in health or social care"] == 1
    # the pilot's funding (seed 001, 4.5.1): £65,122 from seven partners by size, independent providers not asked
    paying = [s for s in whole.funding if not s.exempt]
    assert len(paying) == 7 and sum(s.amount or 0 for s in paying) == Decimal("65122.00")
    assert {s.name for s in whole.funding if s.exempt} == set(
        Organisation.objects.filter(partnership=p, sector="pvi").values_list("name", flat=True)
    )
    assert whole.costs is not None and whole.costs.per_apprentice == Decimal("12140.25")  # (65,122 + 8 × 4,000) / 8
    assert whole.costs.per_completer == Decimal("19424.40") and len(whole.levy_transfers) == 1
    # the coordinator's needs-attention list shows the support work waiting
    client.logout()
    client.post("/accounts/login/", {"login": "priya.shah@workforce-hub.example", "password": DEMO_PASSWORD})
    home = client.get("/home/coordinator/").content.decode()
    for item in ("has not confirmed arrival", "Pastoral status red", "Pastoral status amber"):
        assert item in home
    # the mentor login has someone with them now and someone coming
    client.logout()
    mentor = next(email for role, email, *_ in logins if role == "mentor")
    client.post("/accounts/login/", {"login": mentor, "password": DEMO_PASSWORD})
    from workforce_hub.home.selectors import host_home

    host = host_home(user=Person.objects.get(email=mentor).user)
    assert host.now and host.coming
    # nobody signs a training plan before it was written; demo names look like names
    from workforce_hub.portfolios.models import TrainingPlan

    for plan in TrainingPlan.objects.all():
        for signed in (plan.apprentice_signed_at, plan.employer_signed_at, plan.provider_signed_at):
            assert signed is None or signed >= plan.created_at
    assert not Person.objects.filter(partnership=p, family_name__regex=r"\d").exists()
    # a role designed team-first (seed 003): the community team's assistant practitioner, published, and the ward's
    # one, which may cannulate where the community one may not
    from workforce_hub.roles.models import RoleProfile
    from workforce_hub.roles.selectors import compare

    community = RoleProfile.objects.get(title="Assistant practitioner, community nursing")
    ward = RoleProfile.objects.get(title="Assistant practitioner, acute medicine")
    assert community.published_at and community.standard and community.standard.code == "ST0215"
    assert not community.review.activities.filter(decision="").exists()
    conditions = community.scope.get(activity="Insulin administration for stable patients").conditions
    assert conditions == "Stable patients on an unchanged dose only"
    cannulation = next(r for r in compare(community, ward) if r.what == "Cannulation")
    assert cannulation.differs and cannulation.left == "Out of scope" and cannulation.right.startswith("In scope")
    from workforce_hub.roles.models import CompetenceCheck, TrainingRequest
    from workforce_hub.roles.selectors import check_progress, gate

    blocked = TrainingRequest.objects.get(profile=ward)
    assert blocked.status == "draft" and [g.name for g in gate(blocked) if not g.met] == [
        "A post guaranteed on completion"
    ]
    approved = TrainingRequest.objects.get(profile=community)
    assert approved.status == "approved" and approved.agreements.get().is_signed
    check = CompetenceCheck.objects.get(reason="returned")
    done, total = check_progress(check)
    assert 0 < done < total  # half way through
    # the competence passport (issue 20): each finished pilot apprentice holds the Care Certificate, the diploma and
    # five placements; Jordan arrives at a new host holding three of its six trainings and is assigned three; one
    # credential is revoked and its public page says so
    from workforce_hub.passport.models import Credential, RequiredTraining, TrainingAssignment

    for finished in pilot.cohorts.filter(enrolments__status="completed").values_list(
        "enrolments__apprentice", flat=True
    ):
        held = Credential.objects.filter(holder_id=finished, revoked_at__isnull=True)
        names = set(held.filter(kind="qualification").values_list("name", flat=True))
        assert {"Care Certificate", "Level 2 Diploma in Care"} <= names, names
        assert held.filter(kind="placement").count() == 5
    jordan = Person.objects.get(partnership=p, email__startswith="jordan.ellis@")
    assigned = TrainingAssignment.objects.filter(person=jordan, done_at__isnull=True)
    host = assigned.first().organisation  # type: ignore[union-attr]
    assert assigned.count() == 3 and RequiredTraining.objects.filter(organisation=host).count() == 6
    revoked = Credential.objects.get(partnership=p, revoked_at__isnull=False)
    client.logout()
    assert "Revoked" in client.get(f"/passport/credentials/{revoked.public_id}/").content.decode()
    # loading again changes nothing
    people = Person.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Person.objects.count() == people
