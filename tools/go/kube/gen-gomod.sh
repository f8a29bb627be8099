#!/usr/bin/env bash
# Writes go.mod of the Kubernetes wrapper module for one version (default: KUBE_VERSION from
# tools/versions.mk): k8s.io/kubernetes required as published, and every staging module it maps to
# ./staging mapped to its published v0.<minor>.<patch> instead. Then `go mod tidy` fills go.sum.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(sed -n 's/^KUBE_VERSION *:= *//p' "$here/../../versions.mk")}
staging=v0.${version#v1.}
upstream_mod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
{
  sed -n '1,/^module /{/^module /!p}' "$here/go.mod"
  echo "module ward.health/tools/kube"
  echo
  grep -E '^(go|godebug) ' "$upstream_mod"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  sed -n '/^replace (/,/^)/p' "$upstream_mod" | awk -v v="$staging" '$3 ~ /^\.\/staging/ {print "\t" $1 " => " $1 " " v}'
  echo ")"
} > "$here/go.mod.new"
mv "$here/go.mod.new" "$here/go.mod"
cd "$here" && go mod tidy
