"""What a caller can do with the base: each action takes the `Caller`, returns the project's dataclasses."""
