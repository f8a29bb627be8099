#!/usr/bin/env bash
# A real single-node Kubernetes on this machine, Ward's cluster tier (`make cluster`, and the e2e
# cluster tests, which call it). It adds a node to the control plane of k8s/local/control-plane.sh
# (the same script, so the same EncryptionConfiguration and API audit policy as k8s/kind):
#
#   containerd + runc + CNI plugins (Debian)   the container runtime, pods on a bridge
#   kubelet, kube-proxy (tools/go/kube)        the node; Services by iptables
#   kube-router (firewall only)                NetworkPolicy enforcement
#   CoreDNS (a pod)                            cluster DNS, answering only cluster.local
#   registry (CNCF distribution)               the images of `make images`, on the node's loopback
#
# Everything runs inside a network namespace this script creates (ward-<id>), joined to the host by
# one veth pair: the host end 10.213.0.1, the node 10.213.0.2. The API server and the kubelet bind
# the node address, everything else 127.0.0.1 of the namespace, so the host's own interfaces,
# iptables and network sysctls are never touched. The namespace has no default route and pods may
# not forward to the host end: nothing a pod sends leaves the namespace. Tests on the host reach the
# API server at 10.213.0.2 and pods through `kubectl port-forward` on the host's 127.0.0.1.
#
# What the node does change on the host is recorded at `up` and restored by `down`: the sysctls the
# kubelet sets (kernel.panic, vm.overcommit_memory, ...), the directories it and containerd create
# whatever they are told (/var/lib/kubelet, /var/log/containers, /run/containerd, ...), the pods'
# network-namespace mounts under /run/netns, and the cgroups (all under /ward-<id> of every
# hierarchy).
#
#   k8s/local/cluster.sh up      stops a previous one (even of a killed run), starts, waits until ready
#   k8s/local/cluster.sh down    stops everything, restores the host, removes the state
#   k8s/local/cluster.sh env     the env file of the running cluster (KUBECONFIG etc.)
#   k8s/local/cluster.sh check-clean   fails, naming it, if anything of a cluster is left on the host
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${WARD_CLUSTER_DIR:-$root/.run/cluster}"
pki="$dir/control-plane/pki"
log_name=cluster
# shellcheck source=k8s/local/lib.sh
. "$root/k8s/local/lib.sh"
ready_timeout="${WARD_CLUSTER_TIMEOUT:-180}"
kube_bin="${WARD_KUBE_BIN:-$root/.tools/kubernetes-$(version_of KUBE_VERSION)/bin}"
node_tools="${WARD_NODE_TOOLS:-$root/.tools/node-$(version_of KUBE_ROUTER_VERSION)-$(version_of COREDNS_VERSION)}"
registry_storage="${WARD_REGISTRY_STORAGE:-$root/.tools/images/registry}"
images_json="${WARD_IMAGES_JSON:-$root/target/images/images.json}"

id="$(printf '%s' "$dir" | sha256sum | cut -c1-8)"
netns="ward-$id"
veth="wardh-$id"
host_ip=10.213.0.1
node_ip=10.213.0.2
node_name=ward-node
pod_cidr=10.244.0.0/24
dns_ip=10.96.0.10
cgroup_root="/ward-$id"
# Where the kubelet, containerd and the CNI plugins write whatever their configuration says.
host_dirs=(/var/lib/kubelet /var/log/containers /var/log/pods /run/containerd /var/lib/cni /run/netns /etc/cni /opt/cni /var/lib/kube-router)
# The kubelet's kernel settings (pkg/kubelet/cm: setupKernelTunables) and the conntrack table size.
host_sysctls=(kernel.panic kernel.panic_on_oops vm.overcommit_memory vm.panic_on_oom kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.netfilter.nf_conntrack_max net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables)

in_ns() { nsenter --net="/run/netns/$netns" "$@"; }
# start (lib.sh) runs a command, not a function: the components go into the namespace this way.
ns_exec=(nsenter --net="/run/netns/$netns")
kubectl() { KUBECONFIG="$dir/admin.kubeconfig" "$kube_bin/kubectl" "$@"; }
sysctl_path() { echo "/proc/sys/${1//.//}"; }

