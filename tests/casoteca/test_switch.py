"""The switch to a reindexed store waits for reads in flight and holds new ones back (`ModelSwitch`).

No sleeps: the test knows a thread is blocked because the switch's condition tells it when a thread starts to
wait on it (`WaitSignals`), so every assertion is made at a moment the threads cannot move past.
"""

from __future__ import annotations

import threading

from service.library import ModelSwitch

# Only a deadlock (a defect) ever reaches these: on the happy path every wait returns at once or on an event.
TIMEOUT = 10


class WaitSignals(threading.Condition):
    """A condition that counts the threads that have begun to wait on it: `waiting(n)` returns once `n`
    threads are (or were) blocked in it. Condition.wait_for calls wait() only when its predicate is false,
    so a count here means a thread found it had to wait."""

    def __init__(self) -> None:
        super().__init__()
        self._count = 0
        self._counted = threading.Condition()

    def wait(self, timeout: float | None = None) -> bool:
        with self._counted:
            self._count += 1
            self._counted.notify_all()
        return super().wait(timeout)

    def waiting(self, n: int) -> bool:
        with self._counted:
            return self._counted.wait_for(lambda: self._count >= n, TIMEOUT)


def watched_switch() -> tuple[ModelSwitch, WaitSignals]:
    switch = ModelSwitch()
    signals = WaitSignals()
    switch._changed = signals  # the one lock the switch's waits go through
    return switch, signals


def test_a_switch_waits_for_reads_and_holds_new_ones_back() -> None:
    switch, signals = watched_switch()
    events: list[str] = []
    first_reading, release_first, switched, release_switch = (threading.Event() for _ in range(4))

    def first_reader() -> None:
        with switch.reading():
            first_reading.set()
            release_first.wait(TIMEOUT)
            events.append("first read done")

    def switcher() -> None:
        with switch.switching():
            events.append("switched")
            switched.set()
            release_switch.wait(TIMEOUT)
            events.append("switch done")

    def second_reader() -> None:
        with switch.reading():
            events.append("second read")

    threads = [threading.Thread(target=first_reader)]
    threads[0].start()
    assert first_reading.wait(TIMEOUT)
    threads.append(threading.Thread(target=switcher))
    threads[1].start()
    assert signals.waiting(1)  # the switcher is blocked...
    assert events == []  # ...because a read is in flight
    threads.append(threading.Thread(target=second_reader))
    threads[2].start()
    assert signals.waiting(2)  # the new reader is blocked too...
    assert events == []  # ...behind the pending switch, though the first read still runs
    release_first.set()
    assert switched.wait(TIMEOUT)
    # The switch now holds: the second reader cannot have read, whatever the scheduler did since.
    assert events == ["first read done", "switched"]
    release_switch.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads)
    assert events == ["first read done", "switched", "switch done", "second read"]


def test_reads_run_side_by_side() -> None:
    switch = ModelSwitch()
    both = threading.Barrier(2, timeout=TIMEOUT)

    def reader() -> None:
        with switch.reading():
            both.wait()  # would time out (BrokenBarrierError) if reads excluded each other

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not both.broken
