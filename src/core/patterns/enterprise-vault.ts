/**
 * EnterpriseVaultSecrets as a pure plan: Vault as the central store, Kubernetes auth, the agent injector,
 * strict NetworkPolicies, audit and alerting (the seeds' pattern 1). Everything here is composed from
 * the blocks' core builders (`vaultAgentInjection`, `vaultAccessManifest`, `namespaceIsolationManifests`,
 * `auditPolicy`, `secretAccessAlertsManifest`); the front-ends render the plan with their existing
 * constructs and components.
 */
import { SecretAccessAlertsOptions } from '../cluster/alerts';
import { AuditPolicy, AuditPolicyOptions, auditPolicy } from '../cluster/apiserver-config';
import { ValidationError, q } from '../errors';
import { ComplianceReport, complianceReport } from './compliance';
import { VaultRoleWrite, checkMountPath, vaultSetupScript } from './vault-setup';
import { NetworkPolicyManifest, checkPort, labels, policy } from '../network/common';
import { NamespaceIsolationOptions } from '../network/namespace-isolation';
import { VaultAccessOptions, VaultClientSelector, vaultAccessManifest } from '../network/vault-access';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkObject, checkText, optIn } from '../validate/values';
import {
  VaultAgentInjectionOptions, VaultAgentInjectionSpec, VaultAgentSecret, VaultKubernetesAuthRole, vaultAgentInjection,
} from '../vault/agent';

/** The pattern's name in reports and errors. */
export const ENTERPRISE_VAULT_PATTERN = 'EnterpriseVaultSecrets';

/** Where Vault runs and how the pattern reaches it. */
export interface EnterpriseVaultConnection {
  /** Vault's address as the agents use it, e.g. `https://vault.vault.svc:8200`; `https://` unless `allowPlaintextVaultAddress`. */
  readonly address: string;
  /**
   * The Kubernetes namespace the Vault server pods run in (Vault inside the cluster: its ingress is
   * limited to the injected pods).
   * @default "vault"
   */
  readonly namespace?: string;
  /**
   * Labels of the Vault server pods.
   * @default { "app.kubernetes.io/name": "vault" } (the official Helm chart)
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The port the Vault pods listen on (NetworkPolicies match the pod's port, not the Service's).
   * @default 8200
   */
  readonly port?: number;
  /**
   * Vault's cluster port, open among the Vault pods themselves.
   * @default 8201
   */
  readonly clusterPort?: number;
  /**
   * The Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * The mount path of the Kubernetes auth method, without `auth/`.
   * @default "kubernetes"
   */
  readonly authMount?: string;
  /**
   * The Kubernetes API address Vault calls for TokenReviews (`kubernetes_host` of the auth method).
   * @default "https://kubernetes.default.svc" (Vault running in this cluster)
   */
  readonly kubernetesHost?: string;
  /**
   * The audience of the projected tokens the agents present; every role checks it.
   * @default "vault"
   */
  readonly audience?: string;
  /**
   * The file audit device: its mount path and log file.
   * @default { path: "file", filePath: "/vault/audit/audit.log" }
   */
  readonly audit?: { readonly path?: string; readonly filePath?: string };
  /**
   * A Kubernetes Secret in each app namespace holding Vault's CA certificate (mounted at `/vault/tls`).
   * @default - none
   */
  readonly tlsSecret?: string;
  /**
   * The CA certificate path the agents verify Vault with, e.g. `/vault/tls/ca.crt` with `tlsSecret`.
   * @default - the system trust store
   */
  readonly caCert?: string;
  /**
   * Further Vault clients its ingress admits (e.g. `externalSecretsVaultClient()` when ESO also reads
   * this Vault), in a separate NetworkPolicy `vault-clients-additional`.
   * @default - none
   */
  readonly additionalClients?: VaultClientSelector[];
  /**
   * Allow an `http://` Vault address (tokens and secrets would cross the network in clear text).
   * @default false
   */
  readonly allowPlaintextVaultAddress?: boolean;
}

