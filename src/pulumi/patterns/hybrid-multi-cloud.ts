import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ValidationError, WorkloadKind } from '../../core';
import { q } from '../../core/errors';
import { SecretStoreProvider } from '../../core/eso/provider';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import {
  HYBRID_PATTERN, HybridAppInput, HybridAppOptions, HybridClusterOptions, HybridMount, HybridMultiCloudOptions, HybridMultiCloudPlan,
  HybridSecretInput, HybridSecretOptions, hybridClusterReport, hybridMultiCloudPlan,
} from '../../core/patterns/hybrid-multi-cloud';
import { checkObject } from '../../core/validate/values';
import { resolveWorkloadKind } from '../../core/workload/kind';
import { kubernetes } from '../deps';
import { validated } from '../errors';
import { ExternalSecret } from '../eso/external-secret';
import { SecretStore } from '../eso/secret-store';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { ExternalSecretsEgressPolicy, NamespaceIsolation } from '../network/network-policies';
import { WorkloadArgsLike, mountSecret } from '../workload/consumption';
import { createWorkload } from '../workload/create-workload';
import { plainWorkload } from '../workload/workload-args';

/** A cluster of {@link HybridMultiCloudSecrets} (Pulumi): the plain options plus how to reach it. */
export interface HybridClusterArgs extends HybridClusterOptions {
  /**
   * The Kubernetes provider of this cluster.
   * @default - a `k8s.Provider` created from `kubeconfig`
   */
  readonly provider?: k8s.Provider;
  /**
   * The cluster's kubeconfig, for the provider the component creates.
   * @default - the provider's own default (the ambient kubeconfig and context)
   */
  readonly kubeconfig?: pulumi.Input<string>;
}

/** A workload of an app in one cluster. */
export interface HybridWorkloadArgs {
  /** The workload's args (`{ metadata, spec }`). */
  readonly args: WorkloadArgsLike;
  /**
   * Its kind.
   * @default - inferred (CronJob with a jobTemplate, Job with restartPolicy Never/OnFailure, else Deployment)
   */
  readonly kind?: WorkloadKind;
}

/** An app of {@link HybridMultiCloudSecrets} (Pulumi). */
export interface HybridAppArgs extends HybridAppOptions {
  /**
   * The app's workload per cluster: created in that cluster with the Secrets mounted, the Reloader
   * annotation and the app's ServiceAccount.
   * @default - none (the `mounts` say what to mount)
   */
  readonly workloads?: Record<string, HybridWorkloadArgs>;
}

/** Arguments of {@link HybridMultiCloudSecrets} (Pulumi). */
export interface HybridMultiCloudSecretsArgs extends Omit<HybridMultiCloudOptions, 'name' | 'clusters'> {
  /** The clusters, each with its Kubernetes provider. */
  readonly clusters: HybridClusterArgs[];
  /**
   * Namespace to Secret name to options.
   * @default - none
   */
  readonly secrets?: Record<string, Record<string, HybridSecretOptions>>;
  /**
   * Namespace to app name to options.
   * @default - none
   */
  readonly apps?: Record<string, Record<string, HybridAppArgs>>;
}

/** The parts of one namespace in one cluster. */
export interface PulumiHybridNamespace {
  /** The store's ServiceAccount. */
  readonly serviceAccount: SecureServiceAccount;
  /** The SecretStore. */
  readonly store: SecretStore;
  /** Default-deny plus DNS. */
  readonly isolation: NamespaceIsolation;
  /**
   * The token-review binding (Kubernetes auth).
   * @default - none
   */
  readonly tokenReviewBinding?: pulumi.CustomResource;
  /** The ExternalSecrets, by Secret name. */
  readonly externalSecrets: Record<string, ExternalSecret>;
}

/** The parts of one cluster. */
export interface PulumiHybridCluster {
  /** The cluster's Kubernetes provider. */
  readonly provider: k8s.Provider;
  /** By namespace. */
  readonly namespaces: Record<string, PulumiHybridNamespace>;
  /** The apps' ServiceAccounts, by `namespace/app`. */
  readonly appServiceAccounts: Record<string, SecureServiceAccount>;
  /** The workloads created, by `namespace/app`. */
  readonly workloads: Record<string, pulumi.CustomResource>;
  /**
   * The ESO egress policy.
   * @default - none
   */
  readonly esoEgress?: ExternalSecretsEgressPolicy;
}

/** The component of one cluster: its resources inherit the cluster's provider. */
class HybridCluster extends pulumi.ComponentResource {
  public constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:patterns:HybridMultiCloudCluster', name, {}, opts);
  }

  public done(): void {
    this.registerOutputs({});
  }
}

