import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ServiceAccountReference, WorkloadKind, namespaceIsolationManifests, secretAccessAlertsManifest } from '../../core';
import { AuditPolicy } from '../../core/cluster/apiserver-config';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import {
  ENTERPRISE_VAULT_PATTERN, EnterpriseVaultAppInput, EnterpriseVaultAppOptions, EnterpriseVaultOptions, EnterpriseVaultPlan,
  checkAppName, enterpriseVaultPlan, enterpriseVaultReport,
} from '../../core/patterns/enterprise-vault';
import { checkObject } from '../../core/validate/values';
import { VaultKubernetesAuthRole } from '../../core/vault/agent';
import { resolveWorkloadKind } from '../../core/workload/kind';
import { SecretAccessAlerts } from '../cluster/secret-access-alerts';
import { validated } from '../errors';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { kubernetesResource } from '../kubernetes';
import { NamespaceIsolation } from '../network/network-policies';
import { VaultAccessPolicy } from '../network/vault-access-policy';
import { VaultAgentInjection } from '../vault/vault-agent-injection';
import { WorkloadArgsLike } from '../workload/consumption';
import { createWorkload } from '../workload/create-workload';
import { plainWorkload } from '../workload/workload-args';

/** An app of {@link EnterpriseVaultSecrets} (Pulumi). */
export interface EnterpriseVaultAppArgs extends Omit<EnterpriseVaultAppOptions, 'serviceAccountName'> {
  /**
   * The workload's args (`{ metadata, spec }` of a Deployment, StatefulSet, DaemonSet, Job or CronJob):
   * the component creates the workload with the agent injected. Without it, apply
   * `apps[name].injection.applyTo(args)` to a workload you create yourself.
   * @default - no workload created
   */
  readonly workload?: WorkloadArgsLike;
  /**
   * The workload's kind.
   * @default - inferred: CronJob with a jobTemplate, Job with restartPolicy Never/OnFailure, else Deployment
   */
  readonly kind?: WorkloadKind;
  /**
   * The ServiceAccount the workload runs as.
   * @default - the workload args' own, else a SecureServiceAccount named after the app (automount off)
   */
  readonly serviceAccount?: ServiceAccountReference;
}

/** Arguments of {@link EnterpriseVaultSecrets} (Pulumi). */
export interface EnterpriseVaultSecretsArgs extends Omit<EnterpriseVaultOptions, 'name'> {
  /**
   * The apps, by name.
   * @default - none
   */
  readonly apps?: Record<string, EnterpriseVaultAppArgs>;
}

/** What the component made for one app. */
export interface PulumiEnterpriseVaultApp {
  /** The app's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /**
   * The ServiceAccount the pattern created.
   * @default - none
   */
  readonly serviceAccount?: SecureServiceAccount;
  /** The injection (policy HCL, auth role, `applyTo`). */
  readonly injection: VaultAgentInjection;
  /**
   * The workload resource.
   * @default - none (no `workload` args given)
   */
  readonly workload?: pulumi.CustomResource;
}

/** The parts of one app namespace. */
export interface PulumiEnterpriseVaultNamespace {
  /** Default-deny plus DNS. */
  readonly isolation: NamespaceIsolation;
  /** Egress of the injected pods to Vault. */
  readonly vaultEgress: k8s.networking.v1.NetworkPolicy;
  /** Vault's ingress from exactly the injected pods of this namespace. */
  readonly vaultAccess: VaultAccessPolicy;
}

/**
 * Vault as the central store, in one component: the Pulumi twin of the cdk8s `EnterpriseVaultSecrets`,
 * rendering the same core plan with the Pulumi components (SecureServiceAccount, VaultAgentInjection,
 * NamespaceIsolation, VaultAccessPolicy, SecretAccessAlerts). The Vault side is data
 * ({@link EnterpriseVaultSecrets.policies}, {@link EnterpriseVaultSecrets.roles},
 * {@link EnterpriseVaultSecrets.setupScript}) for `@pulumi/vault` or the operator; the compliance report
 * is the `report` output.
 *
 * ```ts
 * const vault = new EnterpriseVaultSecrets('vault', { namespace: 'payments',
 *   vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' },
 *   apps: { 'payment-api': { workload: apiArgs,
 *     secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] } } });
 * ```
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector
 */
export class EnterpriseVaultSecrets extends pulumi.ComponentResource {
  /** The apps, by name. */
  public readonly apps: Record<string, PulumiEnterpriseVaultApp> = {};
  /** The parts of each app namespace. */
  public readonly namespaces: Record<string, PulumiEnterpriseVaultNamespace> = {};
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
  /** The plan (pure data). */
  public readonly plan: EnterpriseVaultPlan;
  /** The Vault policies, name to HCL. */
  public readonly policies: Record<string, string>;
  /** The Kubernetes-auth roles. */
  public readonly roles: VaultKubernetesAuthRole[];
  /** Everything the Vault operator runs; idempotent, no secret value. */
  public readonly setupScript: string;
  /** The API server's audit policy for secret access. */
  public readonly auditPolicy: AuditPolicy;
  /** The compliance report. */
  public readonly report: ComplianceReport;

