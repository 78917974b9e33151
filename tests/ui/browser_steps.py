"""One function per user action in the browser, for the programme and accessibility tests.

Each step finds its widgets by role and label, so when a page changes (a typed id becomes a
dropdown, the JSON editor becomes a form) only the step changes, not the tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page


@dataclass(frozen=True)
class PairRef:
    """A pair as the admin created it."""

    id: int
    mentor: str
    executive: str


@dataclass(frozen=True)
class SessionRef:
    """A drafted session and the plan it holds."""

    id: int
    number: int
    plan_id: int


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()


def panel(page: Page, marker: str) -> Locator:
    """The visible tab panel that holds the button named `marker` (labels repeat across tabs:
    "Topic" is on the plan builder and on Journeys)."""
    button = page.get_by_role("button", name=marker, exact=True)
    return page.get_by_role("tabpanel").filter(has=button).last


def journeys(page: Page) -> Locator:
    open_tab(page, "Journeys")
    return panel(page, "Refresh pairs")


def plan_builder(page: Page) -> Locator:
    open_tab(page, "Plan a session")
    return panel(page, "Draft plan")


def message(area: Locator, pattern: str) -> re.Match[str]:
    """Waits for a status line matching `pattern` and returns the match."""
    line = area.get_by_text(re.compile(pattern)).first
    line.wait_for()
    found = re.search(pattern, line.inner_text())
    assert found, f"no {pattern!r} in {line.inner_text()!r}"
    return found


def expand(area: Locator, name: str) -> None:
    """Opens an accordion unless it is open already (Gradio marks it with a class, not
    aria-expanded; its name ends with an arrow)."""
    toggle = area.get_by_role("button", name=re.compile(rf"^{re.escape(name)}\W*$"))
    if "open" not in (toggle.get_attribute("class") or "").split():
        toggle.click()


def set_number(field: Locator, value: int | float) -> None:
    field.fill(str(value))
    field.press("Tab")  # Gradio commits a number on blur


def set_slider(area: Locator, label: str, value: int) -> None:
    """A Gradio slider has a range input and a number box; both carry the label."""
    box = area.get_by_role("spinbutton", name=label)
    box.fill(str(value))
    box.press("Enter")


def create_pair(page: Page, mentor: str, executive: str, role: str,
                familiarity: dict[str, str]) -> PairRef:
    """Admin: the "Create a pair" form on Journeys."""
    area = journeys(page)
    area.get_by_label("Mentor", exact=True).fill(mentor)
    area.get_by_label("Executive", exact=True).fill(executive)
    area.get_by_label("Executive's role").fill(role)
    area.get_by_label("Familiarity (topic=level per line)").fill(
        "\n".join(f"{topic}={level}" for topic, level in familiarity.items()))
    area.get_by_role("button", name="Create pair").click()
    return PairRef(int(message(area, r"Created pair (\d+)")[1]), mentor, executive)


def choose_pair(page: Page, pair: PairRef) -> Locator:
    """Selects the pair on Journeys and shows its goals and sessions."""
    area = journeys(page)
    area.get_by_role("button", name="Refresh pairs").click()
    set_number(area.get_by_label("Pair id"), pair.id)
    area.get_by_role("button", name="Show pair").click()
    area.get_by_role("heading", name=re.compile(rf"Pair {pair.id}:")).wait_for()
    return area


def pair_summary(page: Page, pair: PairRef) -> str:
    """The shown pair's goals and sessions, as text."""
    area = choose_pair(page, pair)
    heading = area.get_by_role("heading", name=re.compile(rf"Pair {pair.id}:"))
    return str(heading.locator("xpath=..").inner_text())


def add_goal(page: Page, text: str, target: str) -> int:
    area = journeys(page)
    expand(area, "Goals")
    area.get_by_label("Specific goal").fill(text)
    area.get_by_label("Target date (YYYY-MM-DD)").fill(target)
    area.get_by_role("button", name="Add goal").click()
    return int(message(area, r"Added goal (\d+)")[1])


