"""What a caller can do: each action takes the Caller and returns the project's dataclasses."""
