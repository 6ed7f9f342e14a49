"""`python -m carbon_cli` runs the same command as `carbon`."""

import sys

from carbon_cli.cli import main

sys.exit(main())
