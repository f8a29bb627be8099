"""The metric-name check must find every metric in a query and fail on one it does not know.

  python3 -m unittest helm/scripts/test_check_metric_names.py
"""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_metric_names as check  # noqa: E402


class MetricNamesTest(unittest.TestCase):
    def test_names_not_functions_labels_keywords_durations_or_variables(self):
        expr = ('(sum by (action, outcome) (increase(ward_phi_access_total{purpose="ETREAT",x=~"a|b"}[10m])) > 0)\n'
                'or (time() - max(ward_audit_last_seal_timestamp_seconds offset 5m) > 900)\n'
                'unless on (job) absent(up{job="$vault_job"}) and rate(http_server_requests_seconds_count[$__rate_interval])')
        self.assertEqual({"ward_phi_access_total", "ward_audit_last_seal_timestamp_seconds", "up",
                          "http_server_requests_seconds_count"}, check.metric_names(expr))

    def run_check(self, metrics_txt, exprs, java):
        d = tempfile.mkdtemp()
        os.makedirs(os.path.join(d, "dash"))
        os.makedirs(os.path.join(d, "java"))
        with open(os.path.join(d, "metrics.txt"), "w") as f:
            f.write(metrics_txt)
        with open(os.path.join(d, "rendered.yaml"), "w") as f:
            f.write("kind: PrometheusRule\nspec:\n  groups:\n  - name: g\n    rules:" + ("\n" if exprs else " []\n")
                    + "".join(f"    - alert: A{i}\n      expr: '{e}'\n" for i, e in enumerate(exprs)))
        with open(os.path.join(d, "dash", "d.json"), "w") as f:
            json.dump({"panels": [{"targets": [{"expr": "sum(ward_x_total)"}]}]}, f)
        with open(os.path.join(d, "java", "M.java"), "w") as f:
            f.write(java)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = check.main(os.path.join(d, "metrics.txt"), os.path.join(d, "rendered.yaml"),
                            os.path.join(d, "dash"), os.path.join(d, "java"))
        return rc, err.getvalue()

    def test_passes_when_every_metric_is_listed_and_registered(self):
        rc, _ = self.run_check("ward_x_total patient-api\nward_y planned\n", ["ward_y > 1"],
                               'Counter.builder("ward_x")')
        self.assertEqual(0, rc)

    def test_fails_on_an_unlisted_metric(self):
        rc, err = self.run_check("ward_x_total patient-api\n", ["ward_unknown > 1"], 'Counter.builder("ward_x")')
        self.assertEqual(1, rc)
        self.assertIn("ward_unknown (used by alert A0) is not in", err)

    def test_fails_when_a_listed_patient_api_metric_is_not_registered(self):
        rc, err = self.run_check("ward_x_total patient-api\n", [], "")
        self.assertEqual(1, rc)
        self.assertIn("no Micrometer builder", err)

    def test_fails_when_a_planned_metric_has_landed(self):
        rc, err = self.run_check("ward_x_total patient-api\nward_y planned\n", ["ward_y > 1"],
                                 'Counter.builder("ward_x") Gauge.builder("ward_y", a, b)')
        self.assertEqual(1, rc)
        self.assertIn("change its source from planned to patient-api", err)


if __name__ == "__main__":
    unittest.main()
