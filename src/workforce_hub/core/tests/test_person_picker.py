"""Choosing people when there are too many to list (`core.forms.choose_person`): up to `PICK_LIMIT` they are a
drop-down or checkboxes as before; beyond it (an integrated care system has 100,000 staff) a box for their e-mail
address, found in any case, only among the people the list would have offered, with what was typed kept on an
error."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from workforce_hub.core import forms as core_forms
from workforce_hub.roles.forms import AbsenceForm, ReviewForm


@pytest.fixture
def few(monkeypatch: Any) -> None:
    monkeypatch.setattr(core_forms, "PICK_LIMIT", 2)  # the test world has more staff than this


def test_a_short_list_is_still_a_drop_down(world: Any) -> None:
    form = AbsenceForm(user=world.users["coordinator"])
    assert type(form.fields["person"]) is forms.ModelChoiceField
    assert isinstance(form.fields["person"].widget, forms.Select)
    assert world.people["staff"] in form.fields["person"].queryset


def test_a_long_list_becomes_an_email_box_that_finds_the_person(world: Any, few: None) -> None:
    coordinator, staff = world.users["coordinator"], world.people["staff"]
    form = AbsenceForm(user=coordinator)
    field = form.fields["person"]
    assert isinstance(field, core_forms.PersonByEmailField) and isinstance(field.widget, forms.EmailInput)
    assert field.label == "Member of staff" and "too many people here to list" in field.help_text

    typed = {"organisation": world.orgs["employer"].pk, "started_on": "2026-11-02", "absence": "1"}
    found = AbsenceForm({**typed, "person": f"  {staff.email.upper()} "}, user=coordinator)
    assert found.is_valid(), found.errors
    assert found.cleaned_data["person"] == staff


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("nobody@nowhere.example", "No one you can choose here has the e-mail address nobody@nowhere.example"),
        ("Sam Staff", "Enter an e-mail address, like name@example.nhs.uk"),
        ("", "Enter an e-mail address"),
    ],
)
def test_a_wrong_address_is_refused_and_kept(world: Any, few: None, typed: str, error: str) -> None:
    from workforce_hub.core.template_helpers import field_params

    form = AbsenceForm(
        {"organisation": world.orgs["employer"].pk, "started_on": "2026-11-02", "person": typed},
        user=world.users["coordinator"],
    )
    assert not form.is_valid()
    params = field_params(form["person"])
    assert params["errorMessage"]["text"] == error
    assert params["value"] == typed  # what was typed stays in the box


def test_only_people_the_list_would_offer_are_found(world: Any, few: None) -> None:
    """Another partnership's people (and apprentices, whom this list leaves out) are not found by their address."""
    for outsider in (world.people["p2_apprentice"], world.people["p2_coordinator"], world.people["apprentice"]):
        form = AbsenceForm(
            {"organisation": world.orgs["employer"].pk, "started_on": "2026-11-02", "person": outsider.email},
            user=world.users["coordinator"],
        )
        assert not form.is_valid() and "No one you can choose here" in form.errors["person"][0]


def test_several_people_by_their_addresses(world: Any, few: None) -> None:
    coordinator = world.users["coordinator"]
    form = ReviewForm(partnership_id=world.p1.pk)
    field = form.fields["participants"]
    assert isinstance(field, core_forms.PeopleByEmailField) and isinstance(field.widget, forms.Textarea)
    staff, mentor = world.people["staff"], world.people["mentor"]
    base = {
        "title": "Community team",
        "organisations": [world.orgs["host"].pk],
        "teams": "Community",
        "need": ReviewForm.base_fields["need"].choices[0][0],
        "need_statement": "Waiting lists",
    }
    both = ReviewForm(
        {**base, "participants": f"{staff.email}\n{mentor.email.upper()}, {staff.email}"}, partnership_id=world.p1.pk
    )
    assert both.is_valid(), both.errors
    assert set(both.cleaned_data["participants"]) == {staff, mentor}

    wrong = ReviewForm({**base, "participants": f"{staff.email}\nwho@nowhere.example"}, partnership_id=world.p1.pk)
    assert not wrong.is_valid()
    assert wrong.errors["participants"] == ["No one you can choose here has the e-mail address who@nowhere.example"]

    # chosen people show as their addresses again, one a line
    again = ReviewForm(initial={"participants": [staff.pk, mentor]}, partnership_id=world.p1.pk)
    assert again["participants"].value() == f"{staff.email}\n{mentor.email}"
    assert coordinator is not None


def test_the_page_offers_a_box_not_a_list(world: Any, login: Any, few: None) -> None:
    page = login("coordinator").get("/roles/competence-checks/").content.decode()
    assert 'type="email"' in page and 'name="person"' in page
    assert '<select class="nhsuk-select" id="id_person"' not in page


def test_an_address_two_people_share_is_refused_not_guessed(world: Any, few: None) -> None:
    from workforce_hub.people.models import Person

    staff, mentor = world.people["staff"], world.people["mentor"]
    Person.objects.filter(pk=mentor.pk).update(email=staff.email.upper())  # a mistake an import can make
    single = AbsenceForm(
        {"organisation": world.orgs["employer"].pk, "started_on": "2026-11-02", "person": staff.email},
        user=world.users["coordinator"],
    )
    assert not single.is_valid()
    assert single.errors["person"] == [
        f"More than one person here has the e-mail address {staff.email}: ask a partnership admin to correct it"
    ]
    several = ReviewForm({"participants": staff.email}, partnership_id=world.p1.pk)
    assert not several.is_valid() and "More than one person here" in several.errors["participants"][0]
    nobody = ReviewForm({"participants": "a@nowhere.example, b@nowhere.example"}, partnership_id=world.p1.pk)
    assert not nobody.is_valid()
    assert nobody.errors["participants"] == [
        "No one you can choose here has these e-mail addresses: a@nowhere.example, b@nowhere.example"
    ]
