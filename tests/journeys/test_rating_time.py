"""A session is rated once it has taken place, or when the executive says it was held early;
either way it then counts as held (today)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.journeys import JourneyError
from tests.journeys.conftest import TODAY, TOPIC

NOON = dt.datetime.combine(TODAY, dt.time(12, 0))


@pytest.mark.parametrize(
    ("scheduled", "held_early", "refused"),
    [
        (NOON + dt.timedelta(days=7), False, True),  # next week: too early to rate
        (NOON + dt.timedelta(hours=1), False, True),  # later today: still too early
        (NOON + dt.timedelta(days=7), True, False),  # ... unless it was held early
        (NOON - dt.timedelta(hours=1), False, False),  # an hour ago: rated
        (None, False, False),  # never scheduled: rated whenever it is held
    ],
)
def test_rating_waits_for_the_session(world, scheduled, held_early, refused):
    j = world.journeys
    j.now = lambda: NOON
    drafted = j.draft_next(world.mine.id, "maya", TOPIC, 30, scheduled_at=scheduled)
    assert drafted.session is not None
    session = drafted.session.id
    if refused:
        with pytest.raises(JourneyError, match="after it has taken place, or say that it "
                                               "was held early"):
            j.rate(session, "erik", 4, held_early=held_early)
        assert j.feedback(session, "erik").executive is None
        assert j.session(session, "erik")[0].held_on is None
        return
    j.rate(session, "erik", 4, held_early=held_early)
    assert j.feedback(session, "erik").executive.rating == 4
    assert j.session(session, "erik")[0].held_on == TODAY


def test_now_follows_a_fixed_today(world):
    assert world.journeys.now().date() == TODAY
