"""The printable report a runner brings to the Discovery Visit (HTML and PDF).

Reads a :class:`stridelight.core.results.Analysis`; imports ``core`` only.

The names below load on first use (PEP 562): the renderer pulls in matplotlib
and WeasyPrint (over a second), and the web apps import small parts of this
package (``report.labels``, ``report.bodymap``) at every process start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stridelight.report.render import (
        render_fragment,
        render_html,
        render_pdf,
        stylesheet,
        write_report,
    )
    from stridelight.report.sections import ClinicInfo

__all__ = [
    "ClinicInfo",
    "render_fragment",
    "render_html",
    "render_pdf",
    "stylesheet",
    "write_report",
]

_HOME = {"ClinicInfo": "stridelight.report.sections"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(_HOME.get(name, "stridelight.report.render"))
    return getattr(module, name)
