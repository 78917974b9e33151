"""Real public organisational documents through the ingestion guardrail (issue 9).

    .venv/bin/python bench/ingest_public.py [--docs bench/data/public_docs] [--limit N] [--show]

Copies the Markdown files under the org folders of --docs (SOURCES.md at the top is skipped)
into a temporary folder with `status: approved` in their front matter: the corpus has no
metadata of its own and the issue measures an admin's approved knowledge base; the files in the
repository stay as published, and the text the guardrail screens (the body) is unchanged. Then
syncs that folder with `KnowledgeBase.sync`, as `coach kb sync` does, into a temporary knowledge
base with the guardrail at its default settings, and prints:

- documents indexed, and documents held back (approved but not visible to mentors) with their
  share, overall and per organisation;
- findings per rule at the ingestion stage: documents per rule from the guardrail's audit log,
  and finding spans per rule from a second guardrail (same settings, audit off) screening the
  same texts at the ingestion stage;
- chunks whose stored text differs from the chunker's output on the source text (redactions).

--show lists the held-back documents with the categories and rules that held them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

import frontmatter
from common import ROOT

from assistant.guardrail import Stage, build_guardrail
from assistant.knowledge.loaders import load_file
from assistant.services import Services
from assistant.settings import Settings

SUFFIXES = {".md", ".markdown"}
MAX_BYTES = 10_000_000


def gather(docs: Path, limit: int | None) -> list[Path]:
    """The corpus: Markdown files inside the org folders, in a stable order."""
    files = sorted(
        p for p in docs.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.parent != docs
    )
    return files[:limit] if limit else files


def approved_copy(path: Path, out: Path) -> None:
    """Write `path` to `out` with front matter that marks it approved (title kept if any)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        post = frontmatter.loads(text)
    except Exception:  # front matter the YAML parser rejects: keep the whole text as the body
        post = frontmatter.Post(text)
    title = post.metadata.get("title")
    post.metadata = {"status": "approved", **({"title": title} if isinstance(title, str) else {})}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


def print_counts(heading: str, counts: Counter[str]) -> None:
    print(heading)
    for key, count in counts.most_common():
        print(f"  {key:<40} {count}")
    if not counts:
        print("  (none)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "bench/data/public_docs",
                        help="Folder with one sub-folder per organisation.")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N files.")
    parser.add_argument("--show", action="store_true",
                        help="List held-back documents and the rules that held them.")
    args = parser.parse_args()
    docs = args.docs.resolve()
    files = gather(docs, args.limit)
    if not files:
        raise SystemExit(f"no Markdown files in the org folders of {docs}")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        for path in files:
            approved_copy(path, corpus / path.relative_to(docs))
        services = Services(Settings(data_dir=Path(tmp) / "data"))
        kb = services.kb
        services.embedder.embed(["warm up"])
        sync_start = time.perf_counter()
        report = kb.sync(corpus)
        sync_seconds = time.perf_counter() - sync_start
        records = kb.documents()
        held = {r.doc_id: list(r.flags) for r in records if not r.is_visible()}

        rule_docs: Counter[str] = Counter()
        audit_rows = services.guardrail.audit.search(stage=Stage.INGESTION.value, limit=100_000)
        for row in audit_rows:
            rule_docs.update(set(row["rules"]))

        quiet = build_guardrail(services.settings.guardrail.model_copy(update={"audit": False}),
                                services.db)
        spans: Counter[str] = Counter()
        doc_rules: dict[str, Counter[str]] = {}
        redacted = total_chunks = 0
        for record in records:
            text = load_file(corpus / record.source, MAX_BYTES).text
            doc_rules[record.doc_id] = Counter(
                f.rule for f in quiet.screen(text, Stage.INGESTION).findings)
            spans.update(doc_rules[record.doc_id])
            original = {c.text for c in kb.chunker.split(record.title, text)}
            stored = [c.text for c in kb.chunks(record.doc_id)]
            total_chunks += len(stored)
            redacted += sum(t not in original for t in stored)
    total_seconds = time.perf_counter() - started

    size = sum(p.stat().st_size for p in files)
    indexed = len(records)
    print(f"files: {len(files)} ({size / 1e3:.0f} KB) from {docs}")
    print(f"sync: {sync_seconds:.1f} s ({indexed / sync_seconds:.1f} documents/s); "
          f"whole bench {total_seconds:.1f} s; errors {len(report.errors)}")
    for name, reason in report.errors.items():
        print(f"  error {name}: {reason}")
    print(f"documents indexed: {indexed}")
    share = len(held) / indexed if indexed else 0.0
    print(f"documents held back (approved, not visible): {len(held)} ({share:.1%})")
    per_org = Counter(doc_id.split("/")[0] for doc_id in held)
    all_org = Counter(r.doc_id.split("/")[0] for r in records)
    print("  per organisation: " + ", ".join(
        f"{org} {per_org[org]}/{n}" for org, n in sorted(all_org.items())))
    print_counts("held back by category:", Counter(c for cats in held.values() for c in cats))
    print(f"chunks: {total_chunks}; chunks whose stored text differs from the source "
          f"(redacted): {redacted}")
    print(f"ingestion decisions with findings in the audit log: {len(audit_rows)}")
    print_counts("documents per rule (audit log, ingestion stage):", rule_docs)
    print_counts("finding spans per rule (same texts re-screened at the ingestion stage):", spans)
    if args.show:
        print("held-back documents:")
        for doc_id in sorted(held):
            rules = ", ".join(f"{r} x{n}" for r, n in doc_rules[doc_id].most_common())
            print(f"  {doc_id}: {', '.join(held[doc_id]) or 'not visible'} "
                  f"[{rules or 'no finding'}]")


if __name__ == "__main__":
    main()
