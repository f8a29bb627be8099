#!/usr/bin/env bash
# mmdebstrap customize hook: strip-rootfs.sh ROOTFS PACKAGE...
# Takes out of a finished root filesystem what the images' processes never run and an intruder
# would use first: the shells (/bin/sh goes with dash; an image that needs it keeps dash), the package manager and the interpreters only maintainer scripts
# needed (the PACKAGEs), plus every setuid/setgid bit. The packages are purged by dpkg (the host's,
# with --root), so /var/lib/dpkg/status stays true and lists exactly what the image holds (the SBOM
# is made from it); their maintainer scripts are deleted first, because they would need the very
# shell being removed. Adds the numeric users the chart runs the images as (Java needs none, but
# PostgreSQL's initdb refuses a uid without a passwd entry).
set -euo pipefail
root=$1; shift
[ -d "$root/var/lib/dpkg" ] || { echo "strip-rootfs: $root is not a Debian root filesystem" >&2; exit 1; }

# The users, before passwd-handling tools go (base-passwd owns the files; nothing re-creates them).
add_user() { # name uid
  grep -q "^$1:" "$root/etc/passwd" || echo "$1:x:$2:$2:$1:/nonexistent:/usr/sbin/nologin" >>"$root/etc/passwd"
  grep -q "^$1:" "$root/etc/group" || echo "$1:x:$2:" >>"$root/etc/group"
}
add_user ward 185          # patient-api (the uid of the chart's patient-api Deployment)
add_user nonroot 65532     # ward-kit, the audit shipper
add_user postgres 999      # records-db (the uid of the chart's StatefulSet)

installed=()
for pkg in "$@"; do
  if dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'installed$'; then
    installed+=("$pkg")
    rm -f "$root/var/lib/dpkg/info/$pkg".{preinst,postinst,prerm,postrm} "$root/var/lib/dpkg/info/$pkg:amd64".{preinst,postinst,prerm,postrm}
  fi
done
# dash diverts /bin/sh (and its man page); the diversions go with it.
dpkg-divert --admindir="$root/var/lib/dpkg" --list | awk '$NF == "dash" {print $3}' | while read -r path; do
  dpkg-divert --root="$root" --admindir="$root/var/lib/dpkg" --no-rename --remove "$path" >/dev/null
done
dpkg --root="$root" --force-remove-essential --force-depends --force-remove-protected --no-triggers \
  --purge "${installed[@]}" >/dev/null
gone=(bash dpkg apt apt-get perl)
if [[ " $* " == *" dash "* ]]; then
  rm -f "$root/bin/sh" "$root/usr/bin/sh"
  gone+=(sh dash)
fi
find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +
# Left-overs no image needs: apt's and dpkg's caches and logs.
# Man pages are kept while packages install (update-alternatives links them) and go here.
rm -rf "$root"/var/cache/apt "$root"/var/lib/apt "$root"/var/log/* "$root"/var/cache/debconf "$root"/usr/share/man
for program in "${gone[@]}"; do
  [ ! -e "$root/usr/bin/$program" ] || { echo "strip-rootfs: /usr/bin/$program is still there" >&2; exit 1; }
done
