"""The switch to a reindexed store waits for reads in flight and holds new ones back (service.switch.ModelSwitch)."""

from __future__ import annotations

import threading
import time

from service.library import ModelSwitch


def test_a_switch_waits_for_reads_and_holds_new_ones_back() -> None:
    switch = ModelSwitch()
    events: list[str] = []
    first_reading, release_first, switched, release_switch = (threading.Event() for _ in range(4))

    def first_reader() -> None:
        with switch.reading():
            first_reading.set()
            release_first.wait(5)
            events.append("first read done")

    def switcher() -> None:
        with switch.switching():
            events.append("switched")
            switched.set()
            release_switch.wait(5)
            events.append("switch done")

    def second_reader() -> None:
        with switch.reading():
            events.append("second read")

    threads = [threading.Thread(target=first_reader)]
    threads[0].start()
    assert first_reading.wait(5)
    threads.append(threading.Thread(target=switcher))
    threads[1].start()
    time.sleep(0.2)
    assert events == []  # the switch waits for the read in flight
    threads.append(threading.Thread(target=second_reader))
    threads[2].start()
    time.sleep(0.2)
    assert events == []  # and a new read waits behind the switch
    release_first.set()
    assert switched.wait(5)
    time.sleep(0.2)
    assert events == ["first read done", "switched"]
    release_switch.set()
    for thread in threads:
        thread.join(5)
    assert events == ["first read done", "switched", "switch done", "second read"]


def test_reads_run_side_by_side() -> None:
    switch = ModelSwitch()
    both = threading.Barrier(2, timeout=5)

    def reader() -> None:
        with switch.reading():
            both.wait()  # would time out (BrokenBarrierError) if reads excluded each other

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert not both.broken
