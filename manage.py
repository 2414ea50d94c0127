#!/usr/bin/env python
"""Django's management commands for Stridelight (makemigrations, shell, check…).

The store's own commands do not need it: ``stridelight`` migrates on first use.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stridelight.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
