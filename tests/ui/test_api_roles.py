"""Every admin endpoint refuses mentors and executives, through the real HTTP API."""

from __future__ import annotations

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

# (endpoint, arguments) for every admin action the app exposes
ADMIN_ENDPOINTS = [
    ("/kb_table", ()),
    ("/kb_approve", ("metaverse-events-playbook",)),
    ("/kb_retire", ("linkedin-strategy-for-executives",)),
    ("/kb_remove", ("linkedin-strategy-for-executives",)),
    ("/kb_preview", ("linkedin-strategy-for-executives",)),
    ("/kb_resync", ()),
    ("/terms_list", ()),
    ("/terms_add", ("Project Nightjar",)),
    ("/terms_remove", ("Project Nightjar",)),
    ("/audit", ("", "", "", "")),
    ("/usage", ()),
    ("/kb_why", ("metaverse-events-playbook",)),
    ("/kb_override", ("metaverse-events-playbook",)),
    ("/kb_reupload", ("metaverse-events-playbook",)),
]


@pytest.mark.parametrize("user", ["maya", "erik"])
@pytest.mark.parametrize(("endpoint", "args"), ADMIN_ENDPOINTS, ids=[e for e, _ in ADMIN_ENDPOINTS])
def test_admin_endpoints_refuse_other_roles(client_for, app_services, user, endpoint, args):
    before = [r.as_dict() for r in app_services.kb.documents()]
    terms_before = app_services.guardrail.terms.list()
    with pytest.raises(AppError, match="admins only"):
        client_for(user).predict(*args, api_name=endpoint)
    assert [r.as_dict() for r in app_services.kb.documents()] == before
    assert app_services.guardrail.terms.list() == terms_before


def test_wrong_password_cannot_connect(live_app):
    with pytest.raises(Exception, match="(?i)login|auth|credentials|401"):
        Client(live_app, auth=("ada", "wrong-password"), verbose=False)


def test_admin_can_list_and_preview(client_for):
    table = client_for("ada").predict(api_name="/kb_table")
    ids = [row[0] for row in table["data"]]
    assert "linkedin-strategy-for-executives" in ids and "metaverse-events-playbook" in ids
    preview = client_for("ada").predict("linkedin-strategy-for-executives", api_name="/kb_preview")
    assert "LinkedIn" in preview


def test_every_role_can_search_approved_guidance(client_for):
    for user in ("maya", "erik", "ada"):
        answer = client_for(user).predict("How should an executive use LinkedIn?",
                                          api_name="/search")
        assert "LinkedIn strategy for executives" in answer
