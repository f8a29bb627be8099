"""Names every rendered object whose kind kubeconform was told to skip (CRD kinds without an offline
schema), so `make validate-chart` says out loud what it did not validate instead of passing it
silently. Fails if a skipped kind is not in the rendered output at all: a stale skip list could
otherwise hide a future object of that kind.

Usage: python3 report_unvalidated.py KIND[,KIND...] FILE.yaml...
"""
import collections
import sys

import yaml


def main(kinds_arg, paths):
    kinds = [k for k in kinds_arg.split(",") if k]
    seen = collections.defaultdict(list)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc and doc.get("kind") in kinds:
                    seen[doc["kind"]].append(f'{doc["metadata"]["name"]} ({path.rsplit("/", 1)[-1]})')
    for kind in kinds:
        objects = seen.get(kind)
        if objects:
            print(f"NOT SCHEMA-VALIDATED (no offline CRD schema) {kind}: {', '.join(objects)}")
        else:
            print(f"skip list names {kind}, which no rendered variant contains", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
