import { isDeferred } from '../deferred';
import { ValidationError, q, typeOf } from '../errors';
import { checkSecretGrantee } from '../identity/service-account-ref';
import { VAULT_CLIENT_LABEL, VaultClientSelector } from '../network/vault-access';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';
import { WorkloadKind, runsToCompletion } from '../workload/kind';
import { ContainerUser, PodUsers, effectiveRunAsUser, sharedFsGroup } from '../workload/pod';

/** The annotation prefix of the Vault agent injector (vault-k8s). */
export const VAULT_ANNOTATION_PREFIX = 'vault.hashicorp.com/';

/**
 * The Vault agent injector's annotation keys (vault-k8s `agent-inject/agent/annotations.go`). Per-secret
 * keys take the secret's name as a suffix: `agent-inject-secret-<name>`.
 */
export const VaultAnnotations = {
  /** `"true"` turns injection on for the pod. */
  INJECT: 'vault.hashicorp.com/agent-inject',
  /** The Vault role of the Kubernetes auth method. */
  ROLE: 'vault.hashicorp.com/role',
  /** Prefix: `<prefix>-<name>` is the Vault path rendered to `/vault/secrets/<name>`. */
  INJECT_SECRET: 'vault.hashicorp.com/agent-inject-secret',
  /** Prefix: `<prefix>-<name>` is the template that renders the secret. */
  INJECT_TEMPLATE: 'vault.hashicorp.com/agent-inject-template',
  /** Prefix: `<prefix>-<name>` is the file mode of the rendered file, e.g. `"0440"`. */
  INJECT_PERMS: 'vault.hashicorp.com/agent-inject-perms',
  /** Comma-separated containers that get the secrets volume. */
  INJECT_CONTAINERS: 'vault.hashicorp.com/agent-inject-containers',
  /** `"true"`: only the init container (for Jobs, which would never finish with a sidecar). */
  PRE_POPULATE_ONLY: 'vault.hashicorp.com/agent-pre-populate-only',
  /** The user ID of the agent containers (the injector's default: 100). */
  RUN_AS_USER: 'vault.hashicorp.com/agent-run-as-user',
  /** The group ID of the agent containers (the injector's default: 1000). */
  RUN_AS_GROUP: 'vault.hashicorp.com/agent-run-as-group',
  /** `"true"`: run the agent as the first application container's user (so 0400 files are readable). */
  RUN_AS_SAME_USER: 'vault.hashicorp.com/agent-run-as-same-user',
  /** The mount path of the Kubernetes auth method (default `auth/kubernetes`). */
  AUTH_PATH: 'vault.hashicorp.com/auth-path',
  /** The Vault (Enterprise) namespace. */
  NAMESPACE: 'vault.hashicorp.com/namespace',
  /** The Vault address, overriding the injector's default. */
  SERVICE: 'vault.hashicorp.com/service',
  /** A Kubernetes Secret with the CA (and client) certificates, mounted at `/vault/tls`. */
  TLS_SECRET: 'vault.hashicorp.com/tls-secret',
  /** The path of the CA certificate that verifies Vault's certificate. */
  CA_CERT: 'vault.hashicorp.com/ca-cert',
  /** `"true"` turns off verification of Vault's certificate (refused unless opted in). */
  TLS_SKIP_VERIFY: 'vault.hashicorp.com/tls-skip-verify',
  /** The name of a projected ServiceAccount-token volume the agent authenticates with. */
  SERVICE_ACCOUNT_TOKEN_VOLUME_NAME: 'vault.hashicorp.com/agent-service-account-token-volume-name',
} as const;

/** A secret the Vault agent renders into the pod. */
export interface VaultAgentSecret {
  /**
   * The file name under `/vault/secrets/` and the suffix of the per-secret annotations: lower-case
   * letters, digits, `-`, `_` and `.`, at most 41 characters (the injector lower-cases names).
   */
  readonly name: string;
  /**
   * The Vault API path, without a leading `/` and without wildcards, e.g. `secret/data/payments/postgres`
   * for a KV v2 mount named `secret` (note the `data/` segment).
   */
  readonly path: string;
  /**
   * A Consul Template rendering the secret (e.g. `{{ with secret "secret/data/x" }}{{ .Data.data.password }}{{ end }}`).
   * @default - the injector's generic template (every key, Go map syntax)
   */
  readonly template?: string;
  /**
   * The rendered file's mode: `"0400"` (the agent must write it as the application's user) or `"0440"`
   * (as the application's user, or in the pod's fsGroup). Never the injector's own default, 0644, which
   * every user of the pod could read.
   * @default - "0400" written as the application's user when the application containers run as one
   * known non-root user, else "0440" in the pod's fsGroup; refused when the pod offers neither
   */
  readonly perms?: string;
}

