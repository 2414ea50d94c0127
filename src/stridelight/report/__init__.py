"""The printable report a runner brings to the Discovery Visit (HTML and PDF).

Reads a :class:`stridelight.core.results.Analysis`; imports ``core`` only.
"""

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
