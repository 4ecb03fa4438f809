"""The edition diff: what a Fortschreibung changed compared with an earlier edition.

Items of the two editions are matched by (model, ``key``). Each item is added, removed,
changed (a compared field differs), moved (another field of action, or another place
among its siblings) or unchanged; changed and moved can come together. Text fields get a
word-level diff as safe HTML, short fields an old → new pair of display values.

``edition_diff`` only reads, in a fixed number of queries however large the editions are.
"""

import dataclasses
import datetime
import decimal
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from typing import Any

from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from teilhabe.core.templatetags.teilhabe import euro

from .models import (
    Edition,
    FieldOfAction,
    Goal,
    Lineage,
    Measure,
    Objective,
    Principle,
    Section,
)
from .selectors import edition_tree

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"
UNCHANGED = "unchanged"

#: Fields compared as running text: they get a word-level diff.
TEXT_FIELDS = frozenset(
    {"title", "text", "description", "introduction", "target_groups", "source_note"}
)
#: Edition-level fields compared.
EDITION_FIELDS = ("title", "introduction")

# --- word-level diff ---------------------------------------------------------------------

#: Words, runs of whitespace, and single punctuation characters.
TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall((text or "").replace("\r\n", "\n"))


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes with whitespace-only matches between two changes absorbed.

    Without this, replacing "a b c" by "x y z" reads as three separate replacements
    around two unchanged blanks.
    """
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[tuple[str, int, int, int, int]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        if (
            tag == "equal"
            and 0 < index < len(ops) - 1
            and all(token.isspace() for token in old[i1:i2])
        ):
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            previous = merged[-1]
            merged[-1] = ("replace", previous[1], i2, previous[3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _escaped(tokens: list[str]) -> str:
    return str(escape("".join(tokens))).replace("\n", "<br>\n")


def _deleted(text: str) -> str:
    prefix = escape(_("removed: "))
    return f'<del class="diff-del"><span class="visually-hidden">{prefix}</span>{text}</del>'


def _inserted(text: str) -> str:
    prefix = escape(_("inserted: "))
    return f'<ins class="diff-ins"><span class="visually-hidden">{prefix}</span>{text}</ins>'


def word_diff_html(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as HTML: removed runs in ``<del>``, inserted ones in ``<ins>``.

    Every piece of user text is escaped; line breaks become ``<br>``.
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_tokens, new_tokens):
        if tag == "equal":
            parts.append(_escaped(old_tokens[i1:i2]))
            continue
        if i2 > i1:
            parts.append(_deleted(_escaped(old_tokens[i1:i2])))
        if j2 > j1:
            parts.append(_inserted(_escaped(new_tokens[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - all user text is escaped above


# --- result types ------------------------------------------------------------------------


@dataclasses.dataclass
class FieldChange:
    """One compared field that differs. ``html`` is the word diff of a text field."""

    name: str
    label: str
    old: Any
    new: Any
    old_display: str
    new_display: str
    html: SafeString | None = None

    @property
    def is_text(self) -> bool:
        return self.html is not None


@dataclasses.dataclass
class LineageNote:
    """What became of a removed measure, or where an added (or merged) one comes from."""

    kind: str
    text: str
    reason: str = ""


@dataclasses.dataclass
class ItemDiff:
    """One tree item matched across the two editions by its key."""

    kind: str  # the model name: principle, section, fieldofaction, goal, objective, measure
    key: str
    old: Any = None
    new: Any = None
    changes: list[FieldChange] = dataclasses.field(default_factory=list)
    moved: bool = False
    #: Title of the field of action the item was in before, when it moved to another one.
    moved_from: str = ""
    lineage: list[LineageNote] = dataclasses.field(default_factory=list)

    @property
    def item(self) -> Any:
        return self.new if self.new is not None else self.old

    @property
    def title(self) -> str:
        return str(self.item.title)

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved)

    @property
    def notable(self) -> bool:
        """Worth showing among the changes: not unchanged, or with a lineage note."""
        return not self.unchanged or bool(self.lineage)

    @property
    def states(self) -> list[str]:
        """``added``, ``removed``, or any of ``changed`` and ``moved``; else ``unchanged``."""
        if self.added:
            return [ADDED]
        if self.removed:
            return [REMOVED]
        states = [s for s, flag in ((CHANGED, self.changed), (MOVED, self.moved)) if flag]
        return states or [UNCHANGED]

    @property
    def status(self) -> str:
        return self.states[0]

    @property
    def badges(self) -> list[tuple[str, str]]:
        """(state, translated label) pairs for the page."""
        return [(state, state_label(state)) for state in self.states]


def state_label(state: str) -> str:
    labels = {
        ADDED: _("added"),
        REMOVED: _("removed"),
        CHANGED: _("changed"),
        MOVED: _("moved"),
        UNCHANGED: _("unchanged"),
    }
    return labels[state]


@dataclasses.dataclass
class FieldDiff:
    """A field of action with its goals, objectives and measures.

    Children are grouped under the field they are in in the new edition; removed ones
    under their old field.
    """

    item_diff: ItemDiff
    goals: list[ItemDiff] = dataclasses.field(default_factory=list)
    objectives: list[ItemDiff] = dataclasses.field(default_factory=list)
    measures: list[ItemDiff] = dataclasses.field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[ItemDiff]]]:
        """(verbose name plural, items) of the non-empty child lists, for the page."""
        groups = (
            (Goal._meta.verbose_name_plural, self.goals),
            (Objective._meta.verbose_name_plural, self.objectives),
            (Measure._meta.verbose_name_plural, self.measures),
        )
        return [(str(label), items) for label, items in groups if items]

    def items(self) -> Iterator[ItemDiff]:
        yield self.item_diff
        yield from self.goals
        yield from self.objectives
        yield from self.measures

    @property
    def has_changes(self) -> bool:
        return any(item.notable for item in self.items())


@dataclasses.dataclass
class EditionDiff:
    old: Edition
    new: Edition
    edition_changes: list[FieldChange]
    principles: list[ItemDiff]
    sections: list[ItemDiff]
    fields: list[FieldDiff]
    #: Totals of ``added``, ``removed``, ``changed``, ``moved`` and ``unchanged`` items.
    counts: dict[str, int]

    def items(self) -> Iterator[ItemDiff]:
        yield from self.principles
        yield from self.sections
        for field_diff in self.fields:
            yield from field_diff.items()

    @property
    def has_changes(self) -> bool:
        return bool(self.edition_changes) or any(item.notable for item in self.items())

    def without_unchanged(self) -> "EditionDiff":
        """The same diff with only notable items (a field stays if a child is notable)."""

        def keep(items: list[ItemDiff]) -> list[ItemDiff]:
            return [item for item in items if item.notable]

        return dataclasses.replace(
            self,
            principles=keep(self.principles),
            sections=keep(self.sections),
            fields=[
                FieldDiff(
                    item_diff=f.item_diff,
                    goals=keep(f.goals),
                    objectives=keep(f.objectives),
                    measures=keep(f.measures),
                )
                for f in self.fields
                if f.has_changes
            ],
        )


# --- comparing items ---------------------------------------------------------------------

#: A snapshot maps each compared field to (comparison value, display value).
Snapshot = dict[str, tuple[Any, str]]


def display(value: Any) -> str:
    """A value as the diff shows it: ``28.11.2024``, ``1.000 €``, ``ja``/``nein``."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, decimal.Decimal):
        return euro(value)
    return str(value)


