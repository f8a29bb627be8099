"""Ships Ward's audit trail out of the cluster's trust boundary, and checks the shipped copy
against the database (WARD-AUD-002). Python standard library only, so it runs on a plain
python image pinned by digest.

  python3 ward_audit_ship.py ship      copy every settled time window not shipped yet
  python3 ward_audit_ship.py compare   compare every shipped window with the database now

Source: patient-api's auditor API, GET /api/v1/audit-events?from=&to=&page=&size= (paged) and
GET /api/v1/audit-events/verify, with a client-credentials token from Keycloak (a confidential
client whose service account has role `auditor`; its secret comes from a Kubernetes Secret).

Sink: an S3-compatible bucket in another account/project, with versioning and Object Lock, to
which this job can only PUT (no delete, no bypass-governance). Every window is one object
<prefix>/events/<from>_<to>.jsonl written with x-amz-object-lock-mode COMPLIANCE and a retain-until
date, so no one, including whoever holds the database or the cluster, can rewrite or delete it
before retention ends. The first line of each object is a header with the window, the event
count, the sha256 of the event lines and the /verify answer at shipping time; then one event per
line, as the API returned it.

compare exits 3 when the database differs from the shipped copy: an event shipped but now missing
(DELETE), changed (UPDATE), present now in a shipped window but not shipped (back-dated INSERT, or
a commit later than the settle time), or /verify now checking fewer events than when a window was
shipped (the newest events cut off together with their checkpoints). Configuration is by
environment variables, see CONFIG below.
"""
import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

CONFIG = {
    "WARD_API_URL": None,            # e.g. http://ward-patient-api.ward.svc.cluster.local:8080
    "OIDC_TOKEN_URL": None,          # Keycloak realm token endpoint
    "OIDC_CLIENT_ID": None,
    "OIDC_CLIENT_SECRET": None,      # from a Secret (secretKeyRef)
    "SINK_ENDPOINT": None,           # e.g. https://s3.eu-west-1.amazonaws.com (path-style requests)
    "SINK_REGION": None,
    "SINK_BUCKET": None,
    "SINK_PREFIX": "ward-audit",
    "AWS_ACCESS_KEY_ID": None,       # from a Secret; PutObject/GetObject/ListBucket only
    "AWS_SECRET_ACCESS_KEY": None,
    "RETENTION_DAYS": "2557",        # 7 years
    "SETTLE_SECONDS": "300",         # events younger than this are left for the next run
    "WINDOW_SECONDS": "3600",
    "START": "",                     # ISO-8601 start of the first window; default: one window ago
}
PAGE_SIZE = 200


def config():
    cfg = {}
    for key, default in CONFIG.items():
        value = os.environ.get(key, default)
        if value is None:
            raise SystemExit(f"missing environment variable {key}")
        cfg[key] = value
    return cfg


def iso(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


# ---------------------------------------------------------------- HTTP

def http(method, url, headers=None, body=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def token(cfg):
    body = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": cfg["OIDC_CLIENT_ID"],
                                   "client_secret": cfg["OIDC_CLIENT_SECRET"]}).encode()
    status, data = http("POST", cfg["OIDC_TOKEN_URL"], {"Content-Type": "application/x-www-form-urlencoded"}, body)
    if status != 200:
        raise SystemExit(f"token endpoint answered {status}")
    return json.loads(data)["access_token"]


def api_get(cfg, bearer, path, query=None):
    url = cfg["WARD_API_URL"].rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
    status, data = http("GET", url, {"Authorization": f"Bearer {bearer}", "Accept": "application/json"})
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    return json.loads(data)


def events_between(cfg, bearer, start, end):
    """Every event with start <= occurredAt < end, ordered by sequence."""
    events, page = {}, 0
    while page is not None:
        result = api_get(cfg, bearer, "/api/v1/audit-events",
                         {"from": iso(start), "to": iso(end), "page": page, "size": PAGE_SIZE})
        for e in result["items"]:
            if start <= parse_time(e["occurredAt"]) < end:
                events[e["sequence"]] = e
        page = result.get("next")
    return [events[s] for s in sorted(events)]


