"""What a caller can do (the caller-facing layer between api/, web/ and index/)."""
