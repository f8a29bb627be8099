#!/usr/bin/env python3
"""Builds the Gatekeeper library from the policy sources; stdlib only so CI needs nothing extra.

  generate.py                      write library/<policy>/template.yaml for every src/<policy>
  generate.py --out DIR            write DIR/<policy>/template.yaml instead (the drift check diffs it)
  generate.py --samples-data DIR   write DIR/samples/data.json: every sample's raw YAML, keyed by
                                   policy, case and file name, so `opa test` runs the very samples
                                   that `gator verify` runs (one set of cases for both engines)
"""
import argparse
import json
import re
import sys
from pathlib import Path

POLICIES = Path(__file__).resolve().parent
SRC = POLICIES / "src"
LIBRARY = POLICIES / "library"
# A placeholder line `<indent>{{ file "NAME" }}` is replaced by NAME's lines at that indent.
PLACEHOLDER = re.compile(r'^(?P<indent>[ \t]*)\{\{ file "(?P<name>[^"]+)" \}\}[ \t]*$')


def render(policy_dir: Path) -> str:
    out = []
    for line in (policy_dir / "constraint.tmpl").read_text(encoding="utf-8").splitlines():
        match = PLACEHOLDER.match(line)
        if not match:
            out.append(line)
            continue
        included = (policy_dir / match["name"]).read_text(encoding="utf-8").splitlines()
        # Blank lines stay empty: trailing spaces would make the YAML block differ from the file.
        out.extend(match["indent"] + text if text else "" for text in included)
    return "\n".join(out) + "\n"


def policies() -> list[Path]:
    return sorted(p for p in SRC.iterdir() if (p / "constraint.tmpl").is_file())


def write_templates(root: Path) -> None:
    for policy in policies():
        target = root / policy.name / "template.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(policy), encoding="utf-8")


def write_samples_data(root: Path) -> None:
    data = {}
    for policy in sorted(p for p in LIBRARY.iterdir() if (p / "samples").is_dir()):
        cases = data.setdefault(policy.name, {})
        for case in sorted(c for c in (policy / "samples").iterdir() if c.is_dir()):
            cases[case.name] = {f.name: f.read_text(encoding="utf-8") for f in sorted(case.glob("*.yaml"))}
    target = root / "samples" / "data.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--out", type=Path, help="write templates under this directory instead of library/")
    group.add_argument("--samples-data", type=Path, help="write the samples as opa test data under this directory")
    args = parser.parse_args()
    if args.samples_data:
        write_samples_data(args.samples_data)
    else:
        write_templates(args.out or LIBRARY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
