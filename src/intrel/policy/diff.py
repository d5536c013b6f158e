"""Two framework files side by side: their parameters and rules, by path.

``intrel policy diff A B`` prints this. The files are compared as validated (defaults filled
in), so a file that writes ``enabled: true`` and one that leaves it out do not differ. Lists of
objects that carry an ``id`` (clauses, routes, rules) or a ``code`` (portfolios, a rule's
actions) are matched by it, not by position: ``rules[sol-2].params.initiators``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from intrel.policy.framework import Framework

Leaves = dict[str, Any]


def _key_of(items: list[Any]) -> str | None:
    """The key a list of objects is matched by (``id`` or ``code``), or None for a value."""
    for key in ("id", "code"):
        if items and all(isinstance(i, dict) and isinstance(i.get(key), str) for i in items):
            values = [i[key] for i in items]
            if len(set(values)) == len(values):
                return key
    return None


def _flatten(value: Any, path: str, out: Leaves, nodes: Leaves) -> None:
    if isinstance(value, dict) and value:
        nodes[path] = value
        for name, item in value.items():
            _flatten(item, f"{path}.{name}" if path else name, out, nodes)
        return
    if isinstance(value, list) and (key := _key_of(value)) is not None:
        nodes[path] = value
        for item in value:
            _flatten(item, f"{path}[{item[key]}]", out, nodes)
        return
    out[path] = value


def _paths(framework: Framework) -> tuple[Leaves, Leaves]:
    """The file's values by path (``leaves``) and its objects and keyed lists (``nodes``)."""
    leaves: Leaves = {}
    nodes: Leaves = {}
    _flatten(framework.spec.model_dump(mode="json"), "", leaves, nodes)
    return leaves, nodes


def _inside(path: str, parents: set[str]) -> bool:
    return any(path.startswith((f"{q}.", f"{q}[")) for q in parents if q != path)


def _top(paths: set[str], shown: set[str]) -> list[str]:
    """The paths not inside another path of ``paths`` or of ``shown``: a rule only in one
    file is one line."""
    return sorted(p for p in paths if not _inside(p, paths | shown))


@dataclass(frozen=True)
class FrameworkDiff:
    a: Framework
    b: Framework
    only_in_a: list[str]
    only_in_b: list[str]
    changed: list[tuple[str, Any, Any]]

    @property
    def same(self) -> bool:
        return not (self.only_in_a or self.only_in_b or self.changed)

    def to_text(self) -> str:
        """The diff as the command prints it: three sections, one path a line."""

        def show(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False)

        lines = [
            f"A: {self.a.id} version {self.a.version}",
            f"B: {self.b.id} version {self.b.version}",
        ]
        if self.same:
            lines.append("no differences in parameters or rules")
            return "\n".join(lines) + "\n"
        lines += ["", f"only in A ({len(self.only_in_a)}):"]
        lines += [f"  {p}" for p in self.only_in_a]
        lines += ["", f"only in B ({len(self.only_in_b)}):"]
        lines += [f"  {p}" for p in self.only_in_b]
        lines += ["", f"changed ({len(self.changed)}):"]
        for path, old, new in self.changed:
            lines += [f"  {path}", f"    A: {show(old)}", f"    B: {show(new)}"]
        return "\n".join(lines) + "\n"


def framework_diff(a: Framework, b: Framework) -> FrameworkDiff:
    """What differs between the files of ``a`` and ``b`` (parameters, rules, texts), by path."""
    leaves_a, nodes_a = _paths(a)
    leaves_b, nodes_b = _paths(b)
    values_a = {**nodes_a, **leaves_a}
    values_b = {**nodes_b, **leaves_b}
    # A value that differs, or a value in one file where the other has an object or a keyed
    # list (an empty list beside a list of rules): shown whole, on both sides.
    mixed = (set(leaves_a) & set(nodes_b)) | (set(nodes_a) & set(leaves_b))
    changed_paths = {p for p in set(leaves_a) & set(leaves_b) if leaves_a[p] != leaves_b[p]}
    changed_paths |= mixed
    changed_paths = {p for p in changed_paths if not _inside(p, mixed)}
    return FrameworkDiff(
        a=a,
        b=b,
        only_in_a=_top(set(values_a) - set(values_b), mixed),
        only_in_b=_top(set(values_b) - set(values_a), mixed),
        changed=[(p, values_a[p], values_b[p]) for p in sorted(changed_paths)],
    )
