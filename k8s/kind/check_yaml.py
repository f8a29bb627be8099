"""Offline sanity check of the kind platform files: kind cannot run on every machine, so this is
what proves, everywhere, that the files at least parse and point at each other correctly.

Usage: python3 check_yaml.py FILE.yaml...  (exit 1 on the first problem)
"""
import pathlib
import sys

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
GENERATED_ENCRYPTION_CONFIG = "k8s/kind/generated/encryption-config.yaml"


def check_kind_cluster(doc):
    assert doc["kind"] == "Cluster" and doc["apiVersion"] == "kind.x-k8s.io/v1alpha4", "not a kind v1alpha4 Cluster"
    assert doc["networking"]["disableDefaultCNI"] is True, "kindnet would not enforce NetworkPolicy"
    roles = [n["role"] for n in doc["nodes"]]
    assert roles == ["control-plane", "worker"], f"unexpected nodes {roles}"
    control_plane = doc["nodes"][0]
    mounts = {m["containerPath"]: m["hostPath"] for m in control_plane["extraMounts"]}
    patch = yaml.safe_load(control_plane["kubeadmConfigPatches"][0])
    args = patch["apiServer"]["extraArgs"]
    for flag in ("audit-policy-file", "encryption-provider-config", "audit-webhook-config-file"):
        assert args[flag] in mounts, f"--{flag}={args[flag]} is not mounted into the node"
    for flag in ("audit-policy-file", "audit-webhook-config-file"):
        assert (REPO / mounts[args[flag]]).is_file(), f"--{flag} hostPath does not exist"
    assert mounts[args["encryption-provider-config"]] == GENERATED_ENCRYPTION_CONFIG, (
        "encryption config must be the generated, git-ignored file"
    )
    volume_paths = [v["mountPath"] for v in patch["apiServer"]["extraVolumes"]]
    for flag in ("audit-policy-file", "encryption-provider-config", "audit-log-path", "audit-webhook-config-file"):
        assert any(args[flag].startswith(p + "/") for p in volume_paths), f"--{flag} is not inside an apiserver extraVolume"


def check_audit_webhook(doc):
    clusters = doc["clusters"]
    assert len(clusters) == 1, "audit webhook kubeconfig must name exactly one backend"
    server = clusters[0]["cluster"]["server"]
    assert server.endswith("/k8s-audit"), f"audit webhook {server} is not Falco's k8saudit endpoint"


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        assert docs, f"{path}: empty"
        for doc in docs:
            if doc.get("kind") == "Cluster":
                check_kind_cluster(doc)
            if doc.get("kind") == "Config" and path.endswith("audit-webhook.yaml"):
                check_audit_webhook(doc)
        print(f"ok {path}")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (AssertionError, KeyError, yaml.YAMLError) as e:
        sys.exit(f"check_yaml: {e!r}")