/** The projected ServiceAccount token the agent authenticates with. */
export interface VaultTokenVolumeOptions {
  /**
   * The volume name.
   * @default "vault-token"
   */
  readonly name?: string;
  /**
   * The token audience; the Vault role's `audience` must match.
   * @default "vault"
   */
  readonly audience?: string;
  /**
   * The token lifetime in seconds (the kubelet rotates it at 80%); at least 600.
   * @default 3600
   */
  readonly expirationSeconds?: number;
}

/** Options of {@link vaultAgentInjection}. */
export interface VaultAgentInjectionOptions {
  /** The Vault role of the Kubernetes auth method (one role per workload). */
  readonly role: string;
  /** The secrets to render, one file each. */
  readonly secrets: VaultAgentSecret[];
  /** The workload's ServiceAccount: the only one the Vault role is bound to. */
  readonly serviceAccountName: string;
  /** The workload's namespace: the only one the Vault role is bound to. */
  readonly namespace: string;
  /**
   * Only inject the init container, no sidecar: when the application reads its secrets once. Jobs and
   * CronJobs always get it (the agent sidecar never exits, so they would never complete): `false` is
   * refused for them.
   * @default - true for Jobs, CronJobs and Pods that run to completion, false otherwise
   */
  readonly prePopulateOnly?: boolean;
  /**
   * The user ID of the agent containers (not 0).
   * @default - the application's user when its containers run as one known non-root user (so the agent
   * writes 0400 files it can read), else the injector's default (100) with the pod's fsGroup as group
   */
  readonly runAsUser?: number;
  /**
   * Run the agent as the first application container's user (its own `securityContext.runAsUser`, which
   * must be set and non-root), so files with mode 0400 stay readable by it.
   * @default - chosen from the pod (see runAsUser)
   */
  readonly runAsSameUser?: boolean;
  /**
   * The containers that get the secrets volume (least exposure in multi-container pods).
   * @default - every container
   */
  readonly containers?: string[];
  /**
   * The mount path of the Kubernetes auth method.
   * @default "auth/kubernetes"
   */
  readonly authPath?: string;
  /**
   * The Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * The Vault address, overriding the injector's. Must be `https://` unless `allowPlaintextVaultAddress`.
   * @default - the injector's configured address
   */
  readonly vaultAddress?: string;
  /**
   * Allow an `http://` Vault address (tokens and secrets would cross the network in clear text).
   * @default false
   */
  readonly allowPlaintextVaultAddress?: boolean;
  /**
   * A Kubernetes Secret (in the workload's namespace) holding the CA certificate, mounted at `/vault/tls`.
   * @default - none
   */
  readonly tlsSecret?: string;
  /**
   * The path of the CA certificate, e.g. `/vault/tls/ca.crt` with `tlsSecret`.
   * @default - the system trust store
   */
  readonly caCert?: string;
  /**
   * Turn off verification of Vault's TLS certificate. Refused unless `allowTlsSkipVerify` is also set.
   * @default false
   */
  readonly tlsSkipVerify?: boolean;
  /**
   * Accept `tlsSkipVerify: true` (anyone on the path can then impersonate Vault and collect the
   * workload's token and secrets). Only for throw-away test clusters.
   * @default false
   */
  readonly allowTlsSkipVerify?: boolean;
  /**
   * The projected ServiceAccount token the agent authenticates with, or `false` to use the pod's
   * automounted token (which every container can read). The token is not mounted into the application
   * containers, so with `automountServiceAccountToken: false` only the agent can log in to Vault.
   * @default - a projected token volume "vault-token" with audience "vault", 3600 s
   */
  readonly tokenVolume?: VaultTokenVolumeOptions | false;
  /**
   * The name of the read-only Vault policy.
   * @default `<role>-read`
   */
  readonly policyName?: string;
  /**
   * The lifetime of the Vault tokens the role issues.
   * @default "1h"
   */
  readonly tokenTtl?: string;
  /**
   * The maximum lifetime of the Vault tokens the role issues, renewals included.
   * @default - Vault's system maximum
   */
  readonly tokenMaxTtl?: string;
  /**
   * Accept a workload in `kube-system` (the Vault role would hand the secrets to a ServiceAccount in the
   * namespace of the cluster's own controllers and add-ons).
   * @default false
   */
  readonly allowKubeSystem?: boolean;
}

/** The parameters of a Vault Kubernetes auth role (`vault write auth/<path>/role/<role> ...`). */
export interface VaultKubernetesAuthRole {
  /** The API path, e.g. `auth/kubernetes/role/payments-api`. */
  readonly path: string;
  /** The parameters, as `vault write` and the Terraform/Pulumi Vault providers take them. */
  readonly parameters: {
    readonly bound_service_account_names: string[];
    readonly bound_service_account_namespaces: string[];
    readonly token_policies: string[];
    readonly token_ttl: string;
    readonly token_max_ttl?: string;
    readonly audience?: string;
  };
}

