"""Helpers that let Jinja templates render Django forms with NHS.UK frontend macros."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from markupsafe import Markup, escape


def _component_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.DateInput):
        return "date"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


_CHOOSE = ("select", "radios", "checkboxes", "checkbox")


def _label_words(bound: forms.BoundField) -> str:
    label = str(bound.label or bound.name.replace("_", " ")).rstrip(" :?")
    return label[:1].lower() + label[1:] if label[1:2].islower() or len(label) == 1 else label


def error_text(bound: forms.BoundField, error: str) -> str:
    """Django's generic messages in words that name the field ("Enter first name", "Choose the new status"),
    so an error read on its own — in the summary, or by a screen reader — says what to do."""
    component = _component_for(bound.field.widget)
    words = _label_words(bound)
    if error == str(forms.Field.default_error_messages["required"]):
        if component == "file":
            return f"Choose the file for {words}"
        return f"{'Choose' if component in _CHOOSE else 'Enter'} {words}"
    if error.startswith("Select a valid choice"):
        return f"Choose {words} from the list"
    if error == "Enter a valid date.":
        return f"Enter a real date for {words}, like 31 3 2027"
    if error == "Enter a whole number.":
        return f"Enter {words} as a whole number, like 12"
    if error == "Enter a number.":
        return f"Enter {words} as a number"
    return error


def field_params(bound: forms.BoundField) -> dict[str, Any]:
    """Everything a NHS.UK macro needs for one field, including the error exactly as the design system shows it."""
    widget = bound.field.widget
    component = _component_for(widget)
    value = bound.value()
    errors = [error_text(bound, str(e)) for e in bound.errors]
    params: dict[str, Any] = {
        "component": component,
        "id": bound.id_for_label or f"id_{bound.html_name}",
        "name": bound.html_name,
        "label": {"text": str(bound.label)},
        "hint": {"text": str(bound.help_text)} if bound.help_text else None,
        "errorMessage": {"text": " ".join(str(e) for e in errors)} if errors else None,
        "required": bound.field.required,
    }
    if component in ("select", "radios", "checkboxes"):
        selected = value if isinstance(value, list | tuple) else [value]
        selected_str = {str(v) for v in selected if v not in (None, "")}
        items = []
        for choice_value, choice_label in bound.field.choices:  # type: ignore[attr-defined]
            cv = str(getattr(choice_value, "value", choice_value))
            if cv == "" and component != "select":
                continue  # a radio or checkbox for "nothing chosen" is not a choice
            item: dict[str, Any] = {"value": cv, "text": str(choice_label)}
            if component == "select":
                item["selected"] = cv in selected_str
            else:
                item["checked"] = cv in selected_str
            items.append(item)
        params["items"] = items
    elif component == "checkbox":
        params["checked"] = bool(value)
    elif component == "file":
        chosen = bound.form.files.get(bound.html_name) if bound.form.is_bound else None
        if chosen is not None and bound.form.errors:
            # a browser cannot keep a chosen file after the page is sent back: say which it was
            params["hint"] = {
                "text": " ".join(
                    t for t in (str(bound.help_text or ""), f"You chose {chosen.name}: choose it again.") if t
                )
            }
    elif component == "date":
        params["value"] = value.isoformat() if hasattr(value, "isoformat") else (value or "")
    else:
        params["value"] = "" if value is None else value
        if isinstance(widget, forms.EmailInput):
            params["type"] = "email"  # the keyboard with @ on phones
    attrs = dict(widget.attrs)
    if attrs.get("autocomplete"):
        params["autocomplete"] = attrs["autocomplete"]
    if attrs.get("inputmode"):
        params["inputmode"] = attrs["inputmode"]
    if attrs.get("class"):
        params["classes"] = attrs["class"]
    return params


def error_summary_items(form: forms.Form) -> list[dict[str, str]]:
    """Error summary links to each field in error, as the NHS.UK error summary expects."""
    items = []
    for err in form.non_field_errors():
        items.append({"text": str(err), "href": "#main-form"})
    for name, errs in form.errors.items():
        if name == "__all__":
            continue
        if name not in form.fields:
            items.extend({"text": str(err), "href": "#main-form"} for err in errs)
            continue
        bound = form[name]
        for err in errs:
            items.append(
                {"text": error_text(bound, str(err)), "href": f"#{bound.id_for_label or 'id_' + bound.html_name}"}
            )
    return items


def querystring(request: HttpRequest, **changes: Any) -> str:
    """The current query string with some keys changed (used by pagination and filters)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(list(params.lists()), doseq=True) if params else "?"


