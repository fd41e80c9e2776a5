"""Workflows combining core, wav, store and proof: sessions, import, recording, watch, export."""
