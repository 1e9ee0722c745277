{{/* Labels every object carries. */}}
{{- define "civcity.labels" -}}
app.kubernetes.io/part-of: civcity
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{/* The pod labels of one of the four services (given as the service's name). */}}
{{- define "civcity.serviceSelector" -}}
app.kubernetes.io/name: {{ . }}
app.kubernetes.io/component: service
{{- end }}

{{/* A Kubernetes name for a topic (dots are not allowed in every kind's name). */}}
{{- define "civcity.topicResource" -}}
{{ . | replace "." "-" }}
{{- end }}

{{/* The security context of every container: non-root, nothing to escalate, a read-only root. */}}
{{- define "civcity.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* What a service may write: the topics it owns, its dead-letter topic and its replay topics (KafkaAccess). */}}
{{- define "civcity.writes" -}}
{{- $service := .service -}}
{{- $kafka := .kafka -}}
{{- $writes := list -}}
{{- range $topic, $owner := merge (dict) $kafka.topics $kafka.referenceTopics -}}
{{- if eq $owner $service }}{{ $writes = append $writes $topic }}{{ end -}}
{{- end -}}
{{- $writes = append $writes (printf "civcity.dead-letter.%s" $service) -}}
{{- range (get $kafka.consumes $service) }}{{ $writes = append $writes (printf "%s.replay.%s" . $service) }}{{ end -}}
{{- $writes | uniq | sortAlpha | toJson -}}
{{- end }}

{{/* What a service may read: what it consumes with its replay topics, the shared reference data, its dead letters. */}}
{{- define "civcity.reads" -}}
{{- $service := .service -}}
{{- $kafka := .kafka -}}
{{- $reads := list -}}
{{- range (get $kafka.consumes $service) }}{{ $reads = append $reads . }}{{ $reads = append $reads (printf "%s.replay.%s" . $service) }}{{ end -}}
{{- range $kafka.readByAll }}{{ $reads = append $reads . }}{{ end -}}
{{- $reads = append $reads (printf "civcity.dead-letter.%s" $service) -}}
{{- $reads | uniq | sortAlpha | toJson -}}
{{- end }}
