"""The Django project: settings, addresses, the WSGI/ASGI entry points and checks.

Nothing here holds runner data; the apps (``accounts``, ``runners``) do.  The
command line starts Django through :mod:`stridelight.web.setup`.
"""
