"""Command groups of the CLI, one module each, every module exposing `register(subparsers)`."""

from __future__ import annotations

import importlib
import pkgutil


def all_registrars():
    """Every `register` function of the modules in this package, in module-name order."""
    registrars = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            registrars.append(register)
    return registrars