def yesno(value: object, yes: str = "Yes", no: str = "No") -> str:
    return yes if value else no


def humanise(value: object) -> str:
    if value is None or value == "":
        return ""
    return str(value).replace("_", " ").capitalize()


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The header navigation for this user: only the sections their roles can use."""
    from .access import viewer_for
    from .roles import HOST_ROLES, PARTNERSHIP_WIDE, PROVIDER_ROLES, Role

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    viewer = viewer_for(user)
    if viewer.is_anonymous:
        return []
    sees_people = viewer.has_role(*PARTNERSHIP_WIDE, *HOST_ROLES, *PROVIDER_ROLES, Role.LINE_MANAGER)
    # apprentices and staff have their own pages; the partnership's schemes, organisations and settings are for
    # those who run, host, teach or fund the schemes
    runs_schemes = sees_people or viewer.has_role(Role.PARTNER_LEAD)
    path = request.path
    in_settings = path.startswith("/organisations/settings/")
    items = [("/", "Home", path.startswith("/home/"))]
    if runs_schemes:
        items.append(("/schemes/", "Schemes", path.startswith("/schemes/")))
    if sees_people:
        items.append(("/people/", "People", path.startswith("/people/")))
    if runs_schemes:
        items.append(("/organisations/", "Organisations", path.startswith("/organisations/") and not in_settings))
        items.append(("/organisations/settings/", "Placement settings", in_settings))
    if viewer.is_partnership_wide:
        items.append(("/rotations/plans/", "Rotation plans", path.startswith("/rotations/plans/")))
    items.append(("/rotations/calendar/", "My calendar", path.startswith("/rotations/calendar/")))
    if viewer.has_role(*PARTNERSHIP_WIDE, *PROVIDER_ROLES, Role.LINE_MANAGER, Role.APPRENTICE):
        items.append(("/learning/", "Learning records", path.startswith(("/learning/", "/programmes/"))))
    if viewer.is_partnership_wide:
        items.append(("/recruitment/", "Recruitment", path.startswith("/recruitment/")))
    items.append(("/digital-skills/", "Digital skills", path.startswith("/digital-skills/")))
    if viewer.person_id is not None:
        items.append(("/passport/", "Passport", path.startswith("/passport/")))
    if runs_schemes:
        items.append(("/roles/", "New roles", path.startswith("/roles/")))
    items.append(("/outcomes/jobs/", "Jobs and events", path.startswith(("/outcomes/jobs/", "/outcomes/events/"))))
    if user.has_perm("hub.view_scheme_reports"):
        items.append(("/outcomes/reports/", "Scheme reports", path.startswith("/outcomes/reports/")))
    return [{"href": href, "text": text, "current": current} for href, text, current in items]


# --- parameters for the NHS.UK table and summary list components (used by the shared macros in includes/ui.jinja)


def _content(value: object) -> dict[str, str]:
    """Markup a macro made stays markup; anything else is text (the component escapes it)."""
    if isinstance(value, Markup):
        return {"html": value}
    return {"text": "" if value is None else str(value)}


def _cell_value(value: object) -> Markup:
    """A cell's content as the NHS.UK table macro writes it: markup kept, anything else escaped, then trimmed."""
    if isinstance(value, Markup):
        return Markup(value.strip())  # noqa: S704  # nosec B704  # it was Markup already
    return escape("" if value is None else str(value)).strip()


