"""The recorder's widgets, self-contained for the main window to place: meters, record panel, player,
waveform thumbnail."""
