"""Plan and answer quality over labelled requests and questions about the seed corpus.

Plans (bench/data/plan_requests.jsonl): topic echo (template sentences that repeat a topic of
three or more words verbatim), mechanical grammar flags (doubled or nearly doubled words, a
capitalised gerund or question word mid-sentence, a question mark mid-sentence), plans with
near-identical objectives, talking points that read standalone (no leading pronoun or
connective), duplicate citations ("[S6, S6]"), near-duplicate points, Flesch reading ease.

Answers (bench/data/chat_questions.jsonl, each labelled with the document and sections that
answer it): the share whose first two cited sentences come from a labelled section (by the
cited passage, or verbatim), the share whose first one does, refusals, duplicate citations,
Flesch reading ease.

    .venv/bin/python bench/plan_quality.py                  # the offline composer
    .venv/bin/python bench/plan_quality.py --provider openai --base-url http://127.0.0.1:8080/v1 \
        --model smollm2 --token-limit-field max_tokens --structured-output json_object_schema
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

import textstat
from common import ROOT

from assistant.planning.chat import Chat, ChatAnswer
from assistant.planning.config import LLMSettings, PlannerSettings
from assistant.planning.evidence import SENTENCE_END, similar
from assistant.planning.llm import LLMError, build_llm
from assistant.planning.plan import Cited, PlanRequest, SessionPlan
from assistant.planning.planner import Planner
from assistant.services import Services
from assistant.settings import Settings

DATA = ROOT / "bench" / "data"
DANGLING = {"this", "these", "that", "those", "it", "its", "they", "them", "their", "such",
            "both", "here", "there", "he", "she", "but", "however", "also", "so", "and", "yet",
            "then", "thus", "therefore", "instead", "otherwise", "still", "again", "similarly",
            "likewise", "finally", "meanwhile", "plus", "or", "for example", "for instance",
            "in practice", "that's", "it's", "they're", "this is", "even so"}
MARKER = re.compile(r"\s*\[(S\d+(?:\s*,\s*S\d+)*)\]")
DOUBLED = re.compile(r"\b(\w{3,})\W+(?:\w+\W+)?\1\b", re.IGNORECASE)
MID_CAPITAL = re.compile(r"(?<=[a-z,] )(?:[A-Z][a-z]+ing|How|What|Why|When|Where|Which|"
                         r"Should|Can|Do|Does|Is|Are)\b(?!\s+[A-Z])")  # not "Chief Marketing …"
MID_QUESTION = re.compile(r"\?\s*[a-z“\"]|\?[,.]")
NEAR_DUPLICATE = 0.85


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def sections(doc: str) -> dict[str, str]:
    """Heading -> text under it (list marks and bold kept out), for one knowledge document."""
    body = (ROOT / "knowledge" / f"{doc}.md").read_text().split("---", 2)[2]
    out = {}
    for part in re.split(r"\n(?=#+ )", body):
        lines = part.strip().splitlines()
        if lines and lines[0].startswith("#"):
            text = " ".join(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", x) for x in lines[1:])
            out[lines[0].lstrip("# ").strip()] = normal(text)
    return out


# ---- plans ----------------------------------------------------------------------------------

def template_sentences(plan: SessionPlan) -> list[str]:
    """Sentences the composer writes itself (not quoted from the guidance)."""
    out = list(plan.objectives) + plan.discussion_questions + plan.feedback_questions
    for segment in plan.agenda:
        out += [segment.title, segment.purpose, *segment.activities]
    out += [plan.exercise.title, *plan.exercise.instructions, plan.exercise.deliverable]
    return out + [f.action for f in plan.follow_up]


def cited_items(plan: SessionPlan) -> list[list[str]]:
    items: list[Cited] = [*plan.pre_reading, *plan.misconceptions]
    items += [p for s in plan.agenda for p in s.talking_points]
    lists = [c.citations for c in items] + [g.citations for g in plan.glossary]
    return lists + [plan.exercise.citations, plan.privacy.citations]


def points(plan: SessionPlan) -> list[str]:
    return [p.text for s in plan.agenda for p in s.talking_points
            if not p.text.startswith("Open question:")] + [p.text for p in plan.misconceptions]


def list_items() -> list[tuple[str, str]]:
    """(item text, its lead) for every list item of the corpus; the lead is its bold term or,
    for a plain item, the line before the list ("Watch for:")."""
    out = []
    for path in sorted((ROOT / "knowledge").glob("*.md")):
        before = ""
        for raw in path.read_text().splitlines():
            item = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", raw)
            if item:
                bold = re.match(r"\*\*(.+?)\*\*", item.group(1))
                out.append((normal(item.group(1)), bold.group(1) if bold else before))
            elif raw.strip():
                before = raw.strip()
    return out


ITEMS: list[tuple[str, str]] = []


def standalone(text: str) -> bool:
    """No leading pronoun or connective, and a later sentence of a list item is not shown
    without the item's lead (its bold term, or the list's lead-in)."""
    led = ": " in text[:70]
    body = text.split(": ", 1)[-1] if led else text
    lower = body.lower()
    if any(lower == d or lower.startswith(d + " ") or lower.startswith(d + ",")
           for d in DANGLING):
        return False
    key = body.rstrip(".")[:50]
    for item, _ in ITEMS or list_items():
        at = item.find(key)
        if at > 0 and not led:  # a later sentence of a list item, its lead left behind
            return False
    return True


def grammar_flags(sentences: list[str]) -> list[str]:
    flagged = []
    for sentence in sentences:
        doubled = [m for m in DOUBLED.finditer(sentence)
                   if m.group(1).lower() not in {"the", "and", "for", "with", "one"}]
        if doubled or MID_CAPITAL.search(sentence) or MID_QUESTION.search(sentence):
            flagged.append(sentence)
    return flagged


def plan_metrics(planner: Planner, embedder, requests: list[PlanRequest]) -> dict:
    echo = echo_plans = echo_long = long_topics = flags = dup_objectives = dup_citations = 0
    near = fallbacks = failed = 0
    alone: list[bool] = []
    ITEMS[:] = list_items()
    flesch_points, flesch_template, examples = [], [], []
    for request in requests:
        try:
            result = planner.create(request, "bench", save=False)
        except LLMError as exc:  # a model that fails a request is what this reports
            failed += 1
            print(f"  model failed for {request.topic!r}: {exc}")
            continue
        plan = result.plan
        if plan is None:
            print(f"  no plan for {request.topic!r}: {result.message}")
            continue
        fallbacks += "fallback" in result.provider
        template = template_sentences(plan)
        if len(request.topic.split()) >= 3:
            long_topics += 1
            hits = [s for s in template if request.topic.lower() in s.lower()]
            echo += len(hits)
            echo_plans += bool(hits)
            echo_long += len(hits) if len(request.topic.split()) >= 5 else 0
        bad = grammar_flags(template)
        flags += len(bad)
        examples += bad[:1]
        objectives = plan.objectives
        dup_objectives += any(similar(a, b) or a == b for i, a in enumerate(objectives)
                              for b in objectives[i + 1:])
        dup_citations += sum(len(c) != len(set(c)) for c in cited_items(plan))
        texts = points(plan)
        alone += [standalone(t) for t in texts]
        if len(texts) > 1:
            vectors = embedder.embed(texts)
            sim = vectors @ vectors.T
            near += sum(1 for i in range(len(texts)) for j in range(i + 1, len(texts))
                        if sim[i, j] > NEAR_DUPLICATE or similar(texts[i], texts[j]))
        flesch_points.append(textstat.flesch_reading_ease(" ".join(texts)))
        flesch_template.append(textstat.flesch_reading_ease(" ".join(template)))
    n = len(flesch_points)
    return {
        "plans": n, "fallbacks": fallbacks, "failed": failed, "long_topics": long_topics,
        "topic_echo_sentences": echo, "topic_echo_plans": echo_plans, "topic_echo_5": echo_long,
        "grammar_flags": flags, "grammar_examples": examples[:5],
        "plans_with_duplicate_objectives": dup_objectives,
        "duplicate_citation_lists": dup_citations, "near_duplicate_point_pairs": near,
        "standalone_share": sum(alone) / max(1, len(alone)), "points": len(alone),
        "flesch_points": statistics.mean(flesch_points) if n else 0.0,
        "flesch_template": statistics.mean(flesch_template) if n else 0.0,
    }


# ---- answers --------------------------------------------------------------------------------

def cited_sentences(text: str) -> list[tuple[str, list[str]]]:
    """(sentence, cited ids) in reading order; a marker cites the sentence it closes."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", line).strip()
        if not line or line.lower().startswith("based on:"):
            continue
        for part in SENTENCE_END.split(line):
            ids = [i.strip() for m in MARKER.findall(part) for i in m.split(",")]
            if ids:
                out.append((normal(MARKER.sub("", part)), ids))
    return out


