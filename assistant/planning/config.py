"""Planner and LLM settings; `assistant.settings.Settings` nests them as `llm` and `planner`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class LLMSettings(BaseModel):
    """Which LLM drafts plans and answers; `offline` needs no key and no network."""

    provider: Literal["offline", "openai"] = Field(
        "offline",
        description="offline: deterministic composer (default); openai: any OpenAI-compatible "
        "server (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp) through LangChain's ChatOpenAI.",
    )
    model: str = Field("gpt-4o-mini", description="Model name sent to the server.")
    api_key: SecretStr | None = Field(
        None,
        description="API key; set it with COACH_LLM__API_KEY only, never in a file. Local "
        "servers that need no key may leave it unset when base_url is set.",
    )
    base_url: str | None = Field(
        None, description="Server URL, e.g. http://127.0.0.1:8080/v1; unset means OpenAI."
    )
    timeout: float = Field(
        60.0, gt=0, le=600, description="Seconds to wait for one request before giving up."
    )
    max_retries: int = Field(1, ge=0, le=10, description="Retries of a failed request.")
    temperature: float = Field(0.2, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int = Field(2500, ge=64, le=32_000, description="Most tokens in one answer.")
    token_limit_field: Literal["max_completion_tokens", "max_tokens"] = Field(
        "max_completion_tokens",
        description="How max_tokens is sent: max_completion_tokens (OpenAI today) or the older "
        "max_tokens (llama-cpp-python, some vLLM and Ollama versions).",
    )
    structured_output: Literal["json_schema", "json_object_schema", "json_object"] = Field(
        "json_schema",
        description="How plans are requested: json_schema (OpenAI, Azure, vLLM, Ollama, the "
        "llama.cpp C++ server), json_object_schema (JSON mode with a schema, as "
        "llama-cpp-python's server takes it) or json_object (plain JSON mode, schema in the "
        "prompt).",
    )


class PlannerSettings(BaseModel):
    """How plans and chat answers are grounded in the knowledge base."""

    plan_k: int = Field(8, ge=1, le=30, description="Passages retrieved for a plan's topic.")
    privacy_k: int = Field(
        2, ge=0, le=10, description="Passages retrieved on session privacy for every plan."
    )
    chat_k: int = Field(4, ge=1, le=20, description="Passages retrieved for a chat answer.")
    min_similarity: float = Field(
        0.31,
        ge=0.0,
        le=1.0,
        description="Cosine similarity (MiniLM) a passage needs to count as relevant: the middle "
        "of the gap between the labelled questions' top hits (all >= 0.39) and off-topic "
        "questions' top hits (all <= 0.24) on the seed corpus.",
    )
    sentences_per_source: int = Field(
        3, ge=1, le=10, description="Sentences quoted from each passage in an LLM prompt."
    )
    history_turns: int = Field(
        6, ge=0, le=50, description="Earlier chat messages given to the model with a question."
    )
    min_minutes: int = Field(15, ge=5, description="Shortest session a plan can be made for.")
    max_minutes: int = Field(240, le=600, description="Longest session a plan can be made for.")
    prompts_dir: Path | None = Field(
        None, description="Folder of prompt templates; unset means the ones the package ships."
    )
