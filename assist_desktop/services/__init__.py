"""Use cases: one keyword-only function per user action; the only callers of the database."""