/** A projected ServiceAccount token source. */
export interface ServiceAccountTokenProjection {
  /** The file name in the volume. */
  readonly path: string;
  /** The token audience. */
  readonly audience: string;
  /** The token lifetime in seconds. */
  readonly expirationSeconds: number;
}

/** A pod volume with a projected ServiceAccount token. */
export interface ProjectedTokenVolume {
  /** The volume name. */
  readonly name: string;
  /** The projected source: one ServiceAccount token. */
  readonly projected: { readonly sources: Array<{ readonly serviceAccountToken: ServiceAccountTokenProjection }> };
}

/** What {@link vaultAgentInjection} produces: the workload side and the Vault operator side. */
export interface VaultAgentInjectionSpec {
  /** The pod template annotations. */
  readonly annotations: Record<string, string>;
  /**
   * The projected token volume to add to the pod (not mounted into application containers).
   * @default - none (tokenVolume: false)
   */
  readonly tokenVolume?: ProjectedTokenVolume;
  /** The ServiceAccount the workload must run as. */
  readonly serviceAccountName: string;
  /** The Vault policy name. */
  readonly policyName: string;
  /** The Vault policy: `read` on exactly the secrets' paths, nothing else. */
  readonly policyHcl: string;
  /** The Kubernetes auth role bound to exactly this ServiceAccount and namespace. */
  readonly authRole: VaultKubernetesAuthRole;
  /** The shell commands that create the policy and the role (no secret values in them). */
  readonly vaultCommands: string[];
  /** The labels the pod template gets: the Vault client label, so `VaultAccessPolicy` admits the pods. */
  readonly podLabels: Record<string, string>;
  /** The workload's pods as a Vault client, for `VaultAccessPolicy({ clients: [...] })`. */
  readonly vaultClient: VaultClientSelector;
}

const SECRET_NAME = /^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/;
const VAULT_PATH_SEGMENT = /^[A-Za-z0-9_.@-]+$/;
const ROLE_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const MAX_SECRET_NAME = 63 - 'agent-inject-template-'.length;

/**
 * Check a Vault API path: no leading or trailing "/", no wildcards, no "." or ".." segments.
 * @internal
 */
export function checkVaultPath(component: string, prop: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, prop, `${q(value)} must be a non-empty ${what}.`);
  }
  if (value.startsWith('/') || value.endsWith('/')) {
    throw new ValidationError(component, prop, `${q(value)} must not start or end with "/"; write it as the CLI does, e.g. "secret/data/payments/postgres".`);
  }
  if (/[*+]/.test(value)) {
    throw new ValidationError(component, prop, `${q(value)} contains a wildcard; name each secret path exactly (a glob would let the role read every secret under it).`);
  }
  const segments = value.split('/');
  if (segments.some(s => s === '.' || s === '..' || !VAULT_PATH_SEGMENT.test(s))) {
    throw new ValidationError(component, prop, `${q(value)} is not a ${what}: use segments of letters, digits, '_', '-', '.' and '@' separated by single "/", without "." or "..".`);
  }
  return value;
}

function checkSecretName(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !SECRET_NAME.test(value) || value.length > MAX_SECRET_NAME) {
    throw new ValidationError(component, prop, `${q(value)} is not a valid secret file name: use lower-case letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most ${MAX_SECRET_NAME} characters (it becomes /vault/secrets/<name> and an annotation key suffix).`);
  }
  return value;
}

/**
 * Render the read-only policy for the given paths.
 * @internal
 */
export function policyHcl(policyName: string, role: string, paths: string[]): string {
  return readOnlyPolicyHcl(policyName, `the Vault role "${role}"`, 'the workload renders', paths);
}

/**
 * A Vault policy granting only `read`, on exactly the given paths (sorted, de-duplicated), with a
 * comment saying whom it is for. The paths must have been checked (no wildcards, no `..`).
 * @internal
 */
export function readOnlyPolicyHcl(policyName: string, forWhom: string, whatPaths: string, paths: readonly string[]): string {
  const blocks = [...new Set(paths)].sort().map(p => `path "${p}" {\n  capabilities = ["read"]\n}\n`);
  return `# ${policyName}: read-only access for ${forWhom} (generated by kube-secure-secrets).\n# Exactly the paths ${whatPaths}; no list, no wildcards, no write.\n${blocks.join('\n')}`;
}

