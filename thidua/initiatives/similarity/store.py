"""The initiatives' similarity search in this process: a persisted index plus the rows changed since it was built.

- A persisted index (``build_initiative_index``; folder ``settings.THIDUA_INITIATIVE_INDEX_DIR``, by default
  ``VAR_DIR/initiative-index``) covers the submitted initiatives up to its build. Each search first asks the database
  for rows changed since then (``updated_at``, indexed) and keeps their full vectors in memory (the delta), so a new
  submission is searchable at once, without a rebuild. Every process notices a rebuilt index (its ``meta.json``
  changes) and switches to it.
- Without a persisted index, a small installation (up to ``THIDUA_SIMILARITY_MEMORY_LIMIT`` submitted initiatives,
  5,000 by default) keeps every initiative in memory and compares with all of them: nothing to build or run. Past
  that number the index is built automatically on first use (seconds for tens of thousands); a national database
  builds it with the command, e.g. nightly.

Candidates from the index are scored from their current text in the database, so an edited or deleted initiative
never shows stale content.
"""

import datetime
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.dateparse import parse_datetime

from thidua.initiatives.choices import InitiativeStatus
from thidua.initiatives.similarity import index as idx
from thidua.initiatives.similarity.engine import DocText

logger = logging.getLogger(__name__)

CANDIDATES = 100  # candidates from the persisted index scored exactly
SAFETY_MARGIN = datetime.timedelta(minutes=5)  # rows committed late with an earlier updated_at are still caught
RESCAN_SECONDS = 10.0  # how often the look back over SAFETY_MARGIN is repeated
DEFAULT_MEMORY_LIMIT = 5_000


