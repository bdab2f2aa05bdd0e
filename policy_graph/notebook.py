"""Notebooks: an ordered list of cells (Markdown notes and views with parameters).

Notebooks are immutable values; every edit returns a new notebook, which the
store saves.

>>> nb = Notebook(name="Demo").add("note", text="Hello").add("question", {"q": "payment?"})
>>> [c.type for c in nb.move(nb.cells[1].id, -1).cells]
['question', 'note']
"""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import Field

from .errors import UserInputError
from .models import Strict

__all__ = ["CELL_TYPES", "Cell", "CellType", "Notebook", "new_cell_id"]

CellType = Literal["note", "graph", "about_me", "compare", "search", "question"]
CELL_TYPES: tuple[CellType, ...] = ("note", "graph", "about_me", "compare", "search", "question")
CELL_TITLES: dict[str, str] = {
    "note": "Note", "graph": "Graph", "about_me": "What do you use about me?",
    "compare": "Compare", "search": "Search", "question": "Question",
}
MAX_NAME = 120
MAX_CELLS = 200
MAX_TEXT = 20_000


def new_cell_id() -> str:
    return secrets.token_hex(4)


class Cell(Strict):
    """One cell: a note (``text``) or a view (``params``)."""

    id: str = Field(default_factory=new_cell_id, pattern=r"^[A-Za-z0-9_-]{1,32}$")
    type: CellType
    text: str = Field(default="", max_length=MAX_TEXT)
    params: dict[str, str] = Field(default_factory=dict)


class Notebook(Strict):
    """A named notebook."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    description: str = Field(default="", max_length=MAX_TEXT)
    cells: list[Cell] = Field(default=[], max_length=MAX_CELLS)

    def _index(self, cell_id: str) -> int:
        for i, cell in enumerate(self.cells):
            if cell.id == cell_id:
                return i
        raise UserInputError(f"notebook {self.name!r} has no cell {cell_id!r}")

    def add(self, type: CellType, params: dict[str, str] | None = None, *, text: str = "",
            after: str | None = None) -> Notebook:
        """Append a cell (or insert it after the cell ``after``)."""
        if len(self.cells) >= MAX_CELLS:
            raise UserInputError(f"a notebook holds at most {MAX_CELLS} cells")
        cell = Cell(type=type, text=text, params=dict(params or {}))
        at = self._index(after) + 1 if after else len(self.cells)
        return self.model_copy(update={"cells": [*self.cells[:at], cell, *self.cells[at:]]})

    def update(self, cell_id: str, *, text: str | None = None,
               params: dict[str, str] | None = None) -> Notebook:
        i = self._index(cell_id)
        cell = self.cells[i]
        changed = Cell(id=cell.id, type=cell.type, text=cell.text if text is None else text,
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
        return Notebook(name=name, description=self.description, cells=self.cells)
