"""Checks the chart's alerts beyond what promtool can, and prepares promtool's input.

  python3 check_alerts.py RENDERED.yaml RUNBOOK_DIR TEST_FILE OUT_DIR

From the PrometheusRule in RENDERED.yaml it writes OUT_DIR/ward-alerts.full.yaml (the rule groups
as Prometheus reads them, for `promtool check rules`) and OUT_DIR/ward-alerts.rules.yaml (the same
without annotations, for `promtool test rules`: the unit tests then assert expressions, `for` and
labels, and the annotations are checked here instead of being copied into every test case).

Fails unless every alert
  - has a severity label (critical or warning) and a control label naming a WARD- control,
  - has a summary and a runbook_url ending in /<alert>.md, and RUNBOOK_DIR/<alert>.md exists,
  - carries the label ward_breach_clock="72h" exactly when it carries a breach_clock annotation
    starting "STARTS THE 72-HOUR CLOCK", and then its runbook has a "72-hour clock" section,
  - has in TEST_FILE at least one evaluation that expects it to fire and one that expects it not to.
"""
import os
import re
import sys

import yaml

CLOCK_PREFIX = "STARTS THE 72-HOUR CLOCK"


def load_rule(rendered):
    with open(rendered, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            if doc and doc.get("kind") == "PrometheusRule":
                return doc
    raise SystemExit(f"no PrometheusRule in {rendered}")


def main(rendered, runbook_dir, test_file, out_dir):
    groups = load_rule(rendered)["spec"]["groups"]
    errors = []
    alerts = []
    for group in groups:
        for rule in group["rules"]:
            name = rule.get("alert")
            if not name:
                continue
            alerts.append(name)
            labels, ann = rule.get("labels", {}), rule.get("annotations", {})
            if labels.get("severity") not in ("critical", "warning"):
                errors.append(f"{name}: severity label must be critical or warning")
            if not re.fullmatch(r"WARD-[A-Z]+-\d{3}", labels.get("control", "")):
                errors.append(f"{name}: control label must name a WARD- control")
            if not ann.get("summary"):
                errors.append(f"{name}: no summary annotation")
            if not ann.get("runbook_url", "").endswith(f"/{name}.md"):
                errors.append(f"{name}: runbook_url must end in /{name}.md")
            runbook = os.path.join(runbook_dir, f"{name}.md")
            if not os.path.isfile(runbook):
                errors.append(f"{name}: runbook {runbook} missing")
                continue
            clock_label = labels.get("ward_breach_clock") == "72h"
            clock_ann = ann.get("breach_clock", "").startswith(CLOCK_PREFIX)
            if clock_label != clock_ann:
                errors.append(f"{name}: ward_breach_clock label and breach_clock annotation disagree")
            if clock_label and "## 72-hour clock" not in open(runbook, encoding="utf-8").read():
                errors.append(f"{name}: starts the 72-hour clock but its runbook has no '72-hour clock' section")

    with open(test_file, encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    firing, quiet = set(), set()
    for test in tests["tests"]:
        for case in test.get("alert_rule_test", []):
            (firing if case.get("exp_alerts") else quiet).add(case["alertname"])
    for name in alerts:
        if name not in firing:
            errors.append(f"{name}: no test case where it fires")
        if name not in quiet:
            errors.append(f"{name}: no test case where it stays quiet")
    for name in (firing | quiet) - set(alerts):
        errors.append(f"{test_file} tests {name}, which is not an alert of the chart")

    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "ward-alerts.full.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({"groups": groups}, f, sort_keys=False)
    stripped = [{**g, "rules": [{k: v for k, v in r.items() if k != "annotations"} for r in g["rules"]]}
                for g in groups]
    with open(os.path.join(out_dir, "ward-alerts.rules.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({"groups": stripped}, f, sort_keys=False)

    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    clock = [r["alert"] for g in groups for r in g["rules"] if r.get("labels", {}).get("ward_breach_clock")]
    print(f"{len(alerts)} alerts: each has severity, control, summary, runbook, a firing and a quiet test case; "
          f"72-hour clock on {', '.join(clock)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
