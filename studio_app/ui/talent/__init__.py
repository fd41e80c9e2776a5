"""The actor's own screen: terms, choices per scope, typed name and signature (`TalentScreen`)."""

from studio_app.ui.talent.talent_screen import TalentScreen, booth_screen

__all__ = ["TalentScreen", "booth_screen"]
