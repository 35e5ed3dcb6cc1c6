"""What api/ and web/ share about a request: the service and the caller as FastAPI dependencies, the
writer thread, the audit helper. Imports run casoteca -> api, web -> gateway -> service."""
