/**
 * HybridMultiCloudSecrets as a pure plan: one central Vault, the External Secrets Operator in every
 * cluster, authentication per cluster and cloud, and the same namespaces, ExternalSecrets, RBAC and
 * NetworkPolicies everywhere (the seeds' pattern 4). Composed from the blocks' core builders
 * (`SecretStoreProvider.vault`, `secretStoreManifest`, `externalSecretManifest`,
 * `namespaceIsolationManifests`, `externalSecretsEgressManifest`, `secureServiceAccountManifest`).
 *
 * Store choice: a namespaced SecretStore per declared namespace, not one ClusterSecretStore restricted
 * by `conditions`. Each namespace's store authenticates as its own ServiceAccount (`vault-eso` in that
 * namespace) to its own Vault role, whose policy reads exactly that namespace's paths. With one
 * ClusterSecretStore all namespaces share one identity and one policy, so an ExternalSecret in any
 * admitted namespace could copy any other namespace's secret; per-namespace stores make Vault, not only
 * the store's conditions, keep the namespaces apart, and adding a namespace changes no existing object.
 */
import { ValidationError, q } from '../errors';
import { ComplianceControlInput, ComplianceReport, complianceReport } from './compliance';
import { checkAppName } from './enterprise-vault';
import { VaultAuthMount, VaultRoleWrite, checkMountPath, vaultSetupScript } from './vault-setup';
import { SecretStoreKind } from '../eso/common';
import { ExternalSecretOptions, externalSecretManifest } from '../eso/external-secret';
import { SecretStoreProvider } from '../eso/provider';
import { VaultProviderOptions } from '../eso/providers/vault';
import { secretStoreManifest } from '../eso/secret-store';
import { SecureServiceAccountOptions, WorkloadIdentity, secureServiceAccountManifest } from '../identity/workload-identity';
import { KubeManifest } from '../manifest';
import { ExternalSecretsEgressOptions, externalSecretsEgressManifest } from '../network/eso-egress';
import { NamespaceIsolationOptions } from '../network/namespace-isolation';
import { checkAwsRegion, parseArn } from '../validate/arn';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkSecretKey } from '../validate/names';
import { checkList, checkObject, checkText } from '../validate/values';
import { checkVaultPath, readOnlyPolicyHcl } from '../vault/agent';

/** The pattern's name in reports and errors. */
export const HYBRID_PATTERN = 'HybridMultiCloudSecrets';

/** The central Vault. */
export interface HybridVaultConnection {
  /** Vault's address, e.g. `https://vault.example.com:8200` (https). */
  readonly address: string;
  /** The KV secrets engine mount, e.g. `secret`. */
  readonly kvPath: string;
  /**
   * The KV version.
   * @default "v2"
   */
  readonly kvVersion?: 'v1' | 'v2';
  /**
   * The Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * The CA certificate(s) that sign Vault's certificate, as PEM.
   * @default - the ESO controller's trust store
   */
  readonly caBundle?: string;
  /**
   * Vault's addresses as the clusters reach it: with them (and each cluster's `apiServerCidrs`), every
   * cluster gets an `ExternalSecretsEgressPolicy` limiting the ESO controller to DNS, its API server and
   * Vault.
   * @default - no ESO egress policy
   */
  readonly cidrs?: string[];
}

