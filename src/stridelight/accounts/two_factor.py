"""Two-factor for staff (django-otp): an authenticator app and recovery codes.

HIPAA 164.312(d) and ASVS 6.3.3 ask for a second factor for everyone who reads
health data.  A staff member enrols one authenticator (TOTP, RFC 6238: a code
changing every 30 seconds, each usable once) and gets ten single-use recovery
codes for the day the phone is lost.
"""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridelight.accounts.models import User

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator (so must verify, not enrol)."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def authenticator_pending(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR, confirmed=False
        )
    return device


def authenticator_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the pending authenticator with a code it shows; new recovery codes.

    Returns the recovery codes (shown once, stored only as the device's tokens),
    or an empty list when the code is wrong.  Any earlier authenticator and
    recovery codes are replaced: one phone, one set of codes.
    """
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return []
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_replace(user=user)


def recovery_codes_replace(*, user: User) -> list[str]:
    """Ten fresh single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed: base32, in fours."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