def _plain(item: Any, *names: str) -> Snapshot:
    return {name: (getattr(item, name), display(getattr(item, name))) for name in names}


def _related(objects: list[Any], attr: str = "key", label: str = "title") -> tuple[Any, str]:
    """A to-many relation compared by ``attr`` (as a set) and shown by ``label``."""
    return (
        tuple(sorted(getattr(o, attr) for o in objects)),
        ", ".join(str(getattr(o, label)) for o in objects),
    )


def _snapshot_measure(measure: Measure) -> Snapshot:
    snapshot = _plain(measure, *Measure.CONTENT_FIELDS)
    snapshot["objectives"] = _related(list(measure.objectives.all()))
    lead = measure.lead_actor.name if measure.lead_actor is not None else ""
    snapshot["lead_actor"] = (lead, lead)
    snapshot["partner_actors"] = _related(list(measure.partner_actors.all()), "name", "name")
    snapshot["status"] = (measure.status, measure.get_status_display() if measure.status else "")
    snapshot |= _plain(measure, "is_focus", "source_note")
    return snapshot


def _snapshot_objective(objective: Objective) -> Snapshot:
    return _plain(objective, "title", "description") | {
        "goals": _related(list(objective.goals.all()))
    }


SNAPSHOTS: dict[type[models.Model], Callable[[Any], Snapshot]] = {
    Principle: lambda item: _plain(item, "title", "text"),
    Section: lambda item: _plain(item, "title", "text"),
    FieldOfAction: lambda item: _plain(item, "title", "description", "cross_cutting"),
    Goal: lambda item: _plain(item, "title", "description"),
    Objective: _snapshot_objective,
    Measure: _snapshot_measure,
    Edition: lambda item: _plain(item, *EDITION_FIELDS),
}


