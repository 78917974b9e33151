"""One typed settings tree: defaults < settings file (YAML) < COACH_* environment variables.

Nested fields use a double underscore: ``COACH_RETRIEVAL__K=8``. The settings file is
``coach.yaml`` in the working directory, or the path in ``COACH_CONFIG``. Secrets (API keys)
are read from the environment only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from assistant.guardrail.config import GuardrailSettings
from assistant.planning.config import LLMSettings, PlannerSettings


class SettingsError(Exception):
    """Raised when settings are invalid; the message names every bad setting."""


class EmbeddingSettings(BaseModel):
    backend: Literal["onnx", "openai"] = Field(
        "onnx", description="onnx: local MiniLM (offline, default); openai: OpenAI embeddings."
    )
    batch_size: int = Field(32, ge=1, le=1024, description="Texts per embedding batch.")
    threads: int = Field(0, ge=0, description="ONNX intra-op threads; 0 lets ONNX Runtime pick.")
    sentence_cache: bool = Field(
        True, description="backend=onnx: embed the sentences of each indexed document and keep "
        "their vectors on disk (COACH_CACHE_DIR), so first plans and answers skip the model."
    )
    openai_model: str = Field("text-embedding-3-small", description="Model for backend=openai.")
    openai_base_url: str | None = Field(None, description="Base URL for backend=openai.")
    openai_api_key: SecretStr | None = Field(
        None, description="Key for backend=openai; from COACH_EMBEDDING__OPENAI_API_KEY only."
    )


class VectorStoreSettings(BaseModel):
    host: str | None = Field(
        None, description="Chroma server host (`chroma run`); unset means embedded Chroma."
    )
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    path: Path | None = Field(
        None, description="Embedded Chroma directory; defaults to <data_dir>/chroma."
    )
    collection: str = Field(
        "knowledge", min_length=3, max_length=63, description="Chroma collection name."
    )


class ChunkingSettings(BaseModel):
    max_tokens: int = Field(
        200, ge=32, le=254, description="Word pieces per chunk, title and heading included."
    )
    overlap_tokens: int = Field(30, ge=0, le=128, description="Word pieces shared by neighbours.")

    @model_validator(mode="after")
    def _overlap_below_size(self) -> ChunkingSettings:
        if self.overlap_tokens >= self.max_tokens:
            raise ValueError("overlap_tokens must be smaller than max_tokens")
        return self


class RetrievalSettings(BaseModel):
    k: int = Field(5, ge=1, le=50, description="Results returned by a search.")
    candidates: int = Field(
        30, ge=1, le=500, description="Candidates taken from each retriever before fusion."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")


class IngestionSettings(BaseModel):
    max_file_mb: float = Field(10.0, gt=0, description="Files larger than this are rejected.")
    extensions: list[str] = Field(
        [".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"],
        description="File types that `kb sync` picks up.",
    )
    max_unpacked_mb: float = Field(
        100.0, gt=0, description="A DOCX whose parts unpack to more than this is rejected "
        "before parsing (decompression bombs).",
    )


class SecuritySettings(BaseModel):
    allowed_origins: list[str] = Field(
        [], description="Browser origins (scheme://host[:port]) allowed to call the web app "
        "besides its own; requests with any other Origin header are refused.",
    )
    session_idle_hours: float = Field(
        8.0, gt=0, description="A web session with no request for this long ends."
    )
    signin_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins per user name within the window before a pause."
    )
    signin_max_failures_per_address: int = Field(
        10, ge=1, description="Failed sign-ins per client address within the window before "
        "a pause.",
    )
    signin_window_seconds: float = Field(
        60.0, gt=0, description="The window in which failed sign-ins are counted; also the "
        "first pause, which doubles with each further one.",
    )
    signin_max_pause_seconds: float = Field(
        900.0, gt=0, description="The longest pause after repeated failed sign-ins."
    )

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, origins: list[str]) -> list[str]:
        cleaned = [o.strip().rstrip("/").lower() for o in origins]
        bad = [o for o in cleaned if not o.startswith(("http://", "https://")) or "/" in o[8:]]
        if bad:
            raise ValueError(f"origins look like https://host[:port], not {', '.join(bad)}")
        return cleaned


class LoggingSettings(BaseModel):
    format: Literal["text", "json"] = Field(
        "text", description="text: readable lines; json: one JSON object per line (with the "
        "request id), for log collectors.",
    )
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "WARNING", description="Least severe level written; INFO adds one line per web request.",
    )


class Settings(BaseSettings):
    """The whole configuration of the app."""

    model_config = SettingsConfigDict(
        env_prefix="COACH_",
        env_nested_delimiter="__",
        extra="forbid",
        yaml_file="coach.yaml",
    )

    data_dir: Path = Field(Path("data"), description="Where SQLite and embedded Chroma live.")
    database_url: str = Field(
        "",
        description="SQLAlchemy URL of the relational store, e.g. "
        "postgresql+psycopg://coach@db/coach (password from COACH_DATABASE_URL only); "
        "empty means SQLite in data_dir/coach.db (one instance).",
    )
    knowledge_dir: Path = Field(Path("knowledge"), description="The curated corpus folder.")
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    vector_store: VectorStoreSettings = Field(default_factory=VectorStoreSettings)
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    ingestion: IngestionSettings = Field(default_factory=IngestionSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    guardrail: GuardrailSettings = Field(default_factory=GuardrailSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    planner: PlannerSettings = Field(default_factory=PlannerSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    audit_key: SecretStr | None = Field(
        None, description="Key of the guardrail audit hashes (HMAC); from COACH_AUDIT_KEY only. "
        "Unset: a key generated once into <data_dir>/audit.key (mode 0600).",
    )

    @property
    def database(self) -> str:
        """The relational store's URL: ``database_url``, or SQLite in ``data_dir`` (derived on
        each use, so a copy with another ``data_dir`` gets its own database)."""
        return self.database_url or f"sqlite:///{self.data_dir / 'coach.db'}"

    @property
    def chroma_path(self) -> Path:
        return self.vector_store.path or self.data_dir / "chroma"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_path = os.environ.get("COACH_CONFIG", "coach.yaml")
        return (
            init_settings,
            env_settings,
            YamlConfigSettingsSource(settings_cls, yaml_file=yaml_path),
        )


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation errors into one readable message."""
    config = os.environ.get("COACH_CONFIG")
    if config and not Path(config).is_file():
        raise SettingsError(f"COACH_CONFIG points to {config!r}, which is not a file")
    _refuse_secrets_in_file(Path(config or "coach.yaml"))
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    lines = ["Invalid settings:"]
    for err in exc.errors():
        dotted = ".".join(str(p) for p in err["loc"])
        env = "COACH_" + "__".join(str(p) for p in err["loc"]).upper()
        lines.append(f"  {dotted} (env {env}): {err['msg']}")
    return "\n".join(lines)


def _refuse_secrets_in_file(path: Path) -> None:
    """API keys come from the environment only, never from a settings file."""
    if not path.is_file():
        return
    import yaml

    from assistant.yamltext import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path} is not valid YAML: {exc}") from None
    found = [".".join(keys) for keys in _keys(data)
             if keys and keys[-1].endswith(("api_key", "audit_key"))]
    if isinstance(data, dict) and _has_password(data.get("database_url")):
        found.append("database_url")
    if found:
        env = ", ".join("COACH_" + k.replace(".", "__").upper() for k in found)
        raise SettingsError(
            f"{path} sets {', '.join(found)}: secrets are read from the environment only "
            f"({env})"
        )


def _has_password(url: object) -> bool:
    """True when a database URL carries a password (``user:secret@host``)."""
    if not isinstance(url, str) or "://" not in url:
        return False
    authority = url.split("://", 1)[1].split("/", 1)[0]
    return "@" in authority and ":" in authority.rsplit("@", 1)[0]


def _keys(data: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every leaf key of nested mappings as a path, e.g. ("llm", "api_key")."""
    if not isinstance(data, dict):
        return [prefix]
    return [path for key, value in data.items() for path in _keys(value, (*prefix, str(key)))]
