"""``policy-graph review``: export, import and report legal reviews from the review database.

- ``review export --policy P --lang L [-o FILE]`` prints (or writes, atomically)
  ``<lang>.review.yaml`` from the stored decisions, merged with the existing file;
- ``review import FILE --reviewer NAME`` records a review file as decisions by NAME;
- ``review report --policy P --lang L --format md|csv [-o FILE]`` prints the report.

The database is ``--db URL``, else ``POLICY_GRAPH_REVIEW_DB``, else ``reviews.db``
beside the notebook database. Export and report only read it (a missing
database reads as no decisions); import writes. Bad input raises
:class:`UserInputError` or :class:`DataFileError`, which the ``policy-graph``
command prints as one ``error:`` line, exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .corpus import load_corpus
from .errors import UserInputError
from .review_export import export_review, import_review
from .review_report import build_report, report_csv, report_markdown
from .review_store import ReviewStore, review_db_url_from_env

__all__ = ["add_review_parser"]


def _store(args: argparse.Namespace, *, read_only: bool) -> ReviewStore:
    return ReviewStore(args.db or review_db_url_from_env(), read_only=read_only)


def _write(text: str, output: str | None) -> None:
    """To stdout, or to a file written whole or not at all."""
    if not output:
        sys.stdout.write(text)
        return
    path = Path(output)
    if not path.parent.is_dir():
        raise UserInputError(f"-o {output}: the folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_export(args: argparse.Namespace) -> int:
    corpus = load_corpus(Path(args.data))
    _write(export_review(corpus, _store(args, read_only=True), args.policy, args.lang), args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    corpus = load_corpus(Path(args.data))
    path = Path(args.file)
    if not path.is_file():
        raise UserInputError(f"{path}: no such file")
    summary = import_review(corpus, _store(args, read_only=False), path, args.reviewer)
    print(f"imported {path.name} into {summary.policy}/{summary.lang}: {summary.decisions} "
          f"decision(s) on {summary.clauses} clause(s) by {args.reviewer.strip()}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    corpus = load_corpus(Path(args.data))
    report = build_report(corpus, _store(args, read_only=True), args.policy, args.lang,
                          args.label_lang)
    _write(report_markdown(report) if args.format == "md" else report_csv(report), args.output)
    return 0


def add_review_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      common: argparse.ArgumentParser) -> None:
    """Register ``review`` and its three subcommands on the ``policy-graph`` parser."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help="review database URL (default: POLICY_GRAPH_REVIEW_DB, else "
                                 "reviews.db beside the notebook database)")
    review = sub.add_parser("review", help="export, import and report legal reviews")
    actions = review.add_subparsers(dest="review_command", required=True)
    p = actions.add_parser("export", parents=[common, db],
                           help="write <lang>.review.yaml from the stored decisions")
    p.add_argument("--policy", required=True)
    p.add_argument("--lang", required=True)
    p.add_argument("--output", "-o", help="file to write (default: stdout)")
    p.set_defaults(run=cmd_export)
    p = actions.add_parser("import", parents=[common, db],
                           help="record a review file as decisions by a named reviewer")
    p.add_argument("file")
    p.add_argument("--reviewer", required=True, help="who the decisions are recorded under")
    p.set_defaults(run=cmd_import)
    p = actions.add_parser("report", parents=[common, db], help="the review report of a version")
    p.add_argument("--policy", required=True)
    p.add_argument("--lang", required=True)
    p.add_argument("--format", choices=["md", "csv"], default="md")
    p.add_argument("--label-lang", default="en", help="language of concept labels")
    p.add_argument("--output", "-o", help="file to write (default: stdout)")
    p.set_defaults(run=cmd_report)
