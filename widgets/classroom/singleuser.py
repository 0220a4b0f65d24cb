"""A learner's server on the class hub: `jupyterhub-singleuser`, less one import that does no work for us.

Measured (`make bench`, and `python -X importtime -c "import jupyter_server.serverapp"`): of the ~5 CPU-seconds a
server takes to start, 2.3 went to `rfc3987_syntax`, which jsonschema imports for its "iri" format check and
which builds about 35 Lark parsers at import (jupyter_server#1559, jsonschema#1428). No Jupyter or course schema
uses that format, so the learner's server starts without it: jsonschema then skips the check, as it does
whenever the package is not installed. Thirty learners starting together save over a minute of CPU.
"""

from __future__ import annotations

import sys

SKIPPED = ("rfc3987_syntax",)  # imported by jsonschema only if present; None in sys.modules means "not installed"


def main() -> int:
    for name in SKIPPED:
        sys.modules.setdefault(name, None)
    from jupyterhub.singleuser import main as singleuser

    return singleuser()


if __name__ == "__main__":
    sys.exit(main())
