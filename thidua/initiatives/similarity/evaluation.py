"""Precision and recall of the duplicate flag on a synthetic test set with planted near-duplicates.

Every initiative of the set is used as a query against all the others; a pair is flagged when its score reaches the
threshold. The true pairs are a near-duplicate with its original, and two near-duplicates of the same original.
Precision = flagged true pairs / flagged pairs; recall = flagged true pairs / true pairs. ``mode="index"`` runs the
same queries through a persisted index (candidates from the postings, then exact scores), as a large database does.
"""

import tempfile
from dataclasses import dataclass
from pathlib import Path

from thidua.initiatives.similarity import index as idx
from thidua.initiatives.similarity.engine import DocText
from thidua.initiatives.similarity.thresholds import DUPLICATE_THRESHOLD
from thidua.initiatives.synthetic import SyntheticInitiative, evaluation_set


@dataclass(frozen=True)
class Evaluation:
    mode: str
    threshold: float
    documents: int
    true_pairs: int
    flagged: int
    true_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    def line(self) -> str:
        return (f"{self.mode}: {self.documents} initiatives, threshold {self.threshold:.2f}: precision "
                f"{self.precision:.3f}, recall {self.recall:.3f} ({self.true_positives} of {self.true_pairs} planted "
                f"pairs found, {self.flagged - self.true_positives} false alarms)")  # fmt: skip


def _text(item: SyntheticInitiative) -> DocText:
    return DocText(item.title, f"{item.problem_text} {item.solution_text}")


def _true_pairs(items: list[SyntheticInitiative]) -> set[tuple[int, int]]:
    root = {i.key: i.original if i.original is not None else i.key for i in items}
    by_root: dict[int, list[int]] = {}
    for key, r in root.items():
        by_root.setdefault(r, []).append(key)
    pairs = set()
    for keys in by_root.values():
        for a in keys:
            for b in keys:
                if a < b:
                    pairs.add((a, b))
    return pairs


def evaluate(items: list[SyntheticInitiative], *, threshold: float = DUPLICATE_THRESHOLD, mode: str = "memory",
             candidates: int = 100) -> Evaluation:  # fmt: skip
    texts = {i.key: _text(i) for i in items}
    flagged: set[tuple[int, int]] = set()
    with tempfile.TemporaryDirectory() as folder:
        if mode == "index":
            idx.build(((k, t, 0) for k, t in texts.items()), Path(folder) / "index")
            base = idx.PersistedIndex.load(Path(folder) / "index")
            idf = base.idf
        else:
            corpus = idx.MemoryCorpus()
            corpus.upsert((key, text, None) for key, text in texts.items())
            idf = corpus.current_idf()
        for key, text in texts.items():
            query, accented = idx.query_vectors(text, idf)
            if mode == "index":
                found = idx.search_persisted(base, query, accented, candidates=candidates, exclude={key},
                                             texts=lambda ids: {i: texts[i] for i in ids})  # fmt: skip
            else:
                found = corpus.search(query, accented, limit=len(texts), exclude={key})
            for scored in found:
                if scored.score >= threshold:
                    flagged.add((min(key, scored.id), max(key, scored.id)))
        if mode == "index":
            del base
    truth = _true_pairs(items)
    return Evaluation(mode=mode, threshold=threshold, documents=len(items), true_pairs=len(truth),
                      flagged=len(flagged), true_positives=len(flagged & truth))  # fmt: skip


def run(*, distinct: int = 220, duplicates: int = 80, seed: int = 2, threshold: float = DUPLICATE_THRESHOLD,
        modes=("memory", "index")) -> list[Evaluation]:  # fmt: skip
    items = evaluation_set(distinct=distinct, duplicates=duplicates, seed=seed)
    return [evaluate(items, threshold=threshold, mode=mode) for mode in modes]
