"""Gatekeeper's upstream install manifest (deploy/gatekeeper.yaml of the pinned Go module), cut to
what a Gatekeeper running as a process next to the local control plane needs.

  install MANIFEST                 the CRDs, namespace, ServiceAccount and RBAC, unchanged
  webhook MANIFEST URL CA_FILE     the ValidatingWebhookConfiguration, each webhook's Service replaced by
                                   URL + its path, caBundle from CA_FILE, failurePolicy Fail

Left out: the Deployments, Service, Secret, PodDisruptionBudget and ResourceQuota (no Gatekeeper pod
runs) and the MutatingWebhookConfiguration (Ward uses no mutation). Writes YAML to stdout.
"""
import base64
import sys

import yaml

INSTALL_KINDS = {"Namespace", "CustomResourceDefinition", "ServiceAccount", "Role", "ClusterRole",
                 "RoleBinding", "ClusterRoleBinding"}


def documents(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def install(manifest):
    return [d for d in documents(manifest) if d["kind"] in INSTALL_KINDS]


def webhook(manifest, url, ca_file):
    with open(ca_file, "rb") as f:
        ca_bundle = base64.b64encode(f.read()).decode()
    configs = [d for d in documents(manifest) if d["kind"] == "ValidatingWebhookConfiguration"]
    if len(configs) != 1:
        raise SystemExit(f"expected one ValidatingWebhookConfiguration in {manifest}, found {len(configs)}")
    config = configs[0]
    for hook in config["webhooks"]:
        path = hook["clientConfig"]["service"]["path"]
        hook["clientConfig"] = {"url": url.rstrip("/") + path, "caBundle": ca_bundle}
        hook["failurePolicy"] = "Fail"
    return [config]


def main(argv):
    if len(argv) == 2 and argv[0] == "install":
        docs = install(argv[1])
    elif len(argv) == 4 and argv[0] == "webhook":
        docs = webhook(*argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    yaml.safe_dump_all(docs, sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
