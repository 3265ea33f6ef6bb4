import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { writeComplianceReportOnSynth } from './report';
import { ServiceAccountReference, ValidationError } from '../../core';
import { AuditPolicy } from '../../core/cluster/apiserver-config';
import { typeOf } from '../../core/errors';
import { yaml } from '../../core/gitops/yaml';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import {
  ENTERPRISE_VAULT_PATTERN, EnterpriseVaultAppInput, EnterpriseVaultAppOptions, EnterpriseVaultOptions, EnterpriseVaultPlan,
  checkAppName, enterpriseVaultPlan, enterpriseVaultReport,
} from '../../core/patterns/enterprise-vault';
import { checkObject } from '../../core/validate/values';
import { VaultKubernetesAuthRole } from '../../core/vault/agent';
import { Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { SecretAccessAlerts } from '../cluster/secret-access-alerts';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { isCdk8sPlusWorkload } from '../internal/cdk8s-plus-adapter';
import { NamespaceIsolation } from '../network/network-policies';
import { VaultAccessPolicy } from '../network/vault-access-policy';
import { emitManifest, resolveNamespace, workloadKindOf } from '../util';
import { VaultAgentInjection } from '../vault/vault-agent-injection';

/** An app of {@link EnterpriseVaultSecrets} (cdk8s). */
export interface EnterpriseVaultAppProps extends Omit<EnterpriseVaultAppOptions, 'serviceAccountName'> {
  /** The cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod) to inject the agent into. */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * The ServiceAccount the workload runs as.
   * @default - the workload's own, else a SecureServiceAccount named after the app (automount off)
   */
  readonly serviceAccount?: ServiceAccountReference;
}

/** Props of {@link EnterpriseVaultSecrets}. */
export interface EnterpriseVaultSecretsProps extends Omit<EnterpriseVaultOptions, 'name' | 'namespace'> {
  /**
   * The namespace of apps that name none.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Apps to add at once (as {@link EnterpriseVaultSecrets.addApp}).
   * @default - none
   */
  readonly apps?: Record<string, EnterpriseVaultAppProps>;
}

/** What {@link EnterpriseVaultSecrets.addApp} made for one app. */
export interface EnterpriseVaultApp {
  /** The app's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The workload. */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * The ServiceAccount the pattern created.
   * @default - none (the workload's or the given one is used)
   */
  readonly serviceAccount?: SecureServiceAccount;
  /** The Vault agent injection (policy HCL, auth role, file access). */
  readonly injection: VaultAgentInjection;
}

/** The parts of one app namespace. */
export interface EnterpriseVaultNamespace {
  /** Default-deny ingress and egress plus DNS. */
  readonly isolation: NamespaceIsolation;
  /** Egress of the injected pods to Vault. */
  readonly vaultEgress: ApiObject;
  /** Vault's ingress from exactly the injected pods of this namespace. */
  readonly vaultAccess: VaultAccessPolicy;
}

/**
 * Vault as the central store, in one construct (the seeds' pattern 1): every app gets the Vault agent
 * (files under `/vault/secrets/<name>`, readable by the app alone, init container only for Jobs and
 * CronJobs), its own ServiceAccount with token automount off and a projected token (audience `vault`),
 * a Vault policy with `read` on exactly its paths and a Kubernetes-auth role bound to exactly that
 * ServiceAccount and namespace. Every app namespace gets default-deny isolation with DNS and egress to
 * Vault from the injected pods only; Vault's ingress admits exactly those pods, selected by the label
 * the injection sets itself (`kube-secure-secrets.io/vault-client`), so nothing depends on a label the
 * user must remember. Audit and monitoring: {@link EnterpriseVaultSecrets.auditPolicy} (written beside
 * the YAML as `<chart>-<id>.audit-policy.yaml`), `vault audit enable` in
 * {@link EnterpriseVaultSecrets.setupScript}, and a {@link SecretAccessAlerts} PrometheusRule. The
 * compliance report is written as `<chart>-<id>.compliance.json`.
 *
 * Assumes (installed, not installed by the pattern): Vault 1.15+ running in the cluster (namespace
 * `vault`), the Vault agent injector (vault-k8s v1.7), the Prometheus operator (v0.93) for the alerts,
 * and a CNI that enforces NetworkPolicies.
 *
 * ```ts
 * const vault = new EnterpriseVaultSecrets(chart, 'vault', {
 *   vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' } });
 * vault.addApp('payment-api', { workload: api,
 *   secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] });
 * fs.writeFileSync('vault-setup.sh', vault.setupScript);
 * ```
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector
 */
export class EnterpriseVaultSecrets extends Construct {
  /** The apps, by name. */
  public readonly apps: Record<string, EnterpriseVaultApp> = {};
  /** The parts of each app namespace, by namespace. */
  public readonly namespaces: Record<string, EnterpriseVaultNamespace> = {};
  /**
   * Vault's ingress from `vault.additionalClients`.
   * @default - none
   */
  public readonly additionalVaultAccess?: VaultAccessPolicy;
  /**
   * The secret-access alerts.
   * @default - none (alerts: false)
   */
  public readonly alerts?: SecretAccessAlerts;
  private readonly options: EnterpriseVaultOptions;
  private readonly inputs: EnterpriseVaultAppInput[] = [];
  private currentPlan: EnterpriseVaultPlan;

  public constructor(scope: Construct, id: string, props: EnterpriseVaultSecretsProps) {
    super(scope, id);
    checkObject(ENTERPRISE_VAULT_PATTERN, 'props', props, 'an object with at least vault');
    const { apps, namespace, ...rest } = props;
    this.options = { ...rest, name: id, namespace: resolveNamespace(ENTERPRISE_VAULT_PATTERN, this, namespace) };
    this.currentPlan = enterpriseVaultPlan(this.options, []);
    if (this.currentPlan.additionalVaultAccess) {
      this.additionalVaultAccess = new VaultAccessPolicy(this, 'VaultAccessAdditional', this.currentPlan.additionalVaultAccess);
    }
    if (this.currentPlan.alerts) {
      this.alerts = new SecretAccessAlerts(this, 'Alerts', this.currentPlan.alerts);
    }
    for (const [name, app] of Object.entries(apps ?? {})) {
      this.addApp(name, app);
    }
    const file = `${Chart.of(this).node.id}-${id}`;
    writeComplianceReportOnSynth(this, file, () => this.report);
    this.node.addValidation({
      validate: () => {
        const outdir = (App.of(this) as App).outdir;
        if (typeof outdir === 'string' && fs.existsSync(outdir)) {
          fs.writeFileSync(path.join(outdir, `${file}.audit-policy.yaml`), yaml().stringify(this.auditPolicy));
        }
        return [];
      },
    });
  }

  /**
   * Add an app: its ServiceAccount (unless the workload has one), the Vault agent injection, and, for the
   * first app of a namespace, the namespace's isolation and Vault policies.
   * @param name the app's name (names its ServiceAccount and, with the namespace, its Vault role)
   * @param props the workload and its secrets
   */
  public addApp(name: string, props: EnterpriseVaultAppProps): EnterpriseVaultApp {
    const component = ENTERPRISE_VAULT_PATTERN;
    checkAppName(component, name);
    checkObject(component, `apps[${JSON.stringify(name)}]`, props, 'the app props { workload, secrets, ... }');
    const workload = props.workload;
    if (!isCdk8sPlusWorkload(workload)) {
      throw new ValidationError(component, `apps[${JSON.stringify(name)}].workload`, `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod); received ${typeOf(workload)}.`);
    }
    const given = resolveServiceAccount(component, `apps[${JSON.stringify(name)}].serviceAccount`, props.serviceAccount);
    const { workload: _w, serviceAccount: _s, ...options } = props;
    const input: EnterpriseVaultAppInput = {
      ...options,
      name,
      namespace: props.namespace ?? given?.namespace ?? workload.metadata.namespace,
      ...(given ? { serviceAccountName: given.name } : {}),
      ...(typeof workload.serviceAccount?.name === 'string' ? { workloadServiceAccountName: workload.serviceAccount.name } : {}),
    };
    const plan = enterpriseVaultPlan(this.options, [...this.inputs, input]);
    this.inputs.push(input);
    this.currentPlan = plan;
    const appPlan = plan.apps[plan.apps.length - 1];
    const id = `App-${appPlan.namespace}-${name}`;
    const serviceAccount = appPlan.createServiceAccount
      ? new SecureServiceAccount(this, `${id}-ServiceAccount`, { name: appPlan.serviceAccountName, namespace: appPlan.namespace })
      : undefined;
    const { serviceAccountName: _n, namespace: _ns, ...injectionOptions } = appPlan.injection;
    const injection = new VaultAgentInjection(this, `${id}-Vault`, {
      ...injectionOptions,
      workload,
      serviceAccount: appPlan.serviceAccountName,
      namespace: appPlan.namespace,
    });
    const nsPlan = plan.namespaces.find(n => n.namespace === appPlan.namespace)!;
    if (this.namespaces[appPlan.namespace] === undefined) {
      const nsId = `Namespace-${appPlan.namespace}`;
      this.namespaces[appPlan.namespace] = {
        isolation: new NamespaceIsolation(this, `${nsId}-Isolation`, nsPlan.isolation),
        vaultEgress: emitManifest(this, `${nsId}-VaultEgress`, component, nsPlan.vaultEgress),
        vaultAccess: new VaultAccessPolicy(this, `${nsId}-VaultAccess`, nsPlan.vaultAccess),
      };
    }
    const app: EnterpriseVaultApp = { name, namespace: appPlan.namespace, workload, ...(serviceAccount ? { serviceAccount } : {}), injection };
    this.apps[name] = app;
    return app;
  }

  /** The plan (pure data) of the pattern with the apps added so far. */
  public get plan(): EnterpriseVaultPlan {
    return this.currentPlan;
  }

  /** The Vault policies, name to HCL: `read` on exactly each app's paths. */
  public get policies(): Record<string, string> {
    return { ...this.currentPlan.policies };
  }

  /** The Kubernetes-auth roles, each bound to exactly one ServiceAccount and namespace, audience checked. */
  public get roles(): VaultKubernetesAuthRole[] {
    return [...this.currentPlan.roles];
  }

  /** Everything the Vault operator runs (audit device, auth method, policies, roles); idempotent, no secret value. */
  public get setupScript(): string {
    return this.currentPlan.setupScript;
  }

  /** The API server's audit policy for secret access (the file `--audit-policy-file` names). */
  public get auditPolicy(): AuditPolicy {
    return this.currentPlan.auditPolicy;
  }

  /** The compliance report. */
  public get report(): ComplianceReport {
    const chartNamespace = Chart.of(this).namespace;
    const workloads = Object.values(this.apps).map(a => objectRef({
      kind: workloadKindOf(a.workload),
      metadata: { name: a.workload.name, namespace: a.workload.metadata.namespace ?? chartNamespace ?? a.namespace },
    }));
    const serviceAccounts = Object.values(this.apps).filter(a => a.serviceAccount).map(a => `ServiceAccount ${a.namespace}/${a.serviceAccount!.name}`);
    const policies = [
      ...Object.values(this.namespaces).flatMap(n => [n.isolation.denyAll, n.isolation.allowDns, n.vaultEgress, n.vaultAccess.policy]),
      ...(this.additionalVaultAccess ? [this.additionalVaultAccess.policy] : []),
    ].map(o => `NetworkPolicy ${o.metadata.namespace}/${o.name}`);
    return enterpriseVaultReport(this.node.id, this.currentPlan, {
      workloads,
      serviceAccounts,
      networkPolicies: policies,
      ...(this.alerts ? { alerts: `PrometheusRule ${this.alerts.apiObject.metadata.namespace}/${this.alerts.apiObject.name}` } : {}),
    });
  }
}
