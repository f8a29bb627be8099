"""Write kubeconform JSON schemas for every served version of the CustomResourceDefinitions given,
as DEST/<group>/<kind lower-case>_<version>.json, which is kubeconform's
'{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json' schema-location template.

Why hand-written: kubeconform's own converter (scripts/openapi2jsonschema.py in its repository) is
not packaged on PyPI, fetches over HTTP, and is looser than an API server with strict field
validation: it leaves the root of every object open, marks subschemas of anyOf/oneOf/allOf closed
(wrong for structural schemas, where those may only repeat constraints), and ignores
x-kubernetes-preserve-unknown-fields and nullable. This is the same idea (CRD openAPIV3Schema ->
JSON schema, additionalProperties false) with the rules of apiextensions-apiserver's pruning:

- an object schema is closed (additionalProperties: false) unless it sets
  x-kubernetes-preserve-unknown-fields: true or has its own additionalProperties (a map); an
  object schema without properties is closed too: the API server prunes, i.e. with strict field
  validation rejects, every field it does not declare;
- the root allows exactly apiVersion, kind, metadata and the declared fields; metadata is the
  Kubernetes ObjectMeta schema (from the pinned Kubernetes schema set, OBJECTMETA), combined with
  whatever the CRD itself says about metadata (e.g. Gatekeeper's name maxLength 63);
- x-kubernetes-embedded-resource objects get apiVersion, kind and metadata the same way;
- nullable: true adds "null" to the type.
CEL rules (x-kubernetes-validations) are not evaluated here; a real API server does that.

Usage: python3 crd_to_jsonschema.py OBJECTMETA.json DEST_DIR CRD.yaml...
Fails if a file holds anything but CustomResourceDefinitions or two CRDs define the same schema.
"""
import copy
import json
import pathlib
import sys

import yaml


class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML 1.1 resolves a plain '=' to the "value" tag, which PyYAML cannot construct
    (https://github.com/yaml/pyyaml/issues/89); the Prometheus Operator CRDs have enum: ['=', ...]."""


Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))

def closed(schema):
    """The JSON schema of one structural (sub)schema, closed where the API server prunes."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "properties":
            out[key] = {name: closed(sub) for name, sub in value.items()}
        elif key == "items":
            out[key] = closed(value) if isinstance(value, dict) else [closed(v) for v in value]
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = closed(value)
        else:
            # Including allOf/anyOf/oneOf/not: in a structural schema they hold value validations
            # only, so they are copied and never closed.
            out[key] = copy.deepcopy(value)
    if schema.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if schema.get("x-kubernetes-embedded-resource") is True:
        out = with_object_header(out, schema.get("properties", {}).get("metadata"))
    is_object = schema.get("type") == "object" or "properties" in schema
    if (is_object and "additionalProperties" not in schema
            and schema.get("x-kubernetes-preserve-unknown-fields") is not True):
        out["additionalProperties"] = False
    return out


def with_object_header(schema, declared):
    """apiVersion, kind and metadata, which every Kubernetes object has whether declared or not;
    metadata is ObjectMeta combined with what the CRD declares about it (kept open: the API server
    applies it on top of ObjectMeta)."""
    props = schema.setdefault("properties", {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    props["metadata"] = ({"allOf": [{"$ref": "#/$defs/objectmeta"}, copy.deepcopy(declared)]} if declared
                         else {"$ref": "#/$defs/objectmeta"})
    return schema


def root_schema(openapi, object_meta):
    schema = closed(openapi)
    schema = with_object_header(schema, openapi.get("properties", {}).get("metadata"))
    if schema.get("x-kubernetes-preserve-unknown-fields") is not True:
        schema["additionalProperties"] = False
    defs = {"objectmeta": {k: v for k, v in object_meta.items() if k not in ("$defs", "$schema")}}
    defs.update(object_meta.get("$defs", {}))
    return {"$schema": object_meta["$schema"], **schema, "$defs": defs}


def main(object_meta_path, dest, paths):
    object_meta = json.loads(pathlib.Path(object_meta_path).read_text(encoding="utf-8"))
    dest = pathlib.Path(dest)
    written = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.load_all(f, Loader=Loader) if d]
        for crd in docs:
            if crd.get("kind") != "CustomResourceDefinition" or crd.get("apiVersion") != "apiextensions.k8s.io/v1":
                print(f"{path}: not an apiextensions.k8s.io/v1 CustomResourceDefinition: "
                      f"{crd.get('apiVersion')} {crd.get('kind')}", file=sys.stderr)
                return 1
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if not version.get("served"):
                    continue
                openapi = version.get("schema", {}).get("openAPIV3Schema")
                if openapi is None:
                    print(f"{path}: {kind} {version['name']} has no openAPIV3Schema", file=sys.stderr)
                    return 1
                target = dest / group / f"{kind.lower()}_{version['name']}.json"
                if target in written:
                    print(f"{path}: {group}/{version['name']} {kind} is also defined in {written[target]}", file=sys.stderr)
                    return 1
                written[target] = path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(root_schema(openapi, object_meta), indent=1, sort_keys=True) + "\n",
                                  encoding="utf-8")
    if not written:
        print("no CustomResourceDefinition found", file=sys.stderr)
        return 1
    print(f"{len(written)} JSON schemas from {len(paths)} CRD files in {dest}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
