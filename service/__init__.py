"""What a caller can do: search, documents, sharing, uploads, comparable cases, criteria, casebooks,
accounts, audit, export, rebuilds. `service.library.Library` is the one object; see ARCHITECTURE.md."""
