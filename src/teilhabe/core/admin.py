"""Administration for superusers: bodies, users and memberships. Writes go through the services."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AuditEntry, Body, Membership, Territory, User


@admin.register(User)
class TeilhabeUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_superuser", "is_active")

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Django's user forms hash the password; we only add the audit entry.
        super().save_model(request, obj, form, change)
        changed = [f for f in form.changed_data if f not in {"password", "password1", "password2"}]
        services.audit_record(
            user=request.user,
            body=None,  # type: ignore[arg-type]
            action=services.AuditEntry.Action.UPDATE
            if change
            else services.AuditEntry.Action.CREATE,
            obj=obj,
            changes={f: (None, form.cleaned_data.get(f)) for f in changed},
        )


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("ags", "name", "level", "parent")
    search_fields = ("ags", "name")
    list_filter = ("level",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # reference data; comes from migrations and imports

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role")
    extra = 1
    autocomplete_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(is_deleted=False)


class BodyAdminForm(forms.ModelForm):
    ags = forms.CharField(
        label=_("AGS"), max_length=8, help_text=_("2 digits for a Land, 5 for a Kreis.")
    )

    class Meta:
        model = Body
        fields = ("name", "kind", "is_demo")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None and data.get("kind") and data.get("ags"):
            try:
                services.body_check_ags(kind=data["kind"], ags=data["ags"])
            except ValidationError as error:
                self.add_error("ags", error.messages)
        return data


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    form = BodyAdminForm
    list_display = ("name", "kind", "ags", "slug", "is_demo")
    search_fields = ("name", "territory__ags")
    fields = ("name", "kind", "ags", "slug", "is_demo")
    readonly_fields = ("slug",)
    inlines = [MembershipInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["ags"].disabled = obj is not None
        form.base_fields["ags"].initial = obj.ags if obj else ""
        return form

    def save_model(self, request: HttpRequest, obj: Body, form: Any, change: bool) -> None:
        if change:
            services.body_update(
                user=request.user,
                body=obj,
                expected_version=obj.version,  # type: ignore[arg-type]
                name=obj.name,
                kind=obj.kind,
                is_demo=obj.is_demo,
            )
        else:
            created = services.body_create(
                user=request.user,
                name=obj.name,
                kind=obj.kind,  # type: ignore[arg-type]
                ags=form.cleaned_data["ags"],
                is_demo=obj.is_demo,
            )
            obj.pk, obj.territory_id, obj.slug = created.pk, created.territory_id, created.slug

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The admin's change message reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() or not inline_form.cleaned_data:
                continue
            instance = inline_form.instance
            if inline_form.cleaned_data.get("DELETE") and instance.pk:
                services.membership_delete(acting_user=request.user, membership=instance)  # type: ignore[arg-type]
            elif not instance.pk:
                services.membership_create(
                    acting_user=request.user,
                    user=instance.user,  # type: ignore[arg-type]
                    body=form.instance,
                    role=instance.role,
                )
            else:
                services.membership_update(
                    acting_user=request.user,
                    membership=instance,  # type: ignore[arg-type]
                    role=instance.role,
                )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # bodies carry the record of their decisions


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created", "user", "agent", "body", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type", "body")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
