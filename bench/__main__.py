"""`python -m bench [NAME] [options]`: run one benchmark, or all of them.

All of them: each in a process of its own. A benchmark sets Django up with its own database and
settings, and Django is set up once per process: in one process the storefront's would have run on
the database the previous benchmark had dropped.
"""

import subprocess
import sys

from bench import notifications, oversight, placement, storefront

BENCHMARKS = {
    "placement": placement.main,
    "notifications": notifications.main,
    "oversight": oversight.main,
    "storefront": storefront.main,
}

if __name__ == "__main__":
    names = [arg for arg in sys.argv[1:2] if arg in BENCHMARKS]
    if names:
        BENCHMARKS[names[0]](sys.argv[2:])
    else:
        failed = [
            name
            for name in BENCHMARKS
            if subprocess.run([sys.executable, "-m", "bench", name, *sys.argv[1:]]).returncode != 0
        ]
        if failed:
            sys.exit(f"Benchmarks that failed: {', '.join(failed)}")