/** How the ESO stores of a cluster authenticate to Vault. */
export type HybridClusterAuth =
  /**
   * Vault's Kubernetes auth method at `kubernetes-<cluster>`, roles `<cluster>-<namespace>` bound to the
   * namespace's `vault-eso` ServiceAccount. Vault reviews the presented token with the Kubernetes
   * TokenReview API using that same token (no reviewer token stored in Vault), so the `vault-eso`
   * ServiceAccounts are bound to `system:auth-delegator`, and `disable_local_ca_jwt=true` keeps a Vault
   * that itself runs in Kubernetes from reviewing with its own cluster's token
   * (https://developer.hashicorp.com/vault/docs/auth/kubernetes#use-the-vault-client-s-jwt-as-the-reviewer-jwt).
   * `kubernetesHost` (default: the `<CLUSTER>_KUBERNETES_HOST` environment variable of the setup script)
   * and `caCertFile` (default `<cluster>-ca.crt`) configure the mount.
   */
  | { readonly kind: 'kubernetes'; readonly kubernetesHost?: string; readonly caCertFile?: string }
  /**
   * Vault's AWS auth method (IAM) at `aws-<cluster>` through IRSA: each namespace's `vault-eso`
   * ServiceAccount carries its IAM role (`roleArns[namespace]`), and the Vault role `<cluster>-<namespace>`
   * is bound to exactly that IAM role.
   */
  | { readonly kind: 'aws-iam'; readonly region: string; readonly roleArns: Record<string, string> };

/** A cluster. */
export interface HybridClusterOptions {
  /** The cluster's name (a DNS-1123 label): it names its chart, auth mount and roles. */
  readonly name: string;
  /** Where it runs. */
  readonly cloud: 'aws' | 'gcp' | 'azure' | 'on-premises';
  /**
   * How its stores authenticate to Vault. AWS IAM auth needs `cloud: "aws"`. ESO's Vault provider has
   * no Azure auth method (external-secrets v2.9 `apis/externalsecrets/v1/secretstore_vault_types.go`:
   * token, appRole, kubernetes, ldap, jwt, cert, iam, gcp, userPass), so AKS clusters use Kubernetes
   * auth. GKE clusters use Kubernetes auth too, deliberately: ESO's Vault GCP workload-identity auth
   * hands the Google access token to the Vault client through the controller's process environment
   * (`providers/v1/vault/auth_gcp.go`, v2.9: `setupWorkloadIdentityAuth` -> `setGCPEnvironment` ->
   * `os.Setenv("GOOGLE_OAUTH_ACCESS_TOKEN", ...)`), which every store the controller reconciles shares, so
   * with one store (and Google service account) per namespace, concurrent reconciles could log in to Vault
   * with another namespace's identity.
   * @default { kind: "kubernetes" }
   */
  readonly auth?: HybridClusterAuth;
  /**
   * The cluster's API server addresses (for the ESO egress policy, with `vault.cidrs`).
   * @default - none
   */
  readonly apiServerCidrs?: string[];
  /**
   * The API server port.
   * @default 443
   */
  readonly apiServerPort?: number;
  /**
   * The namespace ESO runs in.
   * @default "external-secrets"
   */
  readonly esoNamespace?: string;
}

/** A secret of a namespace: one ExternalSecret (and target Secret) in every cluster. */
export interface HybridSecretOptions {
  /** The KV path under the mount, e.g. `payments/postgres` (read as `<kvPath>/data/payments/postgres` on KV v2). */
  readonly remoteKey: string;
  /**
   * The Secret's keys: Secret key to the KV field, e.g. `{ POSTGRES_PASSWORD: "password" }`.
   * @default - every field of the KV secret (dataFrom extract)
   */
  readonly keys?: Record<string, string>;
  /**
   * How often ESO re-reads Vault.
   * @default "1h"
   */
  readonly refreshInterval?: string;
}

/** An app of a namespace: which of its Secrets it mounts. */
export interface HybridAppOptions {
  /** Secrets (added with `addSecret` in the same namespace) mounted read-only at `/etc/secrets/<name>`. */
  readonly files: string[];
}

/** Options of {@link hybridMultiCloudPlan}. */
export interface HybridMultiCloudOptions {
  /** The pattern instance's name. */
  readonly name: string;
  /** The central Vault. */
  readonly vault: HybridVaultConnection;
  /** The clusters (at least one). */
  readonly clusters: HybridClusterOptions[];
}

