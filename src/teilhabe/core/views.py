"""Login, the start page of signed-in users, the audit log and the error pages."""

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .models import AuditEntry
from .services import ConflictError
from .templatetags.teilhabe import euro


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus would jump past the skip link and the page's heading.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    bodies = list(selectors.bodies_of_user(request.user))
    if len(bodies) == 1:
        return redirect("concepts:dashboard", body=bodies[0].slug)
    return render(request, "core/home.html", {"bodies": bodies})


def object_type_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def model_field(object_type: str, name: str) -> Any:
    try:
        return apps.get_model(object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def audit_value(field: Any, value: Any) -> Any:
    """A stored audit value as the reader's language shows it: choice labels, German dates."""
    if field is None or value is None:
        return value
    if getattr(field, "choices", None) and isinstance(value, str):
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DecimalField) and isinstance(value, str):
        return euro(value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


def audit_rows(entries: Any) -> list[dict[str, Any]]:
    """Audit entries with the labels of their type, fields and values, for the templates."""
    rows = []
    for e in entries:
        changes = []
        for name, (old, new) in e.changes.items():
            field = model_field(e.object_type, name)
            changes.append(
                {
                    "field": str(field.verbose_name)
                    if field is not None and hasattr(field, "verbose_name")
                    else name,
                    "old": audit_value(field, old),
                    "new": audit_value(field, new),
                }
            )
        rows.append({"entry": e, "type": object_type_label(e.object_type), "changes": changes})
    return rows


@login_required
@require_GET
def audit_log(request: HttpRequest, body: str) -> HttpResponse:
    body_obj = selectors.body_get_for_member(user=request.user, slug=body)
    entries = selectors.audit_entries_for_body(
        user=request.user,
        body=body_obj,
        object_type=request.GET.get("type", ""),
        action=request.GET.get("action", ""),
        username=request.GET.get("user", ""),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    types = sorted(
        {
            t: object_type_label(t)
            for t in AuditEntry.objects.filter(body=body_obj)
            .values_list("object_type", flat=True)
            .distinct()
        }.items(),
        key=lambda item: item[1],
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "body": body_obj,
            "page": page,
            "rows": audit_rows(page.object_list),
            "types": types,
            "actions": AuditEntry.Action.choices,
            "filters": request.GET,
        },
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def body_context(request: HttpRequest, body: Any, nav: str = "") -> dict[str, Any]:
    """What every page of a body needs for its navigation."""
    member = selectors.is_member(request.user, body)
    return {
        "body": body,
        "body_nav": member,
        "nav": nav,
        "is_coordinator": selectors.is_coordinator(request.user, body),
    }


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if hasattr(value, "all"):
        value = value.all()
    if isinstance(value, list | tuple | set) or (
        hasattr(value, "__iter__") and not isinstance(value, str)
    ):
        return ", ".join(sorted(str(v) for v in value)) or "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def add_service_errors(
    form: Any, error: ValidationError, *, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's validation error on the form: on the field it names (or the form
    field ``aliases`` maps that name to), else on the form as a whole."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        name = (aliases or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def conflict_response(
    request: HttpRequest, *, form: Any, current: Any, context: dict[str, Any]
) -> HttpResponse:
    """The second of two concurrent saves: show both versions, overwrite nothing."""
    rows = []
    for name in form._meta.fields or []:
        if name not in form.cleaned_data:
            continue
        mine, theirs = _display(form.cleaned_data[name]), _display(getattr(current, name))
        rows.append(
            {
                "label": form.fields[name].label,
                "mine": mine,
                "theirs": theirs,
                "differs": mine != theirs,
            }
        )
    last = AuditEntry.objects.filter(object_id=current.public_id).select_related("user").first()
    form.data = form.data.copy()
    form.data["version"] = current.version
    return render(
        request,
        "core/conflict.html",
        {
            **context,
            "form": form,
            "rows": rows,
            "current": current,
            "last_change": last,
        },
        status=409,
    )


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    template: str,
    context: dict[str, Any],
    save: Callable[[], Any],
    success: str,
    done: Callable[[Any], HttpResponse],
    add_errors: Callable[[Any, ValidationError], None] = add_service_errors,
) -> HttpResponse:
    """The page of a create or edit form: on a valid POST ``save()`` (one service call), a
    success message and ``done(result)``; a ValidationError goes onto the form, a
    ConflictError (a concurrent save) to the page showing both versions."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ConflictError as conflict:
            return conflict_response(request, form=form, current=conflict.current, context=context)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return done(result)
    return render(request, template, context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """An expired or missing form token: explain it in the site's layout, not Django's."""
    return render(request, "403_csrf.html", status=403)
