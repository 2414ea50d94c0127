"""The ASGI entry point, for a server that speaks ASGI (uvicorn, granian)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stridelight.web.settings")
application = get_asgi_application()