/** A secret as the front-ends hand it to the plan. */
export interface HybridSecretInput extends HybridSecretOptions {
  /** Its namespace. */
  readonly namespace: string;
  /** The Secret's (and ExternalSecret's) name. */
  readonly name: string;
}

/** An app as the front-ends hand it to the plan. */
export interface HybridAppInput extends HybridAppOptions {
  /** Its namespace. */
  readonly namespace: string;
  /** Its name (names its ServiceAccount). */
  readonly name: string;
}

/** What a workload defined elsewhere mounts for an app. */
export interface HybridMount {
  /** The Secret. */
  readonly secretName: string;
  /** The directory. */
  readonly path: string;
}

/** One app in one cluster. */
export interface HybridAppPlan {
  /** Namespace. */
  readonly namespace: string;
  /** Name. */
  readonly name: string;
  /** Its ServiceAccount (automount off). */
  readonly serviceAccount: SecureServiceAccountOptions;
  /** What its workload mounts (read-only, 0400, listed in its Reloader annotation). */
  readonly mounts: HybridMount[];
}

/** One namespace in one cluster. */
export interface HybridNamespacePlan {
  /** The namespace. */
  readonly namespace: string;
  /** The store's ServiceAccount `vault-eso` (automount off; IRSA with AWS IAM auth). */
  readonly storeServiceAccount: SecureServiceAccountOptions;
  /** The SecretStore's provider options. */
  readonly provider: VaultProviderOptions;
  /** The SecretStore's name (`vault`). */
  readonly storeName: string;
  /** The ExternalSecrets. */
  readonly externalSecrets: ExternalSecretOptions[];
  /** Default-deny plus DNS. */
  readonly isolation: NamespaceIsolationOptions;
  /** The Vault policy name, the same in every cluster. */
  readonly policyName: string;
  /** The Vault paths the namespace's secrets read. */
  readonly paths: string[];
  /**
   * The ClusterRoleBinding of `vault-eso` to `system:auth-delegator` (Kubernetes auth: Vault reviews the
   * token with the TokenReview API using the token itself).
   * @default - none (AWS IAM auth)
   */
  readonly tokenReviewBinding?: KubeManifest;
}

/** One cluster's plan. */
export interface HybridClusterPlan {
  /** The cluster. */
  readonly name: string;
  /** Its cloud. */
  readonly cloud: HybridClusterOptions['cloud'];
  /** Its auth method kind. */
  readonly authKind: HybridClusterAuth['kind'];
  /** Its Vault auth mount (without `auth/`). */
  readonly authMount: string;
  /** Per namespace. */
  readonly namespaces: HybridNamespacePlan[];
  /** Per app. */
  readonly apps: HybridAppPlan[];
  /**
   * The ESO controller's egress policy.
   * @default - none (no vault.cidrs or apiServerCidrs)
   */
  readonly esoEgress?: ExternalSecretsEgressOptions;
  /** The Vault roles of this cluster. */
  readonly roles: VaultRoleWrite[];
  /** The Vault policies (the same in every cluster). */
  readonly policies: Record<string, string>;
  /** The cluster's Vault side: auth mount, its config, policies, roles. Idempotent, no secret value. */
  readonly setupScript: string;
}

/** The whole plan. */
export interface HybridMultiCloudPlan {
  /** Per cluster, in the order given. */
  readonly clusters: HybridClusterPlan[];
}

const STORE_SA = 'vault-eso';
const STORE_NAME = 'vault';

interface CheckedCluster {
  readonly name: string;
  readonly cloud: HybridClusterOptions['cloud'];
  readonly auth: HybridClusterAuth;
  readonly apiServerCidrs?: string[];
  readonly apiServerPort?: number;
  readonly esoNamespace: string;
}

