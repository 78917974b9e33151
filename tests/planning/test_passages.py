"""The passage behind each citation: shown only while visible, always screened as context,
and only for a plan the caller may read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assistant.knowledge.store import StoredChunk
from assistant.planning.passages import GONE, WITHHELD, cited_passages
from assistant.planning.plan import SessionPlan
from assistant.planning.records import NotAllowed
from tests.planning.conftest import sample_plan

VISIBLE = {"status": "approved", "flagged": False, "valid_until": 99991231}
KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz123456"


class FakeStore:
    """A chunk store holding a few chunks by id."""

    def __init__(self, chunks: dict[str, tuple[str, dict[str, Any]]]) -> None:
        self.chunks = chunks

    def get(self, ids: list[str]) -> list[StoredChunk]:
        return [StoredChunk(i, *self.chunks[i]) for i in ids if i in self.chunks]


@pytest.mark.parametrize(
    ("text", "metadata", "shown", "available"),
    [
        ("Post twice a week.", VISIBLE, "Post twice a week.", True),  # visible: shown as is
        ("Write to jane.doe@example.com.", VISIBLE, "[REDACTED", True),  # an email: redacted
        (f"The key is {KEY}.", VISIBLE, WITHHELD, False),  # a credential: withheld
        ("Old.", {**VISIBLE, "status": "retired"}, GONE, False),  # retired since the plan
        ("Old.", {**VISIBLE, "flagged": True}, GONE, False),  # held back by the guardrail
        ("Old.", {**VISIBLE, "valid_until": 20260301}, GONE, False),  # expired yesterday
        (None, None, GONE, False),  # removed from the knowledge base
    ],
)
def test_a_passage_is_shown_only_while_visible_and_always_screened(
        synced_services, text, metadata, shown, available):
    plan = SessionPlan.model_validate(sample_plan())
    chunks = {} if text is None else {"doc::v1::0000": (text, metadata)}
    [passage] = cited_passages(FakeStore(chunks), synced_services.guardrail,  # type: ignore[arg-type]
                               plan, "maya", dt.date(2026, 3, 2))
    assert passage.source.id == "S1" and passage.available is available
    assert shown in passage.text and KEY not in passage.text
    assert "jane.doe" not in passage.text


def test_the_planner_reads_passages_of_plans_the_user_may_read(make_planner):
    from assistant.planning.plan import PlanRequest

    planner = make_planner()
    result = planner.create(PlanRequest(topic="LinkedIn for executives", mentee_role="CFO",
                                        minutes=30), "maya")
    assert result.plan_id is not None and result.plan is not None
    passages = planner.passages(result.plan_id, "maya")
    assert [p.source.id for p in passages] == [s.id for s in result.plan.sources]
    assert all(p.available and p.text for p in passages)
    with pytest.raises(NotAllowed, match=f"no plan {result.plan_id} of yours"):
        planner.passages(result.plan_id, "noor")
