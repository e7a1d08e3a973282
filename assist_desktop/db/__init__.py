"""Storage: tables, engine and sessions, migrations, backups, search."""
