"""Everything Qt Widgets: windows, models, talent screen, dialogs, theme."""
