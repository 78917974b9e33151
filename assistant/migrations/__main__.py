"""``python -m assistant.migrations MESSAGE``: write a new revision from the models' changes."""

from __future__ import annotations

import sys
import tempfile

from alembic import command
from sqlalchemy import create_engine

from assistant.migrations import config, import_models


def main() -> None:
    message = " ".join(sys.argv[1:]) or "schema change"
    import_models()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/head.db")
        with engine.begin() as connection:
            command.upgrade(config(connection), "head")
            command.revision(config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    main()
