"""The planner's chain with fake chat models: guardrail order, repair, fallback, versions."""

from __future__ import annotations

import json

import pytest

from assistant.planning.plan import PlanError, PlanRequest
from tests.planning.conftest import fake_llm, sample_draft

REQUEST = PlanRequest(topic="LinkedIn", mentee_role="Chief Financial Officer", minutes=30,
                      goals=["post every week"])


def good_draft() -> str:
    """A valid draft for REQUEST citing S1."""
    return sample_draft(
        exercise={"title": "Draft", "instructions": ["Write."], "deliverable": "A draft."})


BAD_TIMING = good_draft().replace('"minutes": 20', '"minutes": 25')


def test_a_valid_llm_plan_is_used_and_saved(make_planner):
    llm, model = fake_llm(good_draft())
    result = make_planner(llm).create(REQUEST, "mentor")
    assert result.provider == "openai:fake" and not result.notice
    assert result.plan is not None and result.plan_id == 1 and result.version == 1
    assert len(model.calls) == 1
    fmt = model.calls[0]["kwargs"]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    # the sources went in fenced as data, with the request
    sent = model.sent()
    assert '<source id="S1"' in sent and "<request>" in sent and "Chief Financial Officer" in sent


@pytest.mark.parametrize(
    ("responses", "calls", "provider"),
    [
        # invalid timings, then a valid repair: the repaired plan is used
        ((BAD_TIMING, good_draft()), 2, "openai:fake"),
        # prose, then prose again: announced fallback to the composer
        (("Sure! Here is a plan.", "Still not JSON"), 2, "offline (fallback)"),
    ],
)
def test_one_repair_attempt_then_an_announced_fallback(make_planner, responses, calls, provider):
    llm, model = fake_llm(*responses)
    result = make_planner(llm).create(REQUEST, "mentor")
    assert len(model.calls) == calls and result.provider == provider
    assert result.plan is not None
    assert sum(s.minutes for s in result.plan.agenda) == 30
    repair = str(model.calls[1]["messages"][-1].content)
    assert "could not be used" in repair
    if provider.startswith("offline"):
        assert "composed offline" in result.notice
        assert "did not return a valid plan" in result.notice
    else:
        assert "add up to 35 minutes, not 30" in repair and not result.notice


@pytest.mark.parametrize(
    ("field", "value", "category"),
    [
        # a credential in a goal
        ("goals", ["share password: Tr0ub4dor&3 with the team"], "secrets"),
        # a confidentiality marking in the topic
        ("topic", "LinkedIn STRICTLY CONFIDENTIAL board results", "confidential"),
    ],
)
def test_a_blocked_request_makes_no_llm_call(make_planner, field, value, category):
    llm, model = fake_llm(good_draft())
    result = make_planner(llm).create(REQUEST.model_copy(update={field: value}), "mentor")
    assert result.blocked and result.plan is None and result.message
    assert model.calls == []
    assert [w.categories for w in result.withheld] == [[category]]
    secret = value if isinstance(value, str) else value[0]
    assert secret not in result.message


def test_redacted_personal_data_never_reaches_the_model(make_planner):
    llm, model = fake_llm(good_draft())
    request = REQUEST.model_copy(update={"goals": ["reply to jane.doe@example.com every week"]})
    result = make_planner(llm).create(request, "mentor")
    assert result.plan is not None and model.calls
    assert "jane.doe@example.com" not in model.sent()
    assert result.withheld[0].stage == "input" and result.withheld[0].action == "redact"
    assert "jane.doe" not in json.dumps(result.as_dict())


def test_no_relevant_guidance_means_no_plan_and_no_call(make_planner):
    llm, model = fake_llm(good_draft())
    result = make_planner(llm).create(
        REQUEST.model_copy(update={"topic": "repotting orchids", "goals": []}), "mentor")
    assert result.plan is None and "no approved guidance" in result.message
    assert model.calls == []


def test_versions_created_refined_edited(make_planner):
    planner = make_planner()
    created = planner.create(REQUEST, "mentor")
    refined = planner.refine(created.plan_id, "mentor", "more hands-on practice", minutes=45)
    assert refined.version == 2 and refined.plan.duration_minutes == 45
    edited_plan = refined.plan.model_copy(update={"title": "My own title"})
    edited = planner.edit(created.plan_id, edited_plan, "mentor")
    kinds = [(v.version, v.kind) for v in planner.plans.versions(created.plan_id, "mentor")]
    assert kinds == [(1, "created"), (2, "refined"), (3, "edited")]
    latest = planner.plans.get(created.plan_id, "mentor").plan
    assert latest.title == "My own title" == edited.plan.title


