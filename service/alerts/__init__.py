"""Alerts: saved searches, drafts and entities matched against every newly promoted document (see service.py)."""

from .book import FREQUENCIES, KINDS, Alert, AlertBook, AlertError, AlertHit
from .service import Alerts, check_filters

__all__ = ["FREQUENCIES", "KINDS", "Alert", "AlertBook", "AlertError", "AlertHit", "Alerts", "check_filters"]
