"""The stub check reads ``.pyi`` files (Python 3 annotations) and uses ``inspect.signature``."""

import sys

collect_ignore = ["test_stub_conformance.py"] if sys.version_info[0] < 3 else []
