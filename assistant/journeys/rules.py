"""Who may see and do what in a journey, and the errors raised when a rule is broken.

Admins create pairs and see everything; a mentor sees their own pairs; an executive sees
theirs. Feedback is private to the pair and the admins.
"""

from __future__ import annotations

from enum import StrEnum

from assistant.journeys.views import Pair
from assistant.planning.access import unknown
from assistant.users import Role


class JourneyError(ValueError):
    """A bad request: unknown pair, session or goal, or invalid values."""


class NotAllowed(JourneyError):
    """The user may not see or change this pair, or do this action."""


class Refused(JourneyError):
    """The guardrail refused a text; the message says why, never what."""


class Part(StrEnum):
    """Someone's part in a pair."""

    MENTOR = "mentor"
    EXECUTIVE = "executive"
    ADMIN = "admin"
    NONE = "none"


def part(pair: Pair, user: str, role: Role | None) -> Part:
    """The user's part in the pair (an admin who is also a member counts as a member)."""
    if user == pair.mentor:
        return Part.MENTOR
    if user == pair.executive:
        return Part.EXECUTIVE
    return Part.ADMIN if role == Role.ADMIN else Part.NONE


def not_found(what: str, number: int) -> NotAllowed:
    """The one refusal for a pair, session or goal that does not exist or is not the user's:
    a stranger cannot tell which."""
    return NotAllowed(unknown(what, number))


def require(pair: Pair, user: str, role: Role | None, *allowed: Part, action: str,
            what: tuple[str, int] | None = None) -> Part:
    """The user's part, or NotAllowed naming the action when it is not in ``allowed``;
    outsiders get the same refusal as for a missing ``what`` (default: the pair)."""
    found = part(pair, user, role)
    if found in allowed:
        return found
    if found is Part.NONE:
        raise not_found(*(what or ("pair", pair.id)))
    names = " or ".join(f"the pair's {p.value}" if p is not Part.ADMIN else "an admin"
                        for p in allowed)
    raise NotAllowed(f"only {names} may {action}")


def require_role(user: str, role: Role | None, wanted: Role, action: str) -> None:
    if role != wanted:
        raise NotAllowed(f"only {wanted.value}s may {action}")
