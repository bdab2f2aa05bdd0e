"""Export notebooks to Markdown and self-contained HTML (outputs and source
quotes included), and import Markdown or YAML notebooks back.

Markdown exports mark every cell with an HTML comment carrying its type, title
and parameters, so an export can be imported again:

>>> from policy_graph.corpus import load_corpus
>>> nb = Notebook(name="Demo").add("note", text="# Hi", title="Intro").add("search", {"q": "betaling"})
>>> text = to_markdown(nb, load_corpus())
>>> [(c.type, c.title) for c in from_markdown(text, "demo.md").cells]
[('note', 'Intro'), ('search', '')]

Notes are Markdown; in HTML they are rendered by markdown-it-py (CommonMark)
with raw HTML off and links only to http, https and mailto:

>>> print(note_html("**bold** <b>x</b> [no](javascript:alert(1))"))
<p><strong>bold</strong> &lt;b&gt;x&lt;/b&gt; [no](javascript:alert(1))</p>
<BLANKLINE>
>>> print(note_html("[ok](https://a.org)"))
<p><a href="https://a.org" rel="noopener noreferrer">ok</a></p>
<BLANKLINE>
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from pydantic import ValidationError

from .cells import CellOutput, cell_output
from .corpus import Corpus
from .errors import DataFileError
from .markup import escape_html, escape_markdown, highlight_html, highlight_markdown
from .notebook import CELL_TYPES, MAX_CELLS, MAX_NAME, MAX_TEXT, MAX_TITLE, Cell, Notebook, new_cell_id
from .text import fold_for_search
from .yamlio import parse_yaml

__all__ = ["MAX_IMPORT_BYTES", "SAFE_LINK_SCHEMES", "export_file_name", "from_markdown", "from_yaml",
           "note_html", "note_markdown", "read_upload", "safe_link", "to_html", "to_markdown",
           "to_yaml"]

MARKER = re.compile(r"^<!-- policy-graph:cell (\{.*\}) -->$", re.M)
END = "<!-- policy-graph:end -->"
MAX_IMPORT_BYTES = 2_000_000
SAFE_LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")
_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~:$>])")
TYPES_TEXT = ", ".join(CELL_TYPES[:-1]) + " or " + CELL_TYPES[-1]


def safe_link(url: str) -> bool:
    """Only absolute http, https and mailto links (no javascript:, data:, vbscript:,
    file: or relative links, which mean nothing in a file sent on).

    >>> [safe_link(u) for u in ("https://x.org", "MAILTO:a@b.c", "javascript:alert(1)",
    ...                         " data:text/html,x", "vbscript:x", "/local", "java%0Ascript:x")]
    [True, True, False, False, False, False, False]
    """
    scheme = _SCHEME.match(url)
    return scheme is not None and scheme.group(1).lower() in SAFE_LINK_SCHEMES


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False})
    md.disable("image")  # an image would be an outside resource; its alt text stays
    md.validateLink = safe_link  # type: ignore[method-assign]  # markdown-it's documented hook
    return md


def note_html(text: str) -> str:
    """A note's Markdown as HTML: CommonMark through markdown-it-py, raw HTML shown as
    text, only safe links, headings one level down (the notebook's name is the h1)."""
    md = _markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 1)}"
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("rel", "noopener noreferrer")
    rendered: str = md.renderer.render(tokens, md.options, env)
    return rendered


def note_markdown(text: str) -> str:
    """A note's Markdown for the app's own renderer, with every image made a plain
    link: an image would load an outside resource as soon as the page is shown (the
    HTML export leaves images out too).  A WORD JOINER between ``!`` and ``[`` breaks
    the image syntax whatever precedes it (escapes, code, references), and is
    invisible; the rest of the note is untouched.

    >>> note_markdown("![x](https://evil.example/p.png) ![y][ref]").count("![")
    0
    >>> note_markdown("![x](u)") == "!\u2060[x](u)"
    True
    """
    return text.replace("![", "!\u2060[")


def unescape_markdown(text: str) -> str:
    """Undo :func:`escape_markdown` (and CommonMark's own escapes) for one line.

    >>> unescape_markdown(escape_markdown("**x** [a](javascript:b) <i> & y"))
    '**x** [a](javascript:b) <i> & y'
    """
    return html.unescape(_MD_ESCAPED.sub(r"\1", text))


