"""A Linter travels to other processes by pickle, and lints in threads with
the GIL released."""

import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import claimlint

PAGES = [
    f"Visit {n}: our infusions are completely safe, and TMS cures depression for good.\n" * (1 + n % 5)
    for n in range(40)
]


def test_a_pickled_linter_finds_the_same(linter):
    copy = pickle.loads(pickle.dumps(linter))
    assert isinstance(copy, claimlint.Linter)
    for page in PAGES[:5]:
        assert copy.check(page) == linter.check(page)


def test_a_pickled_linter_carries_its_packs_text_not_their_paths(pack):
    house = claimlint.Linter(packs=[pack], builtin=False, select=["hype"], ignore=["claimlint/unused-suppression"])
    data = pickle.dumps(house)
    pack.unlink()  # a worker on another machine has no such file
    copy = pickle.loads(data)
    assert [f.rule for f in copy.check("A miracle cure.")] == ["house/miracle"]
    assert copy.rules() == house.rules()
    assert repr(copy) == repr(house)


def test_threads_get_the_same_findings_as_one_thread(linter):
    expected = [linter.check(page) for page in PAGES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(linter.check, PAGES)) == expected


def test_the_gil_is_released_while_linting(linter):
    # A page long enough to take a while: while another thread lints it,
    # this one keeps running Python only if the GIL was released.
    page = "Our calm clinic offers infusions that are completely safe and cure anxiety. " * 40_000
    done = threading.Event()
    ticks = 0

    def lint():
        linter.check(page)
        done.set()

    worker = threading.Thread(target=lint)
    started = time.perf_counter()
    worker.start()
    while not done.is_set():
        ticks += 1
    worker.join()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.05, "the page should take long enough to measure"
    # Holding the GIL, the check would leave this loop a few ticks per 5 ms
    # switch interval at most; released, it spins freely.
    assert ticks > 2_000 * elapsed / 0.05, (ticks, elapsed)