/**
 * Quote a value for a POSIX shell when it needs it.
 * @internal
 */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=,@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * Build the Vault agent injector configuration of a workload: the pod template annotations
 * (`vault.hashicorp.com/agent-inject: "true"`, `role`, one `agent-inject-secret-<name>` per secret,
 * templates, file modes), a projected ServiceAccount token volume for the agent, and the operator side:
 * a Vault policy granting only `read` on exactly those paths and a Kubernetes auth role bound to exactly
 * the workload's ServiceAccount and namespace.
 *
 * Refuses file names the injector would mangle, wildcard paths, and `tls-skip-verify` unless opted in.
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations
 */
export function vaultAgentInjection(options: VaultAgentInjectionOptions, component = 'VaultAgentInjection'): VaultAgentInjectionSpec {
  checkObject(component, 'options', options, 'an object with at least role and secrets');
  const role = options.role;
  if (typeof role !== 'string' || !ROLE_NAME.test(role)) {
    throw new ValidationError(component, 'role', `${q(role)} is not a Vault role name: use letters, digits, '_', '-' and '.', starting and ending with a letter or digit.`);
  }
  const serviceAccountName = checkObjectName(component, 'serviceAccount', options.serviceAccountName, 'ServiceAccount name');
  if (serviceAccountName === 'default') {
    throw new ValidationError(component, 'serviceAccount', '"default" is shared by every pod of the namespace that names no ServiceAccount; binding the Vault role to it would give them all the secrets. Give the workload its own ServiceAccount (SecureServiceAccount).');
  }
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  checkSecretGrantee(component, { name: serviceAccountName, prop: 'serviceAccount' }, { name: namespace, prop: 'namespace' }, { allowKubeSystem: options.allowKubeSystem });
  const secrets = checkList(component, 'secrets', options.secrets, 'a secret { name, path }') as readonly VaultAgentSecret[];
  if (secrets.length === 0) {
    throw new ValidationError(component, 'secrets', 'is empty; list the secrets to render, e.g. [{ name: "postgres", path: "secret/data/payments/postgres" }].');
  }
  const annotations: Record<string, string> = {
    [VaultAnnotations.INJECT]: 'true',
    [VaultAnnotations.ROLE]: role,
  };
  const names = new Set<string>();
  const paths: string[] = [];
  secrets.forEach((secret, i) => {
    checkObject(component, `secrets[${i}]`, secret, 'a secret { name, path }');
    const name = checkSecretName(component, `secrets[${i}].name`, secret.name);
    if (names.has(name)) {
      throw new ValidationError(component, `secrets[${i}].name`, `${q(name)} is used twice; each secret needs its own file name.`);
    }
    names.add(name);
    const path = checkVaultPath(component, `secrets[${i}].path`, secret.path, 'Vault secret path');
    paths.push(path);
    annotations[`${VaultAnnotations.INJECT_SECRET}-${name}`] = path;
    if (secret.template !== undefined) {
      if (typeof secret.template !== 'string' || secret.template.trim() === '') {
        throw new ValidationError(component, `secrets[${i}].template`, 'must be a non-empty Consul Template string.');
      }
      annotations[`${VaultAnnotations.INJECT_TEMPLATE}-${name}`] = secret.template;
    }
    if (secret.perms !== undefined) {
      if (typeof secret.perms !== 'string' || !/^0?[0-7]{3}$/.test(secret.perms)) {
        throw new ValidationError(component, `secrets[${i}].perms`, `${q(secret.perms)} is not an octal file mode; use e.g. "0400" or "0440".`);
      }
      const [owner, group, other] = secret.perms.slice(-3);
      if (owner !== '4' || (group !== '0' && group !== '4') || other !== '0') {
        throw new ValidationError(component, `secrets[${i}].perms`, `${q(secret.perms)} is refused: a rendered secret is read-only for its owner and at most readable by the group ("0400" or "0440"); write, execute and world bits are not allowed.`);
      }
      annotations[`${VaultAnnotations.INJECT_PERMS}-${name}`] = secret.perms.length === 3 ? `0${secret.perms}` : secret.perms;
    }
  });
  if (options.containers !== undefined) {
    if (!Array.isArray(options.containers) || options.containers.length === 0 || checkList(component, 'containers', options.containers, 'a container name').some(c => typeof c !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c))) {
      throw new ValidationError(component, 'containers', `${q(options.containers)} must be a non-empty list of container names.`);
    }
    annotations[VaultAnnotations.INJECT_CONTAINERS] = options.containers.join(',');
  }
  if (checkBoolean(component, 'prePopulateOnly', options.prePopulateOnly, false)) {
    annotations[VaultAnnotations.PRE_POPULATE_ONLY] = 'true';
  }
  const runAsSameUser = checkBoolean(component, 'runAsSameUser', options.runAsSameUser, false);
  if (options.runAsUser !== undefined) {
    if (!Number.isInteger(options.runAsUser) || options.runAsUser <= 0) {
      throw new ValidationError(component, 'runAsUser', `${q(options.runAsUser)} must be a positive user ID; the agent never needs to run as root (0).`);
    }
    if (runAsSameUser) {
      throw new ValidationError(component, 'runAsUser', 'and runAsSameUser are both set; choose one.');
    }
    annotations[VaultAnnotations.RUN_AS_USER] = String(options.runAsUser);
  }
  if (runAsSameUser) {
    annotations[VaultAnnotations.RUN_AS_SAME_USER] = 'true';
  }
  const authPath = options.authPath ?? 'auth/kubernetes';
  checkVaultPath(component, 'authPath', authPath, 'Vault auth mount path');
  if (!authPath.startsWith('auth/')) {
    throw new ValidationError(component, 'authPath', `${q(authPath)} must start with "auth/", e.g. "auth/kubernetes" or "auth/eks-prod".`);
  }
  if (options.authPath !== undefined) {
    annotations[VaultAnnotations.AUTH_PATH] = authPath;
  }
  if (options.vaultNamespace !== undefined) {
    annotations[VaultAnnotations.NAMESPACE] = checkVaultPath(component, 'vaultNamespace', options.vaultNamespace, 'Vault namespace');
  }
  if (options.vaultAddress !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(String(options.vaultAddress));
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
      throw new ValidationError(component, 'vaultAddress', `${q(options.vaultAddress)} is not a Vault address; use e.g. "https://vault.vault.svc:8200".`);
    }
    if (url.protocol === 'http:' && !optIn(component, 'allowPlaintextVaultAddress', options.allowPlaintextVaultAddress)) {
      throw new ValidationError(component, 'vaultAddress', `${q(options.vaultAddress)} is plain http: the workload's Vault token and secrets would cross the network unencrypted. Use https:// (with tlsSecret/caCert for a private CA), or set allowPlaintextVaultAddress: true for a local test cluster.`);
    }
    annotations[VaultAnnotations.SERVICE] = options.vaultAddress;
  }
  if (options.tlsSecret !== undefined) {
    annotations[VaultAnnotations.TLS_SECRET] = checkObjectName(component, 'tlsSecret', options.tlsSecret, 'Secret name');
  }
  if (options.caCert !== undefined) {
    if (typeof options.caCert !== 'string' || !options.caCert.startsWith('/')) {
      throw new ValidationError(component, 'caCert', `${q(options.caCert)} must be an absolute path in the agent container, e.g. "/vault/tls/ca.crt".`);
    }
    annotations[VaultAnnotations.CA_CERT] = options.caCert;
  }
  const allowTlsSkipVerify = optIn(component, 'allowTlsSkipVerify', options.allowTlsSkipVerify);
  if (optIn(component, 'tlsSkipVerify', options.tlsSkipVerify)) {
    if (!allowTlsSkipVerify) {
      throw new ValidationError(component, 'tlsSkipVerify', 'is true, which lets anyone on the network path impersonate Vault and collect the workload\'s token and secrets. Give the CA instead (tlsSecret and caCert), or set allowTlsSkipVerify: true for a throw-away test cluster.');
    }
    annotations[VaultAnnotations.TLS_SKIP_VERIFY] = 'true';
  }

  let tokenVolume: VaultAgentInjectionSpec['tokenVolume'];
  let audience: string | undefined;
  if (options.tokenVolume !== false) {
    const tv = options.tokenVolume === undefined ? {} : checkObject(component, 'tokenVolume', options.tokenVolume, 'an object ({ name, audience, expirationSeconds }) or false') as VaultTokenVolumeOptions;
    const name = tv.name ?? 'vault-token';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
      throw new ValidationError(component, 'tokenVolume.name', `${q(name)} is not a valid volume name (DNS-1123 label).`);
    }
    audience = tv.audience ?? 'vault';
    if (typeof audience !== 'string' || audience === '' || /\s|,/.test(audience)) {
      throw new ValidationError(component, 'tokenVolume.audience', `${q(audience)} must be a single non-empty audience without spaces or commas.`);
    }
    const expirationSeconds = tv.expirationSeconds ?? 3600;
    if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600 || expirationSeconds > 86400) {
      throw new ValidationError(component, 'tokenVolume.expirationSeconds', `${q(expirationSeconds)} must be an integer from 600 (the Kubernetes minimum) to 86400.`);
    }
    tokenVolume = { name, projected: { sources: [{ serviceAccountToken: { path: 'token', audience, expirationSeconds } }] } };
    annotations[VaultAnnotations.SERVICE_ACCOUNT_TOKEN_VOLUME_NAME] = name;
  }

  const policyName = options.policyName ?? `${role}-read`;
  if (typeof policyName !== 'string' || !ROLE_NAME.test(policyName)) {
    throw new ValidationError(component, 'policyName', `${q(policyName)} is not a Vault policy name: use letters, digits, '_', '-' and '.'.`);
  }
  const tokenTtl = checkGoDuration(component, 'tokenTtl', options.tokenTtl ?? '1h', '"1h" or "20m"');
  const tokenMaxTtl = options.tokenMaxTtl === undefined ? undefined : checkGoDuration(component, 'tokenMaxTtl', options.tokenMaxTtl, '"24h"');
  const authRole: VaultKubernetesAuthRole = {
    path: `${authPath}/role/${role}`,
    parameters: {
      bound_service_account_names: [serviceAccountName],
      bound_service_account_namespaces: [namespace],
      token_policies: [policyName],
      token_ttl: tokenTtl,
      ...(tokenMaxTtl !== undefined ? { token_max_ttl: tokenMaxTtl } : {}),
      ...(audience !== undefined ? { audience } : {}),
    },
  };
  const args = Object.entries(authRole.parameters).map(([k, v]) => `${k}=${shellQuote(Array.isArray(v) ? v.join(',') : String(v))}`);
  const vaultCommands = [
    `vault policy write ${shellQuote(policyName)} ${shellQuote(`${policyName}.hcl`)}`,
    `vault write ${shellQuote(authRole.path)} ${args.join(' ')}`,
  ];
  return {
    annotations,
    ...(tokenVolume ? { tokenVolume } : {}),
    serviceAccountName,
    policyName,
    policyHcl: policyHcl(policyName, role, paths),
    authRole,
    vaultCommands,
    podLabels: { [VAULT_CLIENT_LABEL]: 'true' },
    vaultClient: { namespace, podLabels: { [VAULT_CLIENT_LABEL]: 'true' } },
  };
}

