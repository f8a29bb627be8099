"""Publishes one in-cluster ward-kit scan: the compliance score per framework as Prometheus
metrics on a Pushgateway, and the reports as evidence in the Object-Locked audit bucket.

  python3 ward_scan_publish.py REPORT_DIR

REPORT_DIR holds ward-kit.json (ward-kit audit --format json), and ward-kit.html and
ward-kit.oscal.json when present. Pushed, with grouping key job=ward-kit/namespace=<NAMESPACE>
(a PUT replaces the group, so a framework that disappears does not linger):

  ward_compliance_score{framework}              percent of checked controls that pass
  ward_compliance_last_scan_timestamp_seconds   unix time of this scan

Environment: PUSHGATEWAY_URL, NAMESPACE; optionally the SINK_* and AWS_* variables of
ward_audit_ship.py (same directory) to keep the reports under <prefix>/compliance/<time>/.
"""
import datetime as dt
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ward_audit_ship as sink  # noqa: E402  (same ConfigMap)

REPORTS = (("ward-kit.json", "application/json"), ("ward-kit.html", "text/html"),
           ("ward-kit.oscal.json", "application/json"))


def metrics(report, now):
    lines = ["# HELP ward_compliance_score Percent of checked Ward controls that pass, per framework (ward-kit).",
             "# TYPE ward_compliance_score gauge"]
    for fw in sorted(report["frameworks"], key=lambda f: f["id"]):
        lines.append(f'ward_compliance_score{{framework="{fw["id"]}"}} {float(fw["percent"])}')
    lines += ["# HELP ward_compliance_last_scan_timestamp_seconds Unix time of the last in-cluster ward-kit scan.",
              "# TYPE ward_compliance_last_scan_timestamp_seconds gauge",
              f"ward_compliance_last_scan_timestamp_seconds {int(now.timestamp())}"]
    return "\n".join(lines) + "\n"


def main(report_dir, now=None):
    now = now or dt.datetime.now(dt.timezone.utc)
    with open(os.path.join(report_dir, "ward-kit.json"), encoding="utf-8") as f:
        report = json.load(f)
    url = f"{os.environ['PUSHGATEWAY_URL'].rstrip('/')}/metrics/job/ward-kit/namespace/{os.environ['NAMESPACE']}"
    body = metrics(report, now).encode()
    req = urllib.request.Request(url, data=body, method="PUT",
                                 headers={"Content-Type": "text/plain; version=0.0.4"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        if resp.status not in (200, 202):
            raise SystemExit(f"Pushgateway answered {resp.status}")
    scores = ", ".join(f'{f["id"]} {f["percent"]}%' for f in report["frameworks"])
    print(f"pushed scores ({scores}); {len(report['findings'])} findings")
    if os.environ.get("SINK_BUCKET"):
        cfg = {k: os.environ.get(k, v) for k, v in sink.CONFIG.items() if k.startswith(("SINK_", "AWS_", "RETENTION"))}
        for name, _ in REPORTS:
            path = os.path.join(report_dir, name)
            if os.path.exists(path):
                key = f"{cfg['SINK_PREFIX']}/compliance/{sink.iso(now)}/{name}"
                with open(path, "rb") as f:
                    sink.put_locked(cfg, key, f.read(), now)
                print(f"kept {key}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
