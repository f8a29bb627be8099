{{/*
Helpers shared by every template. Names follow `helm create` so tooling and readers find the
usual entry points; component names add a suffix and re-truncate so they stay valid DNS labels.
*/}}

{{- define "ward.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ward.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ward.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ward.labels" -}}
helm.sh/chart: {{ include "ward.chart" . }}
{{ include "ward.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ward
{{- end }}

{{- define "ward.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ward.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
WARD-POL-009: both workloads hold PHI (patient-api decrypts it, records-db stores its ciphertext),
so they, their pod templates and their Services carry the data-classification label every
PHI-scoped control selects on. Not a selector label: selectors are immutable, labels are not.
*/}}
{{- define "ward.phiLabels" -}}
{{- if .Values.dataClassification.enabled }}
ward.health/data-classification: phi
{{- end }}
{{- end }}

{{/* SPIFFE principal of a ServiceAccount in the release namespace, as Istio authorizes it. */}}
{{- define "ward.principal" -}}
{{- printf "%s/ns/%s/sa/%s" .root.Values.istio.trustDomain .root.Release.Namespace .serviceAccount }}
{{- end }}

{{/* ---------------------------------------------------------------- patient-api */}}

{{- define "ward.patientApi.fullname" -}}
{{- printf "%s-patient-api" (include "ward.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ward.patientApi.labels" -}}
{{ include "ward.labels" . }}
app.kubernetes.io/component: patient-api
{{- include "ward.phiLabels" . }}
{{- end }}

{{- define "ward.patientApi.selectorLabels" -}}
{{ include "ward.selectorLabels" . }}
app.kubernetes.io/component: patient-api
{{- end }}

{{- define "ward.patientApi.serviceAccountName" -}}
{{- if .Values.patientApi.serviceAccount.create }}
{{- default (include "ward.patientApi.fullname" .) .Values.patientApi.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.patientApi.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Where the Vault-audience ServiceAccount token is projected; not the Kubernetes default path,
so nothing that looks for an API token finds one. */}}
{{- define "ward.patientApi.vaultTokenDir" -}}/var/run/secrets/ward.health/vault{{- end }}

{{/* ---------------------------------------------------------------- records-db */}}

{{/*
52, not 63: the StatefulSet controller labels each pod with
controller-revision-hash=<name>-<10-char hash>, and that label value is limited to 63.
*/}}
{{- define "ward.recordsDb.fullname" -}}
{{- printf "%s-records-db" (include "ward.fullname" .) | trunc 52 | trimSuffix "-" }}
{{- end }}

{{- define "ward.recordsDb.bootstrapName" -}}
{{- printf "%s-bootstrap" (include "ward.recordsDb.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ward.recordsDb.serviceAccountName" -}}
{{- include "ward.recordsDb.fullname" . }}
{{- end }}

{{- define "ward.recordsDb.labels" -}}
{{ include "ward.labels" . }}
app.kubernetes.io/component: records-db
{{- include "ward.phiLabels" . }}
{{- end }}

{{- define "ward.recordsDb.selectorLabels" -}}
{{ include "ward.selectorLabels" . }}
app.kubernetes.io/component: records-db
{{- end }}

{{/* ---------------------------------------------------------------- images */}}

{{/*
WARD-POL-007: images are referenced by digest, repo:tag@sha256:... (the tag only for readers; the
runtime pulls by digest). Rendering fails without a digest unless insecure.allowImageTags is set.
Call with (dict "image" .Values.x.image "default" "<fallback tag>" "name" "x.image" "root" $).
*/}}
{{- define "ward.image" -}}
{{- $tag := default .default .image.tag }}
{{- if .image.digest }}
{{- if $tag }}
{{- printf "%s:%s@%s" .image.repository $tag .image.digest }}
{{- else }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- end }}
{{- else if .root.Values.insecure.allowImageTags }}
{{- printf "%s:%s" .image.repository (required (printf "%s needs a tag or a digest" .image.repository) $tag) }}
{{- else }}
{{- fail (printf "%s.digest is required: images are pinned by digest (WARD-POL-007); set it to the sha256 digest of the image you deploy" .name) }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- storage */}}

{{- define "ward.storageClassName" -}}
{{- if .Values.storage.existingClassName }}
{{- .Values.storage.existingClassName }}
{{- else }}
{{- printf "%s-encrypted" (include "ward.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- database */}}

{{/*
The database and role names are fixed by records-db's cluster bootstrap (files/records-db/roles.sql,
a drift-checked copy of records-db/src/main/resources/db/bootstrap/roles.sql), so they are not values:
a value could only disagree with the SQL that creates them.
*/}}
{{- define "ward.db.name" -}}ward{{- end }}
{{- define "ward.db.appRole" -}}ward_app{{- end }}
{{- define "ward.db.migratorRole" -}}ward_migrator{{- end }}

{{- define "ward.db.defaultJdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:5432/%s" (include "ward.recordsDb.fullname" .) (include "ward.db.name" .) }}
{{- end }}

{{/* ---------------------------------------------------------------- secrets */}}

{{/*
Secret names default to <fullname>-<purpose> so two releases never share credentials. One Secret
per database role: the superuser (used only by initdb and the backup hook), the migrator (Flyway at
patient-api start-up) and the application role. The records-db pod reads the last two once, at
initdb, to create the roles with those passwords.
*/}}
{{- define "ward.recordsDb.secretName" -}}
{{- default (printf "%s-db-superuser" (include "ward.fullname" .)) .Values.recordsDb.auth.existingSecret }}
{{- end }}

{{- define "ward.patientApi.dbSecretName" -}}
{{- default (printf "%s-db-app" (include "ward.fullname" .)) .Values.patientApi.database.existingSecret }}
{{- end }}

{{- define "ward.patientApi.migratorSecretName" -}}
{{- default (printf "%s-db-migrator" (include "ward.fullname" .)) .Values.patientApi.migrations.existingSecret }}
{{- end }}

{{/*
Restricted container securityContext (Pod Security Standards "restricted"), shared by every
container so no workload can drift from it. WARD-POL-001 requires runAsNonRoot on the container
as well as the pod. Call with (dict "uid" <uid> "root" $). The only way to weaken it is the
`insecure` values block, which exists for the tests that prove the policies catch it.
*/}}
{{- define "ward.containerSecurityContext" -}}
{{- $restricted := dict
    "runAsNonRoot" true
    "runAsUser" .uid
    "runAsGroup" .uid
    "readOnlyRootFilesystem" true
    "allowPrivilegeEscalation" false
    "privileged" false
    "capabilities" (dict "drop" (list "ALL"))
    "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (mergeOverwrite $restricted (deepCopy .root.Values.insecure.containerSecurityContext)) }}
{{- end }}

{{- define "ward.podSecurityContext" -}}
{{- $restricted := dict
    "runAsNonRoot" true
    "runAsUser" .uid
    "runAsGroup" .uid
    "fsGroup" .uid
    "fsGroupChangePolicy" "OnRootMismatch"
    "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (mergeOverwrite $restricted (deepCopy .root.Values.insecure.podSecurityContext)) }}
{{- end }}

{{/* Pod-level fields only the insecure test values ever set (WARD-POL-006, WARD-IAM-005). */}}
{{- define "ward.insecurePodFields" -}}
{{- with .Values.insecure }}
{{- if .hostNetwork }}
hostNetwork: true
{{- end }}
{{- if .hostPID }}
hostPID: true
{{- end }}
{{- end }}
{{- end }}

{{/* WARD-IAM-005: the API token stays out of every pod unless the insecure values say otherwise. */}}
{{- define "ward.automountToken" -}}
{{- .Values.insecure.automountServiceAccountToken | default false }}
{{- end }}