# ------------------------------------------------------------------------------------------ down
# Order: the kubelet (so it restarts nothing), every container process (by cgroup), the shims,
# containerd, the node's other components, the control plane, the registry; then mounts, cgroups,
# the network namespace (which takes the veth pair, the bridge and every iptables rule with it),
# the directories and sysctls as they were.
down() {
  local name pid cg mp
  stop kubelet
  for cg in /sys/fs/cgroup/pids"$cgroup_root" /sys/fs/cgroup/memory"$cgroup_root"; do
    [[ -d "$cg" ]] || continue
    find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done
  done
  for name in kube-router kube-proxy containerd registry; do stop "$name"; done
  if [[ -d "$dir/control-plane" ]]; then WARD_CONTROL_PLANE_DIR="$dir/control-plane" "$root/k8s/local/control-plane.sh" down; fi
  # What a killed run left without a pid file: the shims, containerd, our binaries.
  stop_strays /usr/bin/
  stop_strays "$root/"

  # Mounts of this node: containerd's snapshots and shm, the kubelet's volumes, the pods' network
  # namespaces (listed at their creation in $dir, or any under /run/netns that did not exist at
  # `up`), deepest first.
  while read -r mp; do
    umount -l "$mp" 2>/dev/null || log "could not unmount $mp"
  done < <(awk '{print $5}' /proc/self/mountinfo | grep -E "^($dir/|/var/lib/kubelet/|/run/containerd/|/run/netns/)" | sort -r)
  if [[ -f "$dir/host-state" ]]; then
    for mp in /run/netns/cni-*; do
      [[ -e "$mp" ]] || continue
      grep -qxF "netns $mp" "$dir/host-state" || rm -f "$mp"
    done
  fi
  [[ ! -e "/run/netns/$netns" ]] || ip netns delete "$netns" 2>/dev/null || rm -f "/run/netns/$netns"

  # Cgroups: every hierarchy's /ward-<id>, children first (all its processes are gone).
  for cg in /sys/fs/cgroup/*"$cgroup_root"; do
    [[ -d "$cg" ]] && find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null
    [[ ! -d "$cg" ]] || log "cgroup $cg is still there"
  done

  if [[ -f "$dir/host-state" ]]; then
    restore_host
  fi
  rm -rf "$dir"
}

restore_host() {
  local kind a b
  while read -r kind a b; do
    case "$kind" in
      sysctl) [[ "$(cat "$(sysctl_path "$a")" 2>/dev/null)" == "$b" ]] || echo "$b" >"$(sysctl_path "$a")" ;;
      absent)
        if [[ "$a" == /run/netns ]] && grep -q " /run/netns " /proc/self/mountinfo; then umount /run/netns 2>/dev/null || true; fi
        rm -rf "$a" ;;
    esac
  done <"$dir/host-state"
}

# check-clean: nothing of a cluster on the host. Run by the tier after `down` (and by the teardown test).
check_clean() {
  local left=() p
  for p in $(pgrep -f -- "$dir/" || true); do left+=("process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-120)"); done
  grep -F " $dir/" /proc/self/mountinfo >/dev/null && left+=("mounts under $dir")
  grep -E " /(var/lib/kubelet|run/containerd)/" /proc/self/mountinfo >/dev/null && left+=("kubelet or containerd mounts")
  [[ ! -e "/run/netns/$netns" ]] || left+=("network namespace $netns")
  ip link show "$veth" >/dev/null 2>&1 && left+=("interface $veth")
  for p in /sys/fs/cgroup/*"$cgroup_root"; do [[ ! -d "$p" ]] || left+=("cgroup $p"); done
  for p in "${host_dirs[@]}"; do [[ ! -e "$p" ]] || grep -qxF "present $p" "$dir.baseline" 2>/dev/null || left+=("directory $p"); done
  if [[ -f "$dir.baseline" ]]; then
    while read -r kind a b; do
      [[ "$kind" == sysctl ]] || continue
      [[ "$(cat "$(sysctl_path "$a")" 2>/dev/null)" == "$b" ]] || left+=("sysctl $a = $(cat "$(sysctl_path "$a")"), was $b")
    done <"$dir.baseline"
  fi
  if ((${#left[@]})); then
    printf 'cluster: left on the host after down:\n' >&2; printf '  %s\n' "${left[@]}" >&2; exit 1
  fi
  log "nothing left on the host"
}

# ---------------------------------------------------------------------------------------- record
record_host() {
  local s p
  {
    for s in "${host_sysctls[@]}"; do
      p="$(sysctl_path "$s")"
      [[ -r "$p" ]] && echo "sysctl $s $(cat "$p")"
    done
    for p in "${host_dirs[@]}"; do if [[ -e "$p" ]]; then echo "present $p"; else echo "absent $p"; fi; done
    for p in /run/netns/*; do [[ -e "$p" ]] && echo "netns $p"; done
  } >"$dir/host-state"
  # A copy outside $dir survives `down` so check-clean can compare against it.
  cp "$dir/host-state" "$dir.baseline"
}

# ------------------------------------------------------------------------------------------- up
network_up() {
  ip -br link show "$veth" >/dev/null 2>&1 && die "interface $veth exists but no cluster state does: remove it (ip link delete $veth)"
  ip -4 -o addr show | grep -F " 10.213.0." >/dev/null && die "10.213.0.0/30 is already in use on this host"
  ip netns add "$netns"
  ip link add "$veth" type veth peer name eth0 netns "$netns"
  ip addr add "$host_ip/30" dev "$veth"
  ip link set "$veth" up
  in_ns ip link set lo up
  in_ns ip addr add "$node_ip/30" dev eth0
  in_ns ip link set eth0 up
  # Pods may talk to the node and to each other, never through the veth to the host.
  in_ns ip rule add iif cni0 to "$host_ip/32" prohibit
  echo 1 | in_ns tee /proc/sys/net/ipv4/ip_forward >/dev/null
  echo 1 | in_ns tee /proc/sys/net/bridge/bridge-nf-call-iptables >/dev/null
}

cgroups_up() {
  local h
  for h in /sys/fs/cgroup/*/; do
    mkdir -p "$h${cgroup_root#/}"
  done
  # cpuset: a new cgroup has no CPUs or memory nodes until given its parent's.
  cat /sys/fs/cgroup/cpuset/cpuset.cpus >"/sys/fs/cgroup/cpuset$cgroup_root/cpuset.cpus"
  cat /sys/fs/cgroup/cpuset/cpuset.mems >"/sys/fs/cgroup/cpuset$cgroup_root/cpuset.mems"
}

