"""Every metric the chart's alerts and dashboards query must be listed, with its source, in
helm/ward/monitoring/metrics.txt; metrics that are only planned are printed as PENDING, never
passed silently.

  python3 check_metric_names.py METRICS_TXT RENDERED.yaml DASHBOARD_DIR PATIENT_API_METRICS_DIR

Fails when
  - an alert expression or a dashboard query names a metric that metrics.txt does not list,
  - metrics.txt lists a metric with a source other than the known ones,
  - a metric listed as `patient-api` is not registered in the patient-api sources (Micrometer
    builders: counters get `_total`), or a `planned` one is registered already (flip it),
  - metrics.txt lists a metric nothing queries (a stale list hides nothing, but misleads).
"""
import glob
import json
import os
import re
import sys

import yaml

SOURCES = {"patient-api", "planned", "ward-kit-scan", "falcosidekick", "prometheus"}
KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or",
    "unless", "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
    "count_values", "group", "inf", "nan", "atan2",
}
IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def metric_names(expr):
    """Metric names in a PromQL expression: identifiers that are not functions, keywords, label
    names (inside {} or after by/on/...), durations, strings or Grafana variables."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # strings
    e = re.sub(r"\$\{[^}]*\}|\$\w+", "", e)                # Grafana variables
    e = re.sub(r"\{[^}]*\}", "", e)                         # label matchers
    e = re.sub(r"\[[^\]]*\]", "", e)                        # range and subquery selectors
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "", e)
    e = re.sub(r"\boffset\s+\w+", "", e)
    names = set()
    for m in IDENT.finditer(e):
        word, rest = m.group(0), e[m.end():].lstrip()
        if rest.startswith("(") or word.lower() in KEYWORDS:
            continue
        if re.fullmatch(r"\d.*", word):
            continue
        names.add(word)
    return names


def registered(api_dir):
    found = set()
    for path in glob.glob(os.path.join(api_dir, "**", "*.java"), recursive=True):
        text = open(path, encoding="utf-8").read()
        for kind, name in re.findall(r'\b(Counter|FunctionCounter|Gauge|Timer)\.builder\(\s*"([a-z0-9_]+)"', text):
            found.add(name + "_total" if kind in ("Counter", "FunctionCounter") else name)
    return found


def main(metrics_txt, rendered, dashboard_dir, api_dir):
    listed, errors = {}, []
    for line in open(metrics_txt, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, source = line.split()[:2]
        if source not in SOURCES:
            errors.append(f"{metrics_txt}: {name} has unknown source {source}")
        listed[name] = source

    used = {}
    with open(rendered, encoding="utf-8") as f:
        for doc in yaml.safe_load_all(f):
            if doc and doc.get("kind") == "PrometheusRule":
                for g in doc["spec"]["groups"]:
                    for r in g["rules"]:
                        for n in metric_names(r["expr"]):
                            used.setdefault(n, set()).add(f"alert {r.get('alert') or r.get('record')}")
    dashboards = sorted(glob.glob(os.path.join(dashboard_dir, "*.json")))
    if not dashboards:
        errors.append(f"no dashboards in {dashboard_dir}")

    def walk(node, where):
        if isinstance(node, dict):
            if isinstance(node.get("expr"), str):
                for n in metric_names(node["expr"]):
                    used.setdefault(n, set()).add(where)
            for v in node.values():
                walk(v, where)
        elif isinstance(node, list):
            for v in node:
                walk(v, where)

    for path in dashboards:
        walk(json.load(open(path, encoding="utf-8")), f"dashboard {os.path.basename(path)}")

    for name, where in sorted(used.items()):
        if name not in listed:
            errors.append(f"{name} (used by {', '.join(sorted(where))}) is not in {metrics_txt}")
    for name in sorted(set(listed) - set(used)):
        errors.append(f"{metrics_txt} lists {name}, which no alert or dashboard queries")

    exported = registered(api_dir)
    for name, source in sorted(listed.items()):
        if source == "patient-api" and name.startswith("ward_") and name not in exported:
            errors.append(f"{name} is listed as exported by patient-api but no Micrometer builder in {api_dir} registers it")
        if source == "planned" and name in exported:
            errors.append(f"{name} is registered in patient-api now: change its source from planned to patient-api")

    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    pending = sorted(n for n in used if listed[n] == "planned")
    by_source = {}
    for n in used:
        by_source.setdefault(listed[n], []).append(n)
    print(f"{len(used)} metric names in alerts and {len(dashboards)} dashboard(s), all listed in {os.path.basename(metrics_txt)}: "
          + "; ".join(f"{s} {len(v)}" for s, v in sorted(by_source.items())))
    for n in pending:
        print(f"PENDING (planned, not exported by patient-api yet): {n} <- {', '.join(sorted(used[n]))}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
