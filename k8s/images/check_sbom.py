#!/usr/bin/env python3
"""check_sbom.py SBOM NAME...: the CycloneDX SBOM lists a component with each NAME, with a version.

An SBOM that misses the very package its image exists for (the JRE, python3) means the generator
did not see the image's package database; `make images` fails rather than keep it.
"""
import json
import sys

sbom, names = sys.argv[1], sys.argv[2:]
components = json.load(open(sbom, encoding="utf-8")).get("components", [])
versions = {c.get("name"): c.get("version") for c in components}
missing = [n for n in names if not versions.get(n)]
if missing:
    sys.exit(f"check_sbom: {sbom} ({len(components)} components) lists no version of {', '.join(missing)}")
print(f"check_sbom: {sbom.rsplit('/', 1)[-1]}: {len(components)} components; "
      + ", ".join(f"{n} {versions[n]}" for n in names))
