"""The main window's dialogs: session, actor, restriction, import, export, about."""
