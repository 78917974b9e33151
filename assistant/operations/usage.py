"""The admin's usage report: documents, users, guardrail decisions, plans and chats.

One report for the web app's admin tab and `coach admin usage`; it reads counts only, never
the content of plans, chats or audited texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.services import Services


@dataclass(frozen=True)
class UsageReport:
    documents: dict[str, Any]  # the knowledge base's stats
    users: list[tuple[str, str]]  # (name, role)
    guardrail: dict[str, int]  # audit rows per stage
    overrides: int  # held-back documents an admin approved anyway
    planner: dict[str, int]  # plans, versions, shares, chats, messages

    def as_dict(self) -> dict[str, Any]:
        return {"documents": self.documents,
                "users": [{"name": n, "role": r} for n, r in self.users],
                "guardrail": self.guardrail, "overrides": self.overrides,
                "planner": self.planner}

    def lines(self) -> list[str]:
        """The report as short plain lines (name: figures)."""
        d = self.documents
        roles: dict[str, int] = {}
        for _, role in self.users:
            roles[role] = roles.get(role, 0) + 1
        return [
            f"Documents: {d['documents']} ({d['visible']} visible to mentors, {d['flagged']} "
            f"held back, {d['expired']} expired), {d['chunks']} chunks",
            f"Users: {len(self.users)} ("
            + ", ".join(f"{n} {r}s" for r, n in sorted(roles.items())) + ")",
            "Guardrail decisions by stage: "
            + (", ".join(f"{k}: {v}" for k, v in sorted(self.guardrail.items())) or "none yet"),
            f"Held-back documents approved anyway: {self.overrides}",
            "Planner: " + ", ".join(f"{k}: {v}" for k, v in self.planner.items()),
        ]


def usage_report(services: Services) -> UsageReport:
    """Counts from the services; builds neither the planner nor the LLM."""
    from assistant.knowledge.review import OVERRIDE
    from assistant.planning.records import ChatRepository, PlanRepository

    audit = services.guardrail.audit
    overrides = audit.action_count(OVERRIDE)
    planner = {**PlanRepository(services.db).counts(), **ChatRepository(services.db).counts()}
    return UsageReport(services.kb.stats(), [(n, r.value) for n, r in services.users.list()],
                       audit.counts(), overrides, planner)
