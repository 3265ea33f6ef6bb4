import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { writeComplianceReportOnSynth } from './report';
import { ValidationError } from '../../core';
import { q, typeOf } from '../../core/errors';
import { SecretStoreProvider } from '../../core/eso/provider';
import { ComplianceReport, objectRef } from '../../core/patterns/compliance';
import { checkAppName } from '../../core/patterns/enterprise-vault';
import {
  HYBRID_PATTERN, HybridAppInput, HybridAppOptions, HybridClusterPlan, HybridMount, HybridMultiCloudOptions, HybridMultiCloudPlan,
  HybridSecretInput, HybridSecretOptions, hybridClusterReport, hybridMultiCloudPlan,
} from '../../core/patterns/hybrid-multi-cloud';
import { checkObject } from '../../core/validate/values';
import { Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { ExternalSecret } from '../eso/external-secret';
import { SecretStore } from '../eso/secret-store';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { isCdk8sPlusWorkload } from '../internal/cdk8s-plus-adapter';
import { ExternalSecretsEgressPolicy, NamespaceIsolation } from '../network/network-policies';
import { emitManifest, podSpecPointer, workloadKindOf } from '../util';
import { mountSecret } from '../workload/consumption';

/** An app of {@link HybridMultiCloudSecrets} (cdk8s). */
export interface HybridAppProps extends HybridAppOptions {
  /**
   * The app's workload in each cluster that runs it (created in that cluster's chart,
   * `hybrid.chart(name)`): it gets the app's ServiceAccount (when it has none), the Secrets mounted
   * read-only and the Reloader annotation. Clusters without a workload still get the app's
   * ServiceAccount and Secrets; `mounts` says what to mount.
   * @default - no workload wired
   */
  readonly workloads?: Record<string, Cdk8sPlusWorkload>;
}

/** Props of {@link HybridMultiCloudSecrets}. */
export interface HybridMultiCloudSecretsProps extends Omit<HybridMultiCloudOptions, 'name'> {
  /**
   * Secrets to add at once: namespace to Secret name to options (as {@link HybridMultiCloudSecrets.addSecret}).
   * @default - none
   */
  readonly secrets?: Record<string, Record<string, HybridSecretOptions>>;
  /**
   * Apps to add at once: namespace to app name to options (as {@link HybridMultiCloudSecrets.addApp}).
   * @default - none
   */
  readonly apps?: Record<string, Record<string, HybridAppProps>>;
}

/** The parts of one namespace in one cluster. */
export interface HybridNamespaceParts {
  /** The store's ServiceAccount `vault-eso`. */
  readonly serviceAccount: SecureServiceAccount;
  /** The SecretStore `vault`. */
  readonly store: SecretStore;
  /** Default-deny plus DNS. */
  readonly isolation: NamespaceIsolation;
  /**
   * The binding of `vault-eso` to `system:auth-delegator` (Kubernetes auth).
   * @default - none (AWS IAM auth)
   */
  readonly tokenReviewBinding?: ApiObject;
  /** The ExternalSecrets, by Secret name. */
  readonly externalSecrets: Record<string, ExternalSecret>;
}

/** The parts of one cluster. */
export interface HybridClusterParts {
  /** The cluster's chart. */
  readonly chart: Chart;
  /** By namespace. */
  readonly namespaces: Record<string, HybridNamespaceParts>;
  /** The apps' ServiceAccounts, by `namespace/app`. */
  readonly appServiceAccounts: Record<string, SecureServiceAccount>;
  /**
   * The ESO controller's egress policy.
   * @default - none (no vault.cidrs)
   */
  readonly esoEgress?: ExternalSecretsEgressPolicy;
}

/** What {@link HybridMultiCloudSecrets.addApp} returns. */
export interface HybridApp {
  /** The app's ServiceAccount name (the same in every cluster). */
  readonly serviceAccountName: string;
  /** What its workloads mount (for workloads defined elsewhere): Secret and directory. */
  readonly mounts: HybridMount[];
}

/**
 * One central Vault, ESO in every cluster, authentication per cluster and cloud, and the same policies
 * everywhere (the seeds' pattern 4). One Chart per cluster (`hybrid.chart(name)`): in each, per declared
 * namespace, a ServiceAccount `vault-eso` (automount off), a SecretStore `vault` authenticating as it
 * (Vault Kubernetes auth at `kubernetes-<cluster>` by default, or Vault AWS IAM auth through IRSA at
 * `aws-<cluster>`), the ExternalSecrets (refreshed every hour), default-deny isolation with DNS; per app a
 * ServiceAccount and, for the workloads given, the Secrets mounted read-only with the Reloader
 * annotation. The Vault side of each cluster is `hybrid.setupScript(name)`: the auth mount, one role per
 * namespace bound to exactly its `vault-eso` ServiceAccount and namespace, and the namespace's read-only
 * policy (the same in every cluster). The only differences between the clusters' manifests are the
 * documented per-cluster ones: the store's auth block (mount path and role from the cluster name, or the
 * IAM auth), the IRSA annotation with AWS IAM auth, the token-review binding with Kubernetes auth, and
 * the ESO egress policy's API server addresses.
 *
 * A SecretStore per namespace, not a ClusterSecretStore restricted by `conditions`: each namespace then
 * has its own identity and its own Vault policy, so Vault itself keeps the namespaces apart (with one
 * ClusterSecretStore, an ExternalSecret in any admitted namespace could copy any other's secret).
 *
 * Assumes (installed, not installed by the pattern): Vault 1.15+ reachable from every cluster, ESO v2.9
 * and Reloader in every cluster, a CNI that enforces NetworkPolicies. Each cluster's compliance report is
 * written beside the YAML as `<id>-<cluster>.compliance.json`.
 *
 * ```ts
 * const hybrid = new HybridMultiCloudSecrets(app, 'hybrid', {
 *   vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
 *   clusters: [{ name: 'eks-prod', cloud: 'aws' }, { name: 'gke-prod', cloud: 'gcp' }] });
 * hybrid.addSecret('payments', 'postgres-credentials', { remoteKey: 'payments/postgres',
 *   keys: { POSTGRES_PASSWORD: 'password' } });
 * hybrid.addApp('payments', 'payment-api', { files: ['postgres-credentials'] });
 * ```
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 */
export class HybridMultiCloudSecrets extends Construct {
  /** The parts of each cluster, by cluster name. */
  public readonly clusters: Record<string, HybridClusterParts> = {};
  private readonly options: HybridMultiCloudOptions;
  private readonly secretInputs: HybridSecretInput[] = [];
  private readonly appInputs: HybridAppInput[] = [];
  private readonly wired: Record<string, string[]> = {};
  private currentPlan: HybridMultiCloudPlan;

  public constructor(scope: Construct, id: string, props: HybridMultiCloudSecretsProps) {
    super(scope, id);
    checkObject(HYBRID_PATTERN, 'props', props, 'an object with vault and clusters');
    const { secrets, apps, ...rest } = props;
    this.options = { ...rest, name: id };
    this.currentPlan = hybridMultiCloudPlan(this.options, [], []);
    for (const cluster of this.currentPlan.clusters) {
      const chart = new Chart(this, cluster.name);
      const esoEgress = cluster.esoEgress ? new ExternalSecretsEgressPolicy(chart, 'EsoEgress', cluster.esoEgress) : undefined;
      this.clusters[cluster.name] = { chart, namespaces: {}, appServiceAccounts: {}, ...(esoEgress ? { esoEgress } : {}) };
      this.wired[cluster.name] = [];
      writeComplianceReportOnSynth(chart, `${id}-${cluster.name}`, () => this.report(cluster.name));
    }
    for (const [namespace, list] of Object.entries(secrets ?? {})) {
      for (const [name, options] of Object.entries(list)) {
        this.addSecret(namespace, name, options);
      }
    }
    for (const [namespace, list] of Object.entries(apps ?? {})) {
      for (const [name, options] of Object.entries(list)) {
        this.addApp(namespace, name, options);
      }
    }
  }

  /**
   * Add a Secret to a namespace: an ExternalSecret in every cluster (and, for the first Secret of the
   * namespace, its ServiceAccount, SecretStore and isolation).
   * @param namespace the namespace
   * @param name the Secret's (and ExternalSecret's) name
   * @param options the Vault KV path and keys
   */
  public addSecret(namespace: string, name: string, options: HybridSecretOptions): Record<string, ExternalSecret> {
    checkObject(HYBRID_PATTERN, `secrets[${q(`${namespace}/${name}`)}]`, options, 'the secret options { remoteKey, keys? }');
    const input: HybridSecretInput = { ...options, namespace, name };
    const plan = hybridMultiCloudPlan(this.options, [...this.secretInputs, input], this.appInputs);
    this.secretInputs.push(input);
    this.currentPlan = plan;
    const made: Record<string, ExternalSecret> = {};
    for (const cluster of plan.clusters) {
      const parts = this.clusters[cluster.name];
      const nsPlan = cluster.namespaces.find(n => n.namespace === namespace)!;
      let ns = parts.namespaces[namespace];
      if (ns === undefined) {
        const nsId = `Namespace-${namespace}`;
        const serviceAccount = new SecureServiceAccount(parts.chart, `${nsId}-ServiceAccount`, nsPlan.storeServiceAccount);
        const store = new SecretStore(parts.chart, `${nsId}-Store`, {
          name: nsPlan.storeName, namespace, provider: SecretStoreProvider.vault(nsPlan.provider),
        });
        const isolation = new NamespaceIsolation(parts.chart, `${nsId}-Isolation`, nsPlan.isolation);
        const tokenReviewBinding = nsPlan.tokenReviewBinding
          ? emitManifest(parts.chart, `${nsId}-TokenReview`, HYBRID_PATTERN, nsPlan.tokenReviewBinding, { clusterScoped: true })
          : undefined;
        ns = { serviceAccount, store, isolation, ...(tokenReviewBinding ? { tokenReviewBinding } : {}), externalSecrets: {} };
        parts.namespaces[namespace] = ns;
      }
      const { component: _c, store: _s, ...esOptions } = nsPlan.externalSecrets.find(e => e.name === name)!;
      const es = new ExternalSecret(parts.chart, `Secret-${namespace}-${name}`, { ...esOptions, store: ns.store });
      ns.externalSecrets[name] = es;
      made[cluster.name] = es;
    }
    return made;
  }

  /**
   * Add an app to a namespace: its ServiceAccount in every cluster and, for the workloads given, the
   * Secrets mounted read-only with the Reloader annotation.
   * @param namespace the namespace
   * @param name the app's name
   * @param options the Secrets it mounts and, optionally, its workload per cluster
   */
  public addApp(namespace: string, name: string, options: HybridAppProps): HybridApp {
    const component = HYBRID_PATTERN;
    checkAppName(component, name);
    const prop = `apps[${q(`${namespace}/${name}`)}]`;
    checkObject(component, prop, options, 'the app options { files, workloads? }');
    const { workloads, ...rest } = options;
    const input: HybridAppInput = { ...rest, namespace, name };
    const plan = hybridMultiCloudPlan(this.options, this.secretInputs, [...this.appInputs, input]);
    const given = workloads === undefined ? {} : checkObject(component, `${prop}.workloads`, workloads, 'a map of cluster name to workload');
    for (const [cluster, workload] of Object.entries(given)) {
      if (this.clusters[cluster] === undefined) {
        throw new ValidationError(component, `${prop}.workloads`, `names cluster ${q(cluster)}, which is not one of ${Object.keys(this.clusters).map(c => q(c)).join(', ')}.`);
      }
      if (!isCdk8sPlusWorkload(workload)) {
        throw new ValidationError(component, `${prop}.workloads[${q(cluster)}]`, `must be a cdk8s-plus workload; received ${typeOf(workload)}.`);
      }
      if (Chart.of(workload) !== this.clusters[cluster].chart) {
        throw new ValidationError(component, `${prop}.workloads[${q(cluster)}]`, `is not in cluster ${q(cluster)}'s chart; create it in hybrid.chart(${q(cluster)}).`);
      }
    }
    this.appInputs.push(input);
    this.currentPlan = plan;
    let mounts: HybridMount[] = [];
    for (const cluster of plan.clusters) {
      const parts = this.clusters[cluster.name];
      const appPlan = cluster.apps.find(a => a.namespace === namespace && a.name === name)!;
      mounts = appPlan.mounts;
      const sa = new SecureServiceAccount(parts.chart, `App-${namespace}-${name}`, appPlan.serviceAccount);
      parts.appServiceAccounts[`${namespace}/${name}`] = sa;
      const workload = given[cluster.name] as Cdk8sPlusWorkload | undefined;
      if (workload !== undefined) {
        if (workload.serviceAccount === undefined) {
          ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${podSpecPointer(workloadKindOf(workload))}/serviceAccountName`, sa.name));
        }
        for (const m of appPlan.mounts) {
          mountSecret(workload, parts.namespaces[namespace].externalSecrets[m.secretName], { path: m.path });
        }
        const metadata = { name: workload.name, namespace: workload.metadata.namespace ?? namespace };
        this.wired[cluster.name].push(objectRef({ kind: workloadKindOf(workload), metadata }));
      }
    }
    return { serviceAccountName: name, mounts };
  }

  /** A cluster's chart. */
  public chart(name: string): Chart {
    return this.parts(name).chart;
  }

  /** A cluster's Vault side (auth mount and config, policies, roles): idempotent, no secret value. */
  public setupScript(name: string): string {
    return this.clusterPlan(name).setupScript;
  }

  /** A cluster's compliance report. */
  public report(name: string): ComplianceReport {
    return hybridClusterReport(this.node.id, this.clusterPlan(name), { workloads: this.wired[name] ?? [] });
  }

  /** The plan (pure data) with the secrets and apps added so far. */
  public get plan(): HybridMultiCloudPlan {
    return this.currentPlan;
  }

  private parts(name: string): HybridClusterParts {
    const parts = this.clusters[name];
    if (parts === undefined) {
      throw new ValidationError(HYBRID_PATTERN, 'cluster', `${q(name)} is not a cluster of the pattern (${Object.keys(this.clusters).map(c => q(c)).join(', ')}).`);
    }
    return parts;
  }

  private clusterPlan(name: string): HybridClusterPlan {
    this.parts(name);
    return this.currentPlan.clusters.find(c => c.name === name)!;
  }
}
