#!/usr/bin/python3
"""Regenerate every fixture: runs each make_*_fixtures.py in this folder, in
sorted order, with the same interpreter.  Stops at the first failure.

    /usr/bin/python3 tests/Recur.Tests/tools/make_fixtures.py
"""

import fnmatch
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SELF = os.path.basename(os.path.abspath(__file__))


def main():
    scripts = sorted(
        f for f in os.listdir(HERE)
        if fnmatch.fnmatch(f, "make_*_fixtures.py") and f != SELF)
    if not scripts:
        sys.exit("no make_*_fixtures.py scripts found in " + HERE)
    for name in scripts:
        print(f"== {name}", flush=True)
        rc = subprocess.call([sys.executable, os.path.join(HERE, name)])
        if rc != 0:
            sys.exit(f"{name} failed with exit code {rc}")
    print(f"ran {len(scripts)} script(s)")


if __name__ == "__main__":
    main()