function checkCluster(component: string, raw: unknown, i: number): CheckedCluster {
  const prop = `clusters[${i}]`;
  const c = checkObject(component, prop, raw, 'a cluster { name, cloud, auth? }') as unknown as HybridClusterOptions;
  const name = c.name;
  if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 40) {
    throw new ValidationError(component, `${prop}.name`, `${q(name)} is not a cluster name: use a DNS-1123 label of at most 40 characters (it names the chart, the Vault auth mount and roles).`);
  }
  if (!['aws', 'gcp', 'azure', 'on-premises'].includes(c.cloud as string)) {
    throw new ValidationError(component, `${prop}.cloud`, `${q(c.cloud)} is not a cloud; use "aws", "gcp", "azure" or "on-premises".`);
  }
  const auth = (c.auth === undefined ? { kind: 'kubernetes' } : checkObject(component, `${prop}.auth`, c.auth, 'an auth method { kind, ... }')) as HybridClusterAuth;
  if (auth.kind === 'aws-iam') {
    if (c.cloud !== 'aws') {
      throw new ValidationError(component, `${prop}.auth.kind`, `"aws-iam" needs IRSA, which only EKS clusters have; cluster ${q(name)} runs on ${q(c.cloud)}. Use { kind: "kubernetes" }.`);
    }
    checkAwsRegion(component, `${prop}.auth.region`, auth.region);
    checkObject(component, `${prop}.auth.roleArns`, auth.roleArns, 'a map of namespace to IAM role ARN');
  } else if (auth.kind === 'kubernetes') {
    if (auth.kubernetesHost !== undefined && (typeof auth.kubernetesHost !== 'string' || !/^https:\/\/[A-Za-z0-9.:[\]-]+$/.test(auth.kubernetesHost))) {
      throw new ValidationError(component, `${prop}.auth.kubernetesHost`, `${q(auth.kubernetesHost)} must be the https:// address of the cluster's API server (host and port).`);
    }
    if (auth.caCertFile !== undefined && (typeof auth.caCertFile !== 'string' || !/^[A-Za-z0-9_./-]+$/.test(auth.caCertFile))) {
      throw new ValidationError(component, `${prop}.auth.caCertFile`, `${q(auth.caCertFile)} must be a file path of letters, digits, '_', '-', '.' and '/'.`);
    }
  } else {
    throw new ValidationError(component, `${prop}.auth.kind`, `${q((auth as { kind?: unknown }).kind)} is not an auth method; use "kubernetes" or "aws-iam" (ESO's Vault provider has no Azure auth method).`);
  }
  return {
    name,
    cloud: c.cloud,
    auth,
    ...(c.apiServerCidrs !== undefined ? { apiServerCidrs: c.apiServerCidrs } : {}),
    ...(c.apiServerPort !== undefined ? { apiServerPort: c.apiServerPort } : {}),
    esoNamespace: checkNamespace(component, `${prop}.esoNamespace`, c.esoNamespace ?? 'external-secrets'),
  };
}

function envName(cluster: string): string {
  return `${cluster.toUpperCase().replace(/-/g, '_')}_KUBERNETES_HOST`;
}

/**
 * Plan the pattern: per cluster, per declared namespace, a `vault-eso` ServiceAccount, a SecretStore to
 * Vault authenticating as it (Kubernetes auth at `kubernetes-<cluster>`, or AWS IAM auth at
 * `aws-<cluster>`), the ExternalSecrets, default-deny isolation with DNS; per app its ServiceAccount and
 * mounts; the Vault side per cluster (auth mount, one role per namespace bound to exactly its
 * ServiceAccount and namespace, the read-only policy per namespace, the same in every cluster).
 */