/** What the Vault agent decisions need to know about the workload it is injected into. */
export interface VaultPodFacts {
  /** The workload kind. */
  readonly kind: WorkloadKind;
  /**
   * The pod template's restartPolicy (decides for a bare Pod whether it runs to completion).
   * @default - unset
   */
  readonly restartPolicy?: unknown;
  /** Who the pod's containers run as, and its fsGroup. */
  readonly users: PodUsers;
  /** The names of the pod's existing volumes. */
  readonly volumeNames: readonly unknown[];
}

/** How the application reads the agent's files. */
export interface VaultFileAccess {
  /**
   * `owner`: the agent runs as the application's user and writes files only that user reads (0400);
   * `group`: the agent writes with the pod's fsGroup as group, which every container of the pod has as
   * a supplemental group (0440).
   */
  readonly readBy: 'owner' | 'group';
  /**
   * The user the agent runs as.
   * @default - the injector's default (100)
   */
  readonly agentUser?: number;
  /**
   * The group the agent runs as.
   * @default - the injector's default (1000)
   */
  readonly agentGroup?: number;
  /** The mode of each rendered file, by secret name. */
  readonly perms: Record<string, string>;
}

/** What {@link vaultAgentPodPlan} decides for one workload. */
export interface VaultAgentPodPlan {
  /** Every pod template annotation of the injection (the spec's plus the ones decided from the pod). */
  readonly annotations: Record<string, string>;
  /** Labels the pod template gets (the Vault client label). */
  readonly podLabels: Record<string, string>;
  /** Whether the agent runs as an init container only (no sidecar). */
  readonly prePopulateOnly: boolean;
  /** Who can read the rendered files. */
  readonly fileAccess: VaultFileAccess;
  /**
   * The projected token volume to add.
   * @default - none (tokenVolume: false)
   */
  readonly tokenVolume?: ProjectedTokenVolume;
}

