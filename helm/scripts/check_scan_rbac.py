"""The compliance scan's ClusterRole grants exactly what `ward-kit audit --cluster` lists.

  python3 check_scan_rbac.py CLUSTER_READER_JAVA RENDERED.yaml

Reads the kinds from compliance-kit's ClusterReader (`new Kind("group", "version", "Kind",
"plural", namespaced)` and the Gatekeeper constraint kinds, lower-cased), finds the ClusterRole
of the compliance scan in RENDERED.yaml, and fails when a listed kind is not granted (the scan
would fail with 403), when something is granted that ward-kit does not read (more than least
privilege), when a verb other than get/list appears, or when Secrets are granted.
"""
import re
import sys

import yaml


def wanted(java):
    text = open(java, encoding="utf-8").read()
    # literal kinds; the constraint kinds are built in a loop from the list below
    kinds = {(g, p) for g, _, _, p in re.findall(r'new Kind\("([^"]*)", "([^"]+)", "([^"]+)", "([^"]+)"', text)}
    block = re.search(r'for \(String constraint : List\.of\((.*?)\)\)', text, re.S)
    if not block:
        raise SystemExit(f"{java}: constraint kind list not found")
    kinds |= {("constraints.gatekeeper.sh", k.lower()) for k in re.findall(r'"(Ward[A-Za-z]+)"', block.group(1))}
    return kinds


def main(java, rendered):
    want = wanted(java)
    role = None
    for doc in yaml.safe_load_all(open(rendered, encoding="utf-8")):
        if doc and doc.get("kind") == "ClusterRole" and doc["metadata"]["name"].endswith("-compliance-scan"):
            role = doc
    if role is None:
        raise SystemExit(f"no compliance-scan ClusterRole in {rendered}")
    granted, errors = set(), []
    for rule in role["rules"]:
        if set(rule["verbs"]) - {"get", "list"}:
            errors.append(f"verbs {rule['verbs']} beyond get/list")
        for g in rule["apiGroups"]:
            for r in rule["resources"]:
                granted.add((g, r))
    if ("", "secrets") in granted:
        errors.append("Secrets granted")
    for g, r in sorted(want - granted):
        errors.append(f"ward-kit lists {g or 'core'}/{r} but the ClusterRole does not grant it")
    for g, r in sorted(granted - want):
        errors.append(f"the ClusterRole grants {g or 'core'}/{r}, which ward-kit does not read")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        return 1
    print(f"compliance-scan ClusterRole: get/list on exactly the {len(want)} kinds ward-kit --cluster lists, no Secrets")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
