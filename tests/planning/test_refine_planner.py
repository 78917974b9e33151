"""Refine through the planner service over the seed corpus: offline, with a model, blocked."""

from __future__ import annotations

import json

from assistant.planning.plan import PlanRequest
from tests.planning.conftest import fake_llm, sample_draft

REQUEST = PlanRequest(topic="Instagram", mentee_role="CFO", minutes=45, goals=["post weekly"])
REEL = "Make the exercise about a behind-the-scenes Reel"
SHORT = REQUEST.model_copy(update={"minutes": 30})  # the length of the sample draft


def test_offline_refine_changes_the_exercise_and_says_so(make_planner):
    planner = make_planner()
    created = planner.create(REQUEST, "mentor")
    result = planner.refine(created.plan_id, "mentor", REEL)
    assert result.version == 2 and result.provider == "offline"
    assert result.plan.exercise.title == "Draft a behind-the-scenes Reel"
    assert result.applied and not result.not_applied
    assert any(c.startswith("Exercise: “") and "behind-the-scenes Reel" in c
               for c in result.changes)
    # what was saved is what was shown
    stored = planner.plans.get(created.plan_id, "mentor")
    assert stored.version == 2 and stored.plan.exercise.title == result.plan.exercise.title
    kinds = [v.kind for v in planner.plans.versions(created.plan_id, "mentor")]
    assert kinds == ["created", "refined"]
    # a reworded second try on the new version is a no-op that says so
    again = planner.refine(created.plan_id, "mentor",
                           "can u make the excercise about a behind the scenes reel")
    assert again.version == 2 and "Nothing was changed" in again.message
    assert "the exercise is already “Draft a behind-the-scenes Reel”" in again.not_applied[0]


def test_several_instructions_part_applied_part_not(make_planner):
    planner = make_planner()
    created = planner.create(REQUEST, "mentor")
    result = planner.refine(created.plan_id, "mentor",
                            "add a segment on TikTok analytics, and make it rhyme")
    assert result.version == 2
    assert any("TikTok analytics" in a for a in result.applied)
    assert result.not_applied[0].startswith("“make it rhyme”")
    added = next(s for s in result.plan.agenda if s.title == "TikTok analytics")
    cited = {c for p in added.talking_points for c in p.citations}
    titles = {s.id: s.title.lower() for s in result.plan.sources}
    assert any("tiktok" in titles[c] or "measur" in titles[c] for c in cited)
    assert sum(s.minutes for s in result.plan.agenda) == 45
    report = result.report_markdown()
    assert "**Applied**" in report and "**Not applied**" in report
    assert "**What changed (version 1 → 2)**" in report


def test_an_instruction_nothing_can_apply_saves_no_version(make_planner):
    planner = make_planner()
    created = planner.create(REQUEST, "mentor")
    result = planner.refine(created.plan_id, "mentor", "make it funnier")
    assert result.version == 1 and result.changes == [] and not result.applied
    assert "not understood offline" in result.not_applied[0]
    assert len(planner.plans.versions(created.plan_id, "mentor")) == 1


def test_a_blocked_instruction_is_refused_before_anything_else(make_planner):
    llm, model = fake_llm(sample_draft())
    planner = make_planner(llm)
    created = planner.create(REQUEST, "mentor")
    calls = len(model.calls)
    result = planner.refine(created.plan_id, "mentor",
                            "make the exercise about our STRICTLY CONFIDENTIAL board results")
    assert result.blocked and result.plan is None
    assert "Found in: refine instruction" in result.message
    assert [w.categories for w in result.withheld] == [["confidential"]]
    assert len(model.calls) == calls  # the model never saw it
    assert len(planner.plans.versions(created.plan_id, "mentor")) == 1


def test_with_a_model_the_plan_and_instruction_go_to_it(make_planner):
    revised = json.loads(sample_draft(exercise={
        "title": "Draft a behind-the-scenes Reel", "instructions": ["Film it."],
        "deliverable": "A Reel."}))
    revised["not_applied"] = ["Nothing to say about music: no guidance on it."]
    llm, model = fake_llm(sample_draft(), json.dumps(revised))
    planner = make_planner(llm)
    created = planner.create(SHORT, "mentor")
    assert created.provider == "openai:fake"
    result = planner.refine(created.plan_id, "mentor", REEL)
    assert result.provider == "openai:fake" and result.version == 2
    assert result.plan.exercise.title == "Draft a behind-the-scenes Reel"
    sent = "\n".join(str(m.content) for m in model.calls[-1]["messages"])
    assert f"<change>\n{REEL}\n</change>" in sent and "<plan>" in sent
    assert '"title": "Draft a post"' in sent  # the current plan's exercise, as the model wrote it
    assert model.calls[-1]["kwargs"]["response_format"]["json_schema"]["schema"][
        "properties"]["not_applied"]
    assert result.not_applied == ["Nothing to say about music: no guidance on it."]
    assert "Exercise: “Draft a post” → “Draft a behind-the-scenes Reel”." in result.changes


def test_an_invalid_model_answer_falls_back_to_the_offline_reader(make_planner):
    llm, model = fake_llm(sample_draft(), "not JSON", "still not JSON")
    planner = make_planner(llm)
    created = planner.create(SHORT, "mentor")
    result = planner.refine(created.plan_id, "mentor", REEL)
    assert len(model.calls) == 3
    assert result.provider == "offline (fallback)" and "applied offline instead" in result.notice
    assert result.plan.exercise.title == "Draft a behind-the-scenes Reel"
    assert result.version == 2
