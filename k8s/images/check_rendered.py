#!/usr/bin/env python3
"""check_rendered.py IMAGES_JSON RENDERED: every image `make images` wrote a chart key for is in the
rendered chart exactly as repository:tag@digest (a values key the chart ignored would fail here)."""
import json
import sys

images = json.load(open(sys.argv[1], encoding="utf-8"))["images"]
rendered = open(sys.argv[2], encoding="utf-8").read()
wanted = [i for i in images if i["valuesKey"]]
missing = [i["reference"] for i in wanted if f'image: "{i["reference"]}"' not in rendered]
if not wanted or missing:
    sys.exit(f"check_rendered: not in {sys.argv[2]}: {missing or 'no chart images in ' + sys.argv[1]}")
print(f"check_rendered: {len(wanted)} images pinned by digest in {sys.argv[2]}")