/**
 * One central Vault, ESO in every cluster, authentication per cluster and cloud: the Pulumi twin of the
 * cdk8s `HybridMultiCloudSecrets`, rendering the same core plan with one `k8s.Provider` per cluster
 * (given, or created from `kubeconfig`). Per cluster and namespace: the `vault-eso` ServiceAccount, the
 * SecretStore `vault`, the ExternalSecrets, default-deny isolation; per app its ServiceAccount and, for
 * the workloads given, the workload with its Secrets mounted and the Reloader annotation.
 * {@link HybridMultiCloudSecrets.setupScript} is each cluster's Vault side, {@link HybridMultiCloudSecrets.reports}
 * the compliance reports.
 *
 * ```ts
 * const hybrid = new HybridMultiCloudSecrets('hybrid', {
 *   vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
 *   clusters: [{ name: 'eks-prod', cloud: 'aws', kubeconfig: eks.kubeconfig }, { name: 'gke-prod', cloud: 'gcp', provider: gke }],
 *   secrets: { payments: { 'postgres-credentials': { remoteKey: 'payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } } } },
 *   apps: { payments: { 'payment-api': { files: ['postgres-credentials'] } } } });
 * ```
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 */
export class HybridMultiCloudSecrets extends pulumi.ComponentResource {
  /** The parts of each cluster, by cluster name. */
  public readonly clusters: Record<string, PulumiHybridCluster> = {};
  /** The plan (pure data). */
  public readonly plan: HybridMultiCloudPlan;
  /** Each cluster's Vault side, by cluster name. */
  public readonly setupScripts: Record<string, string> = {};
  /** Each cluster's compliance report, by cluster name. */
  public readonly reports: Record<string, ComplianceReport> = {};
  /** What each app's workloads mount, by `namespace/app`. */
  public readonly mounts: Record<string, HybridMount[]> = {};

