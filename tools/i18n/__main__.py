"""``python -m tools.i18n``: see tools/i18n/cli.py."""

from __future__ import annotations

import sys

from tools.i18n.cli import main

sys.exit(main())
