#!/usr/bin/env bash
# The host and Loader tests on PySide2 5.12.6 (what Maya 2020 and Nuke 12 ship), Python 2.7.
#   tests/hosts/pyside512.sh [VENV] [pytest args...]     (VENV default: /work/venv512)
# The venv is made once (virtualenv < 20.22 from .venvs/tools, as tests/run does).
# PySide2 5.12's shiboken2 carries its own copy of `typing`; with the `typing`
# backport installed too (pathlib2 >= 2.3.6 pulls it in, through pytest 4.6's
# importlib-metadata) the two typing modules recurse in issubclass and pytest
# dies in collection. pathlib2 2.3.5 needs no `typing`, so the backport stays out.
# Reelkit is used from this checkout (PYTHONPATH), never installed into the venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${1:-/work/venv512}; [ $# -gt 0 ] && shift
if [ ! -x "$VENV/bin/python" ]; then
    .venvs/tools/bin/virtualenv -q -p "$(pyenv root)/versions/2.7.18/bin/python" "$VENV"
    "$VENV/bin/pip" install -q 'PySide2==5.12.6' 'QtPy==1.11.3' 'pytest==4.6.11' \
        'pytest-qt==3.3.0' 'pathlib2==2.3.5' 'six>=1.16' 'PyYAML==5.4.1' 'fileseq==1.15.3'
fi
"$VENV/bin/pip" uninstall -q -y typing 2>/dev/null || true
"$VENV/bin/python" -c "import PySide2; assert PySide2.__version__.startswith('5.12'), PySide2.__version__"
export QT_QPA_PLATFORM=offscreen PYTEST_QT_API=pyside2 QT_API=pyside2 PYTHONPATH=$(pwd)
exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/hosts tests/loader "$@"
