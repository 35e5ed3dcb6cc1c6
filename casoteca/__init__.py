"""Casoteca's glue: settings, the knowledge base facade, the command line."""

import os

# Keep every library offline and quiet: no telemetry, no hub downloads at run time.
for _key, _value in {
    "DO_NOT_TRACK": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "SCARF_NO_ANALYTICS": "true",
    "ANONYMIZED_TELEMETRY": "false",
}.items():
    os.environ.setdefault(_key, _value)
