#!/usr/bin/env bash
# Structural checks on the Gatekeeper library that the engines themselves do not make:
#  - every policy source has a library entry with a template and a suite (an untested template
#    would otherwise ship silently);
#  - the committed template.yaml files are exactly what generate.py builds (no hand edits, no drift);
#  - every sample file is used by its suite, so opa test and gator verify run the same cases.
set -euo pipefail
policies="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
status=0
fail() { echo "check-library: $*" >&2; status=1; }

for src in "$policies"/src/*/; do
  name="$(basename "$src")"
  [[ -d "$policies/library/$name" ]] || fail "src/$name has no library/$name"
done
for lib in "$policies"/library/*/; do
  lib="${lib%/}"
  name="$(basename "$lib")"
  [[ -f "$lib/template.yaml" ]] || fail "library/$name has no template.yaml"
  [[ -f "$lib/suite.yaml" ]] || fail "library/$name has no suite.yaml"
  [[ -f "$policies/src/$name/constraint.tmpl" ]] || fail "library/$name has no source under src/$name"
  if [[ -f "$lib/suite.yaml" && -d "$lib/samples" ]]; then
    while IFS= read -r sample; do
      rel="${sample#"$lib"/}"
      grep -qF -- "$rel" "$lib/suite.yaml" || fail "library/$name/$rel is not used by suite.yaml"
    done < <(find "$lib/samples" -type f -name '*.yaml' | sort)
  fi
done

generated="$(mktemp -d)"
trap 'rm -rf "$generated"' EXIT
"$policies/generate.py" --out "$generated"
for template in "$generated"/*/template.yaml; do
  name="$(basename "$(dirname "$template")")"
  diff -u "$policies/library/$name/template.yaml" "$template" \
    || fail "library/$name/template.yaml differs from its sources; run compliance-kit/policies/generate.py"
done

[[ $status -eq 0 ]] && echo "check-library: templates match sources, every template has a suite, every sample is in a suite"
exit "$status"
