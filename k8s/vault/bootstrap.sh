#!/usr/bin/env bash
# Bootstraps Ward's keys and policies in a Vault/OpenBao server (WARD-ENC-001). Idempotent.
# Needs: BAO_ADDR and BAO_TOKEN (a token allowed to mount engines and write policies), `bao` on PATH.
# With WARD_ISSUE_APP_TOKEN=1 it also prints a token bound to patient-api's policy — for the local
# stack only; in Kubernetes patient-api logs in with its ServiceAccount (Kubernetes auth) instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${BAO_ADDR:?BAO_ADDR must be set}" "${BAO_TOKEN:?BAO_TOKEN must be set}"

if ! bao secrets list -format=json | grep -q '"transit/"'; then
  bao secrets enable -path=transit transit >/dev/null
fi
# Not exportable, no plaintext backup; deletion stays disabled (the default), and the application
# policy grants no key management at all.
ensure_key() {
  local name=$1 type=$2
  shift 2
  if ! bao read -format=json "transit/keys/$name" >/dev/null 2>&1; then
    bao write -f "transit/keys/$name" type="$type" exportable=false allow_plaintext_backup=false "$@" >/dev/null
  fi
}
ensure_key ward-patient-kek aes256-gcm96    # wraps per-subject data keys (WARD-ENC-001)
ensure_key ward-audit-kek aes256-gcm96      # wraps the audit MAC key (WARD-AUD-002)
ensure_key ward-audit-signing ed25519       # signs audit chain checkpoints (WARD-AUD-002)
ensure_key ward-blind-index hmac key_size=32 # keyed HMAC for exact-match search (WARD-ENC-001)
ensure_key ward-erasure-receipt ed25519     # signs erasure receipts given to data subjects (WARD-GDPR-002)

# WARD-GDPR-002: per-subject key shares live here, outside the database and its backups. A subject's
# effective data key needs both its Transit-wrapped key (in PostgreSQL) and its share (here);
# erasure destroys the share (metadata delete: every version, permanently). One version per share:
# nothing to undelete.
if ! bao secrets list -format=json | grep -q '"ward-subject-shares/"'; then
  bao secrets enable -path=ward-subject-shares -version=2 kv >/dev/null
fi
bao write ward-subject-shares/config max_versions=1 >/dev/null
# WARD-AUD-002: the audit anchor (the newest signed checkpoint) lives here, outside PostgreSQL, so a
# database writer cannot cut off the newest events together with their checkpoints unnoticed.
if ! bao secrets list -format=json | grep -q '"ward-audit-anchor/"'; then
  bao secrets enable -path=ward-audit-anchor -version=2 kv >/dev/null
fi
bao write ward-audit-anchor/config max_versions=20 >/dev/null
bao policy write ward-patient-api "$here/ward-patient-api.hcl" >/dev/null

if [[ "${WARD_ISSUE_APP_TOKEN:-0}" == 1 ]]; then
  # Renewable, not an orphan of root, no default policy: only what ward-patient-api.hcl grants.
  bao token create -policy=ward-patient-api -no-default-policy -ttl=24h -renewable=true -field=token
fi
