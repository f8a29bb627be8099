#!/usr/bin/env bash
# Download one wheel from PyPI and refuse it unless its SHA-256 matches the pin.
# usage: pip-wheel.sh NAME VERSION SHA256 DEST_DIR [PLATFORM]   -> prints the wheel path
set -euo pipefail
name=$1 version=$2 sha=$3 dest=$4 platform=${5:-manylinux2014_x86_64}
mkdir -p "$dest"
python3 -m pip download --quiet --no-deps --only-binary=:all: --platform "$platform" \
  --python-version 3.11 -d "$dest" "${name}==${version}" >&2
wheel=$(find "$dest" -maxdepth 1 -name "${name//-/_}-${version}-*.whl" | head -1)
echo "${sha}  ${wheel}" | sha256sum --check --quiet - >&2 || { echo "checksum mismatch for $wheel" >&2; exit 1; }
echo "$wheel"