  /**
   * @param name the Pulumi resource name
   * @param args Vault, the namespace and the apps
   * @param opts Pulumi resource options (provider, ...)
   */
  public constructor(name: string, args: EnterpriseVaultSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:patterns:EnterpriseVaultSecrets', name, {}, opts);
    const component = ENTERPRISE_VAULT_PATTERN;
    const { apps, ...options } = validated(this, () => checkObject(component, 'args', args, 'an object with at least vault and namespace')) as unknown as EnterpriseVaultSecretsArgs;
    const entries = Object.entries(apps ?? {});
    const inputs: EnterpriseVaultAppInput[] = validated(this, () => entries.map(([appName, app]) => {
      checkAppName(component, appName);
      checkObject(component, `apps[${JSON.stringify(appName)}]`, app, 'the app args { secrets, workload?, ... }');
      const given = resolveServiceAccount(component, `apps[${JSON.stringify(appName)}].serviceAccount`, app.serviceAccount);
      const current = app.workload === undefined ? undefined : plainWorkload(component, app.workload).podSpec.serviceAccountName;
      const { workload: _w, kind: _k, serviceAccount: _s, ...rest } = app;
      return {
        ...rest,
        name: appName,
        ...(app.namespace === undefined && given?.namespace !== undefined ? { namespace: given.namespace } : {}),
        ...(given ? { serviceAccountName: given.name } : {}),
        ...(typeof current === 'string' ? { workloadServiceAccountName: current } : {}),
      };
    }));
    const plan = validated(this, () => enterpriseVaultPlan({ ...options, name }, inputs));
    this.plan = plan;
    const child = { parent: this };

    const workloadRefs: string[] = [];
    plan.apps.forEach((appPlan, i) => {
      const app = entries[i][1];
      const id = `${name}-${appPlan.namespace}-${appPlan.name}`;
      const serviceAccount = appPlan.createServiceAccount
        ? new SecureServiceAccount(id, { name: appPlan.serviceAccountName, namespace: appPlan.namespace }, child)
        : undefined;
      const { serviceAccountName: _n, ...injectionOptions } = appPlan.injection;
      const injection = validated(this, () => new VaultAgentInjection({ ...injectionOptions, serviceAccount: appPlan.serviceAccountName }));
      let workload: pulumi.CustomResource | undefined;
      if (app.workload !== undefined) {
        const w = plainWorkload(component, app.workload);
        const kind = validated(this, () => resolveWorkloadKind(component, `apps[${JSON.stringify(appPlan.name)}].kind`,
          { kind: app.kind, hasJobTemplate: w.isCronJob, restartPolicy: w.podSpec.restartPolicy }));
        const injected = validated(this, () => injection.applyTo(app.workload!, { kind }));
        const metadata = (injected.metadata ?? {}) as Record<string, unknown>;
        const withNamespace = { ...injected, metadata: { ...metadata, namespace: metadata.namespace ?? appPlan.namespace } };
        const workloadOpts = { parent: this, ...(serviceAccount ? { dependsOn: [serviceAccount] } : {}) };
        workload = createWorkload(ENTERPRISE_VAULT_PATTERN, kind, id, withNamespace, workloadOpts);
        const wName = metadata.name;
        if (typeof wName === 'string') {
          workloadRefs.push(objectRef({ kind, metadata: { name: wName, namespace: appPlan.namespace } }));
        }
      }
      this.apps[appPlan.name] = {
        name: appPlan.name, namespace: appPlan.namespace, ...(serviceAccount ? { serviceAccount } : {}), injection, ...(workload ? { workload } : {}),
      };
    });
    for (const ns of plan.namespaces) {
      const id = `${name}-${ns.namespace}`;
      this.namespaces[ns.namespace] = {
        isolation: new NamespaceIsolation(`${id}-isolation`, ns.isolation, child),
        vaultEgress: kubernetesResource(`${id}-${ns.vaultEgress.metadata.name}`, ns.vaultEgress, child) as k8s.networking.v1.NetworkPolicy,
        vaultAccess: new VaultAccessPolicy(`${id}-vault-access`, ns.vaultAccess, child),
      };
    }
    if (plan.additionalVaultAccess) {
      this.additionalVaultAccess = new VaultAccessPolicy(`${name}-vault-access-additional`, plan.additionalVaultAccess, child);
    }
    if (plan.alerts) {
      this.alerts = new SecretAccessAlerts(`${name}-alerts`, plan.alerts, child);
    }
    this.policies = plan.policies;
    this.roles = plan.roles;
    this.setupScript = plan.setupScript;
    this.auditPolicy = plan.auditPolicy;
    const networkPolicies = [
      ...plan.namespaces.flatMap(ns => [
        ...namespaceIsolationManifests(ns.isolation).map(objectRef),
        objectRef(ns.vaultEgress), `NetworkPolicy ${ns.vaultAccess.namespace}/${ns.vaultAccess.name}`,
      ]),
      ...(plan.additionalVaultAccess ? [`NetworkPolicy ${plan.additionalVaultAccess.namespace}/${plan.additionalVaultAccess.name}`] : []),
    ];
    this.report = enterpriseVaultReport(name, plan, {
      workloads: workloadRefs,
      serviceAccounts: plan.apps.filter(a => a.createServiceAccount).map(a => `ServiceAccount ${a.namespace}/${a.serviceAccountName}`),
      networkPolicies,
      ...(plan.alerts ? { alerts: objectRef(secretAccessAlertsManifest(plan.alerts)) } : {}),
    });
    this.registerOutputs({ policies: this.policies, setupScript: this.setupScript, report: this.report });
  }
}