def _changes(model: type[models.Model], old: Snapshot, new: Snapshot) -> list[FieldChange]:
    changes = []
    for name, (old_value, old_display) in old.items():
        new_value, new_display = new[name]
        if old_value == new_value:
            continue
        changes.append(
            FieldChange(
                name=name,
                label=str(getattr(model._meta.get_field(name), "verbose_name", name)),
                old=old_value,
                new=new_value,
                old_display=old_display,
                new_display=new_display,
                html=word_diff_html(old_value or "", new_value or "")
                if name in TEXT_FIELDS
                else None,
            )
        )
    return changes


def _stable_keys(old_order: list[str], new_order: list[str]) -> set[str]:
    """The keys in a longest common subsequence of two orders of the same keys.

    As both hold the same keys once each, the LCS is the longest increasing subsequence
    of the old positions taken in the new order (patience sorting, O(n log n)).
    """
    position = {key: index for index, key in enumerate(old_order)}
    sequence = [position[key] for key in new_order]
    tails: list[int] = []  # the smallest last value of an increasing run of each length
    tail_index: list[int] = []
    previous = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        length = bisect_left(tails, value)
        if length:
            previous[index] = tail_index[length - 1]
        if length == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[length] = value
            tail_index[length] = index
    stable: set[str] = set()
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        stable.add(new_order[index])
        index = previous[index]
    return stable


Entry = tuple[Any, str | None]  # (item, key of its parent field or None)


def _diff_level(
    model: type[models.Model],
    old_entries: list[Entry],
    new_entries: list[Entry],
    old_parent_titles: dict[str, str],
) -> dict[str | None, list[ItemDiff]]:
    """Diff one kind of item; the result is grouped by parent key (new parent if present).

    Within a group the items come in the new order, each removed one right after the
    item that preceded it in the old edition.
    """
    kind = model._meta.model_name or ""
    snapshot = SNAPSHOTS[model]
    old_by_key = {item.key: (item, parent) for item, parent in old_entries}
    new_by_key = {item.key: (item, parent) for item, parent in new_entries}

    groups: dict[str | None, list[ItemDiff]] = defaultdict(list)
    for item, parent in new_entries:
        diff = ItemDiff(kind=kind, key=item.key, new=item)
        if item.key in old_by_key:
            old_item, old_parent = old_by_key[item.key]
            diff.old = old_item
            diff.changes = _changes(model, snapshot(old_item), snapshot(item))
            if old_parent != parent:
                diff.moved = True
                diff.moved_from = old_parent_titles.get(old_parent or "", "")
        groups[parent].append(diff)

    # Order among siblings: only items outside a longest common subsequence moved.
    for parent, siblings in groups.items():
        new_order = [d.key for d in siblings if d.old is not None and not d.moved]
        old_order = [
            item.key
            for item, old_parent in old_entries
            if old_parent == parent and item.key in new_by_key and new_by_key[item.key][1] == parent
        ]
        stable = _stable_keys(old_order, new_order)
        for diff in siblings:
            if diff.old is not None and not diff.moved and diff.key not in stable:
                diff.moved = True

    old_siblings: dict[str | None, list[str]] = defaultdict(list)
    for item, parent in old_entries:
        if item.key not in new_by_key:
            group = groups[parent]
            placed = {d.key: i for i, d in enumerate(group)}
            before = next((k for k in reversed(old_siblings[parent]) if k in placed), None)
            group.insert(
                0 if before is None else placed[before] + 1, ItemDiff(kind, item.key, old=item)
            )
        old_siblings[parent].append(item.key)
    return groups


