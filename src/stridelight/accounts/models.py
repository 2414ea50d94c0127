"""The user: e-mail as the login, one role; staff access follows the role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    RUNNER = "runner", "Runner"
    THERAPIST = "therapist", "Therapist"
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"


#: Roles that work in the clinic and so may open the admin.
STAFF_ROLES = frozenset({Role.THERAPIST, Role.CLINIC_ADMIN})


class UserManager(BaseUserManager["User"]):
    """Django's ``createsuperuser`` and tests come through here; the command line
    and the web go through ``accounts.services.create_user``, which validates."""

    use_in_migrations = True

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        if not email:
            raise ValueError("a user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.CLINIC_ADMIN)
        extra["is_superuser"] = True
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One person.  ``is_staff`` is not set by hand: :meth:`save` derives it from
    the role, so a therapist can open the admin and a runner never can."""

    email = models.EmailField("e-mail address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RUNNER)
    is_staff = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    #: When the person showed they read mail at ``email``.  Accounts an admin,
    #: the command line or the demo creates count as confirmed from the start;
    #: self-service sign-up leaves it empty until the link in the mail is opened
    #: (or a password reset through that mail succeeds).  Until then the
    #: account cannot sign in (docs/web.md).
    email_confirmed_at = models.DateTimeField(
        null=True, blank=True, default=timezone.now
    )
    #: The address the person last asked to move to (``accounts.email_change``),
    #: until the link mailed there is used.  Kept here, not in the link, so no
    #: address travels in an address bar or a server's log (ASVS 14.2.1); a new
    #: request replaces it, which kills the older link.
    pending_email = models.EmailField("e-mail address asked for", blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.is_staff = self.role in STAFF_ROLES or self.is_superuser
        super().save(*args, **kwargs)