def from_label(sentence: str, ids: list[str], answer: ChatAnswer, label: dict,
               texts: dict[str, str]) -> bool:
    by_id = {c.id: c for c in answer.citations}
    source = by_id.get(ids[0])
    if source and source.doc_id == label["doc"] and source.section in label["sections"]:
        return True
    body = sentence.split(": ", 1)[-1].rstrip(".")[:60]
    return any(body and body in texts.get(s, "") for s in label["sections"])


def chat_metrics(chat: Chat, questions: list[dict]) -> dict:
    both = first = doc_first = refused = dup = failed = 0
    flesch, samples = [], []
    for q in questions:
        try:
            answer = chat.ask(q["question"], "bench")
        except LLMError as exc:  # counted, and the question scores nothing
            failed += 1
            print(f"  model failed for {q['question']!r}: {exc}")
            continue
        texts = sections(q["doc"])
        cited = cited_sentences(answer.text)[:2]
        hits = [from_label(s, ids, answer, q, texts) for s, ids in cited]
        refused += answer.no_guidance
        both += len(hits) == 2 and all(hits)
        first += bool(hits) and hits[0]
        by_id = {c.id: c for c in answer.citations}
        doc_first += bool(cited) and getattr(by_id.get(cited[0][1][0]), "doc_id", "") == q["doc"]
        dup += sum(len(ids) != len(set(ids)) for _, ids in cited_sentences(answer.text))
        plain = normal(MARKER.sub("", answer.text))
        flesch.append(textstat.flesch_reading_ease(plain))
        if len(samples) < 2:
            samples.append((q["question"], answer.text))
    n = len(questions)
    return {"questions": n, "failed": failed, "first_two_from_label": both / n,
            "first_from_label": first / n,
            "first_from_labelled_doc": doc_first / n, "refused": refused,
            "duplicate_citations": dup, "flesch": statistics.mean(flesch) if flesch else 0.0,
            "samples": samples}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", default="offline", choices=["offline", "openai"])
    parser.add_argument("--base-url")
    parser.add_argument("--model", default="gpt-4o-mini")
    parser.add_argument("--api-key-env", default="COACH_LLM__API_KEY",
                        help="environment variable holding the API key, if one is needed")
    parser.add_argument("--token-limit-field", default="max_completion_tokens")
    parser.add_argument("--structured-output", default="json_schema")
    parser.add_argument("--max-tokens", type=int, default=2500)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--temperature", type=float, default=0.2)
    parser.add_argument("--plans", type=int, default=0, help="only the first N plan requests")
    parser.add_argument("--questions", type=int, default=0, help="only the first N questions")
    parser.add_argument("--samples", action="store_true", help="print two answers")
    args = parser.parse_args()
    llm_settings = LLMSettings(
        provider=args.provider, base_url=args.base_url, model=args.model,
        api_key=os.environ.get(args.api_key_env), token_limit_field=args.token_limit_field,
        structured_output=args.structured_output, max_tokens=args.max_tokens,
        timeout=args.timeout, temperature=args.temperature, max_retries=0)
    requests = [PlanRequest(**r) for r in load("plan_requests.jsonl")]
    questions = load("chat_questions.jsonl")
    requests = requests[: args.plans or None]
    questions = questions[: args.questions or None]
    with tempfile.TemporaryDirectory() as tmp:
        services = Services(Settings(data_dir=Path(tmp), knowledge_dir=ROOT / "knowledge"))
        services.kb.sync(ROOT / "knowledge")
        llm = build_llm(llm_settings)
        planner = Planner(services.retriever, services.guardrail, llm, services.db,
                          PlannerSettings())
        chat = Chat(services.retriever, services.guardrail, llm, services.db, PlannerSettings())
        start = time.perf_counter()
        plans = plan_metrics(planner, services.retriever.embedder, requests)
        answers = chat_metrics(chat, questions)
        took = time.perf_counter() - start
    print(f"provider {args.provider} {args.model if args.provider != 'offline' else ''}"
          f"({took:.0f} s)")
    print(f"plans: {plans['plans']} ({plans['fallbacks']} offline fallbacks, "
          f"{plans['failed']} model errors)")
    print(f"  topic echo: {plans['topic_echo_sentences']} template sentences in "
          f"{plans['topic_echo_plans']} of {plans['long_topics']} plans with a 3+ word topic "
          f"({plans['topic_echo_5']} sentences for 5+ word topics)")
    print(f"  grammar flags: {plans['grammar_flags']} template sentences")
    for example in plans["grammar_examples"]:
        print(f"    e.g. {example}")
    print(f"  plans with near-identical objectives: {plans['plans_with_duplicate_objectives']}")
    print(f"  duplicate citation lists: {plans['duplicate_citation_lists']}; near-duplicate "
          f"point pairs: {plans['near_duplicate_point_pairs']}")
    print(f"  talking points that read standalone: {plans['standalone_share']:.1%} of "
          f"{plans['points']}")
    print(f"  Flesch reading ease: points {plans['flesch_points']:.1f}, template sentences "
          f"{plans['flesch_template']:.1f}")
    print(f"answers: {answers['questions']} questions ({answers['refused']} refused, "
          f"{answers['failed']} model errors, scored as misses)")
    print(f"  first two cited sentences from the labelled passage: "
          f"{answers['first_two_from_label']:.1%}; first one: {answers['first_from_label']:.1%};"
          f" first one from the labelled document: {answers['first_from_labelled_doc']:.1%}")
    print(f"  duplicate citations: {answers['duplicate_citations']}; Flesch reading ease: "
          f"{answers['flesch']:.1f}")
    if args.samples:
        for question, text in answers["samples"]:
            print(f"\nQ: {question}\n{text}")


if __name__ == "__main__":
    main()