def index_folder() -> Path:
    configured = getattr(settings, "THIDUA_INITIATIVE_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "initiative-index"


def memory_limit() -> int:
    return int(getattr(settings, "THIDUA_SIMILARITY_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT))


def _searchable():
    from thidua.initiatives.models import Initiative

    return Initiative.objects.exclude(status=InitiativeStatus.DRAFT)


def doc_text(title: str, problem: str, solution: str) -> DocText:
    return DocText(title=title or "", body=f"{problem or ''} {solution or ''}")


def texts_of(ids) -> dict[int, DocText]:
    rows = _searchable().filter(pk__in=list(ids)).values_list("pk", "title", "problem", "solution")
    return {pk: doc_text(title, problem, solution) for pk, title, problem, solution in rows}


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def version(updated_at: datetime.datetime) -> int:
    """A row's version as stored in the index: its updated_at in microseconds."""
    return (updated_at - _EPOCH) // datetime.timedelta(microseconds=1)


def iter_rows(chunk_size: int = 5_000) -> Iterator[tuple[int, DocText, int]]:
    """Every searchable initiative, by id, with its version; streamed (a server-side cursor on PostgreSQL)."""
    rows = _searchable().order_by("pk").values_list("pk", "title", "problem", "solution", "updated_at")
    for pk, title, problem, solution, updated in rows.iterator(chunk_size=chunk_size):
        yield pk, doc_text(title, problem, solution), version(updated)


def build_index(progress=None) -> idx.BuildReport:
    """(Re)build the persisted index of every submitted initiative."""
    from django.db.models import Max

    watermark = _searchable().aggregate(m=Max("updated_at"))["m"]
    report = idx.build(iter_rows(), index_folder(), watermark=watermark.isoformat() if watermark else None,
                       progress=progress)  # fmt: skip
    logger.info("initiative similarity index: %s documents in %.1f s", report.documents, report.seconds)
    return report


class _Searcher:
    """This process's view: the loaded index (if any) and the in-memory delta."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.base: idx.PersistedIndex | None = None
        self.base_stamp: float | None = None
        self.delta = idx.MemoryCorpus()
        self.watermark: datetime.datetime | None = None  # the latest updated_at seen
        self.rescanned_at = float("-inf")
        self.folder: Path | None = None

    def _index_stamp(self, folder: Path) -> float | None:
        try:
            return (folder / "meta.json").stat().st_mtime
        except OSError:
            return None

    def _sync_base(self) -> None:
        folder = index_folder()
        stamp = self._index_stamp(folder)
        if folder == self.folder and stamp == self.base_stamp:
            return
        self.reset()
        self.folder, self.base_stamp = folder, stamp
        if stamp is None:
            return
        try:
            self.base = idx.PersistedIndex.load(folder)
        except (OSError, ValueError):
            logger.warning("initiative similarity index in %s cannot be read; rebuilding it", folder, exc_info=True)
            self.base_stamp = None
            return
        self.delta = idx.MemoryCorpus(idf=self.base.idf)
        self.watermark = parse_datetime(self.base.watermark) if self.base.watermark else None
        self.rescanned_at = float("-inf")

    def _refresh_delta(self) -> None:
        """Rows changed since the last look: their versions first, then the text of those neither in memory nor
        unchanged in the persisted index. Every RESCAN_SECONDS the look reaches SAFETY_MARGIN further back, for
        transactions that committed after rows with a later updated_at were already seen."""
        rows = _searchable()
        now = time.monotonic()
        if self.watermark is not None:
            if now - self.rescanned_at >= RESCAN_SECONDS:
                rows = rows.filter(updated_at__gte=self.watermark - SAFETY_MARGIN)
                self.rescanned_at = now
            else:
                rows = rows.filter(updated_at__gt=self.watermark)
        else:
            self.rescanned_at = now
        found = list(rows.values_list("pk", "updated_at").iterator(chunk_size=5000))
        if not found:
            return
        self.watermark = max(max(updated for _, updated in found), self.watermark or found[0][1])
        candidates = [(pk, updated) for pk, updated in found if self.delta.stamp(pk) != updated]
        if self.base is not None and candidates:
            indexed = self.base.stamps_of(np.array([pk for pk, _ in candidates], dtype=np.int64))
            versions = np.array([version(updated) for _, updated in candidates], dtype=np.int64)
            candidates = [c for c, same in zip(candidates, indexed == versions, strict=True) if not same]
        if candidates:
            changed = dict(candidates)
            texts = texts_of(changed)
            self.delta.upsert((pk, texts[pk], changed[pk]) for pk in changed if pk in texts)

    def sync(self) -> None:
        self._sync_base()
        if self.base is None and self.watermark is None and _searchable().count() > memory_limit():
            build_index()
            self._sync_base()
        self._refresh_delta()
        if self.base is None and len(self.delta) > memory_limit():
            build_index()
            self._sync_base()
            self._refresh_delta()

    def search(self, text: DocText, *, limit: int, exclude: set[int]) -> list[idx.Scored]:
        with self.lock:
            self.sync()
            idf = self.base.idf if self.base is not None else self.delta.current_idf()
            query, accented = idx.query_vectors(text, idf)
            found: dict[int, float] = {}
            if self.base is not None:
                for scored in idx.search_persisted(self.base, query, accented, texts=texts_of, candidates=CANDIDATES,
                                                   exclude=exclude):  # fmt: skip
                    found[scored.id] = scored.score
            for scored in self.delta.search(query, accented, limit=limit, exclude=exclude):
                found[scored.id] = scored.score
        best = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [idx.Scored(pk, score) for pk, score in best]


_searcher = _Searcher()


def search(text: DocText, *, limit: int = 10, exclude=()) -> list[idx.Scored]:
    """The ``limit`` most similar submitted initiatives to ``text``, best first (ids and scores in [0, 1])."""
    return _searcher.search(text, limit=limit, exclude=set(exclude))


def reset() -> None:
    """Forget what this process loaded (tests; after a rebuild in the same process it happens by itself)."""
    with _searcher.lock:
        _searcher.reset()
