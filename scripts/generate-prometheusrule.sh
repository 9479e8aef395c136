#!/usr/bin/env bash
# Prints deploy/kubernetes/prometheusrule.yaml: the rule groups of alerts/rules.yaml and
# alerts/alerts.yaml in a PrometheusRule for the Prometheus operator.
#   scripts/generate-prometheusrule.sh > deploy/kubernetes/prometheusrule.yaml
# PrometheusRuleTest fails when the committed file differs from this output.
set -euo pipefail
cd "$(dirname "$0")/.."
cat <<'HEADER'
# Generated from alerts/rules.yaml and alerts/alerts.yaml by scripts/generate-prometheusrule.sh:
# edit those and run it again. The Prometheus operator selects rules by label
# (ruleSelector): add the label it expects, e.g. release: <your kube-prometheus-stack>.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: livepatch-exporter
  namespace: monitoring
  labels:
    app.kubernetes.io/name: livepatch-exporter
spec:
  groups:
HEADER
for file in alerts/rules.yaml alerts/alerts.yaml; do
  if ! grep -q '^groups:$' "$file"; then
    echo "generate-prometheusrule: $file has no top-level 'groups:' line" >&2
    exit 1
  fi
  # The lines after 'groups:', indented one level deeper; blank lines stay empty.
  sed -n '/^groups:$/,$p' "$file" | sed '1d; s/^\(.\)/  \1/'
done
