"""``python -m nhs_assurance.commands``: the ``nhs-assurance`` command (see its ``__init__``)."""

import sys

from nhs_assurance.commands import main

sys.exit(main())
