# WARD-ENC-001 — what patient-api may do in Vault/OpenBao, and nothing more: obtain new data keys
# and unwrap existing ones under Ward's key-encryption key. It can neither read, export, rotate nor
# delete keys, and cannot touch any other Transit key.
path "transit/datakey/plaintext/ward-patient-kek" {
  capabilities = ["update"]
}

path "transit/decrypt/ward-patient-kek" {
  capabilities = ["update"]
}
