"""Notebooks: an ordered list of cells (Markdown notes and views with parameters).

Notebooks are immutable values; every edit returns a new notebook, which the
store saves.  Limits (refused with a message, never truncated): a notebook
name has at most ``MAX_NAME`` characters, a note ``MAX_TEXT``, a cell title
``MAX_TITLE``, a notebook ``MAX_CELLS`` cells.  Cell ids are unique within a
notebook: a repeated id (a hand-written or old file) is renumbered on reading.

One reader's action is an *edit* (:class:`AddCell`, :class:`UpdateCell`,
:class:`MoveCell`, :class:`DeleteCell`); :func:`apply_edit` applies it to the
newest notebook, knowing the one the reader saw, and refuses it with
:class:`EditConflict` when someone else changed what it depends on.

>>> nb = Notebook(name="Demo").add("note", text="Hello").add("question", {"q": "payment?"})
>>> [c.type for c in nb.move(nb.cells[1].id, -1).cells]
['question', 'note']
>>> [c.text for c in nb.add("note", text="first", at=0).cells][:2]
['first', 'Hello']
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field, model_validator

from .errors import UserInputError
from .models import Strict

__all__ = ["CELL_TYPES", "MAX_CELLS", "MAX_NAME", "MAX_TEXT", "MAX_TITLE", "AddCell", "Cell",
           "CellType", "DeleteCell", "Edit", "EditConflict", "MoveCell", "Notebook", "UpdateCell",
           "apply_edit", "changed_params", "check_name", "check_text", "check_title",
           "describe_changes", "new_cell_id", "unique_ids"]

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


def unique_ids(cells: list[Cell]) -> list[Cell]:
    """``cells`` with every repeated id renumbered ``<id>-2``, ``<id>-3``… (the first
    keeps it).  Deterministic, so a notebook read twice has the same ids twice.

    >>> [c.id for c in unique_ids([Cell(id="a", type="note"), Cell(id="a", type="note"),
    ...                            Cell(id="a-2", type="note")])]
    ['a', 'a-3', 'a-2']
    """
    taken = {cell.id for cell in cells}
    seen: set[str] = set()
    out = []
    for cell in cells:
        if cell.id in seen:
            n = 2
            while (fresh := f"{cell.id[:31 - len(str(n))]}-{n}") in taken:
                n += 1
            taken.add(fresh)
            cell = cell.model_copy(update={"id": fresh})
        seen.add(cell.id)
        out.append(cell)
    return out


class Notebook(Strict):
    """A named notebook."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    description: str = Field(default="", max_length=MAX_TEXT)
    cells: list[Cell] = Field(default=[], max_length=MAX_CELLS)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Notebook:
        # Widget keys are made of cell ids: two cells with one id would break the page
        # for every reader, so a repeated id (an old or hand-edited body) is renumbered.
        if len({c.id for c in self.cells}) < len(self.cells):
            object.__setattr__(self, "cells", unique_ids(self.cells))
        return self

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


# --- edits: one reader's action, applied on the newest notebook -----------------------

class EditConflict(UserInputError):
    """Someone else changed what an edit depends on since the reader saw it."""


@dataclass(frozen=True)
class AddCell:
    """Insert ``cell`` (at the end, at index ``at``, or after the cell ``after``).  A pure
    addition: never refused as stale, so two readers adding at once keep both cells."""

    cell: Cell
    after: str | None = None
    at: int | None = None


@dataclass(frozen=True)
class UpdateCell:
    """Change a cell's title, text and/or some view parameters (a ``None`` value
    removes one).  ``before`` is the cell as the reader's change started from: only
    the fields given are written, and only if nobody changed those since."""

    cell_id: str
    before: Cell
    title: str | None = None
    text: str | None = None
    params: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class MoveCell:
    """Move a cell ``step`` places (relative to the order the reader saw)."""

    cell_id: str
    step: int


@dataclass(frozen=True)
class DeleteCell:
    """Delete a cell (the store puts it in the trash)."""

    cell_id: str


Edit = AddCell | UpdateCell | MoveCell | DeleteCell


def _label(notebook: Notebook, cell_id: str) -> str:
    """“cell 2 (Findings)”, for messages."""
    i = notebook._index(cell_id)
    return f"cell {i + 1} ({notebook.cells[i].heading})"