  /**
   * @param name the Pulumi resource name
   * @param args Vault, the clusters, the secrets and the apps
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: HybridMultiCloudSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:patterns:HybridMultiCloudSecrets', name, {}, opts);
    const component = HYBRID_PATTERN;
    const a = validated(this, () => checkObject(component, 'args', args, 'an object with vault and clusters')) as unknown as HybridMultiCloudSecretsArgs;
    const clusterArgs = validated(this, () => {
      if (!Array.isArray(a.clusters)) {
        throw new ValidationError(component, 'clusters', `must be a list of clusters ({ name, cloud }); received ${q(a.clusters)}.`);
      }
      return a.clusters;
    });
    const secrets: HybridSecretInput[] = Object.entries(a.secrets ?? {})
      .flatMap(([namespace, list]) => Object.entries(list).map(([n, o]) => ({ ...o, namespace, name: n })));
    const appEntries = Object.entries(a.apps ?? {}).flatMap(([namespace, list]) => Object.entries(list).map(([n, o]) => ({ namespace, name: n, o })));
    const apps: HybridAppInput[] = appEntries.map(({ namespace, name: n, o }) => {
      const { workloads: _w, ...rest } = o;
      return { ...rest, namespace, name: n };
    });
    const plainClusters = clusterArgs.map(c => {
      const { provider: _p, kubeconfig: _k, ...rest } = c;
      return rest;
    });
    const plan = validated(this, () => hybridMultiCloudPlan({ vault: a.vault, clusters: plainClusters, name }, secrets, apps));
    this.plan = plan;
    const clusterNames = plan.clusters.map(c => c.name);
    for (const { namespace, name: n, o } of appEntries) {
      for (const cluster of Object.keys(o.workloads ?? {})) {
        if (!clusterNames.includes(cluster)) {
          validated(this, () => {
            throw new ValidationError(component, `apps[${q(`${namespace}/${n}`)}].workloads`, `names cluster ${q(cluster)}, which is not one of ${clusterNames.map(c => q(c)).join(', ')}.`);
          });
        }
      }
    }

    plan.clusters.forEach((cluster, i) => {
      const given = clusterArgs[i];
      const provider = given.provider ?? new (kubernetes(component).Provider)(`${name}-${cluster.name}`, {
        ...(given.kubeconfig !== undefined ? { kubeconfig: given.kubeconfig } : {}),
      }, { parent: this });
      const scope = new HybridCluster(`${name}-${cluster.name}`, { parent: this, providers: [provider] });
      const child = { parent: scope };
      const id = (s: string) => `${name}-${cluster.name}-${s}`;
      const parts: PulumiHybridCluster = {
        provider,
        namespaces: {},
        appServiceAccounts: {},
        workloads: {},
        ...(cluster.esoEgress ? { esoEgress: new ExternalSecretsEgressPolicy(id('eso-egress'), cluster.esoEgress, child) } : {}),
      };
      for (const ns of cluster.namespaces) {
        const serviceAccount = new SecureServiceAccount(id(`${ns.namespace}-vault-eso`), ns.storeServiceAccount as { name: string; namespace: string }, child);
        const store = new SecretStore(id(`${ns.namespace}-store`), { name: ns.storeName, namespace: ns.namespace, provider: SecretStoreProvider.vault(ns.provider) }, child);
        const isolation = new NamespaceIsolation(id(`${ns.namespace}-isolation`), ns.isolation, child);
        const tokenReviewBinding = ns.tokenReviewBinding
          ? new (kubernetes(component).rbac.v1.ClusterRoleBinding)(id(`${ns.namespace}-token-review`), {
            metadata: ns.tokenReviewBinding.metadata as k8s.types.input.meta.v1.ObjectMeta,
            roleRef: (ns.tokenReviewBinding as unknown as { roleRef: k8s.types.input.rbac.v1.RoleRef }).roleRef,
            subjects: (ns.tokenReviewBinding as unknown as { subjects: k8s.types.input.rbac.v1.Subject[] }).subjects,
          }, child)
          : undefined;
        const externalSecrets: Record<string, ExternalSecret> = {};
        for (const es of ns.externalSecrets) {
          const { component: _c, store: _s, ...esArgs } = es;
          externalSecrets[es.name] = new ExternalSecret(id(`${ns.namespace}-${es.name}`), { ...esArgs, store }, { parent: scope, dependsOn: [store] });
        }
        parts.namespaces[ns.namespace] = { serviceAccount, store, isolation, ...(tokenReviewBinding ? { tokenReviewBinding } : {}), externalSecrets };
      }
      const wired: string[] = [];
      for (const app of cluster.apps) {
        const key = `${app.namespace}/${app.name}`;
        const sa = new SecureServiceAccount(id(`${app.namespace}-${app.name}`), app.serviceAccount as { name: string; namespace: string }, child);
        parts.appServiceAccounts[key] = sa;
        this.mounts[key] = app.mounts;
        const w = appEntries.find(e => e.namespace === app.namespace && e.name === app.name)!.o.workloads?.[cluster.name];
        if (w !== undefined) {
          const plainArgs = validated(this, () => plainWorkload(component, w.args));
          const kind = validated(this, () => resolveWorkloadKind(component, `apps[${q(key)}].workloads[${q(cluster.name)}].kind`,
            { kind: w.kind, hasJobTemplate: plainArgs.isCronJob, restartPolicy: plainArgs.podSpec.restartPolicy }));
          let injected = plainArgs.podSpec.serviceAccountName === undefined
            ? plainArgs.withTemplate({ ...plainArgs.template, spec: { ...plainArgs.podSpec, serviceAccountName: app.name } }) as WorkloadArgsLike
            : w.args;
          for (const m of app.mounts) {
            injected = validated(this, () => mountSecret(injected, parts.namespaces[app.namespace].externalSecrets[m.secretName], { path: m.path }));
          }
          const metadata = (injected.metadata ?? {}) as Record<string, unknown>;
          const withNamespace = { ...injected, metadata: { ...metadata, namespace: metadata.namespace ?? app.namespace } };
          parts.workloads[key] = createWorkload(HYBRID_PATTERN, kind, id(`${app.namespace}-${app.name}-workload`), withNamespace, { parent: scope, dependsOn: [sa] });
          if (typeof metadata.name === 'string') {
            wired.push(objectRef({ kind, metadata: { name: metadata.name, namespace: app.namespace } }));
          }
        }
      }
      scope.done();
      this.clusters[cluster.name] = parts;
      this.setupScripts[cluster.name] = cluster.setupScript;
      this.reports[cluster.name] = hybridClusterReport(name, cluster, { workloads: wired });
    });
    this.registerOutputs({ setupScripts: this.setupScripts, reports: this.reports });
  }

  /** A cluster's Vault side. */
  public setupScript(name: string): string {
    const script = this.setupScripts[name];
    if (script === undefined) {
      throw new ValidationError(HYBRID_PATTERN, 'cluster', `${q(name)} is not a cluster of the pattern (${Object.keys(this.setupScripts).map(c => q(c)).join(', ')}).`);
    }
    return script;
  }
}