def update_goal(page: Page, goal_id: int, progress: int, comment: str) -> str:
    area = journeys(page)
    expand(area, "Goals")
    set_number(area.get_by_label("Goal id"), goal_id)
    set_slider(area, "Progress %", progress)
    area.get_by_label("Comment").fill(comment)
    area.get_by_role("button", name="Update progress").click()
    return message(area, rf"Goal {goal_id} is at {progress}%.*")[0]


def draft_session(page: Page, topic: str, minutes: int) -> tuple[SessionRef, str]:
    """Mentor, with a pair chosen: "Draft next session"; the session and the plan's text."""
    area = journeys(page)
    area.get_by_label("Topic", exact=True).fill(topic)
    set_slider(area, "Minutes", minutes)
    area.get_by_role("button", name="Draft next session").click()
    found = message(area, r"Session (\d+) \(#(\d+)\) · plan (\d+)")
    drafted = SessionRef(int(found[1]), int(found[2]), int(found[3]))
    text = area.get_by_text(found[0]).locator("xpath=ancestor::*[contains(@class,'prose')][1]")
    return drafted, str(text.first.inner_text())


def choose_session(page: Page, session: SessionRef) -> list[str]:
    """Selects the session on Journeys; returns its segments as listed ("Title (N min)")."""
    area = journeys(page)
    set_number(area.get_by_label("Session id"), session.id)
    items = area.get_by_role("listitem").filter(has_text=re.compile(r"\(\d+ min\)$"))
    items.first.wait_for()
    return [text.strip() for text in items.all_inner_texts()]


def rate_session(page: Page, session: SessionRef, rating: int, helped: str,
                 change: str) -> None:
    """Executive: rates the chosen session."""
    area = journeys(page)
    choose_session(page, session)
    set_slider(area, "Rating", rating)
    area.get_by_label("What helped").fill(helped)
    area.get_by_label("What to change").fill(change)
    area.get_by_role("button", name="Send feedback").click()
    message(area, rf"session rated {rating}/5")


def open_plan(page: Page, plan_id: int) -> tuple[Locator, int]:
    """Mentor: opens a saved plan in the plan builder; the builder and the plan's version."""
    area = plan_builder(page)
    expand(area, "Saved plans")
    set_number(area.get_by_role("spinbutton", name="Plan id", disabled=False), plan_id)
    area.get_by_role("button", name="Open", exact=True).click()
    return area, int(message(area, rf"Plan {plan_id}, version (\d+)")[1])


def _editor_text(area: Locator) -> str:
    """The JSON editor's whole document (CodeMirror draws only the lines in view)."""
    content = area.locator(".cm-content").first
    return str(content.evaluate("el => (el.cmTile || el.cmView).view.state.doc.toString()"))


def edit_segment(page: Page, plan_id: int, index: int, **changes: Any) -> str:
    """Mentor: changes fields of agenda segment `index` (0-based) and saves a new version;
    returns the plan's header line. Today through the JSON editor."""
    area, version = open_plan(page, plan_id)
    expand(area, "Edit the plan (JSON)")
    editor = area.locator(".cm-content").first
    editor.wait_for()
    plan = json.loads(_editor_text(area))
    plan["agenda"][index].update(changes)
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(json.dumps(plan, indent=2))
    area.get_by_role("button", name="Save edit").click()
    return message(area, rf"Plan {plan_id}, version {version + 1} · edited by the mentor")[0]


def export_plan(page: Page, plan_id: int, fmt: str) -> tuple[str, bytes]:
    """Mentor: exports the open plan; the downloaded file's name and bytes."""
    area = plan_builder(page)
    area.get_by_role("radio", name=fmt, exact=True).check()
    area.get_by_role("button", name="Export").click()
    link = area.locator(f'a[download^="plan-{plan_id}-v"][download$=".{fmt}"]')
    with page.expect_download() as download:
        link.click()
    saved = download.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def open_programme(page: Page) -> Locator:
    """Admin: the programme view with its charts."""
    area = journeys(page)
    area.get_by_role("button", name="Refresh programme view").click()
    area.locator(".vega-embed").first.wait_for()
    return area