def describe_changes(before: Notebook, after: Notebook) -> list[str]:
    """What changed from ``before`` to ``after``, in words, for a refused save.

    >>> a = Notebook(name="N").add("note", text="x").add("note", text="y")
    >>> describe_changes(a, a.update(a.cells[1].id, text="z").add("search"))
    ['1 cell added', 'cell 2 (Note) edited']
    >>> describe_changes(a, a.move(a.cells[1].id, -1).renamed("M"))
    ['renamed to “M”', 'cells reordered']
    """
    out = []
    if after.name != before.name:
        out.append(f"renamed to “{after.name}”")
    old = {c.id: c for c in before.cells}
    new = {c.id: c for c in after.cells}
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    if added:
        out.append(f"{added} cell{'s' if added > 1 else ''} added")
    if removed:
        out.append(f"{removed} cell{'s' if removed > 1 else ''} deleted")
    kept_old = [i for i in old if i in new]
    kept_new = [i for i in new if i in old]
    if kept_old != kept_new:
        out.append("cells reordered")
    out += [f"{_label(after, i)} edited" for i in kept_new if new[i] != old[i]]
    if after.description != before.description:
        out.append("description edited")
    return out


def changed_params(shown: Mapping[str, str], now: Mapping[str, str]) -> dict[str, str | None]:
    """The view parameters a reader changed: new values, ``None`` for one removed.

    >>> changed_params({"q": "a", "lang": "nb"}, {"q": "b", "policy": "x"})
    {'q': 'b', 'policy': 'x', 'lang': None}
    """
    out: dict[str, str | None] = {k: v for k, v in now.items() if shown.get(k) != v}
    out.update({k: None for k in shown if k not in now})
    return out


def _stale(name: str, action: str, before: Notebook, current: Notebook) -> EditConflict:
    what = "; ".join(describe_changes(before, current)) or "it was saved again"
    return EditConflict(f"“{name}” was changed by someone else since this page was drawn ({what}), "
                        f"so {action} was not done. The page now shows the newest version: "
                        "look, then try again.")


def _update(current: Notebook, edit: UpdateCell) -> Notebook:
    if not any(c.id == edit.cell_id for c in current.cells):
        raise EditConflict("Someone else deleted this cell after you started editing it, so your "
                           "version was not saved (it may be in the Trash).")
    cell = current.cell(edit.cell_id)
    clashes = []
    if edit.title is not None and cell.title != edit.before.title:
        clashes.append("its title")
    if edit.text is not None and cell.text != edit.before.text:
        clashes.append("its text")
    keys = sorted(k for k in edit.params if cell.params.get(k) != edit.before.params.get(k))
    if keys:
        clashes.append("its view setting" + ("s " if len(keys) > 1 else " ") + ", ".join(keys))
    if clashes:
        raise EditConflict(f"Someone else saved this cell after you started editing it (they "
                           f"changed {' and '.join(clashes)}), so your version was not saved.")
    params = None
    if edit.params:
        merged = {**cell.params, **edit.params}
        params = {k: v for k, v in merged.items() if v is not None}
    return current.update(edit.cell_id, title=edit.title, text=edit.text, params=params)


def apply_edit(current: Notebook, edit: Edit, seen: Notebook | None = None) -> Notebook:
    """``edit`` applied to the newest notebook ``current``; ``seen`` is the one the
    reader acted on (``None``: the same).  An addition is always re-applied; a cell
    update only clashes on the fields it writes; a move or a deletion is refused when
    the notebook's cells changed under it.

    >>> nb = Notebook(name="N").add("note", text="a")
    >>> theirs = nb.add("note", text="b")  # someone added a cell meanwhile
    >>> [c.text for c in apply_edit(theirs, AddCell(Cell(type="note", text="c")), nb).cells]
    ['a', 'b', 'c']
    >>> try:
    ...     apply_edit(theirs, MoveCell(nb.cells[0].id, 1), nb)
    ... except EditConflict as exc:
    ...     print(str(exc)[:60])
    “N” was changed by someone else since this page was drawn (1
    """
    seen = current if seen is None else seen
    if isinstance(edit, AddCell):
        if edit.after and not any(c.id == edit.after for c in current.cells):
            return current.insert(edit.cell)  # the cell it was to follow is gone: the end
        return current.insert(edit.cell, after=edit.after, at=edit.at)
    if isinstance(edit, UpdateCell):
        return _update(current, edit)
    if [c.id for c in current.cells] != [c.id for c in seen.cells]:
        raise _stale(current.name, "the move" if isinstance(edit, MoveCell) else "the deletion",
                     seen, current)
    if isinstance(edit, MoveCell):
        return current.move(edit.cell_id, edit.step)
    if current.cell(edit.cell_id) != seen.cell(edit.cell_id):
        raise _stale(current.name, "the deletion", seen, current)
    return current.delete(edit.cell_id)
