"""Notebooks: an ordered list of cells (Markdown notes and views with parameters).

Notebooks are immutable values; every edit returns a new notebook, which the
store saves.  Limits (refused with a message, never truncated): a notebook
name has at most ``MAX_NAME`` characters, a note ``MAX_TEXT``, a cell title
``MAX_TITLE``, a notebook ``MAX_CELLS`` cells.

>>> nb = Notebook(name="Demo").add("note", text="Hello").add("question", {"q": "payment?"})
>>> [c.type for c in nb.move(nb.cells[1].id, -1).cells]
['question', 'note']
>>> [c.text for c in nb.add("note", text="first", at=0).cells][:2]
['first', 'Hello']
"""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import Field

from .errors import UserInputError
from .models import Strict

__all__ = ["CELL_TYPES", "MAX_CELLS", "MAX_NAME", "MAX_TEXT", "MAX_TITLE", "Cell", "CellType",
           "Notebook", "check_name", "check_text", "check_title", "new_cell_id"]

CellType = Literal["note", "graph", "about_me", "compare", "search", "question", "quiz"]
CELL_TYPES: tuple[CellType, ...] = ("note", "graph", "about_me", "compare", "search", "question",
                                   "quiz")
CELL_TITLES: dict[str, str] = {
    "note": "Note", "graph": "Graph", "about_me": "What do you use about me?",
    "compare": "Compare", "search": "Search", "question": "Question", "quiz": "Quiz",
}
MAX_NAME = 120
MAX_CELLS = 200
MAX_TEXT = 100_000
MAX_TITLE = 200


def new_cell_id() -> str:
    return secrets.token_hex(4)


def check_name(name: str) -> str:
    """A notebook name, stripped, or a ``UserInputError`` saying what is wrong.

    >>> check_name("  Review ")
    'Review'
    >>> check_name("x" * 121)
    Traceback (most recent call last):
    ...
    policy_graph.errors.UserInputError: A notebook name can be at most 120 characters; this one has 121.
    """
    name = name.strip()
    if not name:
        raise UserInputError("A notebook needs a name.")
    if len(name) > MAX_NAME:
        raise UserInputError(f"A notebook name can be at most {MAX_NAME} characters; "
                             f"this one has {len(name)}.")
    if any(ch in name for ch in "\n\r\t\x00"):
        raise UserInputError("A notebook name must fit on one line.")
    return name


def check_text(text: str) -> str:
    """A note's text, or a ``UserInputError`` when it is over ``MAX_TEXT`` characters."""
    if len(text) > MAX_TEXT:
        raise UserInputError(f"A note can be at most {MAX_TEXT:,} characters; this one has "
                             f"{len(text):,}. Shorten it or split it into two notes.")
    return text


def check_title(title: str) -> str:
    """A cell title, stripped, or a ``UserInputError`` when it is too long."""
    title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        raise UserInputError(f"A cell title can be at most {MAX_TITLE} characters; "
                             f"this one has {len(title)}.")
    return title


class Cell(Strict):
    """One cell: a note (``text``) or a view (``params``), with an optional title."""

    id: str = Field(default_factory=new_cell_id, pattern=r"^[A-Za-z0-9_-]{1,32}$")
    type: CellType
    title: str = Field(default="", max_length=MAX_TITLE)
    text: str = Field(default="", max_length=MAX_TEXT)
    params: dict[str, str] = Field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The cell's title, or the name of its kind."""
        return self.title or CELL_TITLES[self.type]


class Notebook(Strict):
    """A named notebook."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    description: str = Field(default="", max_length=MAX_TEXT)
    cells: list[Cell] = Field(default=[], max_length=MAX_CELLS)

    def _index(self, cell_id: str) -> int:
        for i, cell in enumerate(self.cells):
            if cell.id == cell_id:
                return i
        raise UserInputError(f"notebook “{self.name}” has no cell {cell_id!r}")

    def cell(self, cell_id: str) -> Cell:
        return self.cells[self._index(cell_id)]

    def add(self, type: CellType, params: dict[str, str] | None = None, *, text: str = "",
            title: str = "", after: str | None = None, at: int | None = None) -> Notebook:
        """Append a cell, or insert it after the cell ``after``, or at index ``at``."""
        return self.insert(Cell(type=type, text=check_text(text), title=check_title(title),
                                params=dict(params or {})), after=after, at=at)

    def insert(self, cell: Cell, *, after: str | None = None, at: int | None = None) -> Notebook:
        """Insert an existing cell (a new id is given if this notebook already has its id)."""
        if len(self.cells) >= MAX_CELLS:
            raise UserInputError(f"a notebook holds at most {MAX_CELLS} cells")
        if any(c.id == cell.id for c in self.cells):
            cell = cell.model_copy(update={"id": new_cell_id()})
        if after:
            where = self._index(after) + 1
        elif at is not None:
            where = max(0, min(len(self.cells), at))
        else:
            where = len(self.cells)
        return self.model_copy(update={"cells": [*self.cells[:where], cell, *self.cells[where:]]})

    def update(self, cell_id: str, *, text: str | None = None,
               params: dict[str, str] | None = None, title: str | None = None) -> Notebook:
        i = self._index(cell_id)
        cell = self.cells[i]
        changed = Cell(id=cell.id, type=cell.type,
                       title=cell.title if title is None else check_title(title),
                       text=cell.text if text is None else check_text(text),
                       params=cell.params if params is None else dict(params))
        return self.model_copy(update={"cells": [*self.cells[:i], changed, *self.cells[i + 1:]]})

    def move(self, cell_id: str, step: int) -> Notebook:
        i = self._index(cell_id)
        j = max(0, min(len(self.cells) - 1, i + step))
        cells = list(self.cells)
        cells.insert(j, cells.pop(i))
        return self.model_copy(update={"cells": cells})

    def delete(self, cell_id: str) -> Notebook:
        i = self._index(cell_id)
        return self.model_copy(update={"cells": [*self.cells[:i], *self.cells[i + 1:]]})

    def renamed(self, name: str) -> Notebook:
        return Notebook(name=check_name(name), description=self.description, cells=self.cells)
