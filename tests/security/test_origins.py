"""Forged Origin headers against the running app: a page on another site must not be able to
use a signed-in user's cookies, on any route; the app's own origin and the configured
`security.allowed_origins` still work."""

from __future__ import annotations

import pytest

from tests.security.conftest import ALLOWED_ORIGIN

FOREIGN = [
    # another site
    "https://evil.example",
    # a look-alike of the allowed origin
    "https://coach.example.com.evil.example",
    # the allowed host over plain HTTP
    "http://coach.example.com",
    # a sandboxed iframe or a file:// page
    "null",
    # a local page on another port (the classic attack on apps served on localhost)
    "http://127.0.0.1:1",
]
ROUTES = [
    # the page itself
    ("GET", "/", None),
    # the app config (user name, components)
    ("GET", "/config", None),
    # sign-in
    ("POST", "/login", {"username": "maya", "password": "x"}),
    # calling an event handler
    ("POST", "/gradio_api/queue/join", None),
    # the file upload route
    ("POST", "/gradio_api/upload", None),
]


@pytest.mark.parametrize("origin", FOREIGN)
@pytest.mark.parametrize(("method", "path", "form"), ROUTES)
def test_foreign_origins_are_refused_everywhere(signed_in, origin, method, path, form):
    client = signed_in("ada")
    response = client.request(method, path, data=form, headers={"Origin": origin})
    assert response.status_code == 403
    assert "not allowed" in response.text


def test_the_app_own_origin_and_allowed_origins_work(signed_in, secure_app):
    client = signed_in("ada")
    for origin in (secure_app, ALLOWED_ORIGIN, ALLOWED_ORIGIN + "/"):
        response = client.get("/config", headers={"Origin": origin})
        assert response.status_code == 200, origin
        assert response.json()["username"] == "ada"


def test_requests_without_an_origin_work(signed_in):
    # API clients (gradio_client, curl) send no Origin; browsers always do cross-origin
    assert signed_in("ada").get("/config").json()["username"] == "ada"