/** The injector's defaults (hashicorp/vault-k8s `agent-inject/agent/agent.go`, v1.7.6). */
const INJECTOR_DEFAULT_USER = 100;

function describeUsers(users: PodUsers, targets: readonly ContainerUser[]): string {
  return targets.map(c => {
    const uid = effectiveRunAsUser(users, c);
    return `${q(c.name ?? '(unnamed)')} ${uid === undefined ? 'sets no runAsUser (container or pod)' : `runs as uid ${uid}`}`;
  }).join(', ');
}

/**
 * Decide, for one workload, what the spec of {@link vaultAgentInjection} cannot know alone, and check it:
 *
 * - Sidecar or init only: Jobs and CronJobs (and bare Pods that run to completion) get
 *   `agent-pre-populate-only: "true"`, since vault-k8s injects the sidecar as an ordinary container that
 *   never exits (`agent-inject/agent/agent.go`, `Patch`: the sidecar is appended to `spec.containers`
 *   unless PrePopulateOnly), so the Job would never complete; `prePopulateOnly: false` is refused for them.
 * - Who may read the files. The agent renders them with consul-template, which creates them as the
 *   agent's user and group with mode 0644 unless `perms` is set (hashicorp/consul-template
 *   `renderer/renderer.go`: `DefaultFilePerms = 0o644`, `AtomicWrite`), and the agent runs as uid 100,
 *   gid 1000 unless told otherwise (vault-k8s `agent.go`: `DefaultAgentRunAsUser`,
 *   `DefaultAgentRunAsGroup`; `container_sidecar.go`, `securityContext`). The injector's 0644 would let
 *   every user of the pod read the secrets, so every file gets an explicit mode: 0400 written as the
 *   application's user when all containers that get the secrets run as one known non-root user
 *   (`agent-run-as-user: <uid>`, which works whether the container or the pod sets the user, while the
 *   injector's `agent-run-as-same-user` reads only the first container's own securityContext), else
 *   0440 with the agent's group set to the pod's fsGroup (`agent-run-as-group`), a supplemental group of
 *   every container of the pod. A pod offering neither is refused, and so are modes the application
 *   could not read: "0400" while the agent writes as another user, "0440" without a shared owner or
 *   group.
 * - `runAsSameUser` needs a non-root `runAsUser` on the first container's own securityContext (the
 *   injector refuses the pod otherwise: "RunAsUser is nil for Container 0's SecurityContext", "container
 *   not allowed to run as root").
 * - `containers` must name containers of the pod; the token volume name must be free.
 */
