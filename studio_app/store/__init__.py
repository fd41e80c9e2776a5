"""SQLite ledger: schema, migrations, repositories and the signed audit chain."""
