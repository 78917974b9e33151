"""The README shows an offline plan and an offline answer "as they read": every line of those
excerpts must still be what the composer writes."""

from __future__ import annotations

import re

import pytest

from assistant.planning.export import export
from assistant.planning.plan import PlanRequest
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def excerpt(after: str) -> list[str]:
    """The non-empty lines of the first ```text block after the given words."""
    block = re.search(re.escape(after) + r".*?```text\n(.*?)```", README, re.S)
    assert block is not None, f"no excerpt after {after!r} in the README"
    return [line for line in block.group(1).splitlines() if line.strip()]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_offline_plan_excerpt_is_what_the_composer_writes(make_planner):
    request = PlanRequest(topic="Using generative AI tools safely at work",
                          mentee_role="Head of Legal", minutes=45,
                          goals=["know what never goes into a prompt"])
    plan = make_planner().create(request, "readme", save=False).plan
    assert plan is not None
    written = export(plan, "md").decode("utf-8").splitlines()
    lines = excerpt("An offline plan, as it reads")
    assert len(lines) >= 5
    missing = [line for line in lines if line not in written]
    assert not missing, f"README lines the composer no longer writes: {missing}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_offline_answer_excerpt_is_what_chat_answers(make_chat):
    answer = make_chat().ask("What should an executive avoid on Threads?", "readme")
    lines = excerpt('An offline answer to "What should an executive avoid on Threads?"')
    assert len(lines) >= 3
    missing = [line for line in lines if line not in answer.text.splitlines()]
    assert not missing, f"README lines the answer no longer has: {missing}"
