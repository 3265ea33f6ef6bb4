import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { compileGoRegex } from '../validate/re2';
import { checkObject, checkText } from '../validate/values';

/** API version of the PrometheusRule custom resource. */
export const PROMETHEUS_RULE_API_VERSION = 'monitoring.coreos.com/v1';

/** A metric produced from the audit log with a user label (for per-user Secret list/watch alerts). */
export interface AuditEventMetric {
  /** The metric name, e.g. `kube_audit_events_total`. */
  readonly name: string;
  /**
   * The label holding the user name.
   * @default "user"
   */
  readonly userLabel?: string;
  /**
   * The label holding the verb (lower-case Kubernetes verbs).
   * @default "verb"
   */
  readonly verbLabel?: string;
  /**
   * The label holding the resource.
   * @default "resource"
   */
  readonly resourceLabel?: string;
}

/** Options of {@link secretAccessAlertsManifest}. */
export interface SecretAccessAlertsOptions {
  /**
   * The PrometheusRule name.
   * @default "secret-access-alerts"
   */
  readonly name?: string;
  /**
   * Its namespace (where the Prometheus operator picks up rules).
   * @default "monitoring"
   */
  readonly namespace?: string;
  /**
   * Secret `get` requests per second, cluster-wide, above which to alert.
   * @default 5
   */
  readonly getRateThreshold?: number;
  /**
   * Cluster-wide Secret `list`/`watch` requests per second (all namespaces at once, the pattern of a
   * stolen broad token) above which to alert.
   * @default 0.05
   */
  readonly clusterWideListThreshold?: number;
  /**
   * A metric derived from the audit log with a user label. apiserver metrics carry no user, so with this
   * set, an extra alert fires for Secret list/watch by users outside `systemUserPattern`.
   * @default - no per-user alert
   */
  readonly auditEventMetric?: AuditEventMetric;
  /**
   * Users considered system components for the per-user alert (a regular expression).
   * @default "system:.*"
   */
  readonly systemUserPattern?: string;
  /**
   * How long a condition must hold before an alert fires.
   * @default "10m"
   */
  readonly for?: string;
  /**
   * Severity label of security alerts (excess reads, list/watch).
   * @default "critical"
   */
  readonly securitySeverity?: string;
  /**
   * Severity label of operational alerts (sync errors, store not ready, unseal errors).
   * @default "warning"
   */
  readonly operationalSeverity?: string;
  /**
   * Extra labels on every alert (routing, team).
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * Labels of the PrometheusRule object (e.g. the `release` label your Prometheus selects rules by).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** One alerting rule of a PrometheusRule group. */
export interface PrometheusAlertRule {
  /** The alert name. */
  readonly alert: string;
  /** The PromQL expression. */
  readonly expr: string;
  /**
   * How long the condition must hold.
   * @default - fires at once
   */
  readonly for?: string;
  /** Labels (severity and the extra alert labels). */
  readonly labels: Record<string, string>;
  /** `summary` and `description`. */
  readonly annotations: Record<string, string>;
}

/** A `monitoring.coreos.com/v1` PrometheusRule as {@link secretAccessAlertsManifest} builds it. */
export interface PrometheusRuleManifest extends KubeManifest {
  /** `monitoring.coreos.com/v1`. */
  readonly apiVersion: typeof PROMETHEUS_RULE_API_VERSION;
  /** `PrometheusRule`. */
  readonly kind: 'PrometheusRule';
  /** The rule groups. */
  readonly spec: { readonly groups: ReadonlyArray<{ readonly name: string; readonly rules: readonly PrometheusAlertRule[] }> };
}

const PROM_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function threshold(component: string, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(component, prop, `${q(value)} must be a positive number (requests per second).`);
  }
  return value;
}

/**
 * Build a PrometheusRule (`monitoring.coreos.com/v1`) with alerts for secret access: an excessive Secret
 * `get` rate, cluster-wide Secret `list`/`watch` (and, with an audit-derived metric, list/watch by
 * non-system users), External Secrets sync errors and stores not ready, and sealed-secrets unseal
 * errors. Every alert has summary and description annotations.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 */
