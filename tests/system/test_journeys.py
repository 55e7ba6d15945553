"""Key journeys in a real browser, with an axe (WCAG 2.2 AA) check on every page we visit."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import hotp_value

from conftest import PASSWORD
from tests.system.conftest import assert_accessible

pytestmark = pytest.mark.browser


def log_in_with_mfa(page: Any, base: str, user: Any) -> None:
    """Log in as a user who has set up an authenticator app, typing a current code from its secret."""
    from allauth.mfa.utils import decrypt

    log_in(page, base, user.email, decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"]))


def log_in(page: Any, base: str, email: str, totp_secret: str | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        assert_accessible(page)
        while 30 - time.time() % 30 < 8:  # never type a code about to expire (a slow machine would miss the window)
            time.sleep(0.5)
        code = f"{hotp_value(totp_secret, int(time.time()) // 30):06d}"
        page.fill("input[name=code]", code)
        page.click("button[type=submit]")
    # wait until the browser has left the login and code pages (their own "load" would pass at once)
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.wait_for_load_state()


def test_coordinator_logs_in_with_mfa_and_enrols_an_apprentice(live_server: Any, live_world: Any, page: Any) -> None:
    user = live_world.users["coordinator"]
    log_in_with_mfa(page, live_server.url, user)
    assert page.url.endswith("/home/coordinator/")
    assert page.locator("h1").inner_text() == "Coordinator home"
    assert_accessible(page)

    cohort = live_world.cohorts["other"]
    page.goto(f"{live_server.url}/schemes/cohorts/{cohort.pk}/enrol/")
    assert_accessible(page)
    page.select_option("#id_apprentice", str(live_world.people["apprentice"].pk))
    page.click("button[type=submit]")  # no reason: the form must say so and keep the choice
    page.wait_for_selector(".nhsuk-error-summary")  # the answer is a new page: wait for it, then check
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.locator("#id_apprentice").input_value() == str(live_world.people["apprentice"].pk)
    assert_accessible(page)
    page.fill("#id_reason", "Offer accepted after interview")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/schemes/cohorts/{cohort.pk}/")
    assert live_world.people["apprentice"].display_name in page.content()
    assert_accessible(page)


def test_coordinator_import_with_bad_rows(live_server: Any, live_world: Any, page: Any, tmp_path: Any) -> None:
    user = live_world.users["coordinator"]
    log_in_with_mfa(page, live_server.url, user)
    page.goto(f"{live_server.url}/people/import/")
    assert_accessible(page)
    bad = tmp_path / "people.csv"
    bad.write_text("given_name,family_name,email,organisation,role\nAnn,Lee,not-an-email,Oak Care,mentor\n")
    page.set_input_files("input[type=file][name=file]", str(bad))
    page.click("button[type=submit]")
    page.wait_for_selector("#import-report")
    assert "Enter an e-mail address" in page.locator("#import-report").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("who", "home", "expect"),
    [
        ("apprentice", "/home/apprentice/", "Oak House"),
        ("host_manager", "/home/host/", "Who is with us now"),
        ("tutor", "/home/tutor/", "Your apprentices"),
    ],
)
def test_role_lands_on_home(live_server: Any, live_world: Any, page: Any, who: str, home: str, expect: str) -> None:
    log_in(page, live_server.url, live_world.users[who].email)
    assert page.url.endswith(home)
    assert expect in page.content()
    assert_accessible(page)


def test_apprentice_home_on_a_phone(live_server: Any, live_world: Any, phone: Any) -> None:
    log_in(phone, live_server.url, live_world.users["apprentice"].email)
    assert phone.url.endswith("/home/apprentice/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, "the page scrolls sideways on a phone"
    assert_accessible(phone)


def test_coordinator_plans_watches_progress_and_publishes(
    live_server: Any, live_world: Any, page: Any, settings: Any
) -> None:
    """The planner runs in the worker: the page shows live progress, then the grid; publishing creates placements."""
    from workforce_hub.rotations import services
    from workforce_hub.rotations.models import Placement, PlanRun
    from workforce_hub.rotations.tests.conftest import build_planning

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, as with a real worker
    planning = build_planning(live_world)
    user = live_world.users["coordinator"]
    log_in_with_mfa(page, live_server.url, user)
    page.goto(f"{live_server.url}{planning.cohort.get_absolute_url()}")
    assert_accessible(page)
    page.click("text=Plan placements")
    page.wait_for_url("**/rotations/plans/new/**")
    assert_accessible(page)
    page.click("button[type=submit]")
    page.wait_for_url("**/rotations/plans/*/")
    assert page.locator("#progress").is_visible()
    assert "Waiting to start" in page.locator("#progress").inner_text()
    assert_accessible(page)
    run = PlanRun.objects.get(cohorts=planning.cohort)
    services.plan_run_execute(run.pk)  # what the worker does
    page.wait_for_selector("text=Plan by apprentice and block")  # the progress panel reloads the page when done
    assert "Best possible" in page.locator(".nhsuk-summary-list__row", has_text="Quality").inner_text()
    assert_accessible(page)
    page.click("text=Review and publish")
    page.wait_for_url("**/publish/")
    assert_accessible(page)
    page.click("text=Publish and tell people")
    page.wait_for_url(f"**/rotations/plans/{run.pk}/")
    page.wait_for_selector("text=The plan has been published")
    assert Placement.objects.filter(plan_run=run, status="published").count() == 9
    assert_accessible(page)


def test_staff_member_completes_a_digital_skills_check_on_a_phone(
    live_server: Any, live_world: Any, phone: Any
) -> None:
    """A new user, on a phone: one question per page, every page checked with axe, results at the end."""
    from workforce_hub.digital_skills.models import Assessment

    Assessment.objects.filter(person=live_world.people["staff"]).delete()  # a new user: nothing started
    phone.console_errors = []
    log_in(phone, live_server.url, live_world.users["staff"].email)
    phone.goto(f"{live_server.url}/digital-skills/")
    assert_accessible(phone)
    phone.click("button:has-text('Start')")
    phone.wait_for_selector("h1:has-text('Which best describes your work?')")
    phone.click("button:has-text('Continue')")  # nothing chosen: a clear error, on the same question
    phone.wait_for_selector(".nhsuk-error-summary")
    assert_accessible(phone)
    phone.check("#staff_group-3")  # administration and reception
    phone.click("button:has-text('Continue')")
    pages = 0
    while True:
        phone.wait_for_load_state()
        if phone.locator("h1:has-text('Check your answers')").count():
            break
        assert phone.locator("fieldset legend h1").count() == 1  # one question per page
        assert_accessible(phone)
        label = "#response-4" if pages == 1 else "#response-1"  # one "I don't understand the question"
        phone.check(label)
        heading = phone.locator("h1").inner_text()
        phone.click("button:has-text('Continue')")
        # the next question comes back on the same address: wait for its heading
        phone.wait_for_function(
            "t => { const h = document.querySelector('h1'); return h && h.innerText !== t; }", arg=heading
        )
        pages += 1
        assert pages < 25
    assert_accessible(phone)
    phone.click("button:has-text('See my results')")
    phone.wait_for_url("**/results/")
    assert "Questions you found unclear" in phone.content()
    assert_accessible(phone)


def test_manager_sees_the_needs_heat_map_and_staff_book_a_drop_in(live_server: Any, live_world: Any, page: Any) -> None:
    """The heat map is drawn by vega-embed inside the Content Security Policy (no console errors), beside its
    table; a member of staff finds a champion and books a drop-in."""
    from datetime import timedelta

    from django.utils import timezone

    from conftest import make_person
    from workforce_hub.core.roles import Role
    from workforce_hub.digital_champions import champions
    from workforce_hub.digital_skills.tests.test_needs import many

    many(live_world, 5, "host", weak=True)
    many(live_world, 5, "host2", "clinical")
    champ = make_person(live_world, "champ", live_world.p1, [("host", Role.STAFF)])
    champion = champions.champion_create(
        actor=live_world.users["coordinator"],
        person=champ,
        organisation=live_world.orgs["host"],
        site=None,
        team="Day care",
        domain_codes=["communication"],
        contact_note="Ask at reception",
    )
    champions.drop_in_create(
        actor=live_world.users["champ"],
        champion=champion,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=60,
        place="Meeting room 2",
        topic="Using Teams",
        places=4,
    )
    log_in(page, live_server.url, live_world.users["partner_lead"].email)
    page.goto(f"{live_server.url}/digital-skills/needs/?round=all")
    page.wait_for_selector("[data-vega-spec='needs-heatmap'] svg")
    assert page.locator("table.nhsuk-table").first.inner_text().count("Oak Care") == 1
    assert_accessible(page)
    page.context.clear_cookies()
    log_in(page, live_server.url, live_world.users["staff"].email)
    page.goto(f"{live_server.url}/digital-skills/champions/")
    assert_accessible(page)
    page.click("button:has-text('Book')")
    page.wait_for_selector(".nhsuk-tag:has-text('Booked')")
    assert "You are booked on the session" in page.content()
    assert_accessible(page)


def test_apprentice_evidence_is_held_back_then_replaced_and_the_tutor_sees_hours(
    live_server: Any, live_world: Any, page: Any, tmp_path: Any
) -> None:
    """The learning record's key journey: a written account naming an NHS number is quarantined with a message
    saying where; a redacted version is released; the tutor sees the off-the-job chart with no console errors."""
    from workforce_hub.portfolios.models import Evidence
    from workforce_hub.portfolios.tests.conftest import make_record

    record = make_record(live_world)
    log_in(page, live_server.url, live_world.users["apprentice"].email)
    page.goto(f"{live_server.url}/learning/{record.pk}/evidence/new/")
    assert_accessible(page)
    page.fill("#id_title", "Handover reflection")
    page.fill("#id_reflection", "At handover I passed on a change.\nResident 999 000 0018 moved rooms.")
    page.click("button[type=submit]")
    page.wait_for_selector(".nhsuk-warning-callout")
    assert "An NHS number in the line 2" in page.content()
    assert_accessible(page)
    page.click("text=Remove the details and upload a corrected version")
    page.wait_for_selector("#id_reflection")
    assert "999 000 0018" in page.input_value("#id_reflection")  # the account to correct, not retyped
    assert_accessible(page)
    page.fill("#id_reflection", "At handover I passed on a change.\nThe resident moved rooms.")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Handover reflection')")
    assert page.locator(".nhsuk-warning-callout").count() == 0
    assert Evidence.objects.get(record=record).is_released

    page.context.clear_cookies()
    log_in(page, live_server.url, live_world.users["tutor"].email)
    page.goto(f"{live_server.url}/learning/{record.pk}/hours/")
    page.wait_for_selector("[data-vega-spec='otj-chart'] svg")
    assert_accessible(page)


def test_applicant_applies_without_an_account_and_the_partner_reads_the_scheme_report(
    live_server: Any, live_world: Any, page: Any
) -> None:
    """Support and outcomes: the public application form (eligibility reasons shown at once), then a partner lead
    reads the scheme report with its charts."""
    from datetime import timedelta

    from django.utils import timezone

    from workforce_hub.recruitment.models import Application, Vacancy

    w = live_world
    start = w.cohorts["main"].start_date
    vacancy = Vacancy.objects.create(
        scheme=w.scheme,
        cohort=w.cohorts["main"],
        title="Support worker apprentice",
        slug="support-worker",
        summary="Five placements across health and care.",
        placements="Care homes and a hospital ward.",
        working_pattern="37.5 hours over 5 days.",
        pay="The apprentice rate.",
        qualifications="Care Certificate and a diploma.",
        after_the_scheme="A job at the end is not guaranteed.",
        closes_on=timezone.localdate() + timedelta(days=7),
        status="open",
    )
    vacancy.planned_settings.set([w.settings["host"], w.settings["host2"]])
    page.goto(f"{live_server.url}/apply/")
    assert_accessible(page)
    page.click("text=Support worker apprentice")
    assert_accessible(page)
    page.fill("#id_given_name", "Ellie")
    page.fill("#id_family_name", "Grant")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_date_of_birth", start.replace(year=start.year - 17).isoformat())  # 17: Ward 1 takes 18+
    page.fill("#id_postcode", "DE1 1AA")
    page.select_option("#id_english", "3")
    page.select_option("#id_maths", "3")
    page.check("input[name=right_to_work][value=yes]")
    page.fill("#id_statement", "I look after my grandad and want to work in care.")
    page.click("button[type=submit]")
    page.wait_for_selector(".nhsuk-error-summary")
    assert page.locator("#id_family_name").input_value() == "Grant"  # what was typed is kept
    assert_accessible(page)
    page.fill("#id_email", "ellie@example.com")
    page.click("button[type=submit]")
    page.wait_for_url("**/apply/support-worker/sent/")
    assert "Ward 1, Elm Hospital (from 18)" in page.content()
    assert_accessible(page)
    assert Application.objects.get().reference in page.content()

    log_in(page, live_server.url, w.users["partner_lead"].email)
    page.goto(f"{live_server.url}/outcomes/reports/schemes/{w.scheme.pk}/")
    page.wait_for_selector("[data-vega-spec=chart-funnel] svg")
    assert "Participation" in page.content() and "Funding shares" in page.content()
    assert_accessible(page)


def test_tutor_makes_an_api_token_uses_it_and_revokes_it(live_server: Any, live_world: Any, page: Any) -> None:
    import json
    import urllib.error
    import urllib.request

    log_in(page, live_server.url, live_world.users["tutor"].email)
    page.click("text=API tokens")
    page.wait_for_url("**/api-tokens/")
    assert_accessible(page)
    page.fill("#id_name", "")
    page.click("button:has-text('Make token')")
    assert "Enter a name for the token" in page.locator(".nhsuk-error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_name", "Caseload report")
    page.click("button:has-text('Make token')")
    key = page.locator("[data-testid=new-key]").inner_text()
    assert key.startswith("wh_")
    assert_accessible(page)

    def call() -> int:
        request = urllib.request.Request(f"{live_server.url}/api/v1/people/", headers={"Authorization": f"Token {key}"})
        try:
            with urllib.request.urlopen(request) as response:
                json.load(response)
                return int(response.status)
        except urllib.error.HTTPError as refused:
            return refused.code

    assert call() == 200
    page.click("button:has-text('Revoke')")
    assert "revoked" in page.content()
    assert call() == 401


def test_an_applicant_with_only_a_postcode_is_planned_and_published_without_anyone_typing_coordinates(
    live_server: Any, live_world: Any, page: Any, settings: Any, postcodes_server: str
) -> None:
    """Issue 14: the public form takes a postcode only; postcodes.io (a server on loopback) gives the location; the
    coordinator plans and publishes in the browser and the new apprentice is placed. A postcode nobody knows gets
    the plain message and the way to type the location."""
    from datetime import timedelta

    from django.utils import timezone

    from workforce_hub.recruitment import services as recruitment
    from workforce_hub.recruitment.models import Application, Stage, Vacancy
    from workforce_hub.rotations import services
    from workforce_hub.rotations.models import Placement, PlanRun
    from workforce_hub.rotations.tests.conftest import build_planning

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    planning = build_planning(live_world)
    vacancy = Vacancy.objects.create(
        scheme=planning.cohort.scheme,
        cohort=planning.cohort,
        title="Support worker apprentice",
        slug="support-worker",
        summary="Three placements across health and care.",
        placements="Care homes, a ward and a community team.",
        working_pattern="37.5 hours over 5 days.",
        pay="The apprentice rate.",
        qualifications="Care Certificate.",
        after_the_scheme="A job at the end is not guaranteed.",
        closes_on=timezone.localdate() + timedelta(days=7),
        status="open",
    )
    for name, postcode in (("Ellie", "DE1 3AA"), ("Owen", "AB1 2CD")):
        page.goto(f"{live_server.url}/apply/support-worker/")
        page.fill("#id_given_name", name)
        page.fill("#id_family_name", "Grant")
        page.fill("#id_email", f"{name.lower()}@example.com")
        page.fill("#id_date_of_birth", "2000-01-02")
        page.fill("#id_postcode", postcode)
        page.select_option("#id_english", "3")
        page.select_option("#id_maths", "3")
        page.check("input[name=right_to_work][value=yes]")
        page.fill("#id_statement", "I want to work in care.")
        page.click("button[type=submit]")
        page.wait_for_url("**/sent/")
    coordinator = live_world.users["coordinator"]
    for application in Application.objects.filter(vacancy=vacancy):
        for stage in (Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.ACCEPTED):
            recruitment.application_move(application=application, to_stage=stage, note="", actor=coordinator)
    ellie = Application.objects.get(email="ellie@example.com")
    owen = Application.objects.get(email="owen@example.com")
    assert ellie.person is not None and ellie.person.location_source == "postcodes.io"

    log_in_with_mfa(page, live_server.url, coordinator)
    page.goto(f"{live_server.url}/rotations/plans/new/?cohort={planning.cohort.pk}")
    page.click("button[type=submit]")
    page.wait_for_url("**/rotations/plans/*/")
    run = PlanRun.objects.get(cohorts=planning.cohort)
    services.plan_run_execute(run.pk)
    page.wait_for_selector("text=Plan by apprentice and block")
    body = page.content()
    assert "Ellie Grant" in body and "postcodes.io" in body  # where her home location came from
    assert "the postcode AB1 2CD was not found" in body  # Owen is left out, with what to do
    assert_accessible(page)
    page.click("text=Review and publish")
    page.wait_for_url("**/publish/")
    page.click("text=Publish and tell people")
    page.wait_for_selector("text=The plan has been published")
    assert Placement.objects.filter(enrolment=ellie.enrolment, status="published").count() == 3
    page.goto(f"{live_server.url}/people/{owen.person_id}/")
    assert "Not known: the postcode was not found." in page.content()
    assert_accessible(page)


def test_every_demo_login_reaches_only_pages_that_answer_and_each_kind_is_accessible(
    live_server: Any, transactional_db: Any, page: Any, settings: Any
) -> None:
    """Issue 14's crawl: every demo login follows the links of its pages to depth 2 (GET only), on the demo
    partnership's own data. No page answers with an error, and axe (WCAG 2.2 AA) checks one page of every kind (a
    kind already checked for one login is not checked again, which keeps the test bounded)."""
    import re
    from io import StringIO
    from urllib.parse import urljoin, urlparse

    from django.core.management import call_command

    from workforce_hub.demo.constants import DEMO_PASSWORD
    from workforce_hub.demo.partnership import demo_logins

    settings.HUB_REQUIRE_MFA = False  # the demo prints passwords; MFA is proved in the accounts tests
    call_command("load_demo", stdout=StringIO())
    skip = re.compile(r"^/(accounts/|api/|django-admin|static/)|\.(csv|xlsx|ics|json|pdf)$|/export|/download|/file")
    checked: set[str] = set()
    failures: list[str] = []
    logins = demo_logins()
    assert len(logins) == 10
    for login in logins:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", login.email)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/" not in url)
        queue, seen = [(urlparse(page.url).path, 0)], set()
        while queue:
            path, depth = queue.pop(0)
            kind = re.sub(r"\d+", "N", path)
            if kind in seen:
                continue
            seen.add(kind)
            response = page.goto(f"{live_server.url}{path}")
            if response is None or response.status >= 400:
                failures.append(f"{login.role} GET {path}: {response.status if response else 'no answer'}")
                continue
            if kind not in checked:
                checked.add(kind)
                assert_accessible(page)
            if depth < 2:
                for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                    link = urlparse(urljoin(path, href))
                    if not link.netloc and link.path.startswith("/") and not skip.search(link.path):
                        queue.append((link.path, depth + 1))
    assert failures == []
    assert len(checked) > 40


def test_coordinator_sets_a_hosts_limit_and_a_days_only_apprentice_and_the_plan_keeps_both(
    live_server: Any, live_world: Any, page: Any
) -> None:
    """Issue 16: an organisation's limit on apprentices at a time and an apprentice's shifts, set in the browser,
    reach the planner, show in what it was given, and the grid honours both."""
    from workforce_hub.rotations import services
    from workforce_hub.rotations.models import PlanRun
    from workforce_hub.rotations.tests.conftest import build_planning

    planning = build_planning(live_world)
    scheme = planning.cohort.scheme
    scheme.no_repeat_type = False  # three blocks and few setting types: repeats allowed for this journey
    scheme.save()
    oak, ward = planning.settings["oak"], planning.settings["ward"]
    oak.capacity, oak.shift_pattern = 3, "nights"
    oak.save()
    ward.site, ward.min_age = oak.site, 16  # two settings of one organisation
    ward.save()
    org = oak.site.organisation
    days_only = planning.enrolments[0]
    coordinator = live_world.users["coordinator"]
    log_in_with_mfa(page, live_server.url, coordinator)

    page.goto(f"{live_server.url}/organisations/{org.pk}/")
    page.click(f"text=Change how many apprentices {org.name} takes at a time")
    assert_accessible(page)
    page.fill("#id_apprentices_at_a_time", "2")
    page.click("button[type=submit]")
    page.wait_for_selector("text=2 across all its settings")

    page.goto(f"{live_server.url}/schemes/enrolments/{days_only.pk}/")
    page.click("text=Change planning needs")
    assert_accessible(page)
    page.check("input[name=allowed_shifts][value=days]")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Days (office hours)")
    assert_accessible(page)

    page.goto(f"{live_server.url}/rotations/plans/new/?cohort={planning.cohort.pk}")
    page.click("button[type=submit]")
    page.wait_for_url("**/rotations/plans/*/")
    run = PlanRun.objects.get(cohorts=planning.cohort)
    services.plan_run_execute(run.pk)
    page.wait_for_selector("text=Plan by apprentice and block")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # under Technical details
    given = page.locator(
        "details", has=page.locator("summary", has_text="What the planner was given")
    ).last.inner_text()
    assert org.name in given and "Days (office hours)" in given and "1 nights" in given
    assert_accessible(page)
    run.refresh_from_db()
    assert run.has_plan
    ours = {f"S{oak.pk}", f"S{ward.pk}"}
    grid = run.plan["assignments"]
    assert all(a["setting"] != f"S{oak.pk}" for a in grid if a["apprentice"] == f"E{days_only.pk}")
    for block in {a["block"] for a in grid}:
        assert sum(1 for a in grid if a["block"] == block and a["setting"] in ours) <= 2
    # the grid shows the days-only apprentice's row without Oak House in it
    row = page.locator("tr", has_text=days_only.apprentice.display_name).first.inner_text()
    assert oak.name not in row


def test_a_host_gets_ready_before_day_one_and_the_apprentice_signs_on_a_phone(
    live_server: Any, live_world: Any, page: Any, phone: Any
) -> None:
    """The host's single point of contact gets the pre-arrival checklist, sees who is coming only inside the
    pre-arrival window (ADR 0014) and ticks the tasks; the apprentice signs the placement agreement on a phone."""
    from datetime import timedelta

    from django.utils import timezone

    from workforce_hub.notifications.models import Notification
    from workforce_hub.readiness import services as readiness
    from workforce_hub.readiness.models import PRE_ARRIVAL_DAYS, PreArrivalTask
    from workforce_hub.rotations.models import Placement

    w = live_world
    readiness.template_save(
        actor=w.users["coordinator"],
        partnership=w.p1,
        data={"name": "Every placement", "setting_type": "", "organisation": None, "is_active": True},
        items=["14: Building pass", "7: Induction booked for the first morning"],
    )
    placement = w.placements["apprentice"]
    today = timezone.localdate()
    Placement.objects.filter(pk=placement.pk).update(
        start_date=today + timedelta(days=PRE_ARRIVAL_DAYS + 6), end_date=today + timedelta(days=90)
    )
    setting = placement.setting
    setting.contact = w.people["host_manager"]
    setting.save()
    readiness.placements_prepare([Placement.objects.get(pk=placement.pk)])
    message = Notification.objects.get(kind="pre_arrival_checklist", recipient=w.people["host_manager"])
    name = w.people["apprentice"].display_name

    log_in(page, live_server.url, w.users["host_manager"].email)
    assert "Getting ready" in page.content()
    page.goto(f"{live_server.url}{message.link}")
    assert "Pre-arrival checklist" in page.content() and name not in page.content()
    assert_accessible(page)
    page.fill("input[name=note] >> nth=0", "Pass number 4471")
    page.click("button:has-text('Mark as done') >> nth=0")
    page.wait_for_selector(".nhsuk-tag:has-text('Done')")
    assert "Pass number 4471" in page.content()
    assert_accessible(page)
    # inside the window the contact sees the apprentice's name and work e-mail
    Placement.objects.filter(pk=placement.pk).update(start_date=today + timedelta(days=3))
    page.reload()
    assert name in page.locator("#pre-arrival").inner_text()
    page.click("button:has-text('Mark as done') >> nth=0")
    page.wait_for_load_state()
    assert PreArrivalTask.objects.filter(placement=placement, done_at__isnull=True).count() == 0
    assert_accessible(page)

    log_in(phone, live_server.url, w.users["apprentice"].email)
    assert "Placement agreements to sign" in phone.content()
    phone.click("a[href$='/agreement/']")
    phone.wait_for_url("**/agreement/")
    assert_accessible(phone)
    phone.click("button:has-text('Sign the agreement')")
    phone.wait_for_selector("text=You have signed")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375 + 1, "the agreement scrolls sideways"
    assert_accessible(phone)


def test_coordinator_builds_a_logic_model_binds_an_indicator_and_overrides_the_proposal(
    live_server: Any, live_world: Any, page: Any
) -> None:
    """A small logic model: an output, an indicator bound to a figure the Hub computes, the proposal "on track",
    and a rating that differs from it with the reason (axe on every page)."""
    from datetime import timedelta

    from django.utils import timezone

    w = live_world
    log_in_with_mfa(page, live_server.url, w.users["coordinator"])
    page.goto(f"{live_server.url}/monitoring/schemes/{w.scheme.pk}/")
    assert_accessible(page)
    page.click("button:has-text('Start the logic model')")
    page.wait_for_url("**/monitoring/models/*/")
    model_url = page.url
    page.click("text=Add an item")
    page.select_option("#id_kind", "output")
    page.fill("#id_statement", "Five apprentices start the scheme")
    assert_accessible(page)
    page.click("button[type=submit]")
    page.wait_for_url(model_url + "*")
    page.click("text=Add an indicator")
    page.select_option("#id_item", label="Five apprentices start the scheme")
    page.fill("#id_name", "Apprentices who started")
    page.select_option("#id_metric", "started")
    page.click("button[type=submit]")  # no target, date or owner: refused, nothing lost
    page.wait_for_selector(".nhsuk-error-summary")
    assert page.locator("#id_name").input_value() == "Apprentices who started"
    assert_accessible(page)
    page.fill("#id_target", "5")
    page.fill("#id_due_on", (timezone.localdate() + timedelta(days=60)).isoformat())
    page.select_option("#id_owner", str(w.people["coordinator"].pk))
    page.click("button[type=submit]")
    page.wait_for_url(model_url + "*")
    page.wait_for_selector("text=Apprentices who started")
    assert "Partly achieved or on track" in page.content()  # 2 of 5 started, not yet due
    assert page.locator(".app-diagram svg rect").count() == 1  # the picture: one box, hidden from screen readers
    assert_accessible(page)
    page.click("a:has-text('Apprentices who started')")  # the indicator's page: its trend as a chart and a table
    page.wait_for_selector("text=Over time")
    page.wait_for_selector("[data-vega-spec] svg, [data-vega-spec] canvas")
    assert_accessible(page)
    page.goto(model_url)
    page.click("a:has-text('Rate')")
    page.check("input[name=rating][value=unclear]")
    page.click("button[type=submit]")  # differs from the proposal without a reason: refused
    page.wait_for_selector(".nhsuk-error-summary")
    assert_accessible(page)
    page.fill("#id_reason", "Two of the starters are on a break; we will know more next month.")
    page.click("button[type=submit]")
    page.wait_for_url(model_url + "*")
    assert "Unclear on the evidence" in page.content()
    assert_accessible(page)


def test_a_team_designs_a_role_in_a_workshop_on_a_tablet(live_server: Any, live_world: Any, tablet: Any) -> None:
    """A ward manager starts a role review, lists the team's activities from the shared list, says what a support
    role could do, agrees one in scope (refused without its conditions first), drafts the profile: axe clean on a
    tablet-sized screen, nothing scrolling sideways."""
    from workforce_hub.roles.models import Activity

    w = live_world
    log_in(tablet, live_server.url, w.users["host_manager"].email)
    tablet.goto(f"{live_server.url}/roles/")
    assert_accessible(tablet)
    tablet.click("text=Start a role review")
    tablet.fill("#id_title", "Ward 7 review")
    tablet.check(f"input[name=organisations][value='{w.orgs['host'].pk}']")
    tablet.fill("#id_teams", "Ward 7 nursing team")
    tablet.check("input[name=need][value=capacity]")
    tablet.fill("#id_need_statement", "Nurses spend their shifts on routine observations.")
    tablet.check(f"input[name=participants][value='{w.people['mentor'].pk}']")
    assert_accessible(tablet)
    tablet.click("button[type=submit]")
    tablet.wait_for_url("**/roles/reviews/*/")
    assert "Not started" in tablet.content()
    assert_accessible(tablet)
    tablet.click("a:has-text('List the team')")
    tablet.select_option("#id_team_kind", "Hospital ward")
    tablet.click("button:has-text('Add the list')")
    tablet.wait_for_selector("text=Admission observations")
    assert_accessible(tablet)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 1024 + 1, "the workshop scrolls sideways"
    tablet.click("a:has-text('Admission observations')")
    tablet.check("input[name=suits_support_role][value=conditions]")
    tablet.select_option("#id_supervision", "indirect")
    tablet.click("button:has-text('Save')")
    tablet.wait_for_selector("text=The activity is changed")
    tablet.check("input[name=decision][value=in_scope]")
    tablet.click("button:has-text('Record the decision')")  # with conditions but none given: refused, nothing lost
    tablet.wait_for_selector(".nhsuk-error-summary")
    assert_accessible(tablet)
    tablet.fill("#id_conditions", "Stable patients only")
    tablet.check("input[name=decision][value=in_scope]")
    tablet.click("button:has-text('Record the decision')")
    tablet.wait_for_url("**/activities/#activity-*")
    assert Activity.objects.get(name="Admission observations").decision == "in_scope"
    assert "In scope" in tablet.content()
    assert_accessible(tablet)


def test_an_apprentice_shares_their_passport_an_employer_checks_it_and_the_host_sees_only_the_gaps(
    live_server: Any, live_world: Any, page: Any, phone: Any
) -> None:
    """The passport end to end: training held in date is not assigned again; the apprentice shares the passport
    from a phone; anyone with the link checks a credential without signing in; the host sees held and assigned."""
    from datetime import timedelta

    from django.utils import timezone

    from workforce_hub.passport import services as passport
    from workforce_hub.passport.models import ShareLink, TrainingAssignment, TrainingTopic
    from workforce_hub.rotations.models import Placement
    from workforce_hub.rotations.signals import placements_published

    w = live_world
    today = timezone.localdate()
    topics = [
        TrainingTopic.objects.create(partnership=w.p1, name=name, code=name.lower().replace(" ", "-"))
        for name in ("Basic life support", "Fire safety", "Data security awareness")
    ]
    for t in topics:
        t.accepted_by.set([w.orgs["host2"]])
        passport.requirement_set(actor=w.users["coordinator"], organisation=w.orgs["host2"], topic=t)
    passport.training_record(
        actor=w.users["coordinator"],
        person=w.people["apprentice"],
        topic=topics[0],
        organisation=w.orgs["employer"],
        course="Resuscitation e-learning",
        completed_on=today - timedelta(days=20),
        evidence="Certificate seen.",
    )
    placement = Placement.objects.create(
        enrolment=w.enrolments["apprentice"],
        setting=w.settings["host2"],
        block_index=3,
        start_date=today + timedelta(days=20),
        end_date=today + timedelta(days=80),
        status=Placement.Status.PUBLISHED,
    )
    placements_published.send(sender=None, run=None, placements=[placement])  # as publishing a plan does
    # two of three: the one held is not asked again
    assert TrainingAssignment.objects.filter(person=w.people["apprentice"], organisation=w.orgs["host2"]).count() == 2

    log_in(phone, live_server.url, w.users["apprentice"].email)
    phone.goto(f"{live_server.url}/passport/")
    assert "Basic life support" in phone.content() and "Training to do" in phone.content()
    assert_accessible(phone)
    phone.fill("#id_label", "Elm Hospital")
    phone.click("button:has-text('Make a share link')")
    phone.wait_for_selector("text=Share link made")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375 + 1, "the passport scrolls sideways"
    assert_accessible(phone)
    link = ShareLink.objects.get(person=w.people["apprentice"])

    page.goto(f"{live_server.url}{link.get_absolute_url()}")  # not signed in
    assert_accessible(page)
    page.click("text=Basic life support")
    page.wait_for_url("**/passport/credentials/**")
    assert "This credential is genuine" in page.content() and w.people["apprentice"].email not in page.content()
    assert_accessible(page)

    log_in(page, live_server.url, w.users["other_host"].email)
    page.goto(f"{live_server.url}/passport/placements/{placement.pk}/")
    assert page.locator(".nhsuk-tag:has-text('Already held')").count() == 1
    assert page.locator(".nhsuk-tag:has-text('Assigned')").count() == 2
    assert_accessible(page)
