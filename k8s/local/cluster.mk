# Ward's own Kubernetes on this machine (the cluster tier), included by the root Makefile after it
# defines ROOT, BIN and TOOLS_DIR. Components are built from the Go module proxy, pinned in
# tools/versions.mk, and cached under .tools/ (a rebuild happens only when a version or a wrapper
# module changes).
#
#   make control-plane-tools  build etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
#                             kubectl and Gatekeeper, and fetch the add-ons' CRDs (make crds)
#   make control-plane        start the control plane and Gatekeeper on 127.0.0.1 (k8s/local/control-plane.sh)
#   make control-plane-down   stop it and remove its state

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
