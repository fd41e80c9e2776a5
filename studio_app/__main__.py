"""`python -m studio_app` behaves exactly like the `consent-slate` command."""

import sys

from studio_app.cli import main

sys.exit(main())
