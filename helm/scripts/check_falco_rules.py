"""Structural checks of Ward's Falco rules, which are shipped as values of the falcosecurity
chart (helm/ward/falco/*-values.yaml, key customRules). Falco itself cannot run here, so this is
what proves, everywhere, that the rules are well formed and tied to the control catalogue:

- every rule has desc, condition, output, priority and tags; priority is a Falco priority;
- output is a sentence, then ` | `, then key=%field pairs;
- tags start with a maturity_* tag and name at least one WARD- control id, in the last positions;
- every WARD- id exists as compliance-kit/catalogue/controls/<ID>.yaml;
- every ward_* / user_known_* name used in a condition or exception is a defined macro or list;
- rule names start with "Ward " and are unique across all files.

Usage: python3 check_falco_rules.py CATALOGUE_CONTROLS_DIR VALUES.yaml...
"""
import pathlib
import re
import sys

import yaml

PRIORITIES = {"EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "INFO", "DEBUG"}
NAME = re.compile(r"\b((?:ward|user_known)_[a-z0-9_]+)\b")
WARD_ID = re.compile(r"^WARD-[A-Z]+-\d{3}$")


def check_file(path, control_ids, rule_names):
    problems = []
    values = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))
    custom = values.get("customRules") or {}
    if not custom:
        problems.append(f"{path}: no customRules")
    for file_name, text in custom.items():
        where = f"{path}:{file_name}"
        items = yaml.safe_load(text) or []
        defined = {i.get("macro") or i.get("list") for i in items if "macro" in i or "list" in i}
        rules = [i for i in items if "rule" in i]
        if not rules:
            problems.append(f"{where}: no rules")
        for item in items:
            used = " ".join(str(item.get(k, "")) for k in ("condition", "items"))
            used += " " + " ".join(str(e) for e in item.get("exceptions", []))
            for name in NAME.findall(used):
                if name not in defined:
                    problems.append(f"{where}: {item.get('rule') or item.get('macro') or item.get('list')} uses undefined {name}")
        for rule in rules:
            name = rule["rule"]
            label = f"{where}: rule {name!r}"
            if not name.startswith("Ward "):
                problems.append(f"{label}: name must start with 'Ward '")
            if name in rule_names:
                problems.append(f"{label}: duplicate rule name")
            rule_names.add(name)
            for key in ("desc", "condition", "output", "priority", "tags"):
                if not rule.get(key):
                    problems.append(f"{label}: missing {key}")
            if rule.get("priority") not in PRIORITIES:
                problems.append(f"{label}: priority {rule.get('priority')!r} is not a Falco priority")
            output = " ".join(str(rule.get("output", "")).split())
            if not re.match(r"^[A-Z][^|]+ \| (\S+=%\S+)( \S+=%\S+)*$", output):
                problems.append(f"{label}: output must be 'Sentence | key=%field ...', got {output!r}")
            tags = rule.get("tags") or []
            if not tags or not str(tags[0]).startswith("maturity_"):
                problems.append(f"{label}: first tag must be maturity_*")
            ids = [t for t in tags if str(t).startswith("WARD-")]
            if not ids:
                problems.append(f"{label}: no WARD- control id in tags")
            if ids and tags[-len(ids):] != ids:
                problems.append(f"{label}: control ids must be the last tags")
            for control in ids:
                if not WARD_ID.match(control) or control not in control_ids:
                    problems.append(f"{label}: tag {control} is not a catalogue control")
    return problems


def main(controls_dir, paths):
    control_ids = {p.stem for p in pathlib.Path(controls_dir).glob("WARD-*.yaml")}
    if not control_ids:
        print(f"check_falco_rules: no controls in {controls_dir}", file=sys.stderr)
        return 1
    rule_names = set()
    problems = []
    for path in paths:
        problems += check_file(path, control_ids, rule_names)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    print(f"Falco rules: {len(rule_names)} rules in {len(paths)} values files, every tag a catalogue control")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
