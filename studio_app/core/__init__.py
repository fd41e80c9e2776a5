"""Domain: scopes, decisions, consent records and the rules. Pure Python, no Qt, no I/O."""
