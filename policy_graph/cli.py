"""The ``policy-graph`` command: parses arguments and calls the library.

Every bad input (a flag argparse refuses, a file that is missing, a directory,
binary, too big or not UTF-8, an unknown language, an empty or huge query, an
argument that is not UTF-8, an output file that cannot be written) is one
``error: …`` line on stderr and exit 2, never a traceback; ``validate`` exits 1
when any data file is bad.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, cast

from .add import ADD_ENV, adding_enabled, prepare, save
from .ask import MAX_QUESTION_CHARS, ask
from .bench import run_bench
from .cli_review import add_review_parser
from .corpus import Corpus, load_corpus
from .datafiles import is_printable_name, read_data_file
from .detect import detect_language
from .errors import PolicyGraphError, UserInputError, printable
from .evaluate import evaluate
from .export import graph_graphml, practice_record, practices_csv
from .extract import extract_policy
from .graph import build_graph
from .search import search
from .segment import segment
from .sources import MAX_POLICY_BYTES, policy_text
from .stats import corpus_stats
from .taxonomy import DEFAULT_DATA_DIR
from .vocab_export import practices_fides, practices_jsonld

__all__ = ["MAX_QUERY_CHARS", "MAX_SEARCH_LIMIT", "build_parser", "main"]

MAX_QUERY_CHARS = MAX_QUESTION_CHARS  # as much as a question is read; longer is refused
MAX_SEARCH_LIMIT = 1000
# Arguments that name files: any bytes a file name may hold are accepted there.
PATH_ARGS = frozenset({"path", "data", "data_dir", "output"})
POSITIONAL_ARGS = frozenset({"path", "data_dir", "question", "query"})


class Parser(argparse.ArgumentParser):
    """argparse, but a refused argument is one ``error:`` line (no usage block)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _data_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise UserInputError(f"{value}: not a data directory ("
                             + ("a file" if path.exists() else "no such folder") + ")")
    return path


def _corpus(args: argparse.Namespace) -> Corpus:
    return load_corpus(_data_dir(args.data))


def _check_text_args(args: argparse.Namespace) -> None:
    """Refuse an argument that is not UTF-8 text (file names excepted): it could
    not be searched, stored or printed."""
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if name not in PATH_ARGS and any(isinstance(v, str) and not is_printable_name(v)
                                         for v in values):
            shown = name if name in POSITIONAL_ARGS else f"--{name.replace('_', '-')}"
            raise UserInputError(f"{shown}: not valid UTF-8 text")


def _query(value: str, what: str) -> str:
    """A question or search text: not empty, and at most ``MAX_QUERY_CHARS``."""
    if not value.strip():
        raise UserInputError(f"the {what} is empty: give some words")
    if len(value) > MAX_QUERY_CHARS:
        raise UserInputError(f"the {what} is {len(value):,} characters long; "
                             f"at most {MAX_QUERY_CHARS} are read")
    return value


def _label_lang(corpus: Corpus, tag: str | None) -> str | None:
    """A language for labels: any tag that falls back to a language file."""
    return corpus.taxonomy.resolve_lang(tag) if tag is not None else None


def cmd_validate(args: argparse.Namespace) -> int:
    corpus = load_corpus(_data_dir(args.data_dir or args.data))
    for error in corpus.errors:
        print(_error_line(str(error)), file=sys.stderr)
    if corpus.errors:
        return 1
    reviewed = sum(len(v.reviewed) for v in corpus.versions.values())
    print(f"ok: {len(corpus.taxonomy.concepts)} concepts, {len(corpus.policies)} policies, "
          f"{len(corpus.versions)} language versions, {reviewed} reviewed clauses, "
          f"{len(corpus.taxonomy.language_files)} languages")
    # What a language lacks is shown in English: worth listing, not an error.
    for code in sorted(corpus.taxonomy.language_files):
        for section, keys in corpus.taxonomy.missing(code).items():
            if keys:
                print(f"missing in {code}: {section}: {', '.join(keys)} (English is shown)")
    return 0


def _read_file(path: Path) -> bytes:
    """A policy file's bytes: a regular file (not a directory, FIFO or device) of
    at most ``MAX_POLICY_BYTES``, checked before anything is read."""
    return read_data_file(path, MAX_POLICY_BYTES)


