"""Logging for operators: readable lines by default, JSON lines on request, and request ids.

A request id is taken from the caller's ``X-Request-ID`` header (a load balancer's) or made
up, set for the request's work in ``request_id``, and written into every log record, so one
request's lines can be found in the logs of every instance it touched.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import time
from typing import Literal

LogFormat = Literal["text", "json"]
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # what a proxy's id may look like
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def new_request_id(offered: str | None = None) -> str:
    """The caller's id when it is a short token, else a fresh random one."""
    if offered and _ACCEPTED_ID.fullmatch(offered):
        return offered
    return secrets.token_hex(8)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id,
    any ``extra=`` fields, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        entry.update({k: v for k, v in vars(record).items()
                      if k not in _STANDARD and k not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(fmt: LogFormat = "text", level: str = "WARNING") -> None:
    """Set the root logger's one handler (stderr) to ``fmt`` at ``level``."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
