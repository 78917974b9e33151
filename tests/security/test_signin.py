"""Sign-in under attack: the same work for unknown names, throttled bursts, an event loop that
keeps serving others, one spelling of a user name, and sessions that end."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from types import SimpleNamespace

import gradio as gr
import httpx
import pytest

import assistant.users as users_module
from assistant.sessions import Sessions
from assistant.settings import SecuritySettings
from assistant.signin import SignIn, SignInPaused
from assistant.users import normalize_name
from tests.security.conftest import SECURE_PASSWORDS


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def users(services):
    services.users.add("maya", "mentor", "mentor-pass-1")
    services.users.add("erik", "executive", "exec-pass-1")
    return services.users


@pytest.fixture
def scrypt_calls(monkeypatch):
    calls: list[int] = []
    real = hashlib.scrypt

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(users_module.hashlib, "scrypt", spy)
    return calls


# ---- the same work for unknown names -------------------------------------------------------

WRONG = [
    # a name that does not exist
    ("nobody", "wrong-password"),
    # a known name typed in another case, with spaces
    (" MAYA ", "wrong-password"),
    # an empty name
    ("", "wrong-password"),
    # a name that could never be valid
    ("../../etc/passwd", "wrong-password"),
]


@pytest.mark.parametrize(("name", "password"), WRONG)
def test_unknown_names_cost_as_many_hashes_as_known_ones(users, scrypt_calls, name, password):
    assert users.verify("maya", "wrong-password") is False
    known = len(scrypt_calls)
    scrypt_calls.clear()
    assert users.verify(name, password) is False
    assert known >= 1 and len(scrypt_calls) == known


# ---- throttling ----------------------------------------------------------------------------

THROTTLED = [
    # one name tried from many addresses: paused after signin_max_failures
    ("name", lambda i: ("maya", f"10.0.0.{i}"), "10.0.0.250"),
    # many names tried from one address: paused after signin_max_failures_per_address
    ("address", lambda i: (f"guess{i}", "10.9.9.9"), "10.9.9.9"),
]


@pytest.mark.parametrize(("kind", "attempt", "then_from"), THROTTLED)
def test_failed_sign_ins_pause_the_name_or_address(users, scrypt_calls, kind, attempt, then_from):
    settings, clock = SecuritySettings(), Clock()
    signin = SignIn(users, settings, clock)
    limit = (settings.signin_max_failures if kind == "name"
             else settings.signin_max_failures_per_address)
    for i in range(limit):
        name, address = attempt(i)
        assert signin.attempt(name, "wrong-password", address) is False
    hashes = len(scrypt_calls)
    with pytest.raises(SignInPaused, match="try again in") as paused:
        signin.attempt("maya", "mentor-pass-1", then_from)  # even the right password waits
    assert len(scrypt_calls) == hashes  # a paused attempt costs no hashing
    assert paused.value.retry_after == settings.signin_window_seconds
    clock.advance(settings.signin_window_seconds + 1)
    assert signin.attempt("maya", "mentor-pass-1", then_from) is True


def test_each_further_pause_is_longer_up_to_the_maximum(users):
    settings, clock = SecuritySettings(signin_max_pause_seconds=200), Clock()
    signin = SignIn(users, settings, clock)
    pauses = []
    for _ in range(4):
        for _ in range(settings.signin_max_failures):
            signin.attempt("maya", "wrong-password", None)
        with pytest.raises(SignInPaused) as paused:
            signin.attempt("maya", "wrong-password", None)
        pauses.append(paused.value.retry_after)
        clock.advance(paused.value.retry_after + 1)
    window = settings.signin_window_seconds
    assert pauses == [min(window * 2**k, 200) for k in range(4)]


def test_a_burst_over_http_is_paused_with_a_clear_message(secure_app, caplog):
    caplog.set_level(logging.WARNING, logger="assistant.signin")
    login = f"{secure_app}/login"
    statuses = [httpx.post(login, data={"username": "target", "password": f"guess-{i}"}).status_code
                for i in range(SecuritySettings().signin_max_failures)]
    paused = httpx.post(login, data={"username": "TARGET",
                                     "password": SECURE_PASSWORDS["target"]})
    assert statuses == [400] * len(statuses)
    assert paused.status_code == 429 and "try again in" in paused.json()["detail"]
    assert int(paused.headers["retry-after"]) > 0
    refusals = [r.getMessage() for r in caplog.records if "sign-in refused" in r.getMessage()]
    assert len(refusals) == len(statuses) + 1
    assert all("user=target" in line and "address=127.0.0.1" in line for line in refusals)
    assert not any("guess-" in line or SECURE_PASSWORDS["target"] in line
                   for line in caplog.messages)


# ---- the event loop keeps serving during a burst -------------------------------------------

def test_cheap_requests_are_served_while_ten_sign_ins_hash(secure_app, monkeypatch):
    release, started, finished = threading.Event(), [], []
    real = users_module.check_password

    def held(password: str, stored: str) -> bool:
        started.append(1)
        release.wait(20)
        return real(password, stored)

    monkeypatch.setattr(users_module, "check_password", held)

    def sign_in() -> None:
        response = httpx.post(f"{secure_app}/login", timeout=60,
                              data={"username": "victim", "password": SECURE_PASSWORDS["victim"]})
        finished.append(response.status_code)

    threads = [threading.Thread(target=sign_in) for _ in range(10)]
    try:
        for thread in threads:
            thread.start()
        for _ in range(200):  # wait until hashing is under way
            if started:
                break
            time.sleep(0.05)
        cheap = httpx.get(f"{secure_app}/gradio_api/app_id", timeout=10)
        finished_before_cheap = len(finished)
    finally:
        release.set()
        for thread in threads:
            thread.join()
    assert started and cheap.status_code == 200
    assert finished_before_cheap == 0  # served while every sign-in was still hashing
    assert finished == [200] * 10


# ---- one spelling of a user name -----------------------------------------------------------

NAMES = [
    # upper case
    ("ERIK", "erik"),
    # surrounding spaces
    ("  erik\t", "erik"),
    # full-width letters (NFKC)
    ("Ｅｒｉｋ", "erik"),
    # nothing
    (None, ""),
]


@pytest.mark.parametrize(("typed", "expected"), NAMES)
def test_names_have_one_spelling(typed, expected):
    assert normalize_name(typed) == expected


def test_a_sign_in_in_capitals_is_the_same_user(signed_in):
    client = signed_in("maya", typed="MAYA")
    assert client.get("/config").json()["username"] == "maya"


def test_pairs_and_shares_store_the_one_spelling(services, users):
    services.users.add("ada", "admin", "admin-pass-1")
    pair = services.journeys.create_pair("ada", "MAYA", " Erik ", "CFO")
    assert (pair.mentor, pair.executive) == ("maya", "erik")
    assert [p.id for p in services.journeys.pairs("erik")] == [pair.id]


# ---- sessions end --------------------------------------------------------------------------

ENDINGS = [
    # idle for longer than security.session_idle_hours
    ("idle", lambda users, clock: clock.advance(8 * 3600 + 1)),
    # a new password
    ("password", lambda users, clock: users.add("maya", "mentor", "new-pass-123", replace=True)),
    # a new role
    ("role", lambda users, clock: users.add("maya", "executive", "mentor-pass-1", replace=True)),
    # the user was removed
    ("removed", lambda users, clock: users.remove("maya")),
]


@pytest.mark.parametrize(("why", "change"), ENDINGS)
def test_sessions_end(users, why, change):
    clock = Clock()
    sessions = Sessions(users, SecuritySettings(), clock)
    sessions.open("t-maya", "MAYA")
    sessions.open("t-erik", "erik")
    assert sessions.user("t-maya") == "maya"
    change(users, clock)
    assert sessions.user("t-maya") is None
    if why != "idle":
        assert sessions.user("t-erik") == "erik"  # other users' sessions go on


def test_a_live_session_asks_the_database_at_most_once_a_second(users, monkeypatch):
    from assistant.sessions import CHECK_SECONDS

    asked: list[str] = []
    standing = users.standing
    monkeypatch.setattr(users, "standing", lambda name: asked.append(name) or standing(name))
    clock = Clock()
    sessions = Sessions(users, SecuritySettings(), clock)
    sessions.open("t-maya", "maya")
    for _ in range(5):  # the requests of one page load
        assert sessions.user("t-maya") == "maya"
    assert asked == ["maya"]
    clock.advance(CHECK_SECONDS)
    assert sessions.user("t-maya") == "maya" and asked == ["maya", "maya"]


def test_another_process_ending_a_session_is_seen_within_a_second(users):
    from assistant.sessions import CHECK_SECONDS
    from assistant.users import UserDirectory

    clock = Clock()
    sessions = Sessions(users, SecuritySettings(), clock)
    sessions.open("t-maya", "maya")
    assert sessions.user("t-maya") == "maya"
    UserDirectory(users.db).remove("maya")  # the CLI: this process's directory is not told
    clock.advance(CHECK_SECONDS)
    assert sessions.user("t-maya") is None


def test_activity_keeps_a_session_alive(users):
    clock, settings = Clock(), SecuritySettings()
    sessions = Sessions(users, settings, clock)
    sessions.open("t", "maya")
    for _ in range(3):
        clock.advance(settings.session_idle_hours * 3600 - 60)
        assert sessions.user("t") == "maya"


def test_a_new_password_ends_sessions_in_the_running_app(signed_in, secure_services):
    client = signed_in("erik")
    assert client.get("/gradio_api/login_check").status_code == 200
    secure_services.users.add("erik", "executive", SECURE_PASSWORDS["erik"], replace=True)
    assert client.get("/gradio_api/login_check").status_code == 401
    assert signed_in("erik").get("/gradio_api/login_check").status_code == 200


def test_handlers_refuse_requests_without_a_live_session(users):
    from assistant.users import Role
    from ui.access import Access

    sessions = Sessions(users, SecuritySettings(), Clock())
    sessions.open("tok-maya", "maya")
    sessions.open("tok-erik", "erik")
    access = Access(users, sessions)

    def request(name: str, token: str | None) -> SimpleNamespace:
        return SimpleNamespace(username=name,
                               cookies={"access-token-abc": token} if token else {})

    assert access.require(request("maya", "tok-maya"), Role.MENTOR) == "maya"
    refused = [
        request("maya", None),  # no token at all
        request("maya", "tok-erik"),  # someone else's token
        request("maya", "forged"),  # a token the server never issued
    ]
    for req in refused:
        with pytest.raises(gr.Error, match="session has ended"):
            access.require(req, Role.MENTOR)  # type: ignore[arg-type]
    users.add("maya", "mentor", "another-pass-1", replace=True)
    with pytest.raises(gr.Error, match="session has ended"):
        access.require(request("maya", "tok-maya"), Role.MENTOR)  # type: ignore[arg-type]


def test_sign_out_works_while_other_sessions_have_ended(signed_in, secure_services):
    leaving, ended = signed_in("victim"), signed_in("maya")
    secure_services.users.add("maya", "mentor", SECURE_PASSWORDS["maya"], replace=True)
    response = leaving.get("/logout", follow_redirects=False)
    assert response.status_code == 302
    assert leaving.get("/gradio_api/login_check").status_code == 401
    assert ended.get("/gradio_api/login_check").status_code == 401
