# WARD-ENC-001, WARD-AUD-002 — what patient-api may do in Vault/OpenBao, and nothing more: obtain
# new data keys and unwrap existing ones under Ward's key-encryption keys, compute blind indexes,
# sign audit checkpoints (and read the signing key's public halves), keep the audit anchor and rewrap
# data keys after a rotation. It can neither export, rotate, configure nor delete any key. It can
# create a subject's key share once, read it, and destroy it (erasure), never overwrite it.
path "transit/datakey/plaintext/ward-patient-kek" {
  capabilities = ["update"]
}

path "transit/decrypt/ward-patient-kek" {
  capabilities = ["update"]
}

# Key rotation (done by an operator) is followed by patient-api's rewrap job: it reads the key's
# version metadata (never key material; the key is not exportable) and rewraps stored data keys.
path "transit/keys/ward-patient-kek" {
  capabilities = ["read"]
}

path "transit/rewrap/ward-patient-kek" {
  capabilities = ["update"]
}

# The audit MAC key (a data key wrapped by this KEK, unwrapped once per process).
path "transit/datakey/wrapped/ward-audit-kek" {
  capabilities = ["update"]
}

path "transit/decrypt/ward-audit-kek" {
  capabilities = ["update"]
}

# Signed audit chain checkpoints. Verification is local, against the public keys read here (the
# key is not exportable: for an ed25519 key, reading it returns public keys and metadata only).
path "transit/sign/ward-audit-signing" {
  capabilities = ["update"]
}

path "transit/keys/ward-audit-signing" {
  capabilities = ["read"]
}

# The audit anchor: the newest checkpoint, outside the database. Written with check-and-set after each
# sealing round; read by the sealer and by verification. One secret per audit trail (database):
# "head" by default, ward.audit.anchor-path for another database sharing this Vault. Nothing but
# anchors in the mount; no delete (re-anchoring after a restore is an operator's act).
path "ward-audit-anchor/data/*" {
  capabilities = ["create", "update", "read"]
}

# Blind indexes for exact-match search: keyed HMAC, key never leaves Vault.
path "transit/hmac/ward-blind-index" {
  capabilities = ["update"]
}

# WARD-GDPR-002: per-subject key shares. "create" without "update": a share is written once (with
# cas=0) and can never be replaced. Deleting metadata destroys every version (crypto-shredding).
path "ward-subject-shares/data/*" {
  capabilities = ["create", "read"]
}

path "ward-subject-shares/metadata/*" {
  capabilities = ["delete"]
}

# Erasure receipts handed to data subjects, verifiable with the key's public half.
path "transit/sign/ward-erasure-receipt" {
  capabilities = ["update"]
}

path "transit/verify/ward-erasure-receipt" {
  capabilities = ["update"]
}
