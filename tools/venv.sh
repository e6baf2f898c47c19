#!/bin/sh
# Make ./.venv, the project's own Python environment, when it is not there yet.
# Why: Debian 12 refuses `pip install` outside a virtual environment (PEP 668), and a Debian
# without the python3-venv package has no ensurepip, so `python3 -m venv` alone fails there;
# in that case the environment is made without pip and Debian's own pip puts pip into it.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/pip ] && exit 0
py="${PYTHON:-python3}"
if ! "$py" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    "$py" -m venv --without-pip .venv
    if ! "$py" -m pip --python .venv/bin/python install --quiet pip; then
        echo "error: cannot make .venv: $py has neither ensurepip nor pip (on Debian: apt install python3-venv)" >&2
        exit 1
    fi
fi
