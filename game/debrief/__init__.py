"""Reports for the facilitator: the debrief of one session and the class report of several.

    python main.py debrief LOG --out report.html
    python main.py class-report LOG... --out class.html

Each is one self-contained HTML file (inline CSS and SVG charts, no network) made to be
projected and printed. `game.debrief.facts` reads a log into facts; `report` and
`classreport` lay them out; `prompts` draws the discussion questions.
"""

from game.debrief.classreport import (
    ClassReportError,
    class_report_html,
    cmd_class_report,
    write_class_report,
)
from game.debrief.report import cmd_debrief, debrief_html, write_debrief

__all__ = [
    "ClassReportError",
    "class_report_html",
    "cmd_class_report",
    "cmd_debrief",
    "debrief_html",
    "write_class_report",
    "write_debrief",
]