containerd_up() {
  mkdir -p "$dir"/containerd/{root,state,certs.d/"$registry"} "$dir"/cni/{net.d,ipam}
  cat >"$dir/containerd/certs.d/$registry/hosts.toml" <<EOF
server = "http://$registry"
[host."http://$registry"]
  capabilities = ["pull", "resolve"]
EOF
  cat >"$dir/containerd/config.toml" <<EOF
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.internal.v1.opt",
  "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$dir/containerd/containerd.sock"
[ttrpc]
  address = "$dir/containerd/containerd.sock.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause_image"
  # Root here lacks CAP_SYS_RESOURCE: without this every sandbox fails to set its oom_score_adj.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$dir/containerd/certs.d"
EOF
  # The pod network: one bridge in the node's namespace; no masquerading, no route out of it.
  cat >"$dir/cni/net.d/10-ward-pods.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "ward-pods",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$pod_cidr"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "$dir/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  start containerd "${ns_exec[@]}" containerd --config "$dir/containerd/config.toml"
  local waited=$SECONDS
  until ctr version >/dev/null 2>&1; do
    kill -0 "$(cat "$dir/pids/containerd.pid")" 2>/dev/null || fail_with_log containerd "exited"
    ((SECONDS - waited < ready_timeout)) || fail_with_log containerd "did not answer within ${ready_timeout} s"
    sleep 0.5
  done
  log "containerd ready after $((SECONDS - waited)) s"
}

ctr() { command ctr --address "$dir/containerd/containerd.sock" "$@"; }

registry_up() {
  # The configuration is copied into $dir so the process names its state directory (lib.sh: ours).
  mkdir -p "$dir/registry"
  cp "$root/k8s/images/registry-config.yml" "$dir/registry/config.yml"
  REGISTRY_HTTP_ADDR="$registry" REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY="$registry_storage" OTEL_TRACES_EXPORTER=none \
    start registry "${ns_exec[@]}" "$root/bin/registry" serve "$dir/registry/config.yml"
  local waited=$SECONDS
  until in_ns curl -fsS -o /dev/null "http://$registry/v2/" 2>/dev/null; do
    kill -0 "$(cat "$dir/pids/registry.pid")" 2>/dev/null || fail_with_log registry "exited"
    ((SECONDS - waited < 30)) || fail_with_log registry "did not answer on $registry within 30 s"
    sleep 0.2
  done
  # The node's own images (pause, CoreDNS): one static binary each, on an empty base.
  pause_image="$(push_binary_image pause /pause 65535)"
  coredns_image="$(push_binary_image coredns /coredns 65532)"
}

