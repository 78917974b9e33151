"""`coach kb ...`: sync, search, list, stats and the document lifecycle."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli.common import console, fail, get_services, print_json, user_errors

if TYPE_CHECKING:
    from assistant.knowledge.search import SearchHit

app = typer.Typer(help="Curate and search the knowledge base.", no_args_is_help=True)


def _errors() -> tuple[type[Exception], ...]:
    """The expected errors, imported when a command runs (fast `coach --help`)."""
    from assistant.knowledge.errors import KnowledgeError
    from assistant.knowledge.store import StoreError

    return KnowledgeError, StoreError, SearchRefused


@app.command()
def sync(
    path: Annotated[Path, typer.Argument(help="Folder to mirror.")] = Path("knowledge"),
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Make the index match PATH: add new, re-index changed, remove deleted, skip unchanged."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    kb = get_services().kb
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with user_errors(*_errors()), Progress(*columns, console=console(), transient=True) as bar:
        task = bar.add_task("indexing", total=None)

        def step(done: int, total: int, name: str) -> None:
            bar.update(task, total=total, completed=done, description=name[:40])

        report = kb.sync(path, progress=step)
        if report.added or report.updated or report.removed:
            bar.update(task, total=None, description="writing the search copy")
            get_services().retriever.snapshot()  # the next `kb search` reads it at once
    if json_out:
        print_json(report.as_dict())
    else:
        console().print(
            f"added {len(report.added)}, updated {len(report.updated)}, "
            f"removed {len(report.removed)}, unchanged {len(report.unchanged)}, "
            f"errors {len(report.errors)}, flagged {len(report.flagged)}"
        )
        for name, reason in report.errors.items():
            console().print(f"[yellow]skipped[/yellow] {name}: {reason}")
        for doc_id, categories in report.flagged.items():
            console().print(
                f"[yellow]flagged[/yellow] {doc_id}: {', '.join(categories)} "
                f"(hidden: `coach kb why {doc_id}` says why)"
            )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help="What to look for; with --jsonl a file of JSON lines (- or none: stdin).")] = "-",
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Number of results.")] = 5,
    all_docs: Annotated[
        bool, typer.Option("--all", help="Admin view: include drafts, retired, expired, flagged; "
                                         "not screened.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
    user: Annotated[str, typer.Option("--user", help="Who is searching (default: your login)."
                                      )] = "",
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help='Read JSON lines {"id","query"}, write one result line per query.')
    ] = False,
) -> None:
    """Hybrid search (dense + BM25) over approved, unexpired documents, with citations; the
    query and every result are screened by the guardrail (and audited) as in chat (--all: the
    admin's unscreened view of every document).

    With --jsonl every query is answered in this one process; a bad line gets an "error"
    line of its own and the batch goes on (exit code 1 if any line failed).
    """
    import getpass

    searcher = user or getpass.getuser()
    if jsonl:
        source = sys.stdin if query == "-" else _open(Path(query))
        with source:
            failed = search_jsonl(lambda q: _search(q, k, all_docs, searcher), source,
                                  sys.stdout)
        raise typer.Exit(1 if failed else 0)
    if query == "-":
        fail("give a query, or --jsonl to read queries from stdin", code=2)
    with user_errors(*_errors()):
        hits = _search(query, k, all_docs, searcher)
    rows = [(hit.citation.label(), hit.text, hit.as_dict()) for hit in hits]
    if json_out:
        print_json([data for _, _, data in rows])
        return
    if not rows:
        console().print("No approved guidance matches that query.")
    for rank, (label, text, _) in enumerate(rows, start=1):
        typer.echo(f"{rank}. [{label}]")
        typer.echo(f"   {text[:300].replace(chr(10), ' ')}")


class SearchRefused(Exception):
    """The guardrail refused the query (its message says why)."""


def _search(query: str, k: int, all_docs: bool, user: str) -> list[SearchHit]:
    """The one search path of `kb search`, single or batch: screened like chat, except the
    admin's --all view of every document."""
    services = get_services()
    if all_docs:
        return services.retriever.search(query, k=k, include_hidden=True)
    from assistant.knowledge.search import Citation, SearchHit

    found = services.guidance.search(query, user, k=k)
    if found.blocked:
        raise SearchRefused(found.message)
    return [SearchHit(p.source.chunk_id, p.text, p.similarity or 0.0, p.similarity,
                      Citation(p.source.doc_id, p.source.title, p.source.section,
                               p.source.source, p.source.version))
            for p in found.passages]


def search_jsonl(search: Callable[[str], list[SearchHit]], source: IO[str], sink: IO[str]) -> int:
    """Answer JSON lines {"id", "query"}: one line out per line in. Returns the failures."""
    failed = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        item_id, query, error = _parse_query(line, number)
        if not error:
            try:
                hits = search(query)
            except _errors() as exc:
                error = str(exc)
        if error:
            failed += 1
            out: dict[str, Any] = {"id": item_id, "line": number, "error": error}
        else:
            out = {"id": item_id, "query": query, "hits": [_hit_json(r, h) for r, h in
                                                           enumerate(hits, start=1)]}
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return failed


def _parse_query(line: str, number: int) -> tuple[Any, str, str]:
    """(id, query, error) of one input line; error is empty when the line is usable."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, "", f"line {number} is not JSON ({exc.msg})"
    if not isinstance(item, dict):
        return None, "", f'line {number} is not a JSON object like {{"id": 1, "query": "..."}}'
    query = item.get("query")
    if not isinstance(query, str) or not query.strip():
        return item.get("id"), "", f'line {number} has no "query" text'
    return item.get("id"), query, ""


def _hit_json(rank: int, hit: SearchHit) -> dict[str, Any]:
    c = hit.citation
    return {"rank": rank, "chunk_id": hit.chunk_id, "doc_id": c.doc_id, "title": c.title,
            "section": c.section, "score": hit.score, "similarity": hit.similarity,
            "citation": c.label(), "snippet": hit.text[:300]}


def _open(path: Path) -> IO[str]:
    if not path.is_file():
        fail(f"{path} is not a file", code=2)
    return path.open(encoding="utf-8")


@app.command("list")
def list_docs(
    json_out: Annotated[bool, typer.Option("--json", help="Print documents as JSON.")] = False,
) -> None:
    """Every document with its status, validity, chunks and guardrail flags."""
    from rich.table import Table

    records = [r.as_dict() for r in get_services().kb.documents()]
    if json_out:
        print_json(records)
        return
    table = Table("id", "title", "kind", "status", "visible", "valid until", "chunks", "flags")
    for r in records:
        table.add_row(str(r["doc_id"]), str(r["title"]), str(r["kind"]), str(r["status"]),
                      "yes" if r["visible"] else "no", str(r["valid_until"] or "-"),
                      str(r["chunks"]), ", ".join(r["flags"]) or "-")  # type: ignore[arg-type]
    console().print(table)


@app.command()
def stats(
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Documents by status and kind, visible, flagged and expired counts, chunks."""
    data = get_services().kb.stats()
    if json_out:
        print_json(data)
        return
    for key, value in data.items():
        typer.echo(f"{key}: {value}")


@app.command()
def approve(
    doc: Annotated[str, typer.Argument(help="Document id.")],
    override: Annotated[bool, typer.Option(
        "--override", help="Approve a document the guardrail held back: its flagged spans are "
                           "redacted and the override is audited (see `coach kb why`).")] = False,
    user: Annotated[str, typer.Option("--user", help="Who approves (default: your login).")
                    ] = "",
) -> None:
    """Make a document visible to mentors and executives."""
    import getpass

    with user_errors(*_errors()):
        record = get_services().kb.approve(doc, actor=user or getpass.getuser(),
                                           override=override)
    typer.echo(f"approved {record.doc_id}" + (" anyway, flagged spans redacted" if override
                                              else "")
               + ("" if record.is_visible() else " (but expired)"))


@app.command()
def why(
    doc: Annotated[str, typer.Argument(help="Document id.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Why the guardrail held DOC back: chunk, rule and position of each span (masked)."""
    with user_errors(*_errors()):
        report = get_services().kb.why(doc)
    if json_out:
        print_json(report.as_dict())
        return
    if not report.held:
        typer.echo(f"{doc} is not held back by the guardrail")
    for f in report.findings:
        typer.echo(f"{f.where} [{f.section or '-'}] chars {f.start}-{f.end}: {f.category} "
                   f"({f.rule}, {f.reason})")
        typer.echo(f"   {f.excerpt}")
    if report.held and not report.findings:
        typer.echo(f"flagged {', '.join(report.flags)}, but no span is found with today's rules")
    for o in report.overrides:
        typer.echo(f"approved anyway by {o.user} at {o.time}: {', '.join(o.rules)}")
    if report.held:
        typer.echo(f"next: edit the file and upload or sync it again, or "
                   f"`coach kb approve {doc} --override`")


@app.command()
def retire(doc: Annotated[str, typer.Argument(help="Document id.")]) -> None:
    """Hide a document from mentors and executives; it stays listed for admins."""
    with user_errors(*_errors()):
        record = get_services().kb.retire(doc)
    typer.echo(f"retired {record.doc_id}")


@app.command()
def remove(doc: Annotated[str, typer.Argument(help="Document id.")]) -> None:
    """Delete a document and its chunks from the index."""
    with user_errors(*_errors()):
        get_services().kb.remove(doc)
    typer.echo(f"removed {doc}")


@app.command()
def add(
    file: Annotated[Path, typer.Argument(help="A .md, .txt, .pdf, .docx or .html file.")],
    kind: Annotated[str, typer.Option(help="guidance or trend.")] = "guidance",
    topics: Annotated[str, typer.Option(help="Comma-separated topics.")] = "",
    title: Annotated[str | None, typer.Option(help="Title; default from the file.")] = None,
    status: Annotated[str, typer.Option(help="draft, approved or retired.")] = "draft",
    owner: Annotated[str, typer.Option(help="Who keeps the document current.")] = "",
    audience: Annotated[str, typer.Option(help="Comma-separated audiences.")] = "",
    valid_until: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD; required for trend notes.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the document as JSON.")] = False,
) -> None:
    """Upload one file with its metadata (formats without front matter need it here)."""
    if not file.is_file():
        fail(f"{file} is not a file")
    overrides = {"kind": kind, "topics": topics, "title": title, "status": status,
                 "owner": owner, "audience": audience, "valid_until": valid_until}
    with user_errors(*_errors()):
        record = get_services().kb.add(file, overrides)
    if json_out:
        print_json(record.as_dict())
    else:
        typer.echo(f"added {record.doc_id} ({record.chunks} chunks, status {record.status})")
        if record.flags:
            typer.echo(f"flagged by the guardrail: {', '.join(record.flags)} "
                       f"(`coach kb why {record.doc_id}` says why)")


@app.command()
def show(doc: Annotated[str, typer.Argument(help="Document id.")]) -> None:
    """Preview a document's chunks as they are indexed."""
    with user_errors(*_errors()):
        chunks = get_services().kb.chunks(doc)
        redacted = get_services().kb.redactions(doc)
    if redacted:
        typer.echo("redacted at ingestion: "
                   + ", ".join(f"{rule} x{count}" for rule, count in redacted.items()))
    for chunk in chunks:
        typer.echo(f"--- {chunk.id} [{chunk.metadata.get('section') or '-'}]")
        typer.echo(chunk.text)