def table_html(
    caption: object,
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    show_caption: bool = False,
    numeric: Sequence[int] = (),
    responsive: bool = False,
) -> Markup:
    """The NHS.UK table component's markup for the shared `simple_table` macro, written here in one pass.

    The component's own macro spends about a millisecond on each cell (two attribute macros and a dozen filters),
    which made a 50-row table the dearest part of a home page. This writes the same elements, classes, roles and
    text, without the macro's blank lines; `core/tests/test_tables.py` compares the two on generated tables."""
    numeric_cols = set(numeric)
    heads = [_cell_value(h) for h in headers]
    group, row_role, head_role, cell_role = (
        (f' role="{name}"' if responsive else "") for name in ("rowgroup", "row", "columnheader", "cell")
    )
    parts: list[str] = [
        '<table class="nhsuk-table nhsuk-table--responsive" role="table">'
        if responsive
        else '<table class="nhsuk-table">'
    ]
    if caption:
        hidden = "" if show_caption else " nhsuk-u-visually-hidden"
        parts.append(f'<caption class="nhsuk-table__caption{hidden}">{_cell_value(caption)}</caption>')
    if heads:
        parts.append(f'<thead class="nhsuk-table__head"{group}><tr class="nhsuk-table__row"{row_role}>')
        for i, head in enumerate(heads):
            kind = " nhsuk-table__header--numeric" if i in numeric_cols else ""
            parts.append(f'<th class="nhsuk-table__header{kind}" scope="col"{head_role}>{head}</th>')
        parts.append("</tr></thead>")
    parts.append('<tbody class="nhsuk-table__body">')
    for row in rows:
        parts.append(f'<tr class="nhsuk-table__row"{row_role}>')
        for i, item in enumerate(row):
            kind = " nhsuk-table__cell--numeric" if i in numeric_cols else ""
            value: str = _cell_value(item)
            if responsive:  # each cell carries its column's heading, shown beside it on a narrow screen
                heading = heads[i] if i < len(heads) else ""
                shown = f"<span>{value}</span>" if isinstance(item, Markup) and item else value
                value = f'<span class="nhsuk-table__heading" aria-hidden="true">{heading} </span>{shown}'
            parts.append(f'<td class="nhsuk-table__cell{kind}"{cell_role}>{value}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704  # every value above was escaped or was Markup


def summary_rows(pairs: Sequence[Sequence[Any] | None]) -> list[dict[str, Any]]:
    """Rows for the NHS.UK summary list: each a (key, value) pair, or (key, value, (link, text)) with a change link
    whose text is followed, for screen readers, by the key (or by a third item: (link, text, what it changes)).
    `None` in place of a row leaves it out, so a page writes a row that shows only sometimes as
    `(...) if condition else None`. A fourth item is the row's id (a link's #anchor), after an action or None."""
    rows: list[dict[str, Any]] = []
    for pair in pairs:
        if pair is None:
            continue
        key, value, *action = pair
        row: dict[str, Any] = {"key": _content(key), "value": _content(value)}
        if len(action) > 1 and action[1]:
            row["id"] = str(action[1])
        if action and action[0]:
            link: Sequence[Any] = action[0]
            hidden = link[2] if len(link) > 2 else key
            row["actions"] = {"items": [{"href": link[0], "text": link[1], "visuallyHiddenText": str(hidden)}]}
        rows.append(row)
    return rows


def identity_providers() -> list[dict[str, str]]:
    """The organisations' identity providers people may sign in with (OpenID Connect, from HUB_OIDC_PROVIDERS)."""
    from django.conf import settings

    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return [
        {"name": app["name"], "url": reverse("openid_connect_login", kwargs={"provider_id": app["provider_id"]})}
        for app in apps
    ]