def test_an_edit_cannot_cite_a_source_that_was_not_retrieved(make_planner):
    planner = make_planner()
    created = planner.create(REQUEST, "mentor")
    data = created.plan.model_dump(mode="json")
    data["sources"][0]["chunk_id"] = "invented::v1::0000"
    with pytest.raises(PlanError, match="may not change the plan's sources"):
        planner.edit(created.plan_id, data, "mentor")


def test_minutes_outside_the_settings_are_refused(make_planner):
    with pytest.raises(PlanError, match="15 to 240 minutes"):
        make_planner().create(REQUEST.model_copy(update={"minutes": 10}), "mentor")


def test_a_phone_after_an_email_with_a_hyphenated_domain_is_redacted(synced_services):
    from assistant.guardrail import Stage

    text = "Questions go to maria.keller@acme-example.com or +44 20 7946 0958."
    screened = synced_services.guardrail.screen(text, Stage.CONTEXT)
    assert "7946 0958" not in screened.text


@pytest.mark.parametrize(
    ("changes", "named", "not_named"),
    [
        # one blocked field: named alone
        ({"topic": "LinkedIn STRICTLY CONFIDENTIAL board results"}, ["topic"], ["goal", "notes"]),
        # three blocked fields: every one named, the clean role not
        ({"topic": "LinkedIn STRICTLY CONFIDENTIAL board results",
          "goals": ["Post weekly", "share password: Tr0ub4dor&3 with the team"],
          "notes": "my api key is sk-proj-abcdefghijklmnopqrstuvwxyz123456"},
         ["topic", "goal 2", "notes"], ["goal 1", "mentee role"]),
    ],
)
def test_a_blocked_request_names_every_field_that_held_it(make_planner, changes, named,
                                                          not_named):
    result = make_planner().create(REQUEST.model_copy(update=changes), "mentor")
    assert result.blocked and result.plan is None
    found_in = result.message.split("Found in:")[1]
    assert all(name in found_in for name in named)
    assert not any(name in found_in for name in not_named)
    assert {w.where for w in result.withheld if w.action == "block"} == set(named)


@pytest.mark.parametrize(
    ("llm", "keys"),
    [
        # the offline composer: every stage in order, then saving
        (None, ["screening", "retrieving", "checking", "composing", "reviewing", "saving"]),
        # a model: the same stages, the composing one names the model
        ("llm", ["screening", "retrieving", "checking", "composing", "reviewing", "saving"]),
    ],
)
def test_drafting_reports_each_stage_before_the_plan(make_planner, llm, keys):
    from assistant.planning.planner import PlanResult, Step

    model = fake_llm(good_draft())[0] if llm else None
    items = list(make_planner(model).drafting(REQUEST, "mentor"))
    *steps, result = items
    assert all(isinstance(s, Step) for s in steps)
    assert [s.key for s in steps if s.key != "writing"] == keys
    assert isinstance(result, PlanResult) and result.plan_id is not None
    assert ("fake" in steps[3].text) is bool(llm)
    # a model's sections are announced as they start, by name, before the plan is screened
    writing = [s.text for s in steps if s.key == "writing"]
    assert (writing[:3] == ["The model is writing the title", "The model is writing the "
                            "objectives", "The model is writing the pre-reading"]) is bool(llm)
    assert not writing or [s.key for s in steps].index("writing") == 4


def test_a_blocked_request_stops_after_screening(make_planner):
    from assistant.planning.planner import Step

    request = REQUEST.model_copy(update={"notes": "key sk-proj-abcdefghijklmnopqrstuvwxyz1234"})
    *steps, result = make_planner().drafting(request, "mentor")
    assert [s.key for s in steps if isinstance(s, Step)] == ["screening"]
    assert result.blocked and result.plan is None


def test_a_cancelled_draft_saves_nothing(make_planner):
    planner = make_planner()
    steps = planner.drafting(REQUEST, "mentor")
    assert next(steps).key == "screening"
    steps.close()  # what a cancelled web request does between two stages
    assert planner.plans.list(owner="mentor") == []