# push_binary_image NAME PATH UID: the layer `make node-tools` made, as an image, by digest.
push_binary_image() {
  local ref
  ref="$(in_ns "$root/bin/crane" append --insecure --oci-empty-base -f "$node_tools/$1.tar" -t "$registry/ward/$1:node")"
  in_ns "$root/bin/crane" mutate --insecure "$ref" --set-platform linux/amd64 --entrypoint "$2" --user "$3" \
    -t "$registry/ward/$1:node" 2>/dev/null
}

node_pki() {
  issue ca kubelet "/O=system:nodes/CN=system:node:$node_name" clientAuth
  issue ca kubelet-serving "/CN=$node_name" serverAuth "IP:$node_ip,DNS:$node_name"
  issue ca kube-proxy "/CN=system:kube-proxy" clientAuth
  issue ca kube-router "/CN=system:kube-router" clientAuth
  kubeconfig kubelet.kubeconfig "system:node:$node_name" kubelet "$api_url"
  kubeconfig kube-proxy.kubeconfig system:kube-proxy kube-proxy "$api_url"
  kubeconfig kube-router.kubeconfig system:kube-router kube-router "$api_url"
  cp "$dir/control-plane/admin.kubeconfig" "$dir/admin.kubeconfig"
}

kubelet_up() {
  local healthz_port
  read -r healthz_port <<<"$(in_ns bash -c "$(declare -f free_ports); free_ports 1")"
  : >"$dir/resolv.conf" # pods with dnsPolicy Default get no resolver: nothing is looked up outside
  mkdir -p "$dir/kubelet" "$dir/pod-logs"
  cat >"$dir/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $healthz_port
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
cgroupDriver: cgroupfs
cgroupRoot: $cgroup_root
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$dir/containerd/containerd.sock
clusterDNS: [$dns_ip]
clusterDomain: cluster.local
resolvConf: $dir/resolv.conf
podLogsDir: $dir/pod-logs
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 60
podPidsLimit: 4096
EOF
  start kubelet "${ns_exec[@]}" "$kube_bin/kubelet" --config "$dir/kubelet-config.yaml" --kubeconfig "$dir/kubelet.kubeconfig" \
    --hostname-override "$node_name" --node-ip "$node_ip" --root-dir "$dir/kubelet" --cert-dir "$dir/kubelet/pki"
  local waited=$SECONDS next=15
  until [[ "$(kubectl get node "$node_name" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]; do
    kill -0 "$(cat "$dir/pids/kubelet.pid")" 2>/dev/null || fail_with_log kubelet "exited"
    ((SECONDS - waited < ready_timeout)) || fail_with_log kubelet "did not report node $node_name Ready within ${ready_timeout} s"
    if ((SECONDS - waited >= next)); then log "waiting for node $node_name to be Ready ($((SECONDS - waited)) s)"; next=$((next + 15)); fi
    sleep 1
  done
  log "node $node_name Ready after $((SECONDS - waited)) s"
}

services_up() {
  local ports
  read -r -a ports <<<"$(in_ns bash -c "$(declare -f free_ports); free_ports 2")"
  cat >"$dir/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $dir/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $node_name
clusterCIDR: $pod_cidr
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:${ports[0]}
metricsBindAddress: 127.0.0.1:${ports[1]}
nodePortAddresses: [$node_ip/32]
# Leave the host's conntrack settings alone (the table size is not per namespace).
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  start kube-proxy "${ns_exec[@]}" "$kube_bin/kube-proxy" --config "$dir/kube-proxy-config.yaml"
  # NetworkPolicy: kube-router's firewall alone (no routing, no service proxy, no CNI).
  start kube-router "${ns_exec[@]}" "$node_tools/kube-router" --kubeconfig "$dir/kube-router.kubeconfig" \
    --hostname-override "$node_name" --run-firewall=true --run-router=false --run-service-proxy=false \
    --enable-cni=false --enable-ipv4=true --enable-ipv6=false --health-port=0 --metrics-port=0
  sleep 2
  kill -0 "$(cat "$dir/pids/kube-proxy.pid")" 2>/dev/null || fail_with_log kube-proxy "exited"
  kill -0 "$(cat "$dir/pids/kube-router.pid")" 2>/dev/null || fail_with_log kube-router "exited"
}

platform_up() {
  sed -e "s|@COREDNS_IMAGE@|$coredns_image|g" -e "s|@DNS_IP@|$dns_ip|g" "$root/k8s/local/node-addons.yaml" \
    | kubectl apply --server-side -f - >/dev/null
  local waited=$SECONDS next=15
  until kubectl -n kube-system rollout status deployment/coredns --timeout=5s >/dev/null 2>&1; do
    ((SECONDS - waited < ready_timeout)) || die "CoreDNS did not roll out within ${ready_timeout} s; what the cluster says:
$(kubectl -n kube-system get pods -o wide 2>&1)
$(kubectl -n kube-system get events --sort-by=.lastTimestamp 2>&1 | tail -n 15)
$(kubectl -n kube-system logs deployment/coredns --tail=20 2>&1)"
    if ((SECONDS - waited >= next)); then log "waiting for CoreDNS ($((SECONDS - waited)) s)"; next=$((next + 15)); fi
    sleep 1
  done
  log "CoreDNS ready after $((SECONDS - waited)) s"
}

up() {
  [[ "$(id -u)" == 0 ]] || die "the cluster tier needs root (network namespace, mounts, cgroups)"
  local b missing=()
  for b in "$kube_bin/kubelet" "$kube_bin/kube-proxy" "$node_tools/kube-router" "$node_tools/pause.tar" "$node_tools/coredns.tar" \
    "$root/bin/registry" "$root/bin/crane" /usr/bin/containerd /usr/sbin/runc /usr/lib/cni/bridge /usr/sbin/iptables /usr/sbin/ipset \
    /usr/sbin/conntrack; do
    [[ -e "$b" ]] || missing+=("$b")
  done
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (run 'make cluster-tools')"
  [[ -d "$registry_storage" && -f "$images_json" ]] || die "no images in $registry_storage or no $images_json (run 'make images')"
  # containerd's sockets must fit a sun_path (108 bytes).
  ((${#dir} <= 70)) || die "the state directory's path is too long for containerd's socket: $dir (set WARD_CLUSTER_DIR)"

  down
  trap 'log "up failed: stopping what it started (logs kept in $dir.failed/logs)"; rm -rf "$dir.failed"; mkdir -p "$dir.failed"; cp -r "$dir/logs" "$dir/control-plane/logs" "$dir.failed/" 2>/dev/null || true; down' EXIT
  mkdir -p "$dir"/{pids,logs}
  chmod 700 "$dir"
  local started=$SECONDS
  # The node serves the images on the address `make images` pushed them to, so the references of
  # target/images (the chart's digests values) pull unchanged.
  registry="${WARD_REGISTRY:-$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["registry"])' "$images_json")}"
  record_host
  network_up
  cgroups_up
  log "network namespace $netns: node $node_ip, host end $veth $host_ip"

  WARD_CONTROL_PLANE_DIR="$dir/control-plane" WARD_APISERVER_ADDRESS="$node_ip" WARD_CONTROL_PLANE_TIMEOUT="$ready_timeout" \
    in_ns "$root/k8s/local/control-plane.sh" up
  api_url="$(sed -n 's/^WARD_APISERVER_URL=//p' "$dir/control-plane/env")"
  node_pki
  # The API server's identity towards the kubelet (exec, logs, port-forward); kube-router's rights.
  kubectl apply --server-side -f "$root/k8s/local/node-rbac.yaml" >/dev/null

  registry_up
  containerd_up
  kubelet_up
  services_up
  platform_up

  sed -e "s|^KUBECONFIG=.*|KUBECONFIG=$dir/admin.kubeconfig|" "$dir/control-plane/env" >"$dir/env"
  cat >>"$dir/env" <<EOF
WARD_CLUSTER_DIR=$dir
WARD_CLUSTER_NETNS=$netns
WARD_NODE_IP=$node_ip
WARD_REGISTRY=$registry
EOF
  trap - EXIT
  log "up in $((SECONDS - started)) s: export KUBECONFIG=$dir/admin.kubeconfig"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) cat "$dir/env" ;;
  check-clean) check_clean ;;
  *) echo "usage: $0 up|down|env|check-clean" >&2; exit 2 ;;
esac
