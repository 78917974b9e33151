"""Who may do what with a plan or a chat, decided where they are loaded (every entry point).

A plan's owner may do everything with it. Someone it was shared with may read it, export it
and ask about it, never refine, edit or share it. Admins may read, export and ask about any
plan (oversight and support), but changing or sharing a plan stays with its author. A chat
is private to its user, admins included. Missing and foreign ids get the same refusal.
"""

from __future__ import annotations

from enum import StrEnum

from assistant.users import Role


class RecordError(LookupError):
    """No such plan or chat (or it belongs to someone else)."""


class NotAllowed(RecordError):
    """The user may not see this plan or chat, or may not do this with it."""


class PlanAction(StrEnum):
    READ = "read"
    ASK = "ask about"
    EXPORT = "export"
    REFINE = "refine"
    EDIT = "edit"
    SHARE = "share"


class Part(StrEnum):
    """Someone's part in a plan."""

    OWNER = "owner"
    SHARED = "shared"
    ADMIN = "admin"
    NONE = "none"


READERS = (Part.OWNER, Part.SHARED, Part.ADMIN)
RULES: dict[PlanAction, tuple[Part, ...]] = {
    PlanAction.READ: READERS,
    PlanAction.ASK: READERS,
    PlanAction.EXPORT: READERS,
    PlanAction.REFINE: (Part.OWNER,),
    PlanAction.EDIT: (Part.OWNER,),
    PlanAction.SHARE: (Part.OWNER,),
}


def unknown(what: str, number: object) -> str:
    """The one refusal for an id that does not exist and for one the user may not see."""
    return f"no {what} {number} of yours"


def part(owner: str | None, shared: bool, user: str, role: Role | None) -> Part:
    """The user's part in a plan owned by ``owner`` (None: no such plan)."""
    if owner is None:
        return Part.NONE
    if user == owner:
        return Part.OWNER
    if shared:
        return Part.SHARED
    return Part.ADMIN if role == Role.ADMIN else Part.NONE


def require(plan_id: int, found: Part, action: PlanAction) -> Part:
    """``found``, or NotAllowed: "no plan N of yours" for strangers, else who may do it."""
    if found in RULES[action]:
        return found
    if found is Part.NONE:
        raise NotAllowed(unknown("plan", plan_id))
    raise NotAllowed(f"only the plan's author may {action} plan {plan_id}")
