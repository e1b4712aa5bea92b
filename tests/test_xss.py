"""Every free-text field of the data carries an XSS payload; the built site, open in Chromium
under its Content-Security-Policy, shows each one as text and runs none of them.

One copy of the data, one build, one browser: every page is opened once (the widget pages until
their widgets answer), then checked for script that ran, markup that was made, and text that
was changed on the way.
"""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest
import yaml
from playwright.sync_api import sync_playwright

from browser import CHROMIUM_ARGS, CHROMIUM_PATH, serve
from calculators import wording
from conftest import DATA, ROOT, build_site
from policydata import load_policy
from policydata.shapes import POLICY_TEXT, Duration

pytestmark = pytest.mark.browser

ANSWER_TIMEOUT_MS = 60_000

PAYLOADS = [
    '<script>window.__xss=1;console.log("XSS-FIRED")</script>',
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "javascript:window.__xss=1",
    "</textarea><script>window.__xss=1</script>",
    "{{ 7*7 }}",  # Jinja would print 49
    "{% raw %}",  # Jinja would fail the build, or swallow the text up to an endraw
    "*em* [x](javascript:alert(1))",  # Markdown would make emphasis and a link
    "&lt;b&gt;",  # shown as typed, not as <b>
    '<a href="javascript:window.__xss=1">x</a>',
    "' onmouseover='window.__xss=1",
    "\u202ereversed",  # right-to-left override: kept, not stripped or garbled
    "emoji \U0001f600 \u2603",
]

# The keys whose string values are free text (the schema's TEXT fields); a holiday's `name`
# is one of them, and the copy adds such a holiday to every support region.
FREE_TEXT = {
    "name", "title", "role", "definition", "text", "label", "intro", "summary", "contact_hint",
    "applies_to", "paragraphs", "questions", "requirements", "notes", "disclaimer",
    "instructions", "follow_the_sun", "until", "out_of_hours", "note", "zones_note", "question",
    "choices", "other", "calling", "called", "time", "direction", "directions",
    "landline_preferred", "withheld", "site_reading", "policy_words",
}
# Every other string is checked by the validator: ids and references, zones, times, weekdays,
# durations, clocks, dates, emails, phone numbers, calendars.
STRUCTURED = {"id", "zone", "open", "close", "days", "within", "every", "clock", "date",
              "email", "number", "calendar", "subdivision", "priority", "holders", "pick",
              "readings", "tier"}
# Free text the site shows on no page, with why; any other field must show somewhere.
NOT_SHOWN = {
    # The plan's name is in the data for the calculators; the pages name no plan.
    "slt.yaml.plan.name",
}
# One query for every page: each widget reads the fields it knows. An instant, not "now": the
# answers are then the same on every run, and tier 1 has people on duty in two regions.
QUERY = "?priority=S1&region=usa&tier=tier1&at=2026-07-15T00:59:00Z"
# "Open now?" asks about the browser's now: a Saturday, when every office is closed and the
# panel shows the data's out-of-hours instruction.
NOW = "2026-11-28T12:00:00Z"
# mkdocs-material writes search results into the page with innerHTML, from an index of the
# pages' text: a word of the payloads finds results that quote them.
SEARCH = "onerror"
SEARCH_READY = """() => {
  const { translations } = JSON.parse(document.getElementById("__config").textContent);
  const meta = document.querySelector(".md-search-result__meta");
  return meta.textContent === translations["search.result.placeholder"];
}"""

