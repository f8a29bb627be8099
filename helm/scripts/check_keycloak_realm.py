"""Checks the cluster realm (helm/ward/files/keycloak/ward-realm.json) against what patient-api and
the brief require, since Keycloak cannot import it on these machines:

- realm `ward` with exactly the roles clinician, patient, auditor, dpo;
- NO users (people are managed in the cluster's Keycloak, never in a file in git), no client
  with direct access grants (password grant) or implicit flow, every public client uses PKCE S256;
- user attribute `organization` editable by admins only, exposed as access-token claim
  `organization`; an audience mapper adds `patient-api`.

Usage: python3 check_keycloak_realm.py REALM.json
"""
import json
import sys


def problems_of(realm):
    problems = []
    if realm.get("realm") != "ward":
        problems.append("realm must be named ward")
    roles = sorted(r["name"] for r in realm.get("roles", {}).get("realm", []))
    if roles != ["auditor", "clinician", "dpo", "patient"]:
        problems.append(f"realm roles must be clinician, patient, auditor, dpo; got {roles}")
    if realm.get("users"):
        problems.append("the cluster realm must contain no users")
    mappers = []
    for client in realm.get("clients", []):
        cid = client.get("clientId")
        if client.get("directAccessGrantsEnabled"):
            problems.append(f"client {cid}: direct access grants must be off")
        if client.get("implicitFlowEnabled"):
            problems.append(f"client {cid}: implicit flow must be off")
        if client.get("publicClient") and client.get("attributes", {}).get("pkce.code.challenge.method") != "S256":
            problems.append(f"client {cid}: public client without PKCE S256")
        mappers += client.get("protocolMappers", [])
    for scope in realm.get("clientScopes", []):
        mappers += scope.get("protocolMappers", [])
    if not any(m["protocolMapper"] == "oidc-audience-mapper"
               and m["config"].get("included.custom.audience") == "patient-api"
               and m["config"].get("access.token.claim") == "true" for m in mappers):
        problems.append("no audience mapper adding patient-api to access tokens")
    if not any(m["protocolMapper"] == "oidc-usermodel-attribute-mapper"
               and m["config"].get("user.attribute") == "organization"
               and m["config"].get("claim.name") == "organization"
               and m["config"].get("access.token.claim") == "true" for m in mappers):
        problems.append("no mapper exposing user attribute organization as access-token claim organization")
    profile = realm.get("components", {}).get("org.keycloak.userprofile.UserProfileProvider", [])
    attrs = []
    for component in profile:
        for text in component.get("config", {}).get("kc.user.profile.config", []):
            attrs += json.loads(text).get("attributes", [])
    org = [a for a in attrs if a["name"] == "organization"]
    if not org or org[0].get("permissions", {}).get("edit") != ["admin"]:
        problems.append("user profile attribute organization must exist and be editable by admin only")
    return problems


def main(path):
    with open(path, encoding="utf-8") as f:
        realm = json.load(f)
    problems = problems_of(realm)
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"{path}: realm ward, 4 roles, no users, no password grant, organization claim, audience patient-api")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
