"""Markers in the pages' Markdown, replaced by Jinja templates rendered from the model.

A page says where a generated block goes with a line of its own, ``<!-- policy: NAME -->``;
``policy/NAME.html`` under ``templates/`` renders it from the view :data:`SECTIONS` names.
Every block is a single HTML element, which Markdown passes through untouched, so text from the
data is never read as Markdown; autoescaping keeps it from being read as HTML.

No site engine is known here: the caller passes the page's name (for messages) and a function
that turns a docs file name into a link relative to the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from operator import attrgetter
from pathlib import Path

import jinja2
import markupsafe

from calculators.model import Policy

from . import views

__all__ = ["SECTIONS", "TEMPLATES", "MarkerError", "environment", "marker_problems",
           "render_section", "replace_markers"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Marker name -> what its template receives as ``view``.
SECTIONS: dict[str, Callable[[Policy], object]] = {
    "overview": attrgetter("texts.overview"),
    "applies-to": attrgetter("texts.overview.applies_to"),
    "contact-hint": attrgetter("texts.overview.contact_hint"),
    "customer-responsibilities": attrgetter("texts.customer_responsibilities"),
    "support-responsibilities": attrgetter("texts.support_responsibilities"),
    "case-handling": views.case_handling,
    "quality-of-service": attrgetter("texts.quality_of_service"),
    "initial-response-targets": views.initial_response_targets,
    "update-targets": views.update_targets,
    "target-clocks": views.target_clocks,
    "slt-disclaimer": attrgetter("service_levels.disclaimer"),
    "support-regions": views.support_regions,
    "office-holidays": views.office_holidays,
    "escalation-instructions": views.escalation_instructions,
    "escalation-tiers": views.escalation_tiers,
    # Shown on Contact and on Escalation: each page has one side of the difference.
    "zones-note": attrgetter("escalation.zones_note"),
    "call-quality-questions": attrgetter("texts.call_quality"),
    "call-samples": views.call_samples,
    # The report builder's form, hidden until webruntime/static/report.js brings it to life.
    "call-report-builder": views.call_report_builder,
    # The calculators' forms; webruntime/static/widgets.js answers them in the browser.
    "deadline-widget": views.calculator_choices,
    "escalation-widget": views.calculator_choices,
    "open-now": views.support_regions,
    # Week charts drawn in UTC at build time; widgets.js redraws them in the reader's zone.
    "coverage-support": views.coverage_support,
    "coverage-tiers": views.coverage_tiers,
    # Links to the calendars the build publishes (sitegen/calendars.py).
    "calendars-support": views.support_calendars,
    "calendars-tiers": views.tier_calendars,
    # Every reading the site rests on, each at the anchor its marks link to.
    "readings": views.readings_page,
}

# Anything that looks like a marker is checked, so a typo fails instead of vanishing silently
# into an HTML comment.
_MARKER = re.compile(r"<!--\s*policy:\s*(?P<name>.*?)\s*-->")


class MarkerError(ValueError):
    """A page has markers that cannot be replaced; the message names the page and each one."""


# What must never break across lines in running text: a date ("Mon 4 Jan 2027"), a clock time
# or a range of them ("06:00-08:00"), a range of days ("Mon-Fri").
_DAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_UNBROKEN = re.compile(
    rf"(?:{_DAY} )?\d{{1,2}} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{{4}})?"
    rf"|\d{{1,2}}:\d\d(?:-\d{{1,2}}:\d\d)?|{_DAY}-{_DAY}")


def unbroken(text: str) -> markupsafe.Markup:
    """``text`` escaped, each date, time and range in it in a span that keeps it on one line."""
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(_UNBROKEN.sub(
        lambda match: f'<span class="policy-unbroken">{match[0]}</span>', escaped))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["unbroken"] = unbroken
    return env


def render_section(name: str, policy: Policy, *, link: Callable[[str], str]) -> str:
    """The HTML block for marker ``name``; ``link('contact.md')`` gives a URL to that page."""
    template = environment().get_template(f"policy/{name}.html")
    return template.render(view=SECTIONS[name](policy), link=link).strip()


def marker_problems(markdown: str, *, page: str, first_line: int = 1) -> list[str]:
    """Every marker of ``markdown`` that cannot be replaced, as ``page:line: message``."""
    return [problem for _, _, problem in _markers(markdown, page=page, first_line=first_line)
            if problem]


def _markers(markdown: str, *, page: str, first_line: int):
    """(line index, marker name, problem or "") for each marker of ``markdown``."""
    for index, line in enumerate(markdown.split("\n")):
        number = first_line + index
        for match in _MARKER.finditer(line):
            name = match["name"]
            if name not in SECTIONS:
                yield index, name, (f"{page}:{number}: unknown marker <!-- policy: {name} -->; "
                                    f"known markers: {', '.join(SECTIONS)}")
            elif line.rstrip() != match[0]:
                yield index, name, (f"{page}:{number}: marker <!-- policy: {name} --> must "
                                    f"stand alone on its line, starting in the first column")
            else:
                yield index, name, ""


def replace_markers(markdown: str, policy: Policy, *, page: str,
                    link: Callable[[str], str], first_line: int = 1) -> str:
    """``markdown`` with each marker line replaced by its block; MarkerError lists every bad one.

    ``first_line`` is the line of the page file that ``markdown`` starts on (after front matter).
    """
    markers = list(_markers(markdown, page=page, first_line=first_line))
    problems = [problem for _, _, problem in markers if problem]
    if problems:
        raise MarkerError("\n".join(problems))
    lines = markdown.split("\n")
    for index, name, _ in markers:
        # Blank lines around the block make Markdown take it as raw HTML, whatever the page has
        # next to the marker.
        lines[index] = f"\n{render_section(name, policy, link=link)}\n"
    return "\n".join(lines)
