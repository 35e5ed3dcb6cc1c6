"""Sign-in throttling on a clock the test moves: waits start after the free attempts, double, stop at the
longest, are shared by every worker on one database, and an admin's unlock lifts them."""

from __future__ import annotations

from pathlib import Path

from service.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_waits_start_after_the_free_attempts_and_double_up_to_the_longest(tmp_path: Path) -> None:
    clock = Clock()
    throttle = SignInThrottle(
        tmp_path / "accounts.db", free=3, address_free=100, base=2, longest=30, clock=clock
    )
    assert [throttle.failed("rosa", "198.51.100.1") for _ in range(2)] == [0, 0]
    assert throttle.wait("rosa", "198.51.100.1") == 0
    waits = []
    for _ in range(5):
        waits.append(throttle.failed("rosa", "198.51.100.1"))
        assert throttle.wait("rosa", "198.51.100.1") == waits[-1]
        clock.now += waits[-1]  # the next try comes when the wait is over
    assert waits == [2, 4, 8, 16, 30]
    assert throttle.wait("ROSA ", "192.0.2.50") == 0  # the wait was over: names compare case-blind
    throttle.failed("rosa", "192.0.2.50")
    assert throttle.wait("Rosa", "192.0.2.50") == 30  # from any address
    throttle.succeeded("rosa")
    assert throttle.wait("rosa", "198.51.100.1") == 0


def test_an_address_trying_many_names_waits_too(tmp_path: Path) -> None:
    clock = Clock()
    throttle = SignInThrottle(
        tmp_path / "accounts.db", free=5, address_free=4, base=1, longest=60, clock=clock
    )
    for n in range(3):
        assert throttle.failed(f"user{n}", "203.0.113.9") == 0
    assert throttle.failed("user3", "203.0.113.9") == 1
    assert throttle.wait("anyone", "203.0.113.9") == 1 and throttle.wait("anyone", "203.0.113.10") == 0
    clock.now += 61 + 60  # an address's count fades once it stops failing
    assert throttle.failed("user4", "203.0.113.9") == 0


def test_workers_share_the_counts_and_an_unlock_lifts_the_wait(tmp_path: Path) -> None:
    clock = Clock()
    one = SignInThrottle(tmp_path / "accounts.db", free=2, base=60, longest=900, clock=clock)
    other = SignInThrottle(tmp_path / "accounts.db", free=2, base=60, longest=900, clock=clock)
    one.failed("rosa", "198.51.100.1")
    other.failed("rosa", "198.51.100.2")
    assert one.wait("rosa", "198.51.100.3") == 60
    assert [lock.key for lock in other.locks()] == ["user:rosa"]
    assert other.unlock("rosa") and not other.unlock("rosa")
    assert one.wait("rosa", "198.51.100.3") == 0
    one.close()
    other.close()
