import { secretAccessAlertsManifest } from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

function rules(manifest: any): any[] {
  return manifest.spec.groups[0].rules;
}

describe('secretAccessAlertsManifest', () => {
  test('a PrometheusRule in monitoring with the secret-access alerts, each with summary and description', () => {
    const rule = secretAccessAlertsManifest();
    expectValidManifests([rule]);
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.metadata).toEqual({ name: 'secret-access-alerts', namespace: 'monitoring' });
    expect(rules(rule).map(r => r.alert)).toEqual([
      'KubernetesSecretGetRateHigh', 'KubernetesSecretListClusterWide', 'ExternalSecretSyncErrors', 'ExternalSecretNotReady', 'SecretStoreNotReady',
      'SealedSecretUnsealErrors',
    ]);
    for (const r of rules(rule)) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'summary']);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(30);
      expect(r.labels.severity).toMatch(/^(critical|warning)$/);
    }
  });

  test('the expressions watch the right metrics with the configured thresholds', () => {
    const manifest = secretAccessAlertsManifest({ getRateThreshold: 12, clusterWideListThreshold: 0.5 });
    const byName = Object.fromEntries(rules(manifest).map(r => [r.alert, r]));
    expect(byName.KubernetesSecretGetRateHigh.expr).toBe('sum(rate(apiserver_request_total{resource="secrets",verb="GET"}[5m])) > 12');
    expect(byName.KubernetesSecretListClusterWide.expr).toBe('sum(rate(apiserver_request_total{resource="secrets",verb=~"LIST|WATCH",scope="cluster"}[5m])) > 0.5');
    expect(byName.ExternalSecretSyncErrors.expr).toContain('externalsecret_sync_calls_error');
    expect(byName.ExternalSecretNotReady.expr).toContain('externalsecret_status_condition{condition="Ready",status="False"}');
    expect(byName.SecretStoreNotReady.expr).toContain('secretstore_status_condition{condition="Ready",status="False"}');
    expect(byName.SecretStoreNotReady.expr).toContain('clustersecretstore_status_condition');
    expect(byName.SealedSecretUnsealErrors.expr).toContain('sealed_secrets_controller_unseal_errors_total');
    expect(byName.KubernetesSecretGetRateHigh.labels.severity).toBe('critical');
    expect(byName.ExternalSecretSyncErrors.labels.severity).toBe('warning');
  });

  test('per-user list/watch alert from an audit-derived metric, excluding system users', () => {
    const rule = secretAccessAlertsManifest({ auditEventMetric: { name: 'apiserver_audit_secret_access_total', userLabel: 'username' } });
    expectValidManifests([rule]);
    const byUser = rules(rule).find(r => r.alert === 'KubernetesSecretListByUser');
    expect(byUser.expr).toBe('sum by (username) (increase(apiserver_audit_secret_access_total{resource="secrets",verb=~"list|watch",username!~"system:.*"}[10m])) > 0');
    expect(byUser.annotations.description).toContain('{{ $labels.username }}');
  });

  test('labels, severities, namespace and for are configurable', () => {
    const rule = secretAccessAlertsManifest({
      name: 'secrets',
      namespace: 'observability',
      for: '5m',
      securitySeverity: 'page',
      operationalSeverity: 'ticket',
      alertLabels: { team: 'platform' },
      labels: { release: 'kube-prometheus-stack' },
    });
    expectValidManifests([rule]);
    expect(rule.metadata).toEqual({ name: 'secrets', namespace: 'observability', labels: { release: 'kube-prometheus-stack' } });
    expect(rules(rule)[0].labels).toEqual({ severity: 'page', team: 'platform' });
    expect(rules(rule)[0].for).toBe('5m');
    expect(rules(rule).find(r => r.alert === 'SecretStoreNotReady').labels).toEqual({ severity: 'ticket', team: 'platform' });
  });

  test('bad input: exact messages', () => {
    expect(() => secretAccessAlertsManifest({ getRateThreshold: 0 })).toThrow('SecretAccessAlerts: getRateThreshold 0 must be a positive number (requests per second).');
    expect(() => secretAccessAlertsManifest({ clusterWideListThreshold: Number.NaN })).toThrow('SecretAccessAlerts: clusterWideListThreshold NaN must be a positive number (requests per second).');
    expect(() => secretAccessAlertsManifest({ for: '10 minutes' })).toThrow('SecretAccessAlerts: for "10 minutes" is not a Prometheus duration; use e.g. "5m" or "1h".');
    expect(() => secretAccessAlertsManifest({ auditEventMetric: { name: 'audit-events' } })).toThrow('SecretAccessAlerts: auditEventMetric.name "audit-events" is not a Prometheus metric name.');
    expect(() => secretAccessAlertsManifest({ auditEventMetric: { name: 'audit_events', userLabel: 'user-name' } })).toThrow('SecretAccessAlerts: auditEventMetric.userLabel "user-name" is not a Prometheus label name.');
    expect(() => secretAccessAlertsManifest({ auditEventMetric: { name: 'audit_events' }, systemUserPattern: '(' }))
      .toThrow('SecretAccessAlerts: systemUserPattern "(" is not a Go (RE2) regular expression, as Prometheus compiles it (missing closing ): `(`); Go\'s regexp (RE2) has no lookahead, lookbehind or back-references.');
    expect(() => secretAccessAlertsManifest({ namespace: 'Monitoring' })).toThrow('SecretAccessAlerts: namespace "Monitoring" is not a valid namespace name');
  });

  test('systemUserPattern: Go RE2 syntax, anchored as PromQL anchors it; a pattern matching every user is refused', () => {
    const metric = { name: 'audit_events' };
    expect(() => secretAccessAlertsManifest({ auditEventMetric: metric, systemUserPattern: '(?!alice).*' }))
      .toThrow('SecretAccessAlerts: systemUserPattern "(?!alice).*" is not a Go (RE2) regular expression, as Prometheus compiles it (invalid or unsupported Perl syntax: `(?!`)');
    for (const all of ['.*', '.+', 'system:.*|.*', '(?i).*ALICE.*|[^z]*']) {
      expect(() => secretAccessAlertsManifest({ auditEventMetric: metric, systemUserPattern: all }))
        .toThrow(`SecretAccessAlerts: systemUserPattern ${JSON.stringify(all)} also matches ordinary users (e.g. "alice@example.com"); PromQL anchors it to the whole user name, so the per-user alert would never fire. Match the system users only, e.g. "system:.*".`);
    }
    // Anchored: "system:" alone matches only the user named "system:" in PromQL, which is accepted (not a match-all).
    expect(() => secretAccessAlertsManifest({ auditEventMetric: metric, systemUserPattern: 'system:' })).not.toThrow();
    // A Go-only class (POSIX [[:alpha:]]) compiles.
    expect(() => secretAccessAlertsManifest({ auditEventMetric: metric, systemUserPattern: 'system:[[:alpha:]-]+' })).not.toThrow();
  });

  test('shapes: objects, strings, typed results', () => {
    expect(() => secretAccessAlertsManifest({ auditEventMetric: 'audit_events' as unknown as { name: string } }))
      .toThrow('SecretAccessAlerts: auditEventMetric must be the audit-derived metric ({ name, userLabel?, verbLabel?, resourceLabel? }); received a string.');
    expect(() => secretAccessAlertsManifest({ for: ['5m'] as unknown as string })).toThrow('SecretAccessAlerts: for ["5m"] is not a Prometheus duration; use e.g. "5m" or "1h".');
    expect(() => secretAccessAlertsManifest({ securitySeverity: '' })).toThrow('SecretAccessAlerts: securitySeverity is empty; give the severity label of security alerts, e.g. "critical".');
    const manifest = secretAccessAlertsManifest();
    expect(manifest.spec.groups[0].rules[0].alert).toBe('KubernetesSecretGetRateHigh');
  });
});
