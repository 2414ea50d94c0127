"""Account forms: the admin's user pages (e-mail and role instead of a username),
sign-up, log-in, the reset's new password, the password asked again, and a new
e-mail address."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms

from stridelight.accounts import services
from stridelight.accounts.models import User
from stridelight.accounts.tasks import queue_account_mail


class UserCreationForm(auth_forms.UserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email", "role")


class UserChangeForm(auth_forms.UserChangeForm[User]):
    class Meta:
        model = User
        fields = ("email", "role", "is_active", "is_superuser")


class NoColon:
    """Labels as the log-in page writes them: "E-mail", not "E-mail:"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignUpForm(NoColon, forms.Form):
    """E-mail and password; the password's rules are the project's validators,
    checked by ``services.runner_signup`` (their reasons shown on the field)."""

    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; a few unusual words make a good one.",
    )


class LoginForm(auth_forms.AuthenticationForm):
    """Django's log-in form with our wording, refusing unconfirmed accounts.

    The "not confirmed" answer only comes after the right password, so it tells
    nothing to someone who merely guesses an address; a fresh link is mailed.
    """

    error_messages = {  # noqa: RUF012 (Django's own attribute, replaced whole)
        "invalid_login": (
            "Your e-mail address and password did not match. Please try again."
        ),
        "inactive": "This account is closed.",
        "unconfirmed": (
            "Your e-mail address is not confirmed yet. We have sent you a new "
            "link: open it, then log in."
        ),
    }

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            if self.request is not None:
                services.confirmation_send(
                    user=user, site_url=self.request.build_absolute_uri("/")
                )
            raise forms.ValidationError(
                self.error_messages["unconfirmed"], code="unconfirmed"
            )


if TYPE_CHECKING:
    _SetPasswordForm = auth_forms.SetPasswordForm[User]
else:  # generic in the stubs only
    _SetPasswordForm = auth_forms.SetPasswordForm


class ConfirmationSetPasswordForm(NoColon, _SetPasswordForm):
    """Setting a new password through the reset mail proves the address too."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            services.email_confirm(user=user)
        return user


class PasswordCheckForm(NoColon, forms.Form):
    """The account's password again, before an export, a deletion or a new
    e-mail address."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password.", code="password_incorrect"
            )
        return password


class EmailChangeForm(PasswordCheckForm):
    """A new address, and the password again: a stolen session alone cannot
    move the account (and with it the reset mail) to someone else's address."""

    new_email = forms.EmailField(
        label="New e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ("new_email", "password")

    def clean_new_email(self) -> str:
        email = services.normalized_email(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise forms.ValidationError("That is already your address.", code="same")
        return email


class ResetRequestForm(NoColon, auth_forms.PasswordResetForm):
    """Django's reset request (it mails only an existing, active account and
    answers the same either way), worded as our other forms."""

    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queued for the worker like every account mail (``accounts.tasks``)."""
        queue_account_mail(
            subject_template_name, email_template_name, context, to_email
        )
