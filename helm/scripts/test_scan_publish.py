"""Tests of the compliance-scan publisher (helm/ward/files/compliance-scan/ward_scan_publish.py)
with a real ward-kit JSON report shape and an in-process fake Pushgateway and bucket. Proves the
metric text (parsed back here), the grouping key and that reports are kept Object-Locked; not that
a real Pushgateway or S3 accepts them (none reachable here).

  python3 -m unittest helm/scripts/test_scan_publish.py
"""
import datetime as dt
import importlib.util
import json
import os
import re
import sys
import tempfile
import threading
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "..", "ward", "files")
sys.path.insert(0, os.path.join(FILES, "audit-shipper"))
spec = importlib.util.spec_from_file_location("ward_scan_publish", os.path.join(FILES, "compliance-scan", "ward_scan_publish.py"))
publish = importlib.util.module_from_spec(spec)
spec.loader.exec_module(publish)

REPORT = {"findings": [{"control": "WARD-NET-001"}],
          "controls": [],
          "frameworks": [{"id": "hipaa", "name": "HIPAA", "passed": 19, "checked": 20, "percent": 95.0},
                         {"id": "gdpr", "name": "GDPR", "passed": 20, "checked": 20, "percent": 100.0}]}


class Sink(BaseHTTPRequestHandler):
    puts = []

    def log_message(self, *args):
        pass

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Sink.puts.append((urllib.parse.unquote(self.path), {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


class ScanPublishTest(unittest.TestCase):
    def setUp(self):
        Sink.puts = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.dir = tempfile.mkdtemp()
        for name, content in (("ward-kit.json", json.dumps(REPORT)), ("ward-kit.html", "<html></html>")):
            with open(os.path.join(self.dir, name), "w") as f:
                f.write(content)

    def tearDown(self):
        self.server.shutdown()

    def test_pushes_one_score_per_framework_and_the_scan_time_under_its_namespace(self):
        now = dt.datetime(2026, 11, 22, 6, 23, tzinfo=dt.timezone.utc)
        with mock.patch.dict(os.environ, {"PUSHGATEWAY_URL": self.base, "NAMESPACE": "ward"}, clear=True):
            self.assertEqual(0, publish.main(self.dir, now=now))
        self.assertEqual(1, len(Sink.puts))
        path, headers, body = Sink.puts[0]
        self.assertEqual("/metrics/job/ward-kit/namespace/ward", path)
        samples = dict(re.findall(r"^(\S+) (\S+)$", body.decode(), re.M))
        self.assertEqual({'ward_compliance_score{framework="gdpr"}': "100.0",
                          'ward_compliance_score{framework="hipaa"}': "95.0",
                          "ward_compliance_last_scan_timestamp_seconds": str(int(now.timestamp()))}, samples)

    def test_keeps_the_reports_object_locked_in_the_audit_bucket_when_configured(self):
        now = dt.datetime(2026, 11, 22, 6, 23, tzinfo=dt.timezone.utc)
        env = {"PUSHGATEWAY_URL": self.base, "NAMESPACE": "ward", "SINK_ENDPOINT": self.base, "SINK_REGION": "eu-west-1",
               "SINK_BUCKET": "bucket", "SINK_PREFIX": "ward", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "s"}
        with mock.patch.dict(os.environ, env, clear=True):
            publish.main(self.dir, now=now)
        kept = {p: h for p, h, _ in Sink.puts if p.startswith("/bucket/")}
        self.assertEqual({"/bucket/ward/compliance/2026-11-22T06:23:00Z/ward-kit.json",
                          "/bucket/ward/compliance/2026-11-22T06:23:00Z/ward-kit.html"}, set(kept))
        for headers in kept.values():
            self.assertEqual("COMPLIANCE", headers["x-amz-object-lock-mode"])


class KubeconfigTest(unittest.TestCase):
    def test_inline_token_and_the_service_account_ca(self):
        spec = importlib.util.spec_from_file_location("write_kubeconfig", os.path.join(FILES, "compliance-scan", "write_kubeconfig.py"))
        wk = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(wk)
        cfg = json.loads(wk.kubeconfig("tok", "10.96.0.1", "443"))
        self.assertEqual("https://10.96.0.1:443", cfg["clusters"][0]["cluster"]["server"])
        self.assertTrue(cfg["clusters"][0]["cluster"]["certificate-authority"].endswith("/ca.crt"))
        self.assertEqual({"token": "tok"}, cfg["users"][0]["user"])
        self.assertEqual("in-cluster", cfg["current-context"])
        self.assertEqual("https://[fd00::1]:443", json.loads(wk.kubeconfig("t", "fd00::1", "443"))["clusters"][0]["cluster"]["server"])


if __name__ == "__main__":
    unittest.main()
