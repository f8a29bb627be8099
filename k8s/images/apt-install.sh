#!/usr/bin/env bash
# Installs Debian packages on the build machine at exact versions: apt-install.sh PKG=VERSION...
# A no-op for a package already at its version; fails (naming the package) when the mirror no
# longer serves the version, so a bump in tools/versions.mk is a deliberate act.
set -euo pipefail
missing=()
for spec in "$@"; do
  pkg=${spec%%=*} version=${spec#*=}
  have=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)
  [ "$have" = "$version" ] || missing+=("$spec")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "apt-install: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || { echo "apt-install: could not install ${missing[*]} (apt-cache policy ${missing[*]%%=*})" >&2; exit 1; }
for spec in "${missing[@]}"; do
  [ "$(dpkg-query -W -f '${Version}' "${spec%%=*}")" = "${spec#*=}" ] \
    || { echo "apt-install: ${spec%%=*} is not at ${spec#*=} after install" >&2; exit 1; }
done