def export_file_name(notebook: Notebook, suffix: str) -> str:
    """A safe download name from the notebook's name.

    >>> export_file_name(Notebook(name="Legal review: Space Services / WeWork"), "md")
    'legal-review-space-services-wework.md'
    >>> export_file_name(Notebook(name="Tất cả"), "html")
    'tat-ca.html'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold_for_search(notebook.name)).strip("-")[:60]
    return f"{slug or 'notebook'}.{suffix}"


def _output_markdown(out: CellOutput) -> str:
    parts = [f"### {escape_markdown(out.title)}", ""]
    parts += [escape_markdown(line) for line in out.summary] + [""]
    if out.header:
        parts.append("| " + " | ".join(escape_markdown(h) for h in out.header) + " |")
        parts.append("|" + "---|" * len(out.header))
        parts += ["| " + " | ".join(escape_markdown(c) for c in row) + " |" for row in out.rows]
        parts.append("")
    for quote in out.quotes:
        parts.append(f"> {highlight_markdown(quote.text, quote.highlights, streamlit=False)}")
        parts.append(">")
        tail = f" — EN: {escape_markdown(quote.gloss)}" if quote.gloss else ""
        parts.append(f"> — `{quote.ref}`{tail}")
        parts.append("")
    return "\n".join(parts)


def _title_line(title: str) -> str:
    return f"## {escape_markdown(title)}"


def _marker(cell: Cell) -> str:
    meta: dict[str, Any] = {"type": cell.type, "id": cell.id}
    if cell.title:
        meta["title"] = cell.title
    meta["params"] = cell.params
    # '<', '>' and '&' as JSON escapes, so no value can close the HTML comment.
    data = json.dumps(meta, ensure_ascii=False).replace("&", "\\u0026").replace(
        "<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- policy-graph:cell {data} -->"


def to_markdown(notebook: Notebook, corpus: Corpus) -> str:
    """Markdown with every cell's output; notes are written as they are, names and
    titles as text (escaped)."""
    parts = [f"# {escape_markdown(notebook.name)}", ""]
    if notebook.description:
        parts += [notebook.description, ""]
    for cell in notebook.cells:
        if cell.title:
            parts += [_title_line(cell.title), ""]
        parts.append(_marker(cell))
        parts.append(cell.text if cell.type == "note" else _output_markdown(cell_output(corpus, cell)))
        parts += [END, ""]
    return "\n".join(parts)


def _direction(ref: str, corpus: Corpus) -> str:
    """``lang``/``dir`` attributes for a quote ``policy/lang/clause``."""
    lang = ref.split("/")[1] if ref.count("/") >= 2 else ""
    profile = corpus.taxonomy.languages.get(lang)
    direction = profile.direction if profile else "auto"
    return f" lang='{escape_html(lang)}' dir='{direction}'" if lang else " dir='auto'"


def _output_html(out: CellOutput, corpus: Corpus) -> str:
    parts = [f"<h3>{escape_html(out.title)}</h3>"]
    parts += [f"<p>{escape_html(line)}</p>" for line in out.summary]
    if out.header:
        parts.append("<table><thead><tr>" + "".join(f"<th>{escape_html(h)}</th>" for h in out.header)
                     + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{escape_html(c)}</td>" for c in row) + "</tr>"
                  for row in out.rows]
        parts.append("</tbody></table>")
    for quote in out.quotes:
        gloss = (f"<div class='gloss' lang='en' dir='ltr'>EN: {escape_html(quote.gloss)}</div>"
                 if quote.gloss else "")
        parts.append(f"<blockquote{_direction(quote.ref, corpus)}>"
                     f"<p>{highlight_html(quote.text, quote.highlights)}</p>"
                     f"<cite dir='ltr'>{escape_html(quote.ref)}</cite>{gloss}</blockquote>")
    return "\n".join(parts)


STYLE = """body{font-family:'Noto Sans','DejaVu Sans',sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#222}section{border:1px solid #ddd;border-radius:8px;
padding:.5rem 1rem;margin:1rem 0}blockquote{border-left:4px solid #f0a040;margin:.5rem 0;
padding:.25rem .75rem;background:#fffaf2}cite{display:block;font-size:.85em;color:#666}
.gloss{font-size:.85em;color:#555}mark{background:#ffd28a}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2rem .4rem;font-size:.9em;text-align:left}
h2.cell-title{margin:.25rem 0;font-size:1.2em}"""


def to_html(notebook: Notebook, corpus: Corpus) -> str:
    """One self-contained HTML file (no scripts, no outside resources)."""
    body = []
    for cell in notebook.cells:
        title = f"<h2 class='cell-title'>{escape_html(cell.title)}</h2>" if cell.title else ""
        inner = note_html(cell.text) if cell.type == "note" else \
            _output_html(cell_output(corpus, cell), corpus)
        body.append(f"<section class='cell {cell.type}'>{title}{inner}</section>")
    description = f"<p>{escape_html(notebook.description)}</p>" if notebook.description else ""
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\">"
            f"<title>{escape_html(notebook.name)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape_html(notebook.name)}</h1>{description}\n" + "\n".join(body)
            + "\n</body></html>\n")


def to_yaml(notebook: Notebook) -> str:
    return yaml.safe_dump(notebook.model_dump(), allow_unicode=True, sort_keys=False)


# --- import: every problem said in the reader's terms, with the line it is on ---------

def _problem(error: Any) -> str:
    """One pydantic error in the terms of someone who wrote a notebook file."""
    loc = tuple(error["loc"])
    kind = str(error["type"])
    field = loc[-1] if loc else ""
    in_params = "params" in loc
    if kind == "extra_forbidden":
        return (f"unknown key “{field}”: a notebook has name, description and cells; "
                "a cell has id, type, title, text and params")
    if in_params:
        return "a view's params must be names with text values, e.g. {q: payment}"
    if field == "type":
        return f"a cell needs a type: {TYPES_TEXT}"
    if field == "name":
        if kind == "missing":
            return "the notebook needs a name"
        if kind == "string_too_long":
            return f"the notebook's name is longer than {MAX_NAME} characters"
        return "the notebook's name must be non-empty text"
    if field == "text":
        if kind == "string_too_long":
            return f"a note can be at most {MAX_TEXT:,} characters"
        return "a note's text must be text (put it in quotes or after “text: |”)"
    if field == "description":
        return f"the description must be text of at most {MAX_TEXT:,} characters"
    if field == "title":
        return f"a cell title must be text of at most {MAX_TITLE} characters"
    if field == "id":
        return "a cell id may use only letters, digits, “-” and “_” (at most 32 characters)"
    if field == "cells":
        if kind == "too_long":
            return f"a notebook holds at most {MAX_CELLS} cells"
        return "cells must be a list, each cell starting with “- type: …”"
    if loc and isinstance(field, int):
        return "a cell must be a mapping with a type, and text (a note) or params (a view)"
    if not loc:
        return "this is not a notebook: a notebook file has a name and a list of cells"
    return str(error["msg"])


def _shown_value(error: Any) -> object:
    value = error.get("input")
    if isinstance(value, dict | list) or str(error["type"]) == "missing":
        return None
    if isinstance(value, str) and len(value) > 60:
        return None
    return value


def _friendly_error(exc: ValidationError, origin: str, line_of: Callable[[tuple[Any, ...]], int | None],
                    prefix: tuple[Any, ...] = ()) -> DataFileError:
    error = exc.errors()[0]
    loc = prefix + tuple(error["loc"])
    line = line_of(loc)
    return DataFileError(origin, f"line {line}" if line else "", _shown_value(error),
                         _problem({**error, "loc": loc}))


def _yaml_lines(text: str) -> Callable[[tuple[Any, ...]], int | None]:
    """The line of the deepest YAML node on a validation error's path."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None

    def line_of(loc: tuple[Any, ...]) -> int | None:
        node = root
        found = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if key.value == part:
                        child = value
                        found = key.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                child = node.value[part]
                found = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return found
    return line_of


def _unique_ids(cells: list[Cell]) -> list[Cell]:
    """Cells with repeated ids get new ones (every cell is kept)."""
    seen: set[str] = set()
    out = []
    for cell in cells:
        if cell.id in seen:
            cell = cell.model_copy(update={"id": new_cell_id()})
        seen.add(cell.id)
        out.append(cell)
    return out


def _check_size(text: str, origin: str) -> None:
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise DataFileError(origin, "", None, f"the file is larger than {MAX_IMPORT_BYTES:,} bytes, "
                            "the most an import takes")


def from_yaml(text: str, origin: str) -> Notebook:
    """A notebook from YAML (aliases refused, validated, problems named by line)."""
    _check_size(text, origin)
    data = parse_yaml(text, origin)
    if data is None:
        raise DataFileError(origin, "", None, "the file is empty")
    if not isinstance(data, dict):
        raise DataFileError(origin, "", None, "this is not a notebook: a notebook file has "
                            "a name and a list of cells")
    cells = data.get("cells")
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        raise DataFileError(origin, "", None, f"a notebook holds at most {MAX_CELLS} cells; "
                            f"this file has {len(cells)}")
    try:
        notebook = Notebook.model_validate(data)
    except ValidationError as exc:
        raise _friendly_error(exc, origin, _yaml_lines(text)) from exc
    return notebook.model_copy(update={"cells": _unique_ids(notebook.cells)})


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _note_cells(chunk: str, text: str, offset: int, origin: str) -> list[Cell]:
    """Free Markdown as note cells, one per ``## `` section (nothing dropped)."""
    cells = []
    at = offset
    for part in re.split(r"(?m)^(?=## )", chunk):
        if part.strip():
            if len(part.strip()) > MAX_TEXT:
                raise DataFileError(origin, f"line {_line(text, at)}", None,
                                    f"this section is longer than {MAX_TEXT:,} characters, the most "
                                    "a note holds: split it with “## ” headings")
            cells.append(Cell(type="note", text=part.strip()))
        at += len(part)
    return cells


def from_markdown(text: str, origin: str) -> Notebook:
    """A notebook from Markdown: a policy-graph export, or any Markdown file (which
    becomes one note per ``## `` section; text before the ``# `` title is the first note)."""
    _check_size(text, origin)
    title = re.search(r"^# (.+)$", text, re.M)
    name = unescape_markdown(title.group(1).strip())[:MAX_NAME].strip() if title else ""
    name = name or "Imported notebook"
    markers = list(MARKER.finditer(text))
    cells: list[Cell] = []
    description = ""
    if markers:
        cells, description = _marked_cells(text, markers, title, origin)
    elif title:
        cells += _note_cells(text[:title.start()], text, 0, origin)
        cells += _note_cells(text[title.end():], text, title.end(), origin)
    else:
        cells += _note_cells(text, text, 0, origin)
    if len(cells) > MAX_CELLS:
        raise DataFileError(origin, "", None, f"a notebook holds at most {MAX_CELLS} cells; "
                            f"this file has {len(cells)}")
    if len(description) > MAX_TEXT:
        raise DataFileError(origin, "", None, f"the text before the first cell is longer than "
                            f"{MAX_TEXT:,} characters")
    return Notebook(name=name, description=description, cells=_unique_ids(cells))


def _at_line(line: int) -> Callable[[tuple[Any, ...]], int | None]:
    return lambda _loc: line


def _strip_title(chunk: str, meta: dict[str, Any] | None) -> str:
    """Free text between cells, without the title heading the export wrote for the next cell."""
    chunk = chunk.strip()
    wanted = meta.get("title") if meta else None
    if isinstance(wanted, str) and wanted:
        lines = chunk.split("\n")
        if lines and lines[-1].strip() == _title_line(wanted):
            chunk = "\n".join(lines[:-1]).strip()
    return chunk


def _marked_cells(text: str, markers: list[re.Match[str]], title: re.Match[str] | None,
                  origin: str) -> tuple[list[Cell], str]:
    """The cells of a policy-graph export; free text between cells becomes notes, and
    text before the first cell the description."""
    metas: list[dict[str, Any]] = []
    for marker in markers:
        line = _line(text, marker.start())
        try:
            meta = json.loads(marker.group(1))
        except json.JSONDecodeError as exc:
            raise DataFileError(origin, f"line {line}", marker.group(1)[:60],
                                "the cell marker is damaged: its JSON cannot be read") from exc
        if not isinstance(meta, dict):
            raise DataFileError(origin, f"line {line}", None,
                                'a cell marker holds an object such as {"type": "note"}')
        metas.append(meta)

    cells: list[Cell] = []
    head_end = markers[0].start()
    before = text[:title.start()] + text[title.end():head_end] if title and title.start() < head_end \
        else text[:head_end]
    description = _strip_title(before, metas[0])
    for index, (marker, meta) in enumerate(zip(markers, metas, strict=True)):
        line = _line(text, marker.start())
        end = text.find(END, marker.end())
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        closed = 0 <= end < stop
        content = text[marker.end(): end if closed else stop].strip()
        if meta.get("type") == "note":
            meta = {**meta, "text": content}
        try:
            cells.append(Cell.model_validate(meta))
        except ValidationError as exc:
            raise _friendly_error(exc, origin, _at_line(line)) from exc
        if closed:
            following = metas[index + 1] if index + 1 < len(metas) else None
            free = _strip_title(text[end + len(END):stop], following)
            if free:
                cells += _note_cells(free, text, end + len(END), origin)
    return cells, description


def read_upload(data: bytes, file_name: str) -> Notebook:
    """A notebook from an uploaded file's bytes: YAML for ``.yaml``/``.yml``, else Markdown.
    The file name is only shown in messages."""
    origin = file_name[:80] or "uploaded file"
    if len(data) > MAX_IMPORT_BYTES:
        raise DataFileError(origin, "", None, f"the file is larger than {MAX_IMPORT_BYTES:,} bytes, "
                            "the most an import takes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataFileError(origin, f"line {line}", None,
                            "the file is not UTF-8 text: save it as UTF-8 and import it again") from exc
    if file_name.lower().endswith((".yaml", ".yml")):
        return from_yaml(text, origin)
    return from_markdown(text, origin)
