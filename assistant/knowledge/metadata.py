"""Document metadata: validated from front matter or from upload-time options."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

Kind = Literal["guidance", "trend"]
Status = Literal["draft", "approved", "retired"]
NEVER = 99991231  # valid_until of documents that do not expire


class MetadataError(ValueError):
    """Metadata that cannot be accepted; the message names the field."""


class DocumentMeta(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    kind: Kind = "guidance"
    topics: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=lambda: ["mentor", "executive"])
    status: Status = "draft"
    owner: str = "unassigned"
    updated: dt.date | None = None
    valid_until: dt.date | None = None

    @field_validator("topics", "audience", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("title", "owner", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _trends_expire(self) -> DocumentMeta:
        if self.kind == "trend" and self.valid_until is None:
            raise ValueError("trend notes need valid_until (the date the note goes stale)")
        return self

    def valid_until_int(self) -> int:
        return _date_int(self.valid_until) if self.valid_until else NEVER

    def is_visible(self, today: dt.date | None = None) -> bool:
        """Approved and not expired: what mentors and executives may see."""
        return self.status == "approved" and self.valid_until_int() >= _date_int(
            today or dt.date.today()
        )


def parse_meta(raw: dict[str, Any], default_title: str) -> DocumentMeta:
    """Validate front matter (or upload options); unknown keys are kept out, not fatal."""
    known = {k: v for k, v in raw.items() if k in DocumentMeta.model_fields and v is not None}
    known.setdefault("title", default_title)
    try:
        return DocumentMeta.model_validate(known)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'metadata'}: {e['msg']}" for e in exc.errors()
        )
        raise MetadataError(f"bad metadata: {problems}") from None


def today_int(today: dt.date | None = None) -> int:
    return _date_int(today or dt.date.today())


def _date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day
