"""Writes a kubeconfig for `ward-kit audit --cluster` from the pod's ServiceAccount token.

ward-kit reads the cluster through fabric8's Config.fromKubeconfig, which needs a kubeconfig file
and (fabric8 7.6) ignores a user's `tokenFile`, so the token is written inline, into a
memory-backed emptyDir shared only with the ward-kit containers of this pod.

  python3 write_kubeconfig.py OUT_FILE
"""
import json
import os
import sys

SA = os.environ.get("SERVICEACCOUNT_DIR", "/var/run/secrets/kubernetes.io/serviceaccount")


def kubeconfig(token, host, port):
    server = f"https://{host}:{port}" if ":" not in host else f"https://[{host}]:{port}"
    # JSON is YAML: no YAML library needed in the image.
    return json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "in-cluster",
        "clusters": [{"name": "in-cluster", "cluster": {"server": server, "certificate-authority": f"{SA}/ca.crt"}}],
        "users": [{"name": "ward-kit", "user": {"token": token}}],
        "contexts": [{"name": "in-cluster", "context": {"cluster": "in-cluster", "user": "ward-kit"}}],
    }, indent=2)


def main(out):
    with open(f"{SA}/token", encoding="utf-8") as f:
        token = f.read().strip()
    text = kubeconfig(token, os.environ["KUBERNETES_SERVICE_HOST"], os.environ.get("KUBERNETES_SERVICE_PORT", "443"))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"kubeconfig for {json.loads(text)['clusters'][0]['cluster']['server']} written")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