# ---------------------------------------------------------------- S3 (Signature Version 4)

def sigv4_headers(cfg, method, url, payload, extra=None, now=None, service="s3"):
    now = now or dt.datetime.now(dt.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    parts = urllib.parse.urlsplit(url)
    payload_hash = hashlib.sha256(payload).hexdigest()
    headers = {"host": parts.netloc, "x-amz-date": amz_date}
    if service == "s3":
        headers["x-amz-content-sha256"] = payload_hash
    headers.update({k.lower(): v for k, v in (extra or {}).items()})
    signed = ";".join(sorted(headers))
    query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
                     for k, v in sorted(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)))
    canonical = "\n".join([method, urllib.parse.quote(parts.path or "/", safe="/-_.~"), query,
                           "".join(f"{k}:{str(headers[k]).strip()}\n" for k in sorted(headers)), signed, payload_hash])
    scope = f"{day}/{cfg['SINK_REGION']}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + cfg["AWS_SECRET_ACCESS_KEY"]).encode()
    for part in (day, cfg["SINK_REGION"], service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={cfg['AWS_ACCESS_KEY_ID']}/{scope}, "
                                f"SignedHeaders={signed}, Signature={signature}")
    del headers["host"]
    return headers


def object_url(cfg, key="", query=""):
    url = f"{cfg['SINK_ENDPOINT'].rstrip('/')}/{cfg['SINK_BUCKET']}/{urllib.parse.quote(key, safe='/-_.~')}"
    return url + (f"?{query}" if query else "")


def s3(cfg, method, key="", body=b"", extra=None, query=""):
    url = object_url(cfg, key, query)
    return http(method, url, sigv4_headers(cfg, method, url, body, extra), body if method == "PUT" else None)


def put_locked(cfg, key, body, now):
    retain = iso(now + dt.timedelta(days=int(cfg["RETENTION_DAYS"])))
    extra = {"content-md5": base64.b64encode(hashlib.md5(body).digest()).decode(),  # required with Object Lock
             "content-type": "application/x-ndjson",
             "x-amz-object-lock-mode": "COMPLIANCE",
             "x-amz-object-lock-retain-until-date": retain}
    status, data = s3(cfg, "PUT", key, body, extra)
    if status != 200:
        raise SystemExit(f"PUT {key} answered {status}: {data[:200]!r}")


def list_keys(cfg, prefix):
    keys, token_ = [], None
    while True:
        query = "list-type=2&prefix=" + urllib.parse.quote(prefix, safe="")
        if token_:
            query += "&continuation-token=" + urllib.parse.quote(token_, safe="")
        status, data = s3(cfg, "GET", "", query=query)
        if status != 200:
            raise SystemExit(f"ListObjectsV2 answered {status}")
        root = ET.fromstring(data)
        ns = {"s3": root.tag.split("}")[0].strip("{")} if root.tag.startswith("{") else {}
        find = (lambda n, p: n.findall(f"s3:{p}", ns)) if ns else (lambda n, p: n.findall(p))
        keys += [c.findtext(f"s3:Key" if ns else "Key", namespaces=ns) for c in find(root, "Contents")]
        truncated = (root.findtext("s3:IsTruncated" if ns else "IsTruncated", namespaces=ns) or "false") == "true"
        if not truncated:
            return sorted(keys)
        token_ = root.findtext("s3:NextContinuationToken" if ns else "NextContinuationToken", namespaces=ns)


# ---------------------------------------------------------------- ship and compare

def window_key(cfg, start, end):
    return f"{cfg['SINK_PREFIX']}/events/{iso(start)}_{iso(end)}.jsonl"


