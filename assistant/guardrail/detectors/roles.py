"""Role and team email addresses (press@, support@, agreements-team@) name a function, not a
person, so they are not personal data unless the settings say otherwise."""

from __future__ import annotations

from assistant.guardrail.lazy_regex import lazy_compile

# Whole local parts (or every part of one) that name a function.
ROLE_WORDS = (
    "team", "press", "media", "support", "help", "helpdesk", "servicedesk", "hello", "hi",
    "info", "information", "careers", "jobs", "recruiting", "recruitment", "talent", "hr",
    "people", "contact", "contactus", "enquiries", "inquiries", "questions", "feedback",
    "admin", "administrator", "office", "reception", "sales", "marketing", "comms",
    "communications", "events", "partners", "partnerships", "community", "newsletter",
    "news", "billing", "accounts", "finance", "invoices", "payments", "procurement", "legal",
    "privacy", "dpo", "gdpr", "compliance", "security", "abuse", "postmaster", "hostmaster",
    "webmaster", "noreply", "no-reply", "donotreply", "notifications", "alerts", "service",
    "customerservice", "customers", "orders", "bookings", "membership", "members",
    "volunteers", "general", "studio", "design", "engineering", "it", "ops", "operations",
    "research", "foi", "complaints", "editor", "editors", "webteam", "digital", "data",
)
# A group word at the end makes any local part a group ("agreements-team", "uk.press").
GROUP_SUFFIXES = frozenset((
    "team", "teams", "group", "desk", "office", "unit", "dept", "department", "squad", "crew",
    "committee", "board", "staff", "list", "ops", "hq", "press", "support", "info", "admin",
    "admins", "help", "helpdesk", "enquiries", "inquiries", "contact",
))
_PARTS = lazy_compile(r"[._+-]+")


def is_role_address(address: str, role_words: frozenset[str]) -> bool:
    """True when the part before the @ names a role or a team, not a person."""
    local = address.split("@", 1)[0].lower().strip()
    if local in role_words:
        return True
    parts = [p for p in _PARTS.split(local) if p and not p.isdigit()]
    if not parts:
        return False
    return all(p in role_words for p in parts) or parts[-1] in GROUP_SUFFIXES