export function hybridMultiCloudPlan(
  options: HybridMultiCloudOptions, secrets: readonly HybridSecretInput[], apps: readonly HybridAppInput[],
): HybridMultiCloudPlan {
  const component = HYBRID_PATTERN;
  checkObject(component, 'props', options, 'an object with vault and clusters');
  const vault = checkObject(component, 'vault', options.vault, 'the Vault connection { address, kvPath }') as unknown as HybridVaultConnection;
  const kvPath = checkVaultPath(component, 'vault.kvPath', vault.kvPath, 'KV mount path');
  const kvVersion = vault.kvVersion ?? 'v2';
  if (kvVersion !== 'v1' && kvVersion !== 'v2') {
    throw new ValidationError(component, 'vault.kvVersion', `${q(kvVersion)} is not a KV version; use "v1" or "v2".`);
  }
  const address = checkText(component, 'vault.address', vault.address, 'give Vault\'s address, e.g. "https://vault.example.com:8200"');
  const clusterList = checkList(component, 'clusters', options.clusters, 'clusters ({ name, cloud })');
  if (clusterList.length === 0) {
    throw new ValidationError(component, 'clusters', 'is empty; list the clusters ({ name, cloud }).');
  }
  const clusters = clusterList.map((c, i) => checkCluster(component, c, i));
  const names = new Set<string>();
  clusters.forEach((c, i) => {
    if (names.has(c.name)) {
      throw new ValidationError(component, `clusters[${i}].name`, `${q(c.name)} is given twice; each cluster has its own chart, auth mount and roles.`);
    }
    names.add(c.name);
  });

  // Secrets and apps, by namespace, in the order first used.
  const namespaces: string[] = [];
  const secretsByNs = new Map<string, HybridSecretInput[]>();
  for (const s of secrets) {
    const prop = `secrets[${q(`${s.namespace}/${s.name}`)}]`;
    const namespace = checkNamespace(component, `${prop}.namespace`, s.namespace);
    if (namespace === 'kube-system') {
      throw new ValidationError(component, `${prop}.namespace`, '"kube-system" is refused: the cluster\'s own controllers run there; put application secrets in an application namespace.');
    }
    checkObjectName(component, `${prop}.name`, s.name, 'Secret name');
    checkVaultPath(component, `${prop}.remoteKey`, s.remoteKey, 'KV secret path');
    if (s.keys !== undefined) {
      const keys = checkObject(component, `${prop}.keys`, s.keys, 'a map of Secret key to KV field');
      if (Object.keys(keys).length === 0) {
        throw new ValidationError(component, `${prop}.keys`, 'is empty; leave it unset to copy every field, or name the keys.');
      }
      for (const [k, v] of Object.entries(keys)) {
        checkSecretKey(component, `${prop}.keys`, k);
        checkText(component, `${prop}.keys[${q(k)}]`, v, 'give the KV field name, e.g. "password"');
      }
    }
    if (s.refreshInterval !== undefined) {
      checkGoDuration(component, `${prop}.refreshInterval`, s.refreshInterval);
    }
    const list = secretsByNs.get(namespace) ?? [];
    if (list.some(o => o.name === s.name)) {
      throw new ValidationError(component, prop, 'is added twice; each Secret is synchronised by one ExternalSecret.');
    }
    list.push(s);
    secretsByNs.set(namespace, list);
    if (!namespaces.includes(namespace)) {
      namespaces.push(namespace);
    }
  }
  const appsByNs = new Map<string, HybridAppInput[]>();
  for (const a of apps) {
    const prop = `apps[${q(`${a.namespace}/${a.name}`)}]`;
    checkAppName(component, a.name);
    const namespace = checkNamespace(component, `${prop}.namespace`, a.namespace);
    const files = checkList(component, `${prop}.files`, a.files, 'Secret names');
    if (files.length === 0) {
      throw new ValidationError(component, `${prop}.files`, 'is empty; name the Secrets (added with addSecret) the app mounts.');
    }
    files.forEach((f, i) => {
      if (!(secretsByNs.get(namespace) ?? []).some(s => s.name === f)) {
        throw new ValidationError(component, `${prop}.files[${i}]`, `${q(f)} is not a Secret of namespace ${q(namespace)}; add it first with addSecret(${q(namespace)}, ${q(f)}, { remoteKey }).`);
      }
    });
    const list = appsByNs.get(namespace) ?? [];
    if (list.some(o => o.name === a.name)) {
      throw new ValidationError(component, prop, 'is added twice.');
    }
    list.push(a);
    appsByNs.set(namespace, list);
  }

  const dataPath = (remoteKey: string) => (kvVersion === 'v2' ? `${kvPath}/data/${remoteKey}` : `${kvPath}/${remoteKey}`);
  const policies: Record<string, string> = {};
  for (const ns of namespaces) {
    const paths = (secretsByNs.get(ns) ?? []).map(s => dataPath(s.remoteKey));
    policies[`${ns}-eso-read`] = readOnlyPolicyHcl(`${ns}-eso-read`, `ESO in namespace "${ns}" (every cluster)`, 'its ExternalSecrets read', paths);
  }

  const plans = clusters.map((cluster): HybridClusterPlan => {
    const auth = cluster.auth;
    const authMount = checkMountPath(component, 'clusters.name', `${auth.kind === 'aws-iam' ? 'aws' : 'kubernetes'}-${cluster.name}`);
    const roles: VaultRoleWrite[] = [];
    const nsPlans = namespaces.map((ns): HybridNamespacePlan => {
      const role = `${cluster.name}-${ns}`;
      const policyName = `${ns}-eso-read`;
      let identity: WorkloadIdentity | undefined;
      let provider: VaultProviderOptions;
      const base = {
        server: address,
        path: kvPath,
        version: kvVersion,
        ...(vault.vaultNamespace !== undefined ? { vaultNamespace: vault.vaultNamespace } : {}),
        ...(vault.caBundle !== undefined ? { caBundle: vault.caBundle } : {}),
        serviceAccount: STORE_SA,
      };
      if (auth.kind === 'aws-iam') {
        const arn = auth.roleArns[ns];
        const parsed = typeof arn === 'string' ? parseArn(arn) : undefined;
        if (parsed === undefined || parsed.service !== 'iam' || !parsed.resource.startsWith('role/')) {
          throw new ValidationError(component, `clusters[${q(cluster.name)}].auth.roleArns[${q(ns)}]`, `${q(arn)} is not an IAM role ARN; give the IRSA role of ServiceAccount ${ns}/${STORE_SA} for every namespace with secrets.`);
        }
        identity = WorkloadIdentity.awsIrsa(arn as string);
        provider = { ...base, awsIam: { region: auth.region, vaultRole: role, path: authMount } };
        roles.push({ path: `auth/${authMount}/role/${role}`, parameters: { auth_type: 'iam', bound_iam_principal_arn: [arn as string], token_policies: [policyName], token_ttl: '1h' } });
      } else {
        provider = { ...base, role, mountPath: authMount };
        roles.push({
          path: `auth/${authMount}/role/${role}`,
          parameters: {
            bound_service_account_names: [STORE_SA], bound_service_account_namespaces: [ns], token_policies: [policyName], token_ttl: '1h',
          },
        });
      }
      const externalSecrets = (secretsByNs.get(ns) ?? []).map((s): ExternalSecretOptions => ({
        name: s.name,
        namespace: ns,
        store: { name: STORE_NAME, kind: SecretStoreKind.SECRET_STORE },
        refreshInterval: s.refreshInterval ?? '1h',
        target: { name: s.name },
        ...(s.keys !== undefined
          ? { data: Object.entries(s.keys).map(([secretKey, property]) => ({ secretKey, remoteKey: s.remoteKey, property })) }
          : { dataFrom: [{ extract: { key: s.remoteKey } }] }),
        component: `${component} ExternalSecret`,
      }));
      const nsPlan: HybridNamespacePlan = {
        namespace: ns,
        storeServiceAccount: { name: STORE_SA, namespace: ns, ...(identity ? { identity } : {}) },
        provider,
        storeName: STORE_NAME,
        externalSecrets,
        isolation: { namespace: ns },
        policyName,
        paths: (secretsByNs.get(ns) ?? []).map(s => dataPath(s.remoteKey)),
        ...(auth.kind === 'kubernetes' ? {
          tokenReviewBinding: {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: `${STORE_SA}-${ns}-token-review` },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
            subjects: [{ kind: 'ServiceAccount', name: STORE_SA, namespace: ns }],
          } as KubeManifest,
        } : {}),
      };
      // Build once here so both front-ends refuse the same input before rendering.
      secureServiceAccountManifest(nsPlan.storeServiceAccount);
      secretStoreManifest({ name: STORE_NAME, namespace: ns, provider: SecretStoreProvider.vault(provider), component: `${component} SecretStore` });
      externalSecrets.forEach(e => externalSecretManifest(e));
      return nsPlan;
    });
    const appPlans = namespaces.flatMap(ns => (appsByNs.get(ns) ?? []).map((a): HybridAppPlan => ({
      namespace: ns,
      name: a.name,
      serviceAccount: { name: a.name, namespace: ns },
      mounts: a.files.map(f => ({ secretName: f, path: `/etc/secrets/${f}` })),
    })));
    let esoEgress: ExternalSecretsEgressOptions | undefined;
    if (vault.cidrs !== undefined) {
      if (cluster.apiServerCidrs === undefined) {
        throw new ValidationError(component, `clusters[${q(cluster.name)}].apiServerCidrs`, 'is unset, but vault.cidrs is given: the ESO egress policy needs the cluster\'s API server addresses too (ESO is a controller).');
      }
      esoEgress = {
        namespace: cluster.esoNamespace,
        providers: [SecretStoreProvider.vault({ server: address, path: kvPath, role: 'eso' })],
        apiServer: { cidrs: cluster.apiServerCidrs, ...(cluster.apiServerPort !== undefined ? { port: cluster.apiServerPort } : {}) },
        vaultCidrs: vault.cidrs,
      };
      externalSecretsEgressManifest(esoEgress);
    }
    const mount: VaultAuthMount = auth.kind === 'aws-iam'
      ? { path: authMount, type: 'aws' }
      : {
        path: authMount,
        type: 'kubernetes',
        config: {
          kubernetes_host: auth.kubernetesHost ?? `\${${envName(cluster.name)}:?set it to the API server URL of ${cluster.name}}`,
          kubernetes_ca_cert: `@${auth.caCertFile ?? `${cluster.name}-ca.crt`}`,
          disable_local_ca_jwt: 'true',
        },
      };
    const setupScript = vaultSetupScript({
      title: `Vault side of ${component} ${q(options.name)}, cluster ${q(cluster.name)} (${cluster.cloud})`,
      address,
      ...(vault.vaultNamespace !== undefined ? { vaultNamespace: vault.vaultNamespace } : {}),
      audit: { path: 'file', filePath: '/vault/audit/audit.log' },
      authMounts: [mount],
      policies,
      roles,
    });
    return {
      name: cluster.name,
      cloud: cluster.cloud,
      authKind: auth.kind,
      authMount,
      namespaces: nsPlans,
      apps: appPlans,
      ...(esoEgress ? { esoEgress } : {}),
      roles,
      policies,
      setupScript,
    };
  });
  return { clusters: plans };
}