def ship(cfg, now=None):
    now = now or dt.datetime.now(dt.timezone.utc)
    cursor_key = f"{cfg['SINK_PREFIX']}/cursor.json"
    status, data = s3(cfg, "GET", cursor_key)
    window = dt.timedelta(seconds=int(cfg["WINDOW_SECONDS"]))
    if status == 200:
        start = parse_time(json.loads(data)["to"])
    elif status == 404:
        start = parse_time(cfg["START"]) if cfg["START"] else now - window
    else:
        raise SystemExit(f"GET {cursor_key} answered {status}")
    settled = now - dt.timedelta(seconds=int(cfg["SETTLE_SECONDS"]))
    bearer, shipped = token(cfg), 0
    while start < settled:
        end = min(start + window, settled)
        events = events_between(cfg, bearer, start, end)
        verify = api_get(cfg, bearer, "/api/v1/audit-events/verify")
        lines = [json.dumps(e, sort_keys=True, separators=(",", ":")) for e in events]
        header = {"kind": "ward-audit-window", "from": iso(start), "to": iso(end), "count": len(events),
                  "sha256": hashlib.sha256("\n".join(lines).encode()).hexdigest(), "verify": verify,
                  "shippedAt": iso(now)}
        body = "\n".join([json.dumps(header, sort_keys=True, separators=(",", ":"))] + lines).encode() + b"\n"
        put_locked(cfg, window_key(cfg, start, end), body, now)
        # The cursor is only a bookmark: rewinding it makes duplicate windows, never gaps.
        status, _ = s3(cfg, "PUT", cursor_key, json.dumps({"to": iso(end)}).encode(),
                       {"content-type": "application/json"})
        if status != 200:
            raise SystemExit(f"PUT {cursor_key} answered {status}")
        print(f"shipped {len(events)} events {iso(start)} .. {iso(end)} (verify valid={verify.get('valid')})")
        shipped += 1
        start = end
    if not shipped:
        print(f"nothing settled to ship after {iso(start)}")
    return 0


def compare(cfg):
    bearer = token(cfg)
    problems, windows, max_checked = [], 0, 0
    for key in list_keys(cfg, f"{cfg['SINK_PREFIX']}/events/"):
        status, data = s3(cfg, "GET", key)
        if status != 200:
            raise SystemExit(f"GET {key} answered {status}")
        header, *lines = data.decode().splitlines()
        header = json.loads(header)
        if hashlib.sha256("\n".join(lines).encode()).hexdigest() != header["sha256"]:
            problems.append(f"{key}: shipped object does not match its own header sha256")
        shipped = {e["sequence"]: e for e in map(json.loads, lines)}
        now = {e["sequence"]: e for e in events_between(cfg, bearer, parse_time(header["from"]), parse_time(header["to"]))}
        for seq in sorted(shipped.keys() - now.keys()):
            problems.append(f"{key}: event {seq} was shipped but is no longer in the database (deleted)")
        for seq in sorted(now.keys() - shipped.keys()):
            problems.append(f"{key}: event {seq} is in the database but was not shipped (inserted later or committed after settling)")
        for seq in sorted(shipped.keys() & now.keys()):
            if shipped[seq] != now[seq]:
                fields = sorted(k for k in shipped[seq].keys() | now[seq].keys() if shipped[seq].get(k) != now[seq].get(k))
                problems.append(f"{key}: event {seq} differs from the shipped copy in {', '.join(fields)} (altered)")
        max_checked = max(max_checked, int(header["verify"].get("checked") or 0))
        windows += 1
    verify = api_get(cfg, bearer, "/api/v1/audit-events/verify")
    if not verify.get("valid"):
        problems.append(f"verify now: valid=false, firstBrokenSequence={verify.get('firstBrokenSequence')}")
    if int(verify.get("checked") or 0) < max_checked:
        problems.append(f"verify now checks {verify.get('checked')} events, fewer than the {max_checked} checked when "
                        "a window was shipped: the newest events were cut off")
    for p in problems:
        print(p)
    print(f"compared {windows} shipped windows with the database: "
          + ("MATCH" if not problems else f"{len(problems)} DIFFERENCES"))
    return 3 if problems else 0


def main(argv):
    if len(argv) != 2 or argv[1] not in ("ship", "compare"):
        print(__doc__, file=sys.stderr)
        return 2
    return ship(config()) if argv[1] == "ship" else compare(config())


if __name__ == "__main__":
    sys.exit(main(sys.argv))