def _lineage_notes(measures: dict[str | None, list[ItemDiff]], links: list[Lineage]) -> None:
    """Attach to each measure what its lineage says about it."""
    links = [
        link
        for link in links
        if not link.predecessor.is_deleted
        and (link.successor is None or not link.successor.is_deleted)
    ]
    origins: dict[int, list[Lineage]] = defaultdict(list)
    fates: dict[int, list[Lineage]] = defaultdict(list)
    for link in links:
        fates[link.predecessor_id].append(link)
        if link.successor_id is not None:
            origins[link.successor_id].append(link)

    fate_texts: dict[str, str] = {
        Lineage.Kind.MERGED: _("Merged into “%(title)s”"),
        Lineage.Kind.SPLIT: _("Split into “%(title)s”"),
        Lineage.Kind.CONTINUED: _("Continued as “%(title)s”"),
    }
    origin_texts: dict[str, str] = {
        Lineage.Kind.MERGED: _("Merged from “%(title)s”"),
        Lineage.Kind.SPLIT: _("Split from “%(title)s”"),
        Lineage.Kind.CONTINUED: _("Continues “%(title)s”"),
    }

    for group in measures.values():
        for diff in group:
            notes = diff.lineage
            if diff.new is None:
                for link in fates.get(diff.old.pk, []):
                    if link.successor is None:
                        notes.append(LineageNote(link.kind, _("Dropped"), link.reason))
                    else:
                        text = fate_texts[link.kind] % {"title": link.successor.title}
                        notes.append(LineageNote(link.kind, text, link.reason))
                continue
            for link in origins.get(diff.new.pk, []):
                if link.predecessor.key != diff.key:
                    text = origin_texts[link.kind] % {"title": link.predecessor.title}
                    notes.append(LineageNote(link.kind, text, link.reason))
                elif link.kind == Lineage.Kind.SPLIT:
                    for other in fates[link.predecessor_id]:
                        if other.successor is not None and other.successor_id != diff.new.pk:
                            text = fate_texts[other.kind] % {"title": other.successor.title}
                            notes.append(LineageNote(other.kind, text, other.reason))


def edition_diff(old: Edition, new: Edition) -> EditionDiff:
    """Compare ``new`` with ``old`` (usually its predecessor). Read only; callers check access."""
    old_tree, new_tree = edition_tree(old), edition_tree(new)
    links = list(
        Lineage.objects.filter(edition=new, predecessor__edition=old)
        .select_related("predecessor", "successor")
        .order_by("id")
    )

    def top(items: list[Any]) -> list[Entry]:
        return [(item, None) for item in items]

    principles = _diff_level(Principle, top(old_tree.principles), top(new_tree.principles), {})[
        None
    ]
    sections = _diff_level(Section, top(old_tree.sections), top(new_tree.sections), {})[None]
    fields = _diff_level(
        FieldOfAction,
        top([n.field for n in old_tree.fields]),
        top([n.field for n in new_tree.fields]),
        {},
    )[None]
    old_titles = {n.field.key: n.field.title for n in old_tree.fields}

    def children(tree: Any, attr: str) -> list[Entry]:
        return [(item, node.field.key) for node in tree.fields for item in getattr(node, attr)]

    grouped = {
        attr: _diff_level(model, children(old_tree, attr), children(new_tree, attr), old_titles)
        for attr, model in (("goals", Goal), ("objectives", Objective), ("measures", Measure))
    }
    _lineage_notes(grouped["measures"], links)

    field_diffs = [
        FieldDiff(
            item_diff=field_diff,
            goals=grouped["goals"].get(field_diff.key, []),
            objectives=grouped["objectives"].get(field_diff.key, []),
            measures=grouped["measures"].get(field_diff.key, []),
        )
        for field_diff in fields
    ]
    # Removed fields come last (their position among the new ones has no meaning).
    field_diffs.sort(key=lambda f: f.item_diff.removed)

    result = EditionDiff(
        old=old,
        new=new,
        edition_changes=_changes(Edition, SNAPSHOTS[Edition](old), SNAPSHOTS[Edition](new)),
        principles=principles,
        sections=sections,
        fields=field_diffs,
        counts={},
    )
    counts = dict.fromkeys((ADDED, REMOVED, CHANGED, MOVED, UNCHANGED), 0)
    for item in result.items():
        for state in item.states:
            counts[state] += 1
    result.counts = counts
    return result
