"""One function per user action in the browser, for the programme and accessibility tests.

Each step finds its widgets by role and label, so when a page changes (a typed id becomes a
dropdown, the JSON editor becomes a form) only the step changes, not the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect


@dataclass(frozen=True)
class PairRef:
    """A pair as the admin created it; the page names it by its label, never by an id."""

    mentor: str
    executive: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.mentor} → {self.executive} ({self.role})"


@dataclass(frozen=True)
class SessionRef:
    """A drafted session (its number in the pair) and the plan it holds."""

    number: int
    title: str
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


def set_slider(area: Locator, label: str, value: int) -> None:
    """A Gradio slider has a range input and a number box; both carry the label."""
    box = area.get_by_role("spinbutton", name=label)
    box.fill(str(value))
    box.press("Enter")


def choose(area: Locator, label: str, option: str | re.Pattern[str]) -> None:
    """Picks `option` in the dropdown labelled `label` (waits until the choice is offered)."""
    area.get_by_label(label, exact=True).click()
    exact = {"exact": True} if isinstance(option, str) else {}
    area.page.get_by_role("option", name=option, **exact).last.click()


def create_pair(page: Page, mentor: str, executive: str, role: str,
                familiarity: dict[str, str]) -> PairRef:
    """Admin: the "Create a pair" form on Journeys (mentor and executive from the users)."""
    area = journeys(page)
    choose(area, "Mentor", mentor)
    choose(area, "Executive", executive)
    area.get_by_label("Executive's role").fill(role)
    area.get_by_label("Familiarity (topic=level per line)").fill(
        "\n".join(f"{topic}={level}" for topic, level in familiarity.items()))
    area.get_by_role("button", name="Create pair").click()
    pair = PairRef(mentor, executive, role)
    message(area, rf"Created the pair {re.escape(pair.label)}\.")
    return pair


def choose_pair(page: Page, pair: PairRef) -> Locator:
    """Picks the pair on Journeys and shows its goals and sessions."""
    area = journeys(page)
    choose(area, "Pair", pair.label)
    area.get_by_role("heading", name=pair.label, exact=True).wait_for()
    return area


def pair_summary(page: Page, pair: PairRef) -> str:
    """The shown pair's goals and sessions, as text."""
    area = choose_pair(page, pair)
    heading = area.get_by_role("heading", name=pair.label, exact=True)
    return str(heading.locator("xpath=..").inner_text())


def add_goal(page: Page, text: str, target: str) -> str:
    """Adds a goal to the chosen pair; returns its text (the goal dropdown names it so)."""
    area = journeys(page)
    expand(area, "Goals")
    area.get_by_label("Specific goal").fill(text)
    area.get_by_label("Target date (YYYY-MM-DD)").fill(target)
    area.get_by_role("button", name="Add goal").click()
    return message(area, r"Added the goal “(.+)”\.")[1]


def update_goal(page: Page, goal: str, progress: int, comment: str) -> str:
    area = journeys(page)
    expand(area, "Goals")
    choose(area, "Goal", re.compile(rf"^{re.escape(goal)} \(\d+%\)$"))
    set_slider(area, "Progress %", progress)
    area.get_by_label("Comment").fill(comment)
    area.get_by_role("button", name="Update progress").click()
    return message(area, rf"“{re.escape(goal)}” is at {progress}%.*")[0]


def saved_plan_ids(area: Locator, title: str | None = None) -> list[int]:
    """The ids in the plan builder's "Saved plans" table (newest first), optionally only
    those of plans titled `title`."""
    expand(area, "Saved plans")
    rows = area.get_by_role("grid").filter(has_text="updated").get_by_role("row")
    ids = []
    for row in rows.all()[1:]:  # the first row holds the headers
        cells = [text.strip() for text in row.get_by_role("gridcell").all_inner_texts()]
        if cells and cells[0].isdigit() and (title is None or title in cells[1:2]):
            ids.append(int(cells[0]))
    return ids


def draft_session(page: Page, topic: str, minutes: int) -> tuple[SessionRef, str]:
    """Mentor, with a pair chosen: "Draft next session"; the session and the plan's text.
    The plan's id is the new plan of that title under the plan builder's "Saved plans"."""
    known = set(saved_plan_ids(plan_builder(page)))
    area = journeys(page)
    area.get_by_label("Topic", exact=True).fill(topic)
    set_slider(area, "Minutes", minutes)
    area.get_by_role("button", name="Draft next session").click()
    found = message(area, r"Session #(\d+) · shared with the executive")
    prose = area.get_by_text(found[0]).locator(
        "xpath=ancestor::*[contains(@class,'prose')][1]").first
    text = str(prose.inner_text())
    title = prose.get_by_role("heading", level=1).first.inner_text().strip()
    builder = plan_builder(page)
    for _ in range(60):
        builder.get_by_role("button", name="Refresh", exact=True).click()
        page.wait_for_timeout(500)
        new = [i for i in saved_plan_ids(builder, title) if i not in known]
        if new:
            return SessionRef(int(found[1]), title, new[0]), text
    raise AssertionError(f"the plan {title!r} is not under Saved plans")


def choose_session(page: Page, session: SessionRef) -> list[str]:
    """Picks the session on Journeys; returns its segments as listed ("Title (N min)")."""
    area = journeys(page)
    choose(area, "Session", re.compile(rf"^#{session.number} "))
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
    choose(area, "Saved plan", re.compile(rf"· plan {plan_id}$"))
    area.get_by_role("button", name="Open", exact=True).click()
    return area, int(message(area, rf"Plan {plan_id}, version (\d+)")[1])


def agenda_cell(area: Locator, row: int, column: int) -> Locator:
    """A cell of the form editor's agenda table (Gradio's data-testid cell-ROW-COLUMN)."""
    return area.locator(f"#plan-agenda [data-testid='cell-{row}-{column}']")


def edit_segment(page: Page, plan_id: int, index: int, title: str) -> str:
    """Mentor: renames agenda segment `index` (0-based) in the form editor and saves a new
    version; returns the plan's header line."""
    area, version = open_plan(page, plan_id)
    expand(area, "Edit the plan")
    cell = agenda_cell(area, index, 0)
    cell.dblclick()
    editing = cell.locator("textarea")
    editing.fill(title)
    editing.press("Enter")
    # the server has the change once the segment picker shows the new title
    expect(area.get_by_label("Segment", exact=True)).to_have_value(
        re.compile(rf"^{index + 1}\. {re.escape(title)} \(\d+ min\)$"))
    area.get_by_role("button", name="Save plan").click()
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
