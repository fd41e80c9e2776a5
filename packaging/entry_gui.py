"""Bundle entry point `consent-slate-gui`: the desktop app, for launchers and double-clicks."""

import sys

from studio_app.ui.app import run_app

sys.exit(run_app(sys.argv[1:]))
