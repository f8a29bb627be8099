#!/usr/bin/env python3
"""Writes the policy engines' results as JUnit XML for `ward-kit evidence` (tier 1); stdlib only.

  engine-report.py opa   --exit-code N RESULTS.json --output TEST-opa.xml    (`opa test --format=json`)
  engine-report.py gator --exit-code N OUTPUT.txt   --output TEST-gator.xml  (`gator verify -v`, stdout and stderr)

Every result becomes <testcase classname="ENGINE.POLICY" name="..." file="...">, where ENGINE is
opa or gator and POLICY the policy's directory: src/POLICY for an opa test, library/POLICY for a
gator suite. name is the Rego test rule, or the suite's test and case ("test/case"; the test alone
when it failed before reaching its cases). file (and line, for opa) is relative to the repository root. ward-kit
evidence ties POLICY to its control through the catalogue's enforcement.gatekeeper
(policies/library/POLICY/template.yaml); this script knows no control IDs.

N is the engine's exit code. A run that failed without a failing result (a suite gator could not
load, output opa could not write) becomes one failing <testcase classname="ENGINE"> that names no
policy: the evidence report lists it as not attributed to a control instead of losing it.
"""
import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# `--- PASS: name\t(0.020s)`: a test at column 0, a case of it indented.
GATOR_RESULT = re.compile(r"^(?P<indent> *)--- (?P<status>PASS|FAIL|SKIP): (?P<name>.*?)(?:\t\((?P<time>[^)]*)\))?$")
GATOR_RUN = re.compile(r"^ *=== RUN ")
# `ok\t./library/POLICY/suite.yaml\t0.125s` (or FAIL) closes a suite's results.
GATOR_SUITE = re.compile(r"^(?:ok|FAIL)\t(?P<path>[^\t]+)\t")


@dataclass
class Result:
    name: str
    status: str  # PASS, FAIL or SKIP
    seconds: float = 0.0
    message: str = ""
    policy: str = ""
    file: str = ""
    line: int = 0


def repo_path(path: str) -> str:
    """The path relative to the repository root when it lies inside it, else as given."""
    resolved = Path(path).resolve()
    return resolved.relative_to(REPO).as_posix() if resolved.is_relative_to(REPO) else path


def opa_results(text: str) -> list[Result]:
    results = []
    for test in json.loads(text) or []:
        file = test["location"]["file"]
        status = "FAIL" if test.get("fail") or test.get("error") else "SKIP" if test.get("skip") else "PASS"
        message = json.dumps(test["error"]) if test.get("error") else "failed; `opa test -v` shows the trace" if status == "FAIL" else ""
        results.append(Result(test["name"], status, test.get("duration", 0) / 1e9, message,
                              Path(file).parent.name, repo_path(file), test["location"].get("row", 0)))
    return sorted(results, key=lambda r: (r.policy, r.name))


def gator_results(text: str) -> list[Result]:
    results, suite, test, current = [], [], "", None
    for line in text.splitlines():
        if match := GATOR_RESULT.match(line):
            nested = len(match["indent"]) > 0
            if not nested:
                test = match["name"]
                # A failed test counts on its own only when none of its cases failed (e.g. it could
                # not read its constraint); otherwise its cases carry the failure.
                if match["status"] == "PASS" or any(r.name.startswith(test + "/") and r.status == "FAIL" for r in suite):
                    current = None
                    continue
            name = f"{test}/{match['name']}" if nested else match["name"]
            current = Result(name, match["status"], seconds(match["time"]))
            suite.append(current)
        elif GATOR_RUN.match(line):
            if not line.startswith(" "):
                test = line.split("=== RUN", 1)[1].strip()
            current = None
        elif match := GATOR_SUITE.match(line):
            for result in suite:
                result.policy = Path(match["path"]).parent.name
                result.file = repo_path(match["path"])
            results.extend(suite)
            suite, current = [], None
        elif current is not None and current.status == "FAIL" and line.strip():
            current.message += ("\n" if current.message else "") + line.strip()
    return results + suite


def seconds(text: str | None) -> float:
    try:
        return float(text[:-1]) if text and text.endswith("s") else 0.0
    except ValueError:
        return 0.0


def write(engine: str, results: list[Result], output: Path) -> None:
    counts = {status: sum(r.status == status for r in results) for status in ("PASS", "FAIL", "SKIP")}
    suite = ET.Element("testsuite", name=f"{engine} policy engine", tests=str(len(results)),
                       failures=str(counts["FAIL"]), errors="0", skipped=str(counts["SKIP"]),
                       time=f"{sum(r.seconds for r in results):.3f}")
    for r in results:
        case = ET.SubElement(suite, "testcase", name=r.name, classname=f"{engine}.{r.policy}" if r.policy else engine,
                             time=f"{r.seconds:.3f}")
        if r.file:
            case.set("file", r.file)
        if r.line:
            case.set("line", str(r.line))
        if r.status == "FAIL":
            ET.SubElement(case, "failure", message=r.message.splitlines()[0] if r.message else "failed").text = r.message
        elif r.status == "SKIP":
            ET.SubElement(case, "skipped")
    ET.indent(suite)
    output.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(output, encoding="UTF-8", xml_declaration=True)
    print(f"engine-report: {engine}: {counts['PASS']} passed, {counts['FAIL']} failed, {counts['SKIP']} skipped -> {output}",
          file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engine", choices=["opa", "gator"])
    parser.add_argument("input", type=Path, help="the engine's output")
    parser.add_argument("--exit-code", type=int, required=True, help="the engine's exit code")
    parser.add_argument("--output", type=Path, required=True, help="the JUnit XML file to write")
    args = parser.parse_args()
    text = args.input.read_text(encoding="utf-8") if args.input.is_file() else ""
    try:
        results = opa_results(text) if args.engine == "opa" else gator_results(text)
        problem = ""
    except (ValueError, KeyError, TypeError) as e:
        results, problem = [], f"unreadable {args.engine} output {args.input}: {e}"
    if problem or (args.exit_code != 0 and not any(r.status == "FAIL" for r in results)):
        errors = [line.strip() for line in text.splitlines() if line.startswith("Error:") and line.strip() != "Error: FAIL"]
        detail = "\n".join([problem] + errors if problem else errors)
        name = f"{args.engine} output unreadable" if problem else f"{args.engine} exited {args.exit_code} without a failing result"
        results.append(Result(name, "FAIL", message=detail))
    write(args.engine, results, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
