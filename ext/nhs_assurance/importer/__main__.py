"""``python -m nhs_assurance.importer SRC DEST``: see :mod:`nhs_assurance.importer.cli`."""

import sys

from nhs_assurance.importer.cli import main

sys.exit(main())
