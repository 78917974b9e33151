"""Real public organisational documents through the ingestion guardrail (issue 9).

    .venv/bin/python bench/ingest_public.py [--docs bench/data/public_docs] [--limit N] [--show]

Copies every Markdown/HTML file under the org folders of --docs into a temporary folder,
marking each one approved in its front matter (the files in the repository stay as published;
an admin's approved corpus is what the issue measures), and syncs that folder with
`KnowledgeBase.sync`, exactly as `coach kb sync` does, into a temporary knowledge base with the
guardrail at its default settings. Then prints: documents indexed, documents held back (not
visible to mentors although approved) and their share, findings per rule at the ingestion stage
from the guardrail's audit log, finding spans per rule (the same documents screened again at the
ingestion stage by a second guardrail with the audit off), and the chunks whose stored text
differs from the source text (redacted spans). --show lists the held-back documents and the
rules that held them.
"""

from __future__ import annotations

import argparse
import shutil
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

SUFFIXES = {".md", ".markdown", ".html", ".htm"}


def gather(docs: Path, limit: int | None) -> list[Path]:
    """The corpus files: everything under an org folder (SOURCES.md at the top is skipped)."""
    files = sorted(
        p for p in docs.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.parent != docs
    )
    return files[:limit] if limit else files


def approved_copy(files: list[Path], docs: Path, target: Path) -> None:
    """Copy each file with `status: approved` in its front matter (added or merged)."""
    for path in files:
        out = target / path.relative_to(docs)
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() not in {".md", ".markdown"}:
            shutil.copyfile(path, out)  # HTML: the loader reads no front matter; see below
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            post = frontmatter.loads(text)
        except Exception:  # unparseable front matter: keep the text, add ours on top
            post = frontmatter.Post(text)
        post.metadata = {"status": "approved"} | (
            {"title": post.metadata["title"]} if isinstance(post.metadata.get("title"), str)
            else {}
        )
        out.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


def source_chunks(services: Services, path: Path) -> set[str]:
    """The chunk texts the chunker makes from the unscreened source (to spot redactions)."""
    from assistant.knowledge.base import _title_from
    from assistant.knowledge.metadata import parse_meta

    loaded = load_file(path, 10_000_000)
    meta = parse_meta(loaded.front_matter, default_title=_title_from(loaded, path))
    return {c.text for c in services.kb.chunker.split(meta.title, loaded.text)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, default=ROOT / "bench/data/public_docs")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N files.")
    parser.add_argument("--show", action="store_true",
                        help="List held-back documents and the rules that held them.")
    args = parser.parse_args()
    docs = args.docs.resolve()
    files = gather(docs, args.limit)
    if not files:
        raise SystemExit(f"no .md/.html files under the org folders of {docs}")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        approved_copy(files, docs, corpus)
        services = Services(Settings(data_dir=Path(tmp) / "data"))
        kb = services.kb
        services.embedder.embed(["warm up"])
        start = time.perf_counter()
        report = kb.sync(corpus)
        elapsed = time.perf_counter() - start

        # HTML files have no front matter: approve them through the admin API. Approval
        # clears flags, so their flags are read first and counted as held back.
        held: dict[str, list[str]] = {}
        for record in kb.documents():
            if record.status != "approved" and record.flags:
                held[record.doc_id] = list(record.flags)
            elif record.status != "approved":
                kb.approve(record.doc_id)
        records = kb.documents()
        for record in records:
            if not record.is_visible():
                held.setdefault(record.doc_id, list(record.flags) or ["(not visible)"])

        audit_rows = services.guardrail.audit.search(stage=Stage.INGESTION.value, limit=100_000)
        rule_docs: Counter[str] = Counter()
        for row in audit_rows:
            rule_docs.update(set(row["rules"]))

        quiet = build_guardrail(services.settings.guardrail.model_copy(update={"audit": False}),
                                services.db)
        spans: Counter[str] = Counter()
        doc_rules: dict[str, Counter[str]] = {}
        redacted = total_chunks = 0
        for record in records:
            path = corpus / record.source
            text = load_file(path, 10_000_000).text
            result = quiet.screen(text, Stage.INGESTION)
            doc_rules[record.doc_id] = Counter(f.rule for f in result.findings)
            spans.update(doc_rules[record.doc_id])
            stored = [c.text for c in kb.chunks(record.doc_id)]
            original = source_chunks(services, path)
            total_chunks += len(stored)
            redacted += sum(t not in original for t in stored)

    indexed = len(records)
    size = sum(p.stat().st_size for p in files)
    print(f"files: {len(files)} ({size / 1e6:.2f} MB) from {docs}")
    print(f"sync: {elapsed:.1f} s; added {len(report.added)}, errors {len(report.errors)}")
    for name, reason in report.errors.items():
        print(f"  error {name}: {reason}")
    print(f"documents indexed: {indexed}")
    share = len(held) / indexed if indexed else 0.0
    print(f"documents held back (flagged or not visible): {len(held)} ({share:.1%})")
    print(f"chunks: {total_chunks}; chunks whose stored text differs from the source "
          f"(redacted): {redacted}")
    print(f"ingestion decisions in the audit log: {len(audit_rows)}")
    print("documents per rule (audit log, ingestion stage):")
    for rule, count in rule_docs.most_common():
        print(f"  {rule:<40} {count}")
    print("finding spans per rule (re-screened at the ingestion stage, audit off):")
    for rule, count in spans.most_common():
        print(f"  {rule:<40} {count}")
    if args.show:
        print("held-back documents:")
        for doc_id in sorted(held):
            rules = ", ".join(f"{r} x{n}" for r, n in doc_rules.get(doc_id, Counter()).most_common())
            print(f"  {doc_id}: {', '.join(held[doc_id])} [{rules or 'no finding'}]")


if __name__ == "__main__":
    main()