/** An app of the pattern: the secrets its workload gets as files under `/vault/secrets/`. */
export interface EnterpriseVaultAppOptions {
  /** The secrets, one file `/vault/secrets/<name>` each, `read` on exactly their paths. */
  readonly secrets: VaultAgentSecret[];
  /**
   * The app's namespace.
   * @default - the pattern's namespace
   */
  readonly namespace?: string;
  /**
   * The ServiceAccount the workload runs as (the Vault role is bound to it alone).
   * @default - the workload's own, else a SecureServiceAccount named after the app (automount off)
   */
  readonly serviceAccountName?: string;
  /**
   * Agent as an init container only.
   * @default - true for Jobs and CronJobs (required there), false otherwise
   */
  readonly prePopulateOnly?: boolean;
  /**
   * The containers that get the secrets volume.
   * @default - every container
   */
  readonly containers?: string[];
  /**
   * The agent's user ID.
   * @default - the application's user (see VaultAgentInjection)
   */
  readonly runAsUser?: number;
  /**
   * Lifetime of the Vault tokens the role issues.
   * @default "1h"
   */
  readonly tokenTtl?: string;
  /**
   * Maximum lifetime of the Vault tokens, renewals included.
   * @default - Vault's system maximum
   */
  readonly tokenMaxTtl?: string;
}

/** Options of {@link enterpriseVaultPlan}. */
export interface EnterpriseVaultOptions {
  /** The pattern instance's name (construct id or Pulumi name). */
  readonly name: string;
  /** The namespace of apps that name none. */
  readonly namespace: string;
  /** Vault. */
  readonly vault: EnterpriseVaultConnection;
  /**
   * The secret-access alerts (a PrometheusRule), or `false` for none.
   * @default - the SecretAccessAlerts defaults (namespace "monitoring")
   */
  readonly alerts?: SecretAccessAlertsOptions | false;
  /**
   * The Kubernetes audit policy's options.
   * @default - auditPolicy() defaults (Secrets, ConfigMaps, tokens at Metadata)
   */
  readonly auditPolicy?: AuditPolicyOptions;
}

/** One app of an {@link EnterpriseVaultPlan}. */
export interface EnterpriseVaultAppPlan {
  /** The app's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Whether the pattern creates the ServiceAccount (a SecureServiceAccount, automount off). */
  readonly createServiceAccount: boolean;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** The VaultAgentInjection options (complete). */
  readonly injection: VaultAgentInjectionOptions;
  /** What the injection decides without the workload (annotations, policy, role). */
  readonly spec: VaultAgentInjectionSpec;
}

/** What a namespace with apps gets. */
export interface EnterpriseVaultNamespacePlan {
  /** The namespace. */
  readonly namespace: string;
  /** Default-deny ingress and egress plus DNS. */
  readonly isolation: NamespaceIsolationOptions;
  /** Egress of the injected pods (the Vault client label) to the Vault pods on Vault's port. */
  readonly vaultEgress: NetworkPolicyManifest;
  /** Vault's ingress from exactly the injected pods of this namespace. */
  readonly vaultAccess: VaultAccessOptions;
}

/** The whole plan. */
export interface EnterpriseVaultPlan {
  /** The apps, in the order added. */
  readonly apps: EnterpriseVaultAppPlan[];
  /** One entry per namespace with apps, in the order first used. */
  readonly namespaces: EnterpriseVaultNamespacePlan[];
  /**
   * Vault's ingress from `vault.additionalClients`.
   * @default - none
   */
  readonly additionalVaultAccess?: VaultAccessOptions;
  /**
   * The alerts.
   * @default - none (alerts: false)
   */
  readonly alerts?: SecretAccessAlertsOptions;
  /** The API server's audit policy (a file for `--audit-policy-file`). */
  readonly auditPolicy: AuditPolicy;
  /** The Vault policies, name to HCL: `read` on exactly each app's paths. */
  readonly policies: Record<string, string>;
  /** The Kubernetes auth roles, each bound to exactly one ServiceAccount and namespace. */
  readonly roles: VaultKubernetesAuthRole[];
  /** Everything the Vault operator runs: audit device, auth method, policies, roles. */
  readonly setupScript: string;
}

