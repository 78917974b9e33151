"""The admin's flows through the real HTTP API: audit filters, usage, terms."""

from __future__ import annotations

from assistant.guardrail import Stage


def test_terms_added_through_the_api_take_effect_at_once(client_for, app_services):
    admin = client_for("ada")
    note, table = admin.predict("Project Nightjar", api_name="/terms_add")
    assert "Added" in note and ["Project Nightjar"] in table["data"]
    result = app_services.guardrail.screen("Status of Project Nightjar?", Stage.INPUT, user="maya")
    assert result.findings and "confidential" in result.categories
    note, table = admin.predict("Project Nightjar", api_name="/terms_remove")
    assert "Removed" in note and ["Project Nightjar"] not in table["data"]


def test_audit_filters_by_stage_category_and_user(client_for, app_services):
    app_services.guardrail.screen("mail me at jo.bloggs@example.org", Stage.INPUT, user="maya")
    app_services.guardrail.screen("card 4111 1111 1111 1111", Stage.OUTPUT, user="erik")
    admin = client_for("ada")
    rows = admin.predict("input", "", "maya", "", api_name="/audit")["data"]
    assert rows and all(r[1] == "input" and r[2] == "maya" for r in rows)
    assert all("jo.bloggs" not in " ".join(map(str, r)) for r in rows)  # never the content
    by_category = admin.predict("", "financial", "", "", api_name="/audit")["data"]
    assert by_category and all("financial" in r[4] for r in by_category)
    future = admin.predict("", "", "", "2999-01-01", api_name="/audit")["data"]
    assert future == [] or future == [["", "", "", "", "", ""]]


def test_usage_figures(client_for):
    text = client_for("ada").predict(api_name="/usage")
    assert "Documents:" in text and "visible to mentors" in text
