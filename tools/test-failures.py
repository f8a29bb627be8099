#!/usr/bin/env python3
"""Prints the failed and errored tests of the last Maven run (every module's surefire/failsafe XML
reports), each with the first lines of its message, so the end of a failed `make test` log, which is
often all a CI summary shows, names what failed and why. Exits 0: it reports, the caller fails."""
import glob
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1] if len(sys.argv) > 1 else "."
failed = []
for report in sorted(glob.glob(f"{root}/*/target/*-reports/TEST-*.xml")):
    try:
        suite = ET.parse(report).getroot()
    except ET.ParseError as error:
        failed.append((report, "unreadable report", str(error)))
        continue
    for case in suite.iter("testcase"):
        for kind in ("failure", "error"):
            for problem in case.findall(kind):
                text = (problem.get("message") or problem.text or "").strip().splitlines()
                failed.append((f"{case.get('classname')}.{case.get('name')}", kind, "\n      ".join(text[:6])))
print(f"test-failures: {len(failed)} failed test(s) in the Maven reports under {root}")
for name, kind, message in failed[:40]:
    print(f"  {kind}: {name}\n      {message}")
