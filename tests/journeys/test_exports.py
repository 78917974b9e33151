"""The calendar invite (.ics) and the executive's one-page pre-reading sheet."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from assistant.journeys import JourneyError
from tests.journeys.conftest import TOPIC

START = dt.datetime(2026, 3, 9, 10, 30)


@pytest.fixture
def drafted(world):
    j = world.journeys
    first = j.draft_next(world.mine.id, "maya", TOPIC, 45)
    j.record_notes(first.session.id, "maya", ["1"], ["2"], ["Which formats work best; why?"])
    second = j.draft_next(world.mine.id, "maya", TOPIC, 45, scheduled_at=START)
    return second


def test_the_invite_has_the_agenda_and_the_right_times(world, drafted):
    raw = world.journeys.invite(drafted.session.id, "erik")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded per RFC 5545
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
    description = str(event.get("description"))
    for segment in drafted.result.plan.agenda:
        assert segment.title in description
    assert "0-" in description and "Which formats work best; why?" in description
    assert b"\\;" in raw.replace(b"\r\n ", b"")  # the semicolon is escaped in the text
    assert str(event.get("uid")) == f"journey-session-{drafted.session.id}@" \
        "reverse-mentoring-coach.local"


def test_an_invite_needs_a_time(world):
    first = world.journeys.draft_next(world.mine.id, "maya", TOPIC, 30)
    with pytest.raises(JourneyError, match="schedule the session first"):
        world.journeys.invite(first.session.id, "maya")
    raw = world.journeys.invite(first.session.id, "maya", START)
    assert b"DTSTART:20260309T103000" in raw


def test_the_pre_reading_sheet(world, drafted):
    md = world.journeys.pre_reading(drafted.session.id, "erik", "md").decode()
    assert md.startswith("# Pre-reading: ")
    for heading in ("## What you will get out of it", "## Your open questions (answered first)",
                    "## Read before the session", "## Agenda", "## Keep it private"):
        assert heading in md
    assert "Which formats work best; why?" in md and "Monday 09 March 2026, 10:30" in md
    pdf = world.journeys.pre_reading(drafted.session.id, "erik", "pdf")
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) == 1
    with pytest.raises(JourneyError, match="md or pdf"):
        world.journeys.pre_reading(drafted.session.id, "erik", "docx")
