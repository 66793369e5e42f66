"""`python -m bench [NAME] [options]`: run one benchmark, or all of them."""

import sys

from bench import notifications, oversight, placement, storefront

BENCHMARKS = {
    "placement": placement.main,
    "notifications": notifications.main,
    "oversight": oversight.main,
    "storefront": storefront.main,
}

if __name__ == "__main__":
    names = [arg for arg in sys.argv[1:2] if arg in BENCHMARKS] or list(BENCHMARKS)
    options = sys.argv[2:] if sys.argv[1:2] == names[:1] else sys.argv[1:]
    for name in names:
        BENCHMARKS[name](options)
