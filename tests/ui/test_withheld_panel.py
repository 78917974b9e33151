"""The "withheld" panel names each category with the action its policy took at that stage
(issue 9, item 7), never the content."""

from __future__ import annotations

from assistant.guardrail import Guardrail, GuardrailSettings, Stage
from assistant.planning.planner import PlanResult
from assistant.planning.screening import note
from ui.mentor import withheld_markdown


def test_each_category_shows_the_action_taken_at_its_stage() -> None:
    guard = Guardrail(GuardrailSettings(audit=False))
    text = "CONFIDENTIAL: ask jane.roe@example.org about the Leeds office"
    result = PlanResult(None, withheld=note(guard.screen(text, Stage.INPUT), Stage.INPUT,
                                            "notes"))
    panel = withheld_markdown(result)
    assert panel == ("- **notes** (input stage): blocked — company-confidential content: "
                     "blocked, personal data: redacted")
    assert "jane.roe" not in panel and "Leeds" not in panel


def test_the_same_finding_is_redacted_at_another_stage() -> None:
    guard = Guardrail(GuardrailSettings(audit=False))
    text = "ask jane.roe@example.org about the slides"
    withheld = note(guard.screen(text, Stage.OUTPUT), Stage.OUTPUT, "the answer")
    assert withheld[0].actions == {"personal": "redact"}
    assert "personal data: redacted" in withheld_markdown(PlanResult(None, withheld=withheld))
