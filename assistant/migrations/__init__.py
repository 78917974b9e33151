"""Schema migrations (Alembic), run by `Database.upgrade` when the app starts.

The initial revision (0001) equals the schema ``create_all`` made before migrations existed and
creates only the tables a database lacks, so such a database is adopted with its rows intact.
New schema changes: ``python -m assistant.migrations "what changed"`` writes a revision from
the difference between the models and the head of an empty SQLite database.
"""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.engine import Connection


def config(connection: Connection | None = None) -> Config:
    """Alembic settings pointing at this package; no alembic.ini needed."""
    cfg = Config()
    cfg.set_main_option("script_location", "assistant:migrations")
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection) -> None:
    """Bring the schema to the newest revision."""
    from alembic import command

    import_models()
    command.upgrade(config(connection), "head")


def import_models() -> None:
    """Every module that declares tables, so the metadata the migrations compare is complete."""
    import assistant.guardrail.audit  # noqa: F401
    import assistant.journeys.models  # noqa: F401
    import assistant.knowledge.registry  # noqa: F401
    import assistant.planning.records  # noqa: F401
    import assistant.users  # noqa: F401
