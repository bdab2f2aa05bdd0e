"""The ``policy-graph`` command: parses arguments and calls the library.

Errors the library raises on purpose become one line on stderr and exit 2;
``validate`` exits 1 when any data file is bad.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .ask import ask
from .corpus import Corpus, load_corpus
from .errors import PolicyGraphError, UserInputError
from .evaluate import evaluate
from .export import graph_graphml, practice_record, practices_csv
from .extract import extract_policy
from .graph import build_graph
from .search import search
from .segment import segment
from .stats import corpus_stats
from .taxonomy import DEFAULT_DATA_DIR
from .text import nfc

__all__ = ["build_parser", "main"]


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _corpus(args: argparse.Namespace) -> Corpus:
    return load_corpus(Path(args.data))


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = load_corpus(Path(args.data_dir or args.data))
    for error in corpus.errors:
        print(f"error: {error}", file=sys.stderr)
    if corpus.errors:
        return 1
    reviewed = sum(len(v.reviewed) for v in corpus.versions.values())
    print(f"ok: {len(corpus.taxonomy.concepts)} concepts, {len(corpus.policies)} policies, "
          f"{len(corpus.versions)} language versions, {reviewed} reviewed clauses")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    path = Path(args.path)
    try:
        text = nfc(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(f"{path}: cannot read text: {exc}") from exc
    policy_id = args.policy or path.parent.name
    meta = corpus.policies.get(policy_id)
    doc = segment(text, corpus.taxonomy.resolve_lang(args.lang), corpus.taxonomy)
    practices = extract_policy(doc, policy_id, corpus.taxonomy,
                               list(meta.products) if meta else None)
    print(_dump([practice_record(p) for p in practices]))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    result = evaluate(_corpus(args))
    if args.json:
        print(_dump(result.as_dict()))
        return 0
    print(f"{'kind':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    rows = [*result.by_kind.items(), ("overall", result.overall)]
    for kind, s in rows:
        print(f"{kind:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    print(f"\n{result.clauses} reviewed clauses; {len(result.misses)} disagreements")
    for miss in result.misses:
        print(f"  {miss['policy']}/{miss['lang']} {miss['clause']} {miss['kind']}: "
              f"missed {miss['missed']} spurious {miss['spurious']}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    stats = corpus_stats(_corpus(args))
    if args.json:
        print(_dump(stats))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    if args.format == "csv":
        out = practices_csv(corpus.practices)
    else:
        out = graph_graphml(build_graph(corpus.practices, corpus.taxonomy, args.label_lang))
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    answer = ask(_corpus(args), args.question, label_lang=args.label_lang)
    if args.json:
        print(_dump(answer.as_dict()))
        return 0
    print(answer.summary)
    for card in answer.quotes:
        print(f"\n[{card.ref}] {card.text}")
        if card.gloss:
            print(f"  EN: {card.gloss}")
    for hit in answer.nearest:
        print(f"\nnearest [{hit.ref}] {hit.text}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    hits = search(_corpus(args), args.query, limit=args.limit, lang=args.lang)
    if args.json:
        print(_dump([{"ref": h.ref, "policy": h.policy, "lang": h.lang, "clause_id": h.clause_id,
                      "score": h.score, "text": h.text, "highlights": h.text_highlights,
                      "gloss": h.gloss, "concepts": h.concepts, "matched_in": h.matched_in}
                     for h in hits]))
        return 0
    if not hits:
        print("no clause matches")
    for h in hits:
        marked = h.text
        for start, end in reversed(h.text_highlights):
            marked = f"{marked[:start]}[{marked[start:end]}]{marked[end:]}"
        print(f"{h.score:7.2f}  {h.ref}  {marked}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs test)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", default=str(DEFAULT_DATA_DIR),
                        help="data directory (default: the shipped data/)")
    parser = argparse.ArgumentParser(prog="policy-graph", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", parents=[common], help="check every data file")
    p.add_argument("data_dir", nargs="?", help="data directory to check")
    p.set_defaults(run=cmd_validate)
    p = sub.add_parser("extract", parents=[common], help="extract practices from a text file")
    p.add_argument("path")
    p.add_argument("--lang", required=True, help="language code of the text, e.g. nb")
    p.add_argument("--policy", help="policy id (default: the file's folder name)")
    p.set_defaults(run=cmd_extract)
    p = sub.add_parser("evaluate", parents=[common], help="score extraction against reviews")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_evaluate)
    p = sub.add_parser("stats", parents=[common], help="corpus counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)
    p = sub.add_parser("export", parents=[common], help="export practices or the graph")
    p.add_argument("--format", choices=["csv", "graphml"], required=True)
    p.add_argument("--output", "-o", help="file to write (default: stdout)")
    p.add_argument("--label-lang", default="en", help="language of node labels (graphml)")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("ask", parents=[common], help="answer a question from the practices")
    p.add_argument("question")
    p.add_argument("--label-lang", help="language of labels (default: the question's)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_ask)
    p = sub.add_parser("search", parents=[common], help="full-text search over clauses")
    p.add_argument("query")
    p.add_argument("--lang", help="only clauses of this language version")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_search)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except PolicyGraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