# Records CSP violations from the first script on, before the policy can block anything.
INIT_SCRIPT = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI}`
                           + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""

# What the page ended up with: script that ran, markup that was made from the data, its text.
PAGE_STATE = """() => {
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const handlers = [];
  const scriptUrls = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) handlers.push(`${element.tagName} ${attribute.name}`);
      if (/^\\s*javascript:/i.test(attribute.value)) {
        scriptUrls.push(`${element.tagName} ${attribute.name}`);
      }
    }
  }
  // Each widget's answer: the calculators' live regions, and the charts the worker redrew (their
  // own live region only says which week is shown).
  const widgets = [...document.querySelectorAll(
    "[data-widget]:not([data-widget=coverage]) [role=status], [data-widget=coverage] .cov-body")];
  return {
    xss: typeof window.__xss,
    violations: window.__violations,
    handlers,
    scriptUrls,
    // Markdown would have made *em* into <em>em</em> (the templates' own <em>s say "Vacant").
    emphasis: [...document.querySelectorAll("em")].filter((em) => em.textContent === "em").length,
    text: document.body.innerText,
    widgetTexts: widgets.map((status) => status.innerText),
  };
}"""


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _inject(node, path: str, key: str | None, fields: dict[str, tuple[str, str]], numbers):
    """``node`` with each free-text string replaced by a tagged payload; ``fields`` gets
    tag -> (where in the data, the text put there)."""
    if isinstance(node, dict):
        # A holders mapping is keyed by region ids; its values are person ids.
        return {k: _inject(v, f"{path}.{k}", key if key == "holders" else k, fields, numbers)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_inject(item, f"{path}[{index}]", key, fields, numbers)
                for index, item in enumerate(node)]
    if not isinstance(node, str) or key in STRUCTURED:
        return node
    assert key in FREE_TEXT, f"{path}: {node!r} is neither known free text nor structured"
    number = next(numbers)
    tag = f"XF{number:03d}"
    fields[tag] = (path, f"{tag} {PAYLOADS[number % len(PAYLOADS)]}")
    return fields[tag][1]


def _keep_age_limit_slot(document: dict, fields: dict[str, tuple[str, str]]) -> None:
    """The age limit's words need their {within} slot; the page shows the duration there."""
    limit = document["call_quality"]["call_samples"]["age_limit"]
    tag = limit["text"].split()[0]
    limit["text"] += " {within}"
    shown = wording.duration(Duration().parse(limit["within"]))
    fields[tag] = (fields[tag][0], f"{fields[tag][1]} {shown}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The data with every free-text field replaced: (data folder, tag -> (where, text))."""
    data = tmp_path_factory.mktemp("xss-data")
    fields: dict[str, tuple[str, str]] = {}
    numbers = count()
    # Quotes must stand word for word in the policy text: the copy's text holds each payload
    # put in a quote too, so the readings page shows them.
    policy_text = (DATA / POLICY_TEXT).read_text(encoding="utf-8")
    for source in sorted(DATA.glob("*.yaml")):
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
        if source.name == "contacts.yaml":
            for region in document["support_regions"]:
                region["holidays"]["add"] = [{"date": dt.date(2026, 6, 3), "name": "holiday"}]
        document = _inject(document, source.name, None, fields, numbers)
        if source.name == "policy.yaml":
            _keep_age_limit_slot(document, fields)
        if source.name == "readings.yaml":
            policy_text += "".join(f"{quote}\n" for reading in document["readings"]
                                   for quote in reading["policy_words"])
        (data / source.name).write_text(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data / POLICY_TEXT).write_text(policy_text, encoding="utf-8")
    load_policy(data)  # raises DataError, listing each problem, if the validator refuses it
    assert len(fields) > 3 * len(PAYLOADS)
    return data, fields


@pytest.fixture(scope="module")
def corpus_site(corpus, tmp_path_factory):
    data, _ = corpus
    site = tmp_path_factory.mktemp("xss-site")
    result = build_site(site, data=data)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def visited(corpus_site):
    """Each page's state (with its console and dialogs) after its widgets answered, and the
    first page's after a search: ({page: state}, {what was done: state})."""
    pages = sorted(path.relative_to(corpus_site).as_posix()
                   for path in corpus_site.rglob("*.html"))
    states, searched = {}, {}
    with serve(corpus_site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(INIT_SCRIPT)
        for name in pages:
            page = context.new_page()
            console, dialogs = [], []
            page.on("console", lambda message, seen=console: seen.append(message.text))
            page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message),
                                                            dialog.dismiss()))
            page.clock.set_fixed_time(NOW)
            page.goto(url + name.removesuffix("index.html") + QUERY)
            for form in page.locator("form[data-widget]").all():
                widget = form.get_attribute("data-widget")
                page.wait_for_selector(f"form[data-widget={widget}][data-state=answered]",
                                       timeout=ANSWER_TIMEOUT_MS)
            if page.locator("[data-widget=open_now]").count():
                # The home page starts the calculators when the reader asks.
                if page.locator("button.calc-open-check").count():
                    page.locator("button.calc-open-check").click()
                page.wait_for_selector("[data-widget=open_now][data-state=answered]",
                                       timeout=ANSWER_TIMEOUT_MS)
            for group in page.locator("[data-widget=coverage]").all():
                group_id = group.get_attribute("id")
                page.wait_for_selector(f"#{group_id}[data-state=answered]",
                                       timeout=ANSWER_TIMEOUT_MS)
            states[name] = {**page.evaluate(PAGE_STATE), "console": console,
                            "dialogs": dialogs}
            if name == "index.html":
                # A query typed before the search worker is ready is dropped; ready, the
                # theme shows its placeholder. It reads the query on keyup: typed, not filled.
                page.focus("input.md-search__input")
                page.wait_for_function(SEARCH_READY)
                page.locator("input.md-search__input").press_sequentially(SEARCH)
                page.wait_for_selector(".md-search-result__item mark", state="attached")
                searched[f"{name}, searching {SEARCH}"] = {
                    **page.evaluate(PAGE_STATE), "console": console, "dialogs": dialogs}
            page.close()
        browser.close()
    return states, searched


def test_no_payload_runs_and_no_markup_is_made(visited):
    pages, searched = visited
    assert {"index.html", "404.html", "service-levels/index.html", "escalation/index.html",
            "contact/index.html"} <= set(pages)
    found = {name: {
        "ran": state["xss"] != "undefined",
        "fired": [text for text in state["console"] if "XSS-FIRED" in text],
        "violations": state["violations"] + [
            text for text in state["console"] if "Content Security Policy" in text],
        "dialogs": state["dialogs"],
        "handlers": state["handlers"],
        "javascript: URLs": state["scriptUrls"],
        "emphasis": state["emphasis"],
    } for name, state in {**pages, **searched}.items()}
    clean = {"ran": False, "fired": [], "violations": [], "dialogs": [], "handlers": [],
             "javascript: URLs": [], "emphasis": 0}
    problems = {name: {what: value for what, value in seen.items() if value != clean[what]}
                for name, seen in found.items()}
    assert {name: seen for name, seen in problems.items() if seen} == {}


def test_every_field_shown_is_shown_literally(corpus, visited):
    _, fields = corpus
    changed = {}
    shown_anywhere = set()
    for name, state in visited[0].items():
        text = _collapsed(state["text"])
        for tag, (where, injected) in fields.items():
            if tag in text:
                shown_anywhere.add(tag)
                if _collapsed(injected) not in text:
                    changed.setdefault(name, []).append((where, injected))
    assert changed == {}
    assert {where for tag, (where, _) in fields.items() if tag not in shown_anywhere} == NOT_SHOWN


def test_widgets_show_names_from_the_data_as_text(corpus, visited):
    _, fields = corpus
    for name in ("service-levels/index.html", "escalation/index.html", "contact/index.html"):
        widget_texts = visited[0][name]["widgetTexts"]
        assert widget_texts, f"{name} has no widget"
        for status in widget_texts:
            status = _collapsed(status)
            shown = [tag for tag in fields if tag in status]
            assert shown, f"{name}: a widget shows no text from the data"
            assert [fields[tag] for tag in shown if _collapsed(fields[tag][1]) not in status] == []
