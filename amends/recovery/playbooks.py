"""Choosing a playbook for a case (by persona and by what went wrong)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLAYBOOKS_FILE = Path(__file__).with_name("playbooks.toml")


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    guidance: str


@dataclass(frozen=True)
class Playbook:
    name: str
    personas: tuple[str, ...]
    issues: tuple[str, ...]
    steps: tuple[Step, ...]

    def specificity(self, persona: str | None, issues: list[str]) -> int | None:
        """None when it does not apply; higher is a closer fit (persona outweighs issue)."""
        score = 0
        if self.personas:
            if persona not in self.personas:
                return None
            score += 2
        if self.issues:
            if not set(self.issues) & set(issues):
                return None
            score += 1
        return score


@lru_cache(maxsize=4)
def load_playbooks(path: str = str(PLAYBOOKS_FILE)) -> tuple[Playbook, ...]:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    library = {key: Step(key, raw["title"], raw.get("guidance", ""))
               for key, raw in data.get("steps", {}).items()}
    books = []
    for raw in data.get("playbooks", []):
        unknown = [k for k in raw["steps"] if k not in library]
        if unknown:
            raise ValueError(f"playbook {raw['name']!r} names unknown steps {unknown}")
        books.append(Playbook(raw["name"], tuple(raw.get("personas", [])),
                              tuple(raw.get("issues", [])),
                              tuple(library[k] for k in raw["steps"])))
    if not any(b.name == "standard" for b in books):
        raise ValueError("the playbooks file needs a 'standard' playbook as the fallback")
    return tuple(books)


def choose_playbook(persona: str | None, issues: list[str]) -> Playbook:
    """The most specific applicable playbook; ties go to the one listed first."""
    best: tuple[int, Playbook] | None = None
    for book in load_playbooks():
        score = book.specificity(persona, issues)
        if score is not None and (best is None or score > best[0]):
            best = (score, book)
    assert best is not None  # "standard" matches everything
    return best[1]
