import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretAccessAlertsOptions, secretAccessAlertsManifest } from '../../core';
import { emitManifest } from '../util';

/** Props of {@link SecretAccessAlerts}: the core options. */
export interface SecretAccessAlertsProps extends SecretAccessAlertsOptions {}

/**
 * A Prometheus operator `PrometheusRule` (`monitoring.coreos.com/v1`) with secret-access alerts: an
 * excessive Secret `get` rate, Secrets listed or watched across all namespaces (and, with an
 * audit-derived metric, by non-system users), External Secrets sync errors and stores not ready, and
 * sealed-secrets unseal errors. Goes to the `monitoring` namespace unless told otherwise, whatever the
 * chart's namespace.
 *
 * ```ts
 * new SecretAccessAlerts(chart, 'alerts', { labels: { release: 'kube-prometheus-stack' } });
 * ```
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export class SecretAccessAlerts extends Construct {
  /** The PrometheusRule object. */
  public readonly apiObject: ApiObject;
  /** The names of the alerts it defines. */
  public readonly alertNames: string[];

  public constructor(scope: Construct, id: string, props: SecretAccessAlertsProps = {}) {
    super(scope, id);
    const manifest = secretAccessAlertsManifest(props);
    this.alertNames = manifest.spec.groups.flatMap(g => g.rules.map(r => r.alert));
    this.apiObject = emitManifest(this, 'Resource', 'SecretAccessAlerts', manifest);
  }
}