const APP_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Check an app name (a DNS-1123 label: it names the ServiceAccount and, with the namespace, the Vault role).
 * @internal
 */
export function checkAppName(component: string, name: unknown): string {
  if (typeof name !== 'string' || !APP_NAME.test(name) || name.length > 63) {
    throw new ValidationError(component, 'addApp name', `${q(name)} is not an app name: use a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters); it names the app's ServiceAccount and Vault role.`);
  }
  return name;
}

/** The Vault connection with its defaults. */
interface Connection {
  readonly address: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly port: number;
  readonly clusterPort: number;
  readonly vaultNamespace?: string;
  readonly authMount: string;
  readonly kubernetesHost: string;
  readonly audience: string;
  readonly audit: { readonly path: string; readonly filePath: string };
  readonly tlsSecret?: string;
  readonly caCert?: string;
  readonly additionalClients?: VaultClientSelector[];
  readonly allowPlaintextVaultAddress: boolean;
}

function connection(component: string, raw: unknown): Connection {
  const v = checkObject(component, 'vault', raw, 'the Vault connection { address, namespace?, ... }') as unknown as EnterpriseVaultConnection;
  const allowPlaintextVaultAddress = optIn(component, 'vault.allowPlaintextVaultAddress', v.allowPlaintextVaultAddress);
  const address = checkText(component, 'vault.address', v.address, 'give Vault\'s address, e.g. "https://vault.vault.svc:8200"');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new ValidationError(component, 'vault.address', `${q(address)} is not a URL; expected e.g. "https://vault.vault.svc:8200".`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPlaintextVaultAddress)) {
    throw new ValidationError(component, 'vault.address', `${q(address)} must be an https:// URL (Vault tokens and secrets would otherwise cross the network in clear text); set vault.allowPlaintextVaultAddress: true only for a local test setup.`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || (url.pathname !== '/' && url.pathname !== '')) {
    throw new ValidationError(component, 'vault.address', `${q(address)} must be scheme, host and port only (no credentials, path or query).`);
  }
  const audit = v.audit === undefined ? {} : checkObject(component, 'vault.audit', v.audit, 'an object { path?, filePath? }');
  const filePath = audit.filePath === undefined ? '/vault/audit/audit.log'
    : checkText(component, 'vault.audit.filePath', audit.filePath, 'give the audit log file, e.g. "/vault/audit/audit.log"');
  if (!filePath.startsWith('/') || /[\s'"$`\\]/.test(filePath)) {
    throw new ValidationError(component, 'vault.audit.filePath', `${q(filePath)} must be an absolute path without spaces or quotes.`);
  }
  const kubernetesHost = v.kubernetesHost ?? 'https://kubernetes.default.svc';
  if (typeof kubernetesHost !== 'string' || !/^https:\/\/[A-Za-z0-9.:[\]-]+$/.test(kubernetesHost)) {
    throw new ValidationError(component, 'vault.kubernetesHost', `${q(kubernetesHost)} must be the https:// address of the Kubernetes API (host and port), e.g. "https://kubernetes.default.svc".`);
  }
  const audience = v.audience ?? 'vault';
  if (typeof audience !== 'string' || audience === '' || /\s|,/.test(audience)) {
    throw new ValidationError(component, 'vault.audience', `${q(audience)} must be a single non-empty audience without spaces or commas.`);
  }
  return {
    address: url.origin,
    namespace: checkNamespace(component, 'vault.namespace', v.namespace ?? 'vault'),
    podLabels: labels(component, 'vault.podLabels', v.podLabels, { 'app.kubernetes.io/name': 'vault' }),
    port: checkPort(component, 'vault.port', v.port ?? 8200),
    clusterPort: checkPort(component, 'vault.clusterPort', v.clusterPort ?? 8201),
    ...(v.vaultNamespace !== undefined ? { vaultNamespace: checkText(component, 'vault.vaultNamespace', v.vaultNamespace, 'give the Vault Enterprise namespace') } : {}),
    authMount: checkMountPath(component, 'vault.authMount', v.authMount ?? 'kubernetes'),
    kubernetesHost,
    audience,
    audit: { path: checkMountPath(component, 'vault.audit.path', audit.path ?? 'file'), filePath },
    ...(v.tlsSecret !== undefined ? { tlsSecret: v.tlsSecret } : {}),
    ...(v.caCert !== undefined ? { caCert: v.caCert } : {}),
    ...(v.additionalClients !== undefined ? { additionalClients: v.additionalClients } : {}),
    allowPlaintextVaultAddress,
  };
}

/**
 * The egress of the injected pods of one namespace to the Vault pods, on Vault's port only.
 * @internal
 */
function vaultEgressManifest(namespace: string, client: VaultClientSelector, vault: Connection): NetworkPolicyManifest {
  return policy('vault-agent-egress', namespace, {
    podSelector: { matchLabels: { ...client.podLabels } },
    policyTypes: ['Egress'],
    egress: [{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': vault.namespace } }, podSelector: { matchLabels: { ...vault.podLabels } } }],
      ports: [{ protocol: 'TCP', port: vault.port }],
    }],
  });
}

/** An app as the front-ends hand it to {@link enterpriseVaultPlan}. */
export interface EnterpriseVaultAppInput extends EnterpriseVaultAppOptions {
  /** The app's name. */
  readonly name: string;
  /**
   * The ServiceAccount the workload already runs as.
   * @default - none
   */
  readonly workloadServiceAccountName?: string;
}

/**
 * Plan the pattern: per app a ServiceAccount (unless the workload has one), the VaultAgentInjection
 * options with role `<namespace>-<app>` and policy `<namespace>-<app>-read` (read on exactly its paths),
 * a role bound to exactly that ServiceAccount and namespace with the audience checked; per namespace
 * default-deny isolation with DNS, egress from the injected pods to Vault, and Vault's ingress from
 * exactly those pods (selected by the label the injection itself sets); the audit policy, the alerts and
 * the setup script.
 */
export function enterpriseVaultPlan(options: EnterpriseVaultOptions, apps: readonly EnterpriseVaultAppInput[]): EnterpriseVaultPlan {
  const component = ENTERPRISE_VAULT_PATTERN;
  checkObject(component, 'props', options, 'an object with at least vault');
  const vault = connection(component, options.vault);
  const defaultNamespace = checkNamespace(component, 'namespace', options.namespace);
  const appPlans: EnterpriseVaultAppPlan[] = [];
  const seen = new Set<string>();
  for (const app of apps) {
    const name = checkAppName(component, app.name);
    const prop = `apps[${q(name)}]`;
    checkObject(component, prop, app, 'the app options { secrets, ... }');
    const namespace = checkNamespace(component, `${prop}.namespace`, app.namespace ?? defaultNamespace);
    const key = `${namespace}/${name}`;
    if (seen.has(key)) {
      throw new ValidationError(component, `${prop}`, `is added twice in namespace ${q(namespace)}; each app gets one ServiceAccount and one Vault role.`);
    }
    seen.add(key);
    if (namespace === vault.namespace) {
      throw new ValidationError(component, `${prop}.namespace`, `${q(namespace)} is Vault's own namespace; run the app in its own namespace (the pattern isolates app namespaces and limits Vault's ingress to them).`);
    }
    const secrets = checkList(component, `${prop}.secrets`, app.secrets, 'Vault secrets ({ name, path })');
    if (secrets.length === 0) {
      throw new ValidationError(component, `${prop}.secrets`, 'is empty; list the Vault secrets the app reads ({ name, path }).');
    }
    const fromWorkload = app.workloadServiceAccountName;
    if (app.serviceAccountName !== undefined && fromWorkload !== undefined && app.serviceAccountName !== fromWorkload) {
      throw new ValidationError(component, `${prop}.serviceAccountName`, `${q(app.serviceAccountName)} differs from the workload's ServiceAccount ${q(app.workloadServiceAccountName)}; the Vault role must be bound to the account the pods run as.`);
    }
    const given = app.serviceAccountName ?? app.workloadServiceAccountName;
    const serviceAccountName = checkObjectName(component, `${prop}.serviceAccountName`, given ?? name, 'ServiceAccount name');
    const role = `${namespace}-${name}`;
    const injection: VaultAgentInjectionOptions = {
      role,
      secrets: app.secrets,
      serviceAccountName,
      namespace,
      authPath: `auth/${vault.authMount}`,
      vaultAddress: vault.address,
      ...(vault.allowPlaintextVaultAddress ? { allowPlaintextVaultAddress: true } : {}),
      ...(vault.vaultNamespace !== undefined ? { vaultNamespace: vault.vaultNamespace } : {}),
      ...(vault.tlsSecret !== undefined ? { tlsSecret: vault.tlsSecret } : {}),
      ...(vault.caCert !== undefined ? { caCert: vault.caCert } : {}),
      tokenVolume: { audience: vault.audience },
      ...(app.prePopulateOnly !== undefined ? { prePopulateOnly: app.prePopulateOnly } : {}),
      ...(app.containers !== undefined ? { containers: app.containers } : {}),
      ...(app.runAsUser !== undefined ? { runAsUser: app.runAsUser } : {}),
      ...(app.tokenTtl !== undefined ? { tokenTtl: app.tokenTtl } : {}),
      ...(app.tokenMaxTtl !== undefined ? { tokenMaxTtl: app.tokenMaxTtl } : {}),
    };
    const spec = vaultAgentInjection(injection, `${component} ${prop}`);
    appPlans.push({ name, namespace, createServiceAccount: given === undefined, serviceAccountName, injection, spec });
  }

  const namespaces: EnterpriseVaultNamespacePlan[] = [];
  for (const app of appPlans) {
    if (namespaces.some(n => n.namespace === app.namespace)) {
      continue;
    }
    const client = app.spec.vaultClient;
    namespaces.push({
      namespace: app.namespace,
      isolation: { namespace: app.namespace },
      vaultEgress: vaultEgressManifest(app.namespace, client, vault),
      vaultAccess: {
        name: `vault-clients-${app.namespace}`,
        namespace: vault.namespace,
        podLabels: vault.podLabels,
        port: vault.port,
        clusterPort: vault.clusterPort,
        clients: [client],
      },
    });
  }
  const additional = vault.additionalClients === undefined ? undefined : {
    name: 'vault-clients-additional',
    namespace: vault.namespace,
    podLabels: vault.podLabels,
    port: vault.port,
    clusterPort: vault.clusterPort,
    clients: vault.additionalClients,
  };

  // Check Vault's ingress policies here, so both front-ends refuse the same input before rendering.
  [...namespaces.map(n => n.vaultAccess), ...(additional ? [additional] : [])].forEach(a => vaultAccessManifest(a));
  const policies: Record<string, string> = {};
  const roles: VaultKubernetesAuthRole[] = [];
  for (const app of appPlans) {
    policies[app.spec.policyName] = app.spec.policyHcl;
    roles.push(app.spec.authRole);
  }
  const setupScript = vaultSetupScript({
    title: `Vault side of ${component} ${q(options.name)}`,
    address: vault.address,
    ...(vault.vaultNamespace !== undefined ? { vaultNamespace: vault.vaultNamespace } : {}),
    audit: vault.audit,
    authMounts: [{ path: vault.authMount, type: 'kubernetes', config: { kubernetes_host: vault.kubernetesHost } }],
    policies,
    roles: roles.map((r): VaultRoleWrite => ({ path: r.path, parameters: r.parameters })),
  });
  const alerts = options.alerts === false ? undefined : (options.alerts ?? {});
  return {
    apps: appPlans,
    namespaces,
    ...(additional ? { additionalVaultAccess: additional } : {}),
    ...(alerts ? { alerts } : {}),
    auditPolicy: auditPolicy(options.auditPolicy ?? {}),
    policies,
    roles,
    setupScript,
  };
}

/** The objects a front-end rendered, by role, as report references (`Kind namespace/name`). */
export interface EnterpriseVaultRendered {
  /** The injected workloads. */
  readonly workloads: string[];
  /** The ServiceAccounts the pattern created. */
  readonly serviceAccounts: string[];
  /** Every NetworkPolicy. */
  readonly networkPolicies: string[];
  /**
   * The PrometheusRule.
   * @default - none
   */
  readonly alerts?: string;
}

/** The assumed controllers. */
export const ENTERPRISE_VAULT_ASSUMES = [
  'HashiCorp Vault 1.15+ with the Kubernetes auth method, reachable from the cluster',
  'Vault agent injector (hashicorp/vault-k8s) v1.7',
  'Prometheus operator v0.93 (PrometheusRule) for the alerts',
  'a CNI that enforces NetworkPolicies',
];

/** The compliance report of an EnterpriseVaultSecrets instance. */
export function enterpriseVaultReport(name: string, plan: EnterpriseVaultPlan, r: EnterpriseVaultRendered): ComplianceReport {
  const sharedAccounts = plan.apps.filter(a => !a.createServiceAccount).map(a => `${a.namespace}/${a.serviceAccountName}`);
  return complianceReport(ENTERPRISE_VAULT_PATTERN, name, ENTERPRISE_VAULT_ASSUMES, [
    {
      id: 'no-plaintext-in-git',
      status: r.workloads.length > 0 ? 'enforced' : 'user',
      enforcedBy: r.workloads,
      how: 'Workloads carry Vault paths in agent-injector annotations only; the values are rendered into the pod at run time and never written to a manifest or a Kubernetes Secret.',
      ...(r.workloads.length > 0 ? {} : { userJob: 'Add an app: the pattern has no workload yet.' }),
    },
    {
      id: 'no-static-cloud-keys',
      status: r.workloads.length > 0 ? 'enforced' : 'user',
      enforcedBy: r.workloads,
      how: 'Each agent logs in with a projected ServiceAccount token (audience checked by the Vault role, rotated by the kubelet); no Vault token or key is stored in the cluster.',
      ...(r.workloads.length > 0 ? {} : { userJob: 'Add an app.' }),
    },
    {
      id: 'least-privilege-rbac',
      status: sharedAccounts.length === 0 && r.serviceAccounts.length > 0 ? 'enforced' : 'partial',
      enforcedBy: r.serviceAccounts,
      how: 'Each app has its own ServiceAccount with token automount off and no Kubernetes RBAC on Secrets; its Vault policy grants read on exactly its paths and its role is bound to exactly that ServiceAccount and namespace.',
      ...(sharedAccounts.length === 0 && r.serviceAccounts.length > 0 ? {} : {
        userJob: `Keep token automount off and no Secret RBAC on the ServiceAccounts the pattern did not create: ${sharedAccounts.join(', ') || '(none yet)'}.`,
      }),
    },
    {
      id: 'rotation-reaches-pods',
      status: 'partial',
      enforcedBy: r.workloads,
      how: 'The agent sidecar of long-running workloads re-renders /vault/secrets/* when a lease or version changes; Jobs and CronJobs read the values fresh at every run (init container only).',
      userJob: 'Make the application re-read the files when they change (or restart it), and set the secrets\' rotation in Vault.',
    },
    {
      id: 'network-isolation',
      status: 'partial',
      enforcedBy: r.networkPolicies,
      how: 'Default-deny ingress and egress with DNS in every app namespace; the injected pods may reach the Vault pods on Vault\'s port, and Vault\'s ingress admits exactly those pods (by the label the injection sets) and its own peers.',
      userJob: 'Allow each application\'s own traffic with further NetworkPolicies, and isolate the Vault namespace\'s egress (Vault calls the Kubernetes TokenReview API).',
    },
    {
      id: 'audit-and-alerting',
      status: 'partial',
      enforcedBy: r.alerts ? [r.alerts] : [],
      how: 'The API-server audit policy records Secret, ConfigMap and token access at Metadata; the setup script enables a Vault file audit device; the PrometheusRule alerts on unusual Secret access.',
      userJob: 'Install the audit policy file on the API server (--audit-policy-file), run the setup script, ship the Vault audit log to your SIEM, and feed the API-server metrics to Prometheus.',
    },
  ]);
}
