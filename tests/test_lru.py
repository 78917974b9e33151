"""The one least-recently-used map the caches share."""

from __future__ import annotations

import threading

from assistant.lru import LRU


def test_the_least_recently_used_item_goes_first() -> None:
    kept: LRU[str, int] = LRU(2)
    kept.put_many([("a", 1), ("b", 2)])
    assert kept.get("a") == 1  # "a" is now the most recent
    kept.put("c", 3)  # over the size: "b", the least recent, goes
    assert "b" not in kept and kept.get_many(["a", "b", "c"]) == {"a": 1, "c": 3}


def test_get_many_marks_what_it_finds_as_recent_and_keeps_none_values() -> None:
    kept: LRU[str, int | None] = LRU(2)
    kept.put_many([("a", None), ("b", 2)])  # a verdict may be None: kept all the same
    assert kept.get_many(["a", "z"]) == {"a": None}
    kept.put("c", 3)
    assert set(kept.get_many(["a", "b", "c"])) == {"a", "c"}


def test_clear_empties_it() -> None:
    kept: LRU[int, int] = LRU(4)
    kept.put_many((i, i) for i in range(3))
    kept.clear()
    assert len(kept) == 0 and kept.get(1) is None


def test_threads_sharing_it_never_exceed_the_size() -> None:
    kept: LRU[int, int] = LRU(50)

    def fill(start: int) -> None:
        for i in range(start, start + 500):
            kept.put(i, i)
            kept.get_many(range(i - 5, i))

    threads = [threading.Thread(target=fill, args=(n * 1000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 50
