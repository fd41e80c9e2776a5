"""Keys, certificates and Content Credentials (C2PA)."""
