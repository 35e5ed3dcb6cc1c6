"""The serving process's alert sender: a thread that sends due pushes every `alerts_poll_seconds`, and at
once when a match was just kept (Alerts.promoted wakes it)."""

from __future__ import annotations

import logging
import threading

from .service import Alerts

log = logging.getLogger("casoteca.alerts")


class AlertSender:
    def __init__(self, alerts: Alerts, poll_seconds: float) -> None:
        self.alerts = alerts
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="casoteca-alerts", daemon=True)
        alerts.on_match = self._wake.set

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.alerts.run_due()
            except Exception:  # a bad push never stops the sender
                log.exception("sending alerts failed")
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