def cmd_extract(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    path = Path(args.path)
    text = policy_text(_read_file(path), path.name)
    if args.lang:
        lang = corpus.taxonomy.resolve_lang(args.lang)
    else:
        found = detect_language(text, corpus.taxonomy).lang
        if found is None:
            raise UserInputError(f"{path}: the language could not be detected: give --lang")
        lang = found
    policy_id = args.policy or printable(path.resolve().parent.name)
    meta = corpus.policies.get(policy_id)
    doc = segment(text, lang, corpus.taxonomy)
    practices = extract_policy(doc, policy_id, corpus.taxonomy,
                               list(meta.products) if meta else None)
    print(_dump([practice_record(p) for p in practices]))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    if not adding_enabled():
        raise UserInputError(f"adding policies is turned off ({ADD_ENV}=off)")
    corpus = _corpus(args)
    path = Path(args.path)
    try:
        date = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise UserInputError(f"--date {args.date!r}: use YYYY-MM-DD") from None
    preview = prepare(corpus, _read_file(path), path.name, args.policy, lang=args.lang,
                      title=args.title, date=date, products=args.product or None)
    written = save(Path(args.data), preview, replace=args.replace)
    sources = Counter(p.source for p in preview.practices)
    print(f"added {written}: {len(preview.version.doc.sections)} sections, "
          f"{len(preview.version.doc.clauses)} clauses, {len(preview.practices)} practices ("
          + ", ".join(f"{n} {s}" for s, n in sorted(sources.items())) + ")")
    if preview.comparison is not None:
        c = preview.comparison
        print(f"compared with {c.lang_a}: {c.aligned} aligned, {c.differing} differing, "
              f"{c.missing} missing")
    for note in preview.notes:
        print(f"note: {note}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.docs < 1 or args.docs > 20_000:
        raise UserInputError("--docs: give a number of policy versions from 1 to 20000")
    result = run_bench(args.docs)
    print("\n".join(result.lines()))
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
    elif args.format == "jsonld":
        out = practices_jsonld(corpus.practices, corpus.taxonomy)
    elif args.format == "fides":
        out = practices_fides(corpus.practices, corpus.taxonomy)
    else:
        labels = _label_lang(corpus, args.label_lang) or "en"
        out = graph_graphml(build_graph(corpus.practices, corpus.taxonomy, labels))
    if args.output:
        try:
            Path(args.output).write_text(out, encoding="utf-8")
        except OSError as exc:
            raise UserInputError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(out)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    question = _query(args.question, "question")
    corpus = _corpus(args)
    answer = ask(corpus, question, label_lang=_label_lang(corpus, args.label_lang))
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
    query = _query(args.query, "search text")
    if not 1 <= args.limit <= MAX_SEARCH_LIMIT:
        raise UserInputError(f"--limit {args.limit}: give a number from 1 to {MAX_SEARCH_LIMIT}")
    corpus = _corpus(args)
    lang = _version_lang(corpus, args.lang) if args.lang is not None else None
    hits = search(corpus, query, limit=args.limit, lang=lang)
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


def _version_lang(corpus: Corpus, tag: str) -> str:
    """The language version a ``--lang`` names (``no`` finds ``nb``), or one error
    naming the versions there are."""
    held = corpus.languages
    if tag in held:
        return tag
    if corpus.taxonomy.knows(tag):
        for candidate in (corpus.taxonomy.storage_tag(tag), corpus.taxonomy.resolve_lang(tag)):
            if candidate in held:
                return candidate
    shown = tag if len(tag) <= 40 else tag[:37] + "..."
    raise UserInputError(f"--lang {shown!r}: no language version of that language; "
                         f"the corpus holds: {', '.join(held) or 'none'}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs test)."""
    common = Parser(add_help=False)
    common.add_argument("--data", default=str(DEFAULT_DATA_DIR),
                        help="data directory (default: the shipped data/)")
    parser = Parser(prog="policy-graph", description=__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    # Typed as argparse's own so other modules can register commands; the parsers
    # made are still ``Parser`` (one-line errors).
    sub = cast("argparse._SubParsersAction[argparse.ArgumentParser]",
               parser.add_subparsers(dest="command", required=True))
    p = sub.add_parser("validate", parents=[common], help="check every data file")
    p.add_argument("data_dir", nargs="?", help="data directory to check")
    p.set_defaults(run=cmd_validate)
    p = sub.add_parser("extract", parents=[common], help="extract practices from a text file")
    p.add_argument("path")
    p.add_argument("--lang", help="BCP-47 tag of the text, e.g. nb or fr-CA (default: detected)")
    p.add_argument("--policy", help="policy id (default: the file's folder name)")
    p.set_defaults(run=cmd_extract)
    p = sub.add_parser("add", parents=[common], help="add a policy version (.txt, .md, .html)")
    p.add_argument("path")
    p.add_argument("--policy", required=True, help="policy id, e.g. wework-labs")
    p.add_argument("--lang", help="BCP-47 tag (default: detected)")
    p.add_argument("--title", help="title in this language (required for a new policy)")
    p.add_argument("--date", help="effective date YYYY-MM-DD (new policy, if the text has none)")
    p.add_argument("--product", action="append", help="product id covered (new policy; repeatable)")
    p.add_argument("--replace", action="store_true", help="replace an existing version")
    p.set_defaults(run=cmd_add)
    p = sub.add_parser("bench", parents=[common], help="time a synthetic corpus of N versions")
    p.add_argument("--docs", type=int, default=100, help="number of policy versions (default 100)")
    p.set_defaults(run=cmd_bench)
    p = sub.add_parser("evaluate", parents=[common], help="score extraction against reviews")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_evaluate)
    p = sub.add_parser("stats", parents=[common], help="corpus counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_stats)
    p = sub.add_parser("export", parents=[common], help="export practices or the graph")
    p.add_argument("--format", choices=["csv", "graphml", "jsonld", "fides"], required=True)
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
    add_review_parser(sub, common)  # policy-graph review export|import|report (cli_review.py)
    return parser


def _error_line(message: str) -> str:
    """``error: message`` on one line, printable whatever the message holds."""
    return f"error: {' '.join(printable(message).split())}"


def _fail(message: str, code: int = 2) -> int:
    print(_error_line(message), file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _check_text_args(args)
        code: int = args.run(args)
    except PolicyGraphError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, without a second error on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # the disk, not the input: say which file and why
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Exception as exc:  # a bug: still one line, never a traceback
        return _fail(f"unexpected {type(exc).__name__}: {exc} (please report this)", 70)
    return code


if __name__ == "__main__":
    sys.exit(main())
