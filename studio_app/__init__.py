"""Consent Slate: AI-use consent for voice recordings, carried inside every exported WAV."""

__version__ = "0.1.0"
APP_NAME = "Consent Slate"
