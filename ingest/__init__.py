"""Files -> Documents with cited Passages: sniff the type, parse, read metadata, detect language, chunk.

Nothing here imports Qdrant, torch or FastAPI.
"""
