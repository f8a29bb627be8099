"""Turn the kubernetes-validate "local-strict" JSON schemas into standalone files kubeconform can
use offline.

Why: each per-kind schema has an https://kubernetes.io/... $id and refers to its definitions as
"/api/_definitions.json#/$defs/...". A validator resolves that against the $id, i.e. to a URL on
kubernetes.io, and kubeconform cannot fetch it here (and should not fetch it anywhere: the
schemas were pinned so validation never depends on the network). This copies each schema, points
every $ref at a local "#/$defs/..." and embeds only the definitions it transitively uses.

Usage: python3 inline_schema_refs.py SOURCE_DIR DEST_DIR   (standard library only)
"""
import json
import pathlib
import sys

# Per-kind files point into _definitions.json; definitions inside it point at each other locally.
REF_PREFIXES = ("/api/_definitions.json#/$defs/", "#/$defs/")


def rewrite(node, used):
    """Rewrite $refs in place and collect the definition names they name."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            prefix = next((p for p in REF_PREFIXES if ref.startswith(p)), None)
            if prefix is None:
                raise ValueError(f"unexpected $ref {ref!r}")
            name = ref[len(prefix):]
            used.add(name)
            node["$ref"] = "#/$defs/" + name
        for value in node.values():
            rewrite(value, used)
    elif isinstance(node, list):
        for value in node:
            rewrite(value, used)


def standalone(schema, definitions):
    pending = set()
    rewrite(schema, pending)
    embedded = {}
    while pending:
        name = pending.pop()
        if name in embedded:
            continue
        definition = json.loads(json.dumps(definitions[name]))
        nested = set()
        rewrite(definition, nested)
        embedded[name] = definition
        pending |= nested - embedded.keys()
    if embedded:
        schema["$defs"] = dict(sorted(embedded.items()))
    # The remote $id would make "#/$defs/..." resolve against kubernetes.io again.
    schema.pop("$id", None)
    return schema


def main(source, dest):
    source, dest = pathlib.Path(source), pathlib.Path(dest)
    definitions = json.loads((source / "_definitions.json").read_text(encoding="utf-8"))["$defs"]
    dest.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.glob("*.json")):
        if path.name in ("_definitions.json", "all.json"):
            continue
        schema = standalone(json.loads(path.read_text(encoding="utf-8")), definitions)
        (dest / path.name).write_text(json.dumps(schema, separators=(",", ":")), encoding="utf-8")
        count += 1
    print(f"wrote {count} standalone schemas to {dest}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
