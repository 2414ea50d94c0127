"""Forms for the admin's user pages: e-mail and role instead of a username."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms

from stridelight.accounts.models import User


class UserCreationForm(auth_forms.UserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email", "role")


class UserChangeForm(auth_forms.UserChangeForm[User]):
    class Meta:
        model = User
        fields = ("email", "role", "is_active", "is_superuser")
