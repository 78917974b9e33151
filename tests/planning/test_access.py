"""Who may read, ask about, export, refine, edit and share a plan, and read a chat: decided
by the planning services (every entry point), one row per case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assistant.planning.chat import Chat
from assistant.planning.config import PlannerSettings
from assistant.planning.plan import PlanRequest
from assistant.planning.planner import Planner
from assistant.planning.records import NotAllowed, PlanAction
from assistant.storage import Database
from assistant.users import UserDirectory
from tests.planning.conftest import TODAY, offline_llm

ROLES = {"maya": "mentor", "noor": "mentor", "erik": "executive", "lena": "executive",
         "ada": "admin"}
REQUEST = PlanRequest(topic="LinkedIn for executives", mentee_role="CFO", minutes=30)


@pytest.fixture(scope="module")
def world(synced_services, tmp_path_factory) -> dict[str, Any]:
    """maya's plan shared with erik, noor's plan shared with nobody, erik's chat about it."""
    import assistant.planning.records  # noqa: F401  (tables)
    import assistant.users  # noqa: F401

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('access') / 'plans.db'}")
    db.create_all()
    users = UserDirectory(db)
    for name, role in ROLES.items():
        users.add(name, role, "password-123")
    planner = Planner(synced_services.retriever, synced_services.guardrail, offline_llm(), db,
                      PlannerSettings(), today=lambda: TODAY, role_of=users.role_of)
    chat = Chat(synced_services.retriever, synced_services.guardrail, offline_llm(), db,
                PlannerSettings(), role_of=users.role_of)
    mine = planner.create(REQUEST, "maya")
    other = planner.create(REQUEST, "noor")
    assert mine.plan_id and other.plan_id, mine.message
    planner.plans.share(mine.plan_id, "maya", "erik")
    chat_id = chat.ask("How often should I post on LinkedIn?", "erik", plan_id=mine.plan_id).chat_id
    return {"planner": planner, "chat": chat, "mine": mine.plan_id, "other": other.plan_id,
            "chat_id": chat_id}


def act(w: dict[str, Any], action: str, user: str, plan_id: int) -> Callable[[], Any]:
    planner, chat = w["planner"], w["chat"]
    body = planner.plans.get(plan_id, "maya" if plan_id == w["mine"] else "noor").plan
    calls: dict[str, Callable[[], Any]] = {
        "read": lambda: planner.plans.get(plan_id, user),
        "versions": lambda: planner.plans.versions(plan_id, user),
        "export": lambda: planner.plans.get(plan_id, user, action=PlanAction.EXPORT),
        "ask": lambda: chat.ask("How often should I post?", user, plan_id=plan_id),
        "refine": lambda: planner.refine(plan_id, user, "shorter exercise"),
        "edit": lambda: planner.edit(plan_id, body, user),
        "share": lambda: planner.plans.share(plan_id, user, "erik"),
    }
    return calls[action]


CASES = [
    # (action, user, allowed) on maya's plan, shared with erik
    ("read", "maya", True),  # the author reads her plan
    ("read", "erik", True),  # so does the executive it was shared with
    ("read", "ada", True),  # admins read any plan (oversight)
    ("read", "noor", False),  # another mentor does not
    ("read", "lena", False),  # nor an executive it was not shared with
    ("versions", "erik", True),  # versions are reading
    ("versions", "noor", False),  # and refused like reading
    ("export", "erik", True),  # exporting is reading
    ("export", "lena", False),  # refused like reading
    ("ask", "erik", True),  # the shared executive may ask about it
    ("ask", "ada", True),  # admins too
    ("ask", "lena", False),  # others may not
    ("refine", "maya", True),  # the author refines
    ("refine", "erik", False),  # a shared reader never refines
    ("refine", "ada", False),  # nor does an admin: changes stay with the author
    ("refine", "noor", False),  # nor another mentor
    ("edit", "maya", True),  # the author edits
    ("edit", "erik", False),  # a shared reader never edits
    ("edit", "ada", False),  # nor an admin
    ("share", "maya", True),  # the author shares
    ("share", "erik", False),  # a shared reader never re-shares
    ("share", "ada", False),  # nor an admin
]


@pytest.mark.parametrize(("action", "user", "allowed"), CASES,
                         ids=[f"{a}-{u}" for a, u, _ in CASES])
def test_who_may_do_what_with_a_plan(world, action, user, allowed):
    call = act(world, action, user, world["mine"])
    if allowed:
        call()
        return
    stranger = user in ("noor", "lena")
    match = (f"no plan {world['mine']} of yours" if stranger
             else f"only the plan's author may {PlanAction[action.upper()].value}")
    with pytest.raises(NotAllowed, match=match):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda w, n: w["planner"].plans.get(n, "lena"),  # reading
        lambda w, n: w["planner"].refine(n, "maya", "x"),  # refining
        lambda w, n: w["chat"].ask("How often should I post?", "lena", plan_id=n),  # asking
    ],
    ids=["read", "refine", "ask"],
)
def test_missing_and_foreign_plans_get_the_same_refusal(world, call):
    """A stranger cannot tell an id that exists from one that does not."""
    foreign, missing = world["other"], world["other"] + 1000
    with pytest.raises(NotAllowed) as exists:
        call(world, foreign)
    with pytest.raises(NotAllowed) as absent:
        call(world, missing)
    assert str(exists.value).replace(str(foreign), "N") == \
        str(absent.value).replace(str(missing), "N") == "no plan N of yours"


def test_a_chat_is_private_even_from_admins_and_unknown_ids_look_the_same(world):
    chat, chat_id = world["chat"], world["chat_id"]
    assert chat.history(chat_id, "erik")  # its user reads it
    for user, number in (("ada", chat_id), ("maya", chat_id), ("erik", chat_id + 1000)):
        with pytest.raises(NotAllowed, match=f"^no chat {number} of yours$"):
            chat.history(number, user)
    with pytest.raises(NotAllowed, match=f"^no chat {chat_id} of yours$"):
        chat.ask("And how long should a post be?", "lena", chat_id=chat_id)


def test_plans_are_shared_with_executives_only(world):
    with pytest.raises(NotAllowed, match="executives only"):
        world["planner"].plans.share(world["mine"], "maya", "noor")


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("maya", {"mine"}),  # her own plan
        ("erik", {"mine"}),  # the plan shared with him
        ("lena", set()),  # nothing
        ("ada", {"mine", "other"}),  # every plan
    ],
)
def test_visible_plans(world, user, expected):
    ids = {p["id"] for p in world["planner"].plans.visible(user)}
    assert ids == {world[k] for k in expected}
