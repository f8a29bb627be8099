#!/usr/bin/env python3
"""Writes the outputs of `make images` from the table build-images.sh kept while pushing.

write_digests.py REGISTRY IMAGES_TSV SBOM_DIR VALUES_OUT JSON_OUT

IMAGES_TSV rows: name, tag, digest, chart values key ("-" for none), where the bits come from.
VALUES_OUT: chart values pinning each chart image by digest (repository:tag@digest, WARD-POL-007).
JSON_OUT: every image, for machines (the image tests pull from it), with its SBOMs in SBOM_DIR.
"""
import datetime
import json
import os
import re
import sys

DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def main(registry, tsv, sbom_dir, values_out, json_out):
    images = []
    with open(tsv, encoding="utf-8") as rows:
        for row in rows:
            name, tag, digest, key, source = row.rstrip("\n").split("\t")
            if not DIGEST.match(digest):
                sys.exit(f"write_digests: {name}: '{digest}' is not a sha256 digest")
            repository = f"{registry}/ward/{name}"
            images.append({"name": name, "repository": repository, "tag": tag, "digest": digest,
                           "reference": f"{repository}:{tag}@{digest}",
                           "valuesKey": None if key == "-" else key, "source": source,
                           "sbom": [f"sbom/{f}" for f in (f"{name}.cdx.json", f"{name}.maven.cdx.json")
                                    if os.path.exists(os.path.join(sbom_dir, f))]})
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [f"# Written by `make images` (k8s/images/build-images.sh) at {stamp}: the images it built,",
             f"# pushed to the loopback registry {registry}, pinned by digest. Generated: do not edit.",
             "# Install with -f this file. Images without a chart key (base images, postgres) are in images.json."]
    for image in images:
        if image["valuesKey"]:
            lines += [f"{image['valuesKey']}:", "  image:",
                      f"    repository: {json.dumps(image['repository'])}",
                      f"    tag: {json.dumps(image['tag'])}",
                      f"    digest: {json.dumps(image['digest'])}"]
    with open(values_out, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    with open(json_out, "w", encoding="utf-8") as out:
        json.dump({"registry": registry, "written": stamp, "images": images}, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
