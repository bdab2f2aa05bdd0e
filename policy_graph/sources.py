"""Policy files as text: decoding, and HTML or Markdown turned into plain lines.

A saved web page keeps its structure (headings become ``#`` lines, list items
``•`` lines indented by depth) and loses navigation, scripts and styles. The
HTML is parsed with BeautifulSoup (stdlib parser), never with regular
expressions. Markdown is read as it is: the segmenter knows ``#`` headings and
``-``/``*``/``1.`` items.

>>> html_to_text("<nav>Menu</nav><h2>Everyone</h2><ul><li>A<ul><li>B</li></ul></li></ul>"
...              "<script>x()</script>")
'## Everyone\\n\\n• A\\n\\n  • B'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from .datafiles import BINARY, text_problem
from .errors import UserInputError
from .text import nfc

__all__ = ["FORMATS", "MAX_POLICY_BYTES", "SourceFormat", "decode_policy", "html_to_text",
           "policy_text", "source_format"]

SourceFormat = Literal["txt", "md", "html"]
FORMATS: dict[str, SourceFormat] = {".txt": "txt", ".md": "md", ".markdown": "md",
                                    ".html": "html", ".htm": "html"}
MAX_POLICY_BYTES = 5_000_000
DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
           "form", "iframe", "svg", "button", "select")
BLOCKS = frozenset({"p", "div", "section", "article", "main", "br", "tr", "table", "dl", "dt", "dd",
                    "blockquote", "pre", "figure", "figcaption", "address", "hr", "body"})


def source_format(name: str) -> SourceFormat:
    """The format a file name says (``.txt``, ``.md``, ``.html``)."""
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise UserInputError(f"{name}: not a policy file: use .txt, .md or .html")
    return FORMATS[suffix]


def decode_policy(raw: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped) in NFC, or one clear error."""
    if not raw.strip():
        raise UserInputError(f"{name}: the file is empty")
    if len(raw) > MAX_POLICY_BYTES:
        raise UserInputError(f"{name}: {len(raw):,} bytes is over the limit of {MAX_POLICY_BYTES:,}")
    problem = text_problem(raw)
    if problem is not None and problem[2] == BINARY:
        raise UserInputError(f"{name}: this is a binary file, not text ({problem[0]} is a NUL)")
    if problem is not None:
        where, value, _ = problem
        raise UserInputError(f"{name}: not UTF-8 text (tried UTF-8: invalid byte "
                             f"0x{value[0]:02x} at {where}); save the file as UTF-8 and try again")
    text = raw.decode("utf-8-sig")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _walk(node: Tag, lines: list[str], depth: int) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in ("Comment", "Doctype", "Declaration",
                                            "ProcessingInstruction", "CData"):
                continue
            text = " ".join(str(child).split())
            if text:
                if not lines or lines[-1] == "":
                    lines.append(text)
                else:
                    lines[-1] = f"{lines[-1]} {text}" if not lines[-1].endswith(" ") else lines[-1] + text
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = " ".join(child.get_text(" ").split())
            if text:
                lines += [f"{'#' * int(name[1])} {text}", ""]
        elif name == "li":
            lines.append("  " * depth + "• ")
            _walk(child, lines, depth + 1)
            lines.append("")
        elif name in ("ul", "ol") or name in BLOCKS:
            lines.append("")
            _walk(child, lines, depth)
            lines.append("")
        else:
            _walk(child, lines, depth)


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line (see module doc)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[str] = []
    if isinstance(root, Tag):
        _walk(root, lines, 0)
    out = [line.rstrip() for line in lines]
    cleaned = [line for i, line in enumerate(out)
               if line.strip() not in ("•",) and not (line == "" and (i == 0 or out[i - 1] == ""))]
    return nfc("\n".join(cleaned).strip())


def policy_text(raw: bytes, name: str) -> str:
    """The text the segmenter reads from a policy file's bytes."""
    text = decode_policy(raw, name)
    return html_to_text(text) if source_format(name) == "html" else text
