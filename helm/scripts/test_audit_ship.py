"""Tests of the audit shipper (helm/ward/files/audit-shipper/ward_audit_ship.py) against an
in-process fake of patient-api's auditor API, Keycloak's token endpoint and an S3 bucket with
Object Lock. What this proves: the paging, windowing, cursor, object-lock headers, signature
algorithm and the comparison logic. What it cannot prove here: that a real S3/Keycloak/patient-api
accept the requests (no cluster or cloud reachable); the kind tier is where that runs.

  python3 -m unittest helm/scripts/test_audit_ship.py
"""
import datetime as dt
import hashlib
import importlib.util
import json
import os
import threading
import unittest
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "ward_audit_ship", os.path.join(HERE, "..", "ward", "files", "audit-shipper", "ward_audit_ship.py"))
ship = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ship)

T0 = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.timezone.utc)


def event(seq, minutes):
    return {"sequence": seq, "id": f"00000000-0000-0000-0000-{seq:012d}", "occurredAt": ship.iso(T0 + dt.timedelta(minutes=minutes)),
            "actor": {"subject": "s-ada", "username": "clin.ada", "roles": ["clinician"], "organization": "north", "clientId": "ward-cli"},
            "action": "READ", "resourceType": "Patient", "resourceId": "p1", "patientId": "11111111-1111-1111-1111-111111111111",
            "purposeOfUse": "TREAT", "outcome": "SUCCESS", "sourceAddress": "10.0.0.1", "requestId": f"r{seq}", "traceId": None}


class Fake(BaseHTTPRequestHandler):
    """/token, /api/v1/audit-events[/verify] and /bucket/<key> in one server."""
    db, objects, locked, puts, verify = [], {}, set(), [], {}

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.reply(200, json.dumps({"access_token": "t"}).encode())

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path.startswith("/api/"):
            assert self.headers["Authorization"] == "Bearer t"
            if url.path.endswith("/verify"):
                return self.reply(200, json.dumps(Fake.verify).encode())
            start, end = ship.parse_time(q["from"]), ship.parse_time(q["to"])
            hits = [e for e in Fake.db if start <= ship.parse_time(e["occurredAt"]) <= end]  # inclusive, like a lax server
            page, size = int(q["page"]), int(q["size"])
            items = hits[page * size:(page + 1) * size]
            nxt = page + 1 if (page + 1) * size < len(hits) else None
            return self.reply(200, json.dumps({"items": items, "page": page, "size": size, "next": nxt}).encode())
        assert self.headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKID/")
        key = urllib.parse.unquote(url.path[len("/bucket/"):])
        if q.get("list-type") == "2":
            keys = sorted(k for k in Fake.objects if k.startswith(q["prefix"]))
            xml = "".join(f"<Contents><Key>{k}</Key></Contents>" for k in keys)
            body = ('<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                    f"{xml}<IsTruncated>false</IsTruncated></ListBucketResult>").encode()
            return self.reply(200, body, "application/xml")
        if key in Fake.objects:
            return self.reply(200, Fake.objects[key])
        return self.reply(404)

    def do_PUT(self):
        key = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path[len("/bucket/"):])
        body = self.rfile.read(int(self.headers["Content-Length"]))
        assert self.headers["x-amz-content-sha256"] == hashlib.sha256(body).hexdigest()
        if key in Fake.locked:
            return self.reply(403)  # Object Lock: a locked object cannot be replaced
        Fake.objects[key] = body
        if self.headers.get("x-amz-object-lock-mode") == "COMPLIANCE":
            Fake.locked.add(key)
        Fake.puts.append((key, {k.lower(): v for k, v in self.headers.items()}))
        self.reply(200)


class AuditShipTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{cls.server.server_port}"
        cls.cfg = {**{k: v for k, v in ship.CONFIG.items() if v is not None},
                   "WARD_API_URL": base, "OIDC_TOKEN_URL": base + "/token", "OIDC_CLIENT_ID": "ward-audit-shipper",
                   "OIDC_CLIENT_SECRET": "s", "SINK_ENDPOINT": base, "SINK_REGION": "eu-west-1", "SINK_BUCKET": "bucket",
                   "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "START": ship.iso(T0)}

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        Fake.db = [event(i, i // 2) for i in range(1, 251)] + [event(251, 130)]   # 251 events over 130 minutes
        Fake.objects, Fake.locked, Fake.puts = {}, set(), []
        Fake.verify = {"valid": True, "checked": 251, "firstBrokenSequence": None, "unsealed": 0}

    def ship_at(self, minutes):
        return ship.ship(self.cfg, now=T0 + dt.timedelta(minutes=minutes))

    def shipped_events(self):
        out = []
        for k, v in Fake.objects.items():
            if "/events/" in k:
                out += [json.loads(line)["sequence"] for line in v.decode().splitlines()[1:]]
        return out

    def test_ships_settled_hourly_windows_each_locked_in_compliance_mode(self):
        self.ship_at(125)                              # settled up to 120 minutes: two windows
        windows = sorted(k for k, _ in Fake.puts if "/events/" in k)
        self.assertEqual(["ward-audit/events/2026-11-22T08:00:00Z_2026-11-22T09:00:00Z.jsonl",
                          "ward-audit/events/2026-11-22T09:00:00Z_2026-11-22T10:00:00Z.jsonl"], windows)
        for key, headers in Fake.puts:
            if "/events/" in key:
                self.assertEqual("COMPLIANCE", headers["x-amz-object-lock-mode"])
                self.assertTrue(headers["x-amz-object-lock-retain-until-date"].startswith("2033-11-"))
                self.assertIn("content-md5", headers)
        # every event before 10:00 exactly once, more than one API page per window
        self.assertEqual(list(range(1, 240)), sorted(self.shipped_events()))

    def test_a_second_run_continues_at_the_cursor_without_gaps_or_duplicates(self):
        self.ship_at(125)
        self.ship_at(200)
        self.assertEqual(list(range(1, 252)), sorted(self.shipped_events()))

    def test_compare_matches_an_untouched_database(self):
        self.ship_at(200)
        self.assertEqual(0, ship.compare(self.cfg))

    def test_compare_names_deleted_altered_and_backdated_events(self):
        self.ship_at(200)
        Fake.db = [e for e in Fake.db if e["sequence"] != 7]
        Fake.db[20] = {**Fake.db[20], "actor": {**Fake.db[20]["actor"], "username": "someone.else"}}
        Fake.db.append(event(999, 30))
        report = self.captured_compare()
        self.assertIn("event 7 was shipped but is no longer in the database (deleted)", report)
        self.assertIn(f"event {Fake.db[20]['sequence']} differs from the shipped copy in actor (altered)", report)
        self.assertIn("event 999 is in the database but was not shipped", report)

    def test_compare_notices_the_newest_events_cut_off_with_their_checkpoints(self):
        self.ship_at(200)
        Fake.db = [e for e in Fake.db if e["sequence"] < 240]
        Fake.verify = {"valid": True, "checked": 239, "firstBrokenSequence": None, "unsealed": 0}
        self.assertIn("the newest events were cut off", self.captured_compare())

    def test_a_locked_window_cannot_be_rewritten(self):
        self.ship_at(125)
        key = sorted(k for k in Fake.objects if "/events/" in k)[0]
        with self.assertRaises(SystemExit):
            ship.put_locked(self.cfg, key, b"forged\n", T0)

    def test_signature_v4_matches_the_aws_get_vanilla_example(self):
        # AWS Signature Version 4 test suite, "get-vanilla".
        cfg = {"SINK_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
               "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
        headers = ship.sigv4_headers(cfg, "GET", "https://example.amazonaws.com/", b"",
                                     now=dt.datetime(2015, 8, 30, 12, 36, tzinfo=dt.timezone.utc), service="service")
        self.assertTrue(headers["authorization"].endswith(
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), headers["authorization"])

    def captured_compare(self):
        import contextlib
        import io
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(3, ship.compare(self.cfg))
        return out.getvalue()


if __name__ == "__main__":
    unittest.main()
