"""Bundle entry point `consent-slate`: the CLI; with no command it starts the desktop app."""

import sys

from studio_app.cli import main

sys.exit(main())