export function secretAccessAlertsManifest(options: SecretAccessAlertsOptions = {}): PrometheusRuleManifest {
  const component = 'SecretAccessAlerts';
  checkObject(component, 'options', options, 'the alert options (an object)');
  const name = checkObjectName(component, 'name', options.name ?? 'secret-access-alerts', 'PrometheusRule name');
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'monitoring');
  const getRate = threshold(component, 'getRateThreshold', options.getRateThreshold ?? 5);
  const listRate = threshold(component, 'clusterWideListThreshold', options.clusterWideListThreshold ?? 0.05);
  const forDuration = options.for ?? '10m';
  if (typeof forDuration !== 'string' || !PROM_DURATION.test(forDuration)) {
    throw new ValidationError(component, 'for', `${q(forDuration)} is not a Prometheus duration; use e.g. "5m" or "1h".`);
  }
  const extra = checkStringMap(component, 'alertLabels', options.alertLabels, 'label');
  const security = { severity: checkText(component, 'securitySeverity', options.securitySeverity ?? 'critical', 'give the severity label of security alerts, e.g. "critical"'), ...extra };
  const operational = { severity: checkText(component, 'operationalSeverity', options.operationalSeverity ?? 'warning', 'give the severity label of operational alerts, e.g. "warning"'), ...extra };

  const rules: PrometheusAlertRule[] = [
    {
      alert: 'KubernetesSecretGetRateHigh',
      expr: `sum(rate(apiserver_request_total{resource="secrets",verb="GET"}[5m])) > ${getRate}`,
      for: forDuration,
      labels: security,
      annotations: {
        summary: 'Unusually many Secret reads',
        description: `The API server serves more than ${getRate} Secret get requests per second ({{ $value | humanize }}/s). A compromised token enumerating Secrets by name looks like this; check the audit log (level Metadata for secrets) for the users.`,
      },
    },
    {
      alert: 'KubernetesSecretListClusterWide',
      expr: `sum(rate(apiserver_request_total{resource="secrets",verb=~"LIST|WATCH",scope="cluster"}[5m])) > ${listRate}`,
      for: forDuration,
      labels: security,
      annotations: {
        summary: 'Secrets listed or watched across all namespaces',
        description: 'Someone lists or watches Secrets in every namespace at once ({{ $value | humanize }}/s), which returns every value. Only a few controllers need that; find the user in the audit log and check its RBAC.',
      },
    },
  ];
  const systemUsers = options.systemUserPattern ?? 'system:.*';
  // PromQL =~ / !~ compile the pattern with Go's regexp, fully anchored and with `.` matching newlines
  // (prometheus/prometheus model/labels/regexp.go: "^(?s:" + v + ")$"); checked with RE2 semantics.
  compileGoRegex(component, 'systemUserPattern', systemUsers, 'a Go (RE2) regular expression, as Prometheus compiles it');
  const anchored = compileGoRegex(component, 'systemUserPattern', `(?s:${systemUsers})`);
  if (anchored.matchesWhole('alice@example.com')) {
    throw new ValidationError(component, 'systemUserPattern', `${q(systemUsers)} also matches ordinary users (e.g. "alice@example.com"); PromQL anchors it to the whole user name, so the per-user alert would never fire. Match the system users only, e.g. "system:.*".`);
  }
  if (options.auditEventMetric !== undefined) {
    const m = checkObject(component, 'auditEventMetric', options.auditEventMetric, 'the audit-derived metric ({ name, userLabel?, verbLabel?, resourceLabel? })') as unknown as AuditEventMetric;
    const user = m.userLabel ?? 'user';
    const verb = m.verbLabel ?? 'verb';
    const resource = m.resourceLabel ?? 'resource';
    if (typeof m.name !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m.name)) {
      throw new ValidationError(component, 'auditEventMetric.name', `${q(m.name)} is not a Prometheus metric name.`);
    }
    for (const [prop, label] of [['userLabel', user], ['verbLabel', verb], ['resourceLabel', resource]] as const) {
      if (typeof label !== 'string' || !LABEL_NAME.test(label)) {
        throw new ValidationError(component, `auditEventMetric.${prop}`, `${q(label)} is not a Prometheus label name.`);
      }
    }
    rules.push({
      alert: 'KubernetesSecretListByUser',
      expr: `sum by (${user}) (increase(${m.name}{${resource}="secrets",${verb}=~"list|watch",${user}!~${JSON.stringify(systemUsers)}}[10m])) > 0`,
      labels: security,
      annotations: {
        summary: 'A non-system user listed or watched Secrets',
        description: `{{ $labels.${user} }} listed or watched Secrets; list returns every value in the namespace. Confirm it was intended and narrow the user's RBAC to get on named Secrets.`,
      },
    });
  }
  rules.push(
    {
      alert: 'ExternalSecretSyncErrors',
      expr: 'sum by (namespace, name) (increase(externalsecret_sync_calls_error[15m])) > 0',
      for: forDuration,
      labels: operational,
      annotations: {
        summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} fails to sync',
        description: 'The External Secrets Operator cannot refresh this secret from its provider, so rotated values do not reach the cluster. Check the ExternalSecret events and the store credentials.',
      },
    },
    {
      alert: 'ExternalSecretNotReady',
      expr: 'max by (namespace, name) (externalsecret_status_condition{condition="Ready",status="False"}) == 1',
      for: forDuration,
      labels: operational,
      annotations: {
        summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} is not ready',
        description: 'The target Secret is missing or stale. kubectl describe externalsecret shows why.',
      },
    },
    {
      alert: 'SecretStoreNotReady',
      expr: 'max by (namespace, name) (secretstore_status_condition{condition="Ready",status="False"}) == 1 or max by (name) (clustersecretstore_status_condition{condition="Ready",status="False"}) == 1',
      for: forDuration,
      labels: operational,
      annotations: {
        summary: 'Secret store {{ $labels.namespace }}/{{ $labels.name }} is not ready',
        description: 'The External Secrets Operator cannot authenticate to the provider of this (Cluster)SecretStore: no ExternalSecret using it can sync. Check the workload identity (IRSA role, Vault role) and the network policy.',
      },
    },
    {
      alert: 'SealedSecretUnsealErrors',
      expr: 'sum by (reason, namespace) (increase(sealed_secrets_controller_unseal_errors_total[15m])) > 0',
      labels: operational,
      annotations: {
        summary: 'SealedSecrets fail to unseal',
        description: 'The sealed-secrets controller cannot decrypt SealedSecrets ({{ $labels.reason }}): sealed for another cluster or key, renamed or moved out of their scope, or tampered with.',
      },
    },
  );
  return {
    apiVersion: PROMETHEUS_RULE_API_VERSION,
    kind: 'PrometheusRule',
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: { groups: [{ name: 'kube-secure-secrets.secret-access', rules }] },
  };
}
