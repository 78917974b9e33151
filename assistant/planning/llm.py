"""The LLM provider factory: `offline` (no model: the composer writes) or `openai` (ChatOpenAI
against any OpenAI-compatible server). Errors become one LLMError that names the server."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from assistant.planning.config import LLMSettings

if TYPE_CHECKING:  # LangChain and the OpenAI client load only for the openai provider
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)


class LLMError(RuntimeError):
    """The LLM server could not be reached, was too slow, or refused the request."""


class OutputTruncated(Exception):
    """The answer hit llm.max_tokens before it was complete."""


class LLM:
    """One chat model (None when offline) with the settings it was built from."""

    def __init__(self, model: BaseChatModel | None, settings: LLMSettings) -> None:
        self.model = model
        self.settings = settings

    @property
    def offline(self) -> bool:
        return self.model is None

    @property
    def name(self) -> str:
        return "offline" if self.model is None else f"openai:{self.settings.model}"

    def complete_json(self, messages: list[BaseMessage], schema: dict[str, Any]) -> str:
        """One answer constrained to ``schema`` as the settings say; returns the raw text."""
        import openai

        messages, response_format = self._json_request(messages, schema)
        try:
            with self._errors():
                message = self._require().bind(response_format=response_format).invoke(messages)
        except openai.LengthFinishReasonError:
            raise self._truncated() from None
        return _text(message.content)

    def stream_json(self, messages: list[BaseMessage], schema: dict[str, Any]) -> Iterator[str]:
        """``complete_json``'s answer in pieces as the server sends them (OutputTruncated at
        the end when it was cut off at llm.max_tokens)."""
        messages, response_format = self._json_request(messages, schema)
        model = self._require().bind(response_format=response_format)
        with self._errors():
            for chunk in model.stream(messages):
                piece = _text(chunk.content)
                if piece:
                    yield piece
                if getattr(chunk, "response_metadata", {}).get("finish_reason") == "length":
                    raise self._truncated()

    def _json_request(self, messages: list[BaseMessage],
                      schema: dict[str, Any]) -> tuple[list[BaseMessage], dict[str, Any]]:
        """The messages and response_format for an answer constrained to ``schema``."""
        from langchain_core.messages import SystemMessage

        mode = self.settings.structured_output
        if mode == "json_object":
            note = "JSON schema of the answer:\n" + json.dumps(schema, separators=(",", ":"))
            return ([*messages[:1], SystemMessage(note), *messages[1:]],
                    {"type": "json_object"})
        if mode == "json_object_schema":
            return messages, {"type": "json_object", "schema": schema}
        return messages, {"type": "json_schema", "json_schema": {
            "name": "session_plan", "schema": schema, "strict": True}}

    def _truncated(self) -> OutputTruncated:
        return OutputTruncated(
            f"the answer was cut off at llm.max_tokens ({self.settings.max_tokens})")

    def complete(self, messages: list[BaseMessage]) -> str:
        with self._errors():
            return _text(self._require().invoke(messages).content)

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        """Text pieces as the server sends them."""
        model = self._require()
        with self._errors():
            for chunk in model.stream(messages):
                piece = _text(chunk.content)
                if piece:
                    yield piece

    def _require(self) -> BaseChatModel:
        if self.model is None:
            raise LLMError("the offline provider has no language model")
        return self.model

    def _errors(self) -> _ErrorMapper:
        return _ErrorMapper(self.settings)


class _ErrorMapper:
    """Turns client exceptions into an LLMError a user can act on."""

    def __init__(self, settings: LLMSettings) -> None:
        self.where = settings.base_url or "the OpenAI API"
        self.settings = settings

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 _tb: object) -> None:
        if exc is None or isinstance(exc, LLMError | GeneratorExit):
            return
        import openai

        hint = "check llm.base_url, or set llm.provider to offline"
        if isinstance(exc, openai.APITimeoutError):
            message = (f"the LLM server at {self.where} did not answer within "
                       f"{self.settings.timeout:g} s ({hint})")
        elif isinstance(exc, openai.APIConnectionError):
            message = f"the LLM server at {self.where} could not be reached ({hint})"
        elif isinstance(exc, openai.APIStatusError):
            message = (f"the LLM server at {self.where} refused the request with HTTP "
                       f"{exc.status_code}: {str(exc.message)[:200]}")
        else:
            return
        log.warning("llm error: %s", message)
        raise LLMError(message) from exc


def build_llm(settings: LLMSettings) -> LLM:
    """The provider chosen in settings."""
    match settings.provider:
        case "offline":
            return LLM(None, settings)
        case "openai":
            return LLM(_chat_openai(settings), settings)
    raise LLMError(f"unknown LLM provider {settings.provider!r}")


def _chat_openai(settings: LLMSettings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    if settings.api_key is None and not settings.base_url:
        raise LLMError("llm.provider is openai but no key is set: export COACH_LLM__API_KEY, "
                       "or set llm.base_url for a local server that needs no key")
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    limit: dict[str, Any] = {"max_completion_tokens": settings.max_tokens}
    if settings.token_limit_field == "max_tokens":
        limit = {"extra_body": {"max_tokens": settings.max_tokens}}
    return ChatOpenAI(
        model=settings.model,
        api_key=key,  # type: ignore[arg-type]
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        temperature=settings.temperature,
        **limit,
    )


def _text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