export function vaultAgentPodPlan(options: Pick<VaultAgentInjectionOptions, 'secrets' | 'containers' | 'runAsUser' | 'runAsSameUser' | 'prePopulateOnly'>, spec: VaultAgentInjectionSpec, pod: VaultPodFacts, component = 'VaultAgentInjection'): VaultAgentPodPlan {
  const added: Record<string, string> = {};
  // 1. Sidecar or init container only.
  const completes = runsToCompletion(pod.kind, pod.restartPolicy);
  const explicitPrePopulate = options.prePopulateOnly;
  if (completes && explicitPrePopulate === false) {
    throw new ValidationError(component, 'prePopulateOnly', `is false, but the pods of a ${pod.kind} run to completion and the agent sidecar never exits (vault-k8s injects it as an ordinary container), so the ${pod.kind} would never finish. Leave prePopulateOnly unset: the agent then runs as an init container only.`);
  }
  const prePopulateOnly = explicitPrePopulate ?? completes;
  if (prePopulateOnly) {
    added[VaultAnnotations.PRE_POPULATE_ONLY] = 'true';
  }

  // 2. Which containers get the secrets volume (vault-k8s: agent-inject-containers, default all).
  const all = pod.users.containers;
  if (all.length === 0) {
    throw new ValidationError(component, 'workload', 'has no containers yet; add the containers before injecting the Vault agent.');
  }
  let targets: readonly ContainerUser[] = all;
  if (options.containers !== undefined) {
    targets = options.containers.map((name, i) => {
      const found = all.find(c => c.name === name);
      if (!found) {
        throw new ValidationError(component, `containers[${i}]`, `${q(name)} is not a container of the workload (containers: ${all.map(c => q(c.name)).join(', ')}).`);
      }
      return found;
    });
  }

  // 3. Who the agent runs as, and who can then read its files.
  const first = all[0];
  const firstOwnUser = typeof first.runAsUser === 'number' && Number.isInteger(first.runAsUser) ? first.runAsUser : undefined;
  let agentUser: number | undefined;
  let agentUserFrom: 'runAsUser' | 'runAsSameUser' | undefined;
  if (options.runAsSameUser === true) {
    if (!firstOwnUser) {
      throw new ValidationError(component, 'runAsSameUser', 'needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.');
    }
    agentUser = firstOwnUser;
    agentUserFrom = 'runAsSameUser';
  } else if (options.runAsUser !== undefined) {
    agentUser = options.runAsUser;
    agentUserFrom = 'runAsUser';
  }
  const appUsers = targets.map(c => effectiveRunAsUser(pod.users, c));
  const appUser = appUsers[0] !== undefined && appUsers[0] > 0 && appUsers.every(u => u === appUsers[0]) ? appUsers[0] : undefined;
  if (agentUser === undefined && appUser !== undefined) {
    // The agent runs as the application's user: files it writes with 0400 are readable by it alone.
    agentUser = appUser;
    added[VaultAnnotations.RUN_AS_USER] = String(appUser);
  }
  const ownerReads = appUser !== undefined && agentUser === appUser;
  const fsGroup = sharedFsGroup(pod.users);
  const agentDesc = agentUser === undefined ? `uid ${INJECTOR_DEFAULT_USER} (the injector's default)` : `uid ${agentUser} (${agentUserFrom ?? 'the application\'s user'})`;
  const appDesc = describeUsers(pod.users, targets);

  let groupShared = false;
  const perms: Record<string, string> = {};
  options.secrets.forEach((secret, i) => {
    const given = spec.annotations[`${VaultAnnotations.INJECT_PERMS}-${secret.name}`];
    if (given === '0400' && !ownerReads) {
      throw new ValidationError(component, `secrets[${i}].perms`, `"0400" lets only the file's owner read it, but the agent would write it as ${agentDesc} while the application containers that read it: ${appDesc}. Run them as one non-root user (set runAsUser; the agent then runs as that user), or use "0440" with the pod's securityContext.fsGroup.`);
    }
    if (given === '0440' && !ownerReads) {
      if (fsGroup === undefined) {
        throw new ValidationError(component, `secrets[${i}].perms`, `"0440" lets only the file's owner and group read it, but the agent would write it as ${agentDesc} and the pod has no securityContext.fsGroup to share it with the application containers (${appDesc}). Set the pod's fsGroup (the agent then writes with that group), or run the containers as one non-root user.`);
      }
      groupShared = true;
    }
    if (given === undefined) {
      if (ownerReads) {
        perms[secret.name] = '0400';
      } else if (fsGroup !== undefined) {
        perms[secret.name] = '0440';
        groupShared = true;
      } else {
        const fix = 'Set a non-root runAsUser on the containers (the agent then runs as that user and writes 0400 files), or the pod\'s securityContext.fsGroup (0440 files in that group); the injector\'s default mode 0644 would let every user of the pod read the secrets.';
        if (agentUserFrom !== undefined) {
          throw new ValidationError(component, agentUserFrom, `makes the agent write its files as ${agentDesc}, but the application containers that read them: ${appDesc}, and the pod has no securityContext.fsGroup to share the files with them. ${fix}`);
        }
        throw new ValidationError(component, 'workload', `offers no way to make the agent's files readable by the application alone: the containers that read them (${appDesc}) do not run as one known non-root user and the pod has no securityContext.fsGroup. ${fix}`);
      }
      added[`${VaultAnnotations.INJECT_PERMS}-${secret.name}`] = perms[secret.name];
    } else {
      perms[secret.name] = given;
    }
  });
  const agentGroup = groupShared ? fsGroup : undefined;
  if (agentGroup !== undefined) {
    added[VaultAnnotations.RUN_AS_GROUP] = String(agentGroup);
  }

  // 4. The token volume must not clash with the pod's volumes.
  const tokenVolume = spec.tokenVolume;
  if (tokenVolume && pod.volumeNames.includes(tokenVolume.name)) {
    throw new ValidationError(component, 'tokenVolume.name', `${q(tokenVolume.name)} is already a volume of the workload; choose another name.`);
  }
  return {
    annotations: { ...spec.annotations, ...added },
    podLabels: { ...spec.podLabels },
    prePopulateOnly,
    fileAccess: {
      readBy: ownerReads ? 'owner' : 'group',
      ...(agentUser !== undefined ? { agentUser } : {}),
      ...(agentGroup !== undefined ? { agentGroup } : {}),
      perms,
    },
    ...(tokenVolume ? { tokenVolume } : {}),
  };
}

/**
 * The ServiceAccount the injected pods run as: the one given to the injection and the workload's own must
 * agree (the Vault role is bound to exactly one); either may be unset. Returns the name to use.
 * @internal
 */
export function vaultServiceAccountOfPod(component: string, given: string | undefined, current: unknown, currentProp: string): string {
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw new ValidationError(component, currentProp, `is ${isDeferred(current) ? 'an Output' : typeOf(current)}; it must be ${given === undefined ? 'a plain ServiceAccount name' : `${q(given)}, the ServiceAccount the Vault role is bound to (or leave it unset)`}.`);
  }
  const workloadSa = typeof current === 'string' ? current : undefined;
  if (given !== undefined && workloadSa !== undefined && given !== workloadSa) {
    throw new ValidationError(component, 'serviceAccount', `${q(given)} differs from the workload's ServiceAccount ${q(workloadSa)}; the Vault role must be bound to the account the pods run as.`);
  }
  const name = given ?? workloadSa;
  if (name === undefined) {
    throw new ValidationError(component, 'serviceAccount', 'is not set and the workload has no ServiceAccount; give the workload its own ServiceAccount (SecureServiceAccount) so the Vault role is bound to it alone.');
  }
  return name;
}