/** The objects a front-end rendered for one cluster, as report references. */
export interface HybridRendered {
  /** The workloads the pattern wired (mounts and Reloader). */
  readonly workloads: string[];
}

/** The assumed controllers. */
export const HYBRID_ASSUMES = [
  'HashiCorp Vault 1.15+ reachable from every cluster (KV secrets engine)',
  'External Secrets Operator v2.9 (external-secrets.io/v1) in every cluster, namespace external-secrets',
  'Stakater Reloader v1 in every cluster',
  'a CNI that enforces NetworkPolicies',
];

/** The compliance report of one cluster of a HybridMultiCloudSecrets instance. */
export function hybridClusterReport(name: string, cluster: HybridClusterPlan, r: HybridRendered): ComplianceReport {
  const ns = cluster.namespaces;
  const externalSecrets = ns.flatMap(n => n.externalSecrets.map(e => `ExternalSecret ${n.namespace}/${e.name}`));
  const stores = ns.map(n => `SecretStore ${n.namespace}/${n.storeName}`);
  const accounts = [...ns.map(n => `ServiceAccount ${n.namespace}/vault-eso`), ...cluster.apps.map(a => `ServiceAccount ${a.namespace}/${a.name}`)];
  const policies = ns.flatMap(n => [`NetworkPolicy ${n.namespace}/default-deny-all`, `NetworkPolicy ${n.namespace}/allow-dns-egress`]);
  const some = (refs: string[], c: Omit<ComplianceControlInput, 'enforcedBy' | 'status'> & { status: ComplianceControlInput['status'] }): ComplianceControlInput =>
    (refs.length === 0 ? { ...c, status: 'user', enforcedBy: [], userJob: c.userJob ?? 'Add a secret: the pattern has none yet.' } : { ...c, enforcedBy: refs });
  return complianceReport(HYBRID_PATTERN, `${name}/${cluster.name}`, HYBRID_ASSUMES, [
    some(externalSecrets, { id: 'no-plaintext-in-git', status: 'enforced', how: 'Only ExternalSecrets (Vault paths and field names) are written; the values stay in Vault.' }),
    some(stores, {
      id: 'no-static-cloud-keys',
      status: 'enforced',
      how: cluster.authKind === 'aws-iam'
        ? 'Each namespace\'s store signs in to Vault with the IRSA credentials of its own ServiceAccount (Vault AWS IAM auth); no Vault token or key is stored.'
        : 'Each namespace\'s store presents a short-lived token of its own ServiceAccount (Vault Kubernetes auth); no Vault token or key is stored.',
    }),
    some(accounts, {
      id: 'least-privilege-rbac',
      status: 'enforced',
      how: 'Every ServiceAccount has token automount off and no RBAC on Secrets; each namespace\'s Vault role is bound to exactly its vault-eso ServiceAccount and reads exactly its paths.',
    }),
    {
      id: 'rotation-reaches-pods',
      status: 'partial',
      enforcedBy: [...externalSecrets, ...r.workloads],
      how: 'ExternalSecrets refresh from Vault every refreshInterval (1h by default); the wired workloads list exactly their Secrets in the Reloader annotation.',
      userJob: 'Wire the workloads defined elsewhere with the mounts the pattern exposes (and Reloader), and rotate the values in Vault.',
    },
    {
      id: 'network-isolation',
      status: 'partial',
      enforcedBy: [...policies, ...(cluster.esoEgress ? [`NetworkPolicy ${cluster.esoEgress.namespace}/external-secrets-egress`] : [])],
      how: 'Default-deny ingress and egress with DNS in every declared namespace, the same in every cluster'
        + (cluster.esoEgress ? '; the ESO controller may reach only DNS, its API server and Vault.' : '.'),
      userJob: `Allow each application's own traffic${cluster.esoEgress ? '' : ', and limit the ESO controller\'s egress (give vault.cidrs and the clusters\' apiServerCidrs)'}.`,
    },
    {
      id: 'audit-and-alerting',
      status: 'partial',
      enforcedBy: [],
      how: 'The setup script enables a Vault file audit device (every request to the central Vault, values HMAC-ed); the pattern writes no audit or alerting objects in the clusters.',
      userJob: 'Ship the Vault audit log to your SIEM, and install the API-server audit policy (auditPolicy) and SecretAccessAlerts in every cluster.',
    },
  ]);
}
