import { randomBytes } from 'crypto';
import { ValidationError, q, typeOf } from '../errors';
import { checkGoDuration } from '../validate/duration';
import { checkBoolean, checkList, checkObject, checkOptionalList, checkText, optIn } from '../validate/values';

/** A KMS v2 encryption provider (the external KMS plugin on a unix socket). */
export interface KmsV2ProviderOptions {
  /** The provider name: unique, without `:` (KMS v2 refuses it). */
  readonly name: string;
  /** The plugin's gRPC endpoint, `unix:///path/to/socket`. */
  readonly endpoint: string;
  /**
   * How long the API server waits for the plugin (Go duration).
   * @default "3s"
   */
  readonly timeout?: string;
}

/** A key of a local-key provider (secretbox, aesgcm, aescbc). */
export interface EncryptionKey {
  /** The key name (unique within the provider). */
  readonly name: string;
  /** The key: base64 of 32 random bytes (aesgcm also accepts 16 or 24). See {@link generateEncryptionKey}. */
  readonly secret: string;
}

/** A provider with local keys; the first key encrypts, all decrypt. */
export interface LocalKeyProviderOptions {
  /** The keys, newest first. */
  readonly keys: EncryptionKey[];
}

/** One provider of the list; exactly one field is set. The first provider encrypts, all are tried on reads. */
export interface EncryptionProvider {
  /**
   * KMS v2 with an external key (the strongest option).
   * @default - not this provider
   */
  readonly kms?: KmsV2ProviderOptions;
  /**
   * XSalsa20-Poly1305 with a local key (strong; the key sits on the control plane's disk).
   * @default - not this provider
   */
  readonly secretbox?: LocalKeyProviderOptions;
  /**
   * AES-GCM with a local key: only safe with automated key rotation (a nonce repeats after about 2^32
   * writes with one key).
   * @default - not this provider
   */
  readonly aesgcm?: LocalKeyProviderOptions;
  /**
   * AES-CBC with a local key: weak (padding-oracle attacks); needs `allowAescbc`.
   * @default - not this provider
   */
  readonly aescbc?: LocalKeyProviderOptions;
  /**
   * No encryption: only as the last provider, to read data written before encryption was enabled, and
   * only with `allowIdentityForMigration`.
   * @default - not this provider
   */
  readonly identity?: Record<string, never>;
}

/** Options of {@link encryptionConfiguration}. */
export interface EncryptionConfigurationOptions {
  /**
   * Shorthand for a single KMS v2 provider (the default recommendation).
   * @default - none: give providers
   */
  readonly kms?: KmsV2ProviderOptions;
  /**
   * The providers, in order: the first encrypts new writes, all are tried on reads.
   * @default - [{ kms }] from the shorthand
   */
  readonly providers?: EncryptionProvider[];
  /**
   * Also encrypt ConfigMaps (they sometimes hold credentials).
   * @default false
   */
  readonly includeConfigMaps?: boolean;
  /**
   * Allow `identity` as the last provider, to read Secrets written before encryption was enabled while
   * they are rewritten (`kubectl get secrets -A -o json | kubectl replace -f -`). Remove it afterwards.
   * @default false
   */
  readonly allowIdentityForMigration?: boolean;
  /**
   * Allow the weak `aescbc` provider.
   * @default false
   */
  readonly allowAescbc?: boolean;
  /**
   * Receives the upstream warnings about the chosen providers (never key material).
   * @default - process.emitWarning
   */
  readonly onWarning?: (message: string) => void;
}

/** An `apiserver.config.k8s.io/v1` EncryptionConfiguration (the file `--encryption-provider-config` names). */
export interface EncryptionConfiguration {
  /** `apiserver.config.k8s.io/v1`. */
  readonly apiVersion: 'apiserver.config.k8s.io/v1';
  /** `EncryptionConfiguration`. */
  readonly kind: 'EncryptionConfiguration';
  /** The resources and their providers. */
  readonly resources: Array<{ resources: string[]; providers: Array<Record<string, unknown>> }>;
}

const PROVIDER_KINDS = ['kms', 'secretbox', 'aesgcm', 'aescbc', 'identity'] as const;

/** 32 random bytes from node:crypto, base64: a key for secretbox, aesgcm or aescbc. Never log it. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

function checkKeys(component: string, prop: string, kind: string, options: LocalKeyProviderOptions | undefined): EncryptionKey[] {
  // keys[i] is checked for shape below; a key's secret is never echoed.
  const keys = checkObject(component, prop, options, `a ${kind} provider ({ keys: [{ name, secret }] })`).keys;
  if (keys !== undefined) {
    checkList(component, `${prop}.keys`, keys, 'a key ({ name, secret })');
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ValidationError(component, `${prop}.keys`, `is empty; ${kind} needs at least one key (generateEncryptionKey(), or the CLI's --generate-key).`);
  }
  const names = new Set<string>();
  return keys.map((key, i) => {
    if (typeof key?.name !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(key.name) || names.has(key.name)) {
      throw new ValidationError(component, `${prop}.keys[${i}].name`, `${q(key?.name)} must be a unique name of letters, digits, '.', '_' or '-'.`);
    }
    names.add(key.name);
    const bytes = typeof key.secret === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(key.secret) ? Buffer.from(key.secret, 'base64').length : 0;
    const allowed = kind === 'aesgcm' ? [16, 24, 32] : [32];
    if (!allowed.includes(bytes)) {
      throw new ValidationError(component, `${prop}.keys[${i}].secret`, `is not base64 of ${allowed.join(', ')} bytes (the value is not echoed); generate one with generateEncryptionKey().`);
    }
    return { name: key.name, secret: key.secret };
  });
}

/**
 * Build an EncryptionConfiguration for Secrets (and optionally ConfigMaps): KMS v2 first by default with
 * `apiVersion: v2` written explicitly (KMS v1 is deprecated and off from 1.29), a `unix://` endpoint,
 * names without `:` and unique, no `cachesize`. secretbox, aesgcm and aescbc are possible with the
 * upstream warnings; `identity` only last and only with `allowIdentityForMigration`.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/
 */
export function encryptionConfiguration(options: EncryptionConfigurationOptions): EncryptionConfiguration {
  const component = 'encryptionConfiguration';
  checkObject(component, 'options', options, 'the EncryptionConfiguration options (an object)');
  if (options.onWarning !== undefined && typeof options.onWarning !== 'function') {
    throw new ValidationError(component, 'onWarning', `must be a function that receives each warning; received ${typeOf(options.onWarning)}.`);
  }
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'KubeSecureSecretsWarning'));
  const allowIdentityForMigration = optIn(component, 'allowIdentityForMigration', options.allowIdentityForMigration);
  const allowAescbc = optIn(component, 'allowAescbc', options.allowAescbc);
  const includeConfigMaps = checkBoolean(component, 'includeConfigMaps', options.includeConfigMaps, false);
  if (options.kms !== undefined && options.providers !== undefined) {
    throw new ValidationError(component, 'kms', 'and providers are both set; put the KMS provider into providers.');
  }
  if (options.kms !== undefined) {
    checkObject(component, 'kms', options.kms, 'a KMS v2 provider ({ name, endpoint, timeout? })');
  }
  const providers = options.providers !== undefined
    ? checkList(component, 'providers', options.providers, 'an encryption provider ({ kms } or { secretbox }, ...)') as EncryptionProvider[]
    : (options.kms !== undefined ? [{ kms: options.kms }] : undefined);
  if (!providers || providers.length === 0) {
    throw new ValidationError(component, 'providers', 'is empty; give a KMS v2 provider (kms: { name, endpoint: "unix:///..." }), the recommended option.');
  }
  const kmsNames = new Set<string>();
  const rendered = providers.map((provider, i) => {
    const prop = options.providers ? `providers[${i}]` : 'kms';
    checkObject(component, prop, provider, 'an encryption provider ({ kms } or { secretbox }, ...)');
    const kinds = PROVIDER_KINDS.filter(k => provider[k] !== undefined);
    if (kinds.length !== 1) {
      throw new ValidationError(component, prop, `must set exactly one of ${PROVIDER_KINDS.join(', ')} (found ${kinds.length === 0 ? 'none' : kinds.join(', ')}).`);
    }
    const kind = kinds[0];
    switch (kind) {
      case 'kms': {
        const p = options.providers ? `${prop}.kms` : 'kms';
        const kms = checkObject(component, p, provider.kms, 'a KMS v2 provider ({ name, endpoint, timeout? })') as unknown as KmsV2ProviderOptions;
        if (typeof kms.name !== 'string' || kms.name === '' || kms.name.includes(':')) {
          throw new ValidationError(component, `${p}.name`, `${q(kms.name)} is not a KMS v2 provider name; it must be non-empty and contain no ":".`);
        }
        if (kmsNames.has(kms.name)) {
          throw new ValidationError(component, `${p}.name`, `${q(kms.name)} is used twice; KMS v2 provider names must be unique.`);
        }
        kmsNames.add(kms.name);
        if (typeof kms.endpoint !== 'string' || !/^unix:\/\/\/?[^\s]+$/.test(kms.endpoint)) {
          throw new ValidationError(component, `${p}.endpoint`, `${q(kms.endpoint)} is not a unix socket endpoint; expected e.g. "unix:///var/run/kmsplugin/socket.sock".`);
        }
        const cachesize = (kms as unknown as Record<string, unknown>).cachesize;
        if (cachesize !== undefined) {
          throw new ValidationError(component, `${p}.cachesize`, `${q(cachesize)} is not allowed with KMS v2 (the API server rejects any cachesize); remove it.`);
        }
        return { kms: { apiVersion: 'v2', name: kms.name, endpoint: kms.endpoint, timeout: checkGoDuration(component, `${p}.timeout`, kms.timeout ?? '3s', '"3s" or "10s"') } };
      }
      case 'identity':
        if (i === 0) {
          throw new ValidationError(component, prop, 'is identity first, which writes every Secret unencrypted; put an encrypting provider (kms v2) first. identity may only be the last provider (to read data written before encryption), with allowIdentityForMigration: true.');
        }
        if (i !== providers.length - 1) {
          throw new ValidationError(component, prop, 'is identity in the middle of the list; identity may only be the last provider (to read data written before encryption), with allowIdentityForMigration: true.');
        }
        if (!allowIdentityForMigration) {
          throw new ValidationError(component, prop, 'is identity, which reads unencrypted data; it is only for migrating existing Secrets: set allowIdentityForMigration: true, rewrite all Secrets, then remove it.');
        }
        warn('encryptionConfiguration: identity is the last provider; rewrite all Secrets (kubectl get secrets -A -o json | kubectl replace -f -) and then remove it.');
        return { identity: {} };
      default: {
        if (kind === 'aescbc') {
          if (!allowAescbc) {
            throw new ValidationError(component, prop, 'is aescbc, which upstream rates weak (vulnerable to padding-oracle attacks); use kms (v2) or secretbox, or set allowAescbc: true.');
          }
          warn('encryptionConfiguration: aescbc is weak (padding oracle); prefer kms v2 or secretbox.');
        }
        if (kind === 'aesgcm') {
          warn('encryptionConfiguration: aesgcm is only safe with automated key rotation (nonces repeat after about 2^32 writes with one key); prefer kms v2 or secretbox.');
        }
        if (kind === 'secretbox' && i === 0) {
          warn('encryptionConfiguration: secretbox keeps the key on the control-plane disk, next to the data; kms v2 keeps it in an external KMS.');
        }
        return { [kind]: { keys: checkKeys(component, options.providers ? `${prop}.${kind}` : kind, kind, provider[kind] as LocalKeyProviderOptions) } };
      }
    }
  });
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [{ resources: includeConfigMaps ? ['secrets', 'configmaps'] : ['secrets'], providers: rendered }],
  };
}

/** Whether an EncryptionConfiguration holds key material (secretbox, aesgcm, aescbc keys). */
export function encryptionConfigurationHasKeys(config: EncryptionConfiguration): boolean {
  return config.resources.some(r => r.providers.some(p => 'secretbox' in p || 'aesgcm' in p || 'aescbc' in p));
}

/** Audit levels. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';
const AUDIT_LEVELS: AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];

/** A resource matcher of an audit rule. */
export interface AuditGroupResources {
  /**
   * The API group ("" is the core group).
   * @default ""
   */
  readonly group?: string;
  /**
   * The resources.
   * @default - every resource of the group
   */
  readonly resources?: string[];
  /**
   * Specific object names.
   * @default - every object
   */
  readonly resourceNames?: string[];
}

/** An audit policy rule (`audit.k8s.io/v1`). */
export interface AuditRule {
  /** The level of events this rule records. */
  readonly level: AuditLevel;
  /**
   * Users the rule applies to.
   * @default - every user
   */
  readonly users?: string[];
  /**
   * User groups the rule applies to.
   * @default - every group
   */
  readonly userGroups?: string[];
  /**
   * Verbs.
   * @default - every verb
   */
  readonly verbs?: string[];
  /**
   * Resources.
   * @default - every resource
   */
  readonly resources?: AuditGroupResources[];
  /**
   * Namespaces.
   * @default - every namespace
   */
  readonly namespaces?: string[];
  /**
   * Non-resource URLs (e.g. `/healthz*`).
   * @default - none
   */
  readonly nonResourceURLs?: string[];
  /**
   * Stages not to record for this rule.
   * @default - the policy's
   */
  readonly omitStages?: string[];
}

/** Options of {@link auditPolicy}. */
export interface AuditPolicyOptions {
  /**
   * The level of Secrets, ConfigMaps, TokenRequests and TokenReviews. Only `Metadata` is accepted: the API server does
   * not redact Secret bodies, so `Request`/`RequestResponse` would write the values into the audit log.
   * @default "Metadata"
   */
  readonly secretsLevel?: AuditLevel;
  /**
   * The level of everything not matched by an earlier rule. It never applies to Secrets, ConfigMaps,
   * TokenRequests or TokenReviews: the first rule records them at Metadata, and the built policy is
   * evaluated to prove that no request to them is recorded with its body.
   * @default "Metadata"
   */
  readonly defaultLevel?: AuditLevel;
  /**
   * Extra rules, placed after the Secrets rule and the noise filters and before the catch-all. A rule that
   * names Secrets, ConfigMaps, TokenRequests (`serviceaccounts/token`) or TokenReviews in its resources
   * (also through `*`, `*\/token`, `serviceaccounts/*`, group `*` or a group without resources) at
   * `Request` or `RequestResponse` is refused.
   * @default - none
   */
  readonly extraRules?: AuditRule[];
  /**
   * Drop the built-in rules that keep read-only system traffic out of the log (health checks, events,
   * kube-proxy and node watches).
   * @default false
   */
  readonly keepSystemNoise?: boolean;
}

/** An `audit.k8s.io/v1` Policy (the file `--audit-policy-file` names). */
export interface AuditPolicy {
  /** `audit.k8s.io/v1`. */
  readonly apiVersion: 'audit.k8s.io/v1';
  /** `Policy`. */
  readonly kind: 'Policy';
  /** Stages never recorded. */
  readonly omitStages: string[];
  /** The rules; the first that matches decides. */
  readonly rules: AuditRule[];
}

/**
 * The resources whose request or response bodies hold secret material, logged at `Metadata` only, as the
 * upstream audit policy does ("Secrets, ConfigMaps, TokenRequest and TokenReviews can contain sensitive &
 * binary data", kubernetes/kubernetes `cluster/gce/gci/configure-helper.sh`): Secret values, ConfigMap
 * values, the bearer token a TokenReview carries in its request, and the bearer token a TokenRequest
 * (`serviceaccounts/token`) returns in its response. A subresource is only matched by its combined name
 * (`serviceaccounts/token`), never by `serviceaccounts` (k8s.io/apiserver `pkg/audit/policy/checker.go`).
 */
const SENSITIVE_RESOURCES: AuditGroupResources[] = [
  { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
  { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
];

/** A request to a sensitive resource, as the audit policy checker sees it. */
interface SensitiveRequest {
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly verbs: readonly string[];
}

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const SENSITIVE_REQUESTS: readonly SensitiveRequest[] = [
  { group: '', resource: 'secrets', subresource: '', verbs: ALL_VERBS },
  { group: '', resource: 'configmaps', subresource: '', verbs: ALL_VERBS },
  { group: '', resource: 'serviceaccounts', subresource: 'token', verbs: ['create'] },
  { group: 'authentication.k8s.io', resource: 'tokenreviews', subresource: '', verbs: ['create'] },
];

function describeRequest(r: SensitiveRequest): string {
  return r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
}

/**
 * Whether one `resources` entry of a rule matches a request, ported from k8s.io/apiserver (v0.36)
 * `pkg/audit/policy/checker.go` `ruleMatchesResource`: the group equals or is `*`; no resources means
 * every resource of the group (subresources included); otherwise `*`, the combined `resource/subresource`,
 * `*\/subresource` or `resource/*`. Resource names narrow it (`named` tells whether they do).
 */
function groupResourcesMatch(gr: AuditGroupResources, r: SensitiveRequest): { matches: boolean; named: boolean } {
  const group = gr.group ?? '';
  if (group !== r.group && group !== '*') {
    return { matches: false, named: false };
  }
  const named = (gr.resourceNames ?? []).length > 0;
  if ((gr.resources ?? []).length === 0) {
    return { matches: true, named: false };
  }
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const matches = (gr.resources ?? []).some(res => res === combined || res === '*'
    || (r.subresource !== '' && res.startsWith('*/') && res.slice(2) === r.subresource)
    || (res.endsWith('/*') && res.slice(0, -2) === r.resource));
  return { matches, named };
}

/**
 * Whether a rule can match a request to a sensitive resource for some user, namespace and object, and
 * whether it matches every such request with `verb` (no user, group, namespace or name restriction), per
 * `ruleMatches` in k8s.io/apiserver `pkg/audit/policy/checker.go`: a rule with neither resources nor
 * namespaces but with non-resource URLs never matches a resource request; one with neither matches all.
 */
function ruleReaches(rule: AuditRule, r: SensitiveRequest, verb: string): { reaches: boolean; always: boolean } {
  if ((rule.verbs ?? []).length > 0 && !(rule.verbs ?? []).includes(verb)) {
    return { reaches: false, always: false };
  }
  const restricted = (rule.users ?? []).length > 0 || (rule.userGroups ?? []).length > 0 || (rule.namespaces ?? []).length > 0;
  if ((rule.namespaces ?? []).length === 0 && (rule.resources ?? []).length === 0) {
    const reaches = (rule.nonResourceURLs ?? []).length === 0;
    return { reaches, always: reaches && !restricted };
  }
  if ((rule.resources ?? []).length === 0) {
    return { reaches: true, always: false };
  }
  const hits = (rule.resources ?? []).map(gr => groupResourcesMatch(gr, r)).filter(h => h.matches);
  return { reaches: hits.length > 0, always: !restricted && hits.some(h => !h.named) };
}

/**
 * A request to a sensitive resource that a policy would log with its body.
 * @internal
 */
export interface AuditBodyLeak {
  /** The index of the first rule that records the body. */
  readonly ruleIndex: number;
  /** Its level (`Request` or `RequestResponse`). */
  readonly level: AuditLevel;
  /** The resource, e.g. `secrets` or `serviceaccounts/token`. */
  readonly resource: string;
  /** The verb, e.g. `get`. */
  readonly verb: string;
}

/**
 * Evaluate audit rules (first match wins, as the API server does) for every request to Secrets,
 * ConfigMaps, TokenRequests (`serviceaccounts/token`) and TokenReviews, by any user in any namespace, and
 * return those that some rule would record at `Request` or `RequestResponse`, with the rule that does.
 * A rule counts as deciding a request when it can match it; it stops the search only when it matches it
 * for every user, namespace and object. Requests no rule matches get level None (`DefaultAuditLevel`).
 * @internal
 */
export function auditBodyLeaks(rules: readonly AuditRule[]): AuditBodyLeak[] {
  const leaks: AuditBodyLeak[] = [];
  for (const request of SENSITIVE_REQUESTS) {
    for (const verb of request.verbs) {
      for (let i = 0; i < rules.length; i++) {
        const { reaches, always } = ruleReaches(rules[i], request, verb);
        if (reaches && (rules[i].level === 'Request' || rules[i].level === 'RequestResponse')) {
          leaks.push({ ruleIndex: i, level: rules[i].level, resource: describeRequest(request), verb });
          break;
        }
        if (always) {
          break;
        }
      }
    }
  }
  return leaks;
}

function renderRule(rule: AuditRule): AuditRule {
  const out: { -readonly [K in keyof AuditRule]: AuditRule[K] } = { level: rule.level };
  for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages'] as const) {
    const list = rule[key];
    if (list !== undefined) {
      out[key] = [...list];
    }
  }
  if (rule.resources !== undefined) {
    out.resources = rule.resources.map(r => ({ group: r.group ?? '', ...(r.resources ? { resources: [...r.resources] } : {}), ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}) }));
  }
  return out;
}

/** The sensitive requests an extra rule names explicitly through its resources (not a generic rule). */
function namedSensitive(rule: AuditRule): SensitiveRequest[] {
  if ((rule.resources ?? []).length === 0) {
    return [];
  }
  return SENSITIVE_REQUESTS.filter(r => (rule.resources ?? []).some(gr => groupResourcesMatch(gr, r).matches));
}

function checkStrings(component: string, prop: string, value: unknown, what: string): string[] | undefined {
  const list = checkOptionalList(component, prop, value, what);
  list?.forEach((v, i) => checkText(component, `${prop}[${i}]`, v, `each entry of ${prop} is ${what}`));
  return list as string[] | undefined;
}

function checkRule(component: string, prop: string, value: unknown): AuditRule {
  const rule = checkObject(component, prop, value, 'an audit rule ({ level, resources?, verbs?, ... })');
  if (!AUDIT_LEVELS.includes(rule.level as AuditLevel)) {
    throw new ValidationError(component, `${prop}.level`, `${q(rule.level)} is not an audit level; use ${AUDIT_LEVELS.map(l => q(l)).join(', ')}.`);
  }
  for (const key of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs', 'omitStages'] as const) {
    checkStrings(component, `${prop}.${key}`, rule[key], 'a string');
  }
  const resources = checkOptionalList(component, `${prop}.resources`, rule.resources, 'a group and its resources ({ group, resources?, resourceNames? })');
  resources?.forEach((gr, j) => {
    const g = checkObject(component, `${prop}.resources[${j}]`, gr, 'a group and its resources ({ group, resources?, resourceNames? })');
    if (g.group !== undefined && typeof g.group !== 'string') {
      throw new ValidationError(component, `${prop}.resources[${j}].group`, `must be a string (an API group, "" for the core group); received ${typeOf(g.group)}.`);
    }
    checkStrings(component, `${prop}.resources[${j}].resources`, g.resources, 'a resource name');
    checkStrings(component, `${prop}.resources[${j}].resourceNames`, g.resourceNames, 'an object name');
  });
  return rule as unknown as AuditRule;
}

/**
 * Build an audit Policy that records who read, listed or changed which Secret: Secrets, ConfigMaps,
 * TokenRequests (`serviceaccounts/token`, whose responses carry bearer tokens) and TokenReviews at
 * `Metadata` first (first match wins, so no later rule can raise them), read-only system noise at `None`,
 * then a catch-all; `RequestReceived` omitted.
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export function auditPolicy(options: AuditPolicyOptions = {}): AuditPolicy {
  const component = 'auditPolicy';
  checkObject(component, 'options', options, 'the audit policy options (an object)');
  const secretsLevel = options.secretsLevel ?? 'Metadata';
  if (!AUDIT_LEVELS.includes(secretsLevel)) {
    throw new ValidationError(component, 'secretsLevel', `${q(secretsLevel)} is not an audit level; Secrets, ConfigMaps and TokenReviews are audited at "Metadata".`);
  }
  if (secretsLevel !== 'Metadata') {
    throw new ValidationError(component, 'secretsLevel', `${q(secretsLevel)} is refused: ${secretsLevel === 'None' ? 'None would leave Secret access unaudited' : 'the API server does not redact Secret bodies, so Request/RequestResponse would write Secret values into the audit log'}; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).`);
  }
  const defaultLevel = options.defaultLevel ?? 'Metadata';
  if (!AUDIT_LEVELS.includes(defaultLevel)) {
    throw new ValidationError(component, 'defaultLevel', `${q(defaultLevel)} is not an audit level; use ${AUDIT_LEVELS.map(l => q(l)).join(', ')}.`);
  }
  const extraRules = (checkOptionalList(component, 'extraRules', options.extraRules, 'an audit rule') ?? []).map((value, i) => {
    const rule = checkRule(component, `extraRules[${i}]`, value);
    const named = namedSensitive(rule);
    if ((rule.level === 'Request' || rule.level === 'RequestResponse') && named.length > 0) {
      if (named.every(r => r.subresource === 'token')) {
        throw new ValidationError(component, `extraRules[${i}]`, `asks for ${rule.level} on serviceaccounts/token (TokenRequest); the API server would log the request body and, with RequestResponse, the bearer token it returns, so it is refused. TokenRequests stay at Metadata.`);
      }
      throw new ValidationError(component, `extraRules[${i}]`, `asks for ${rule.level} on Secrets, ConfigMaps or TokenReviews; that would write their values into the audit log (the API server does not redact them), so it is refused. Those resources stay at Metadata.`);
    }
    return rule;
  });
  const keepSystemNoise = checkBoolean(component, 'keepSystemNoise', options.keepSystemNoise, false);
  const noise: AuditRule[] = keepSystemNoise ? [] : [
    { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }] },
    { level: 'None', userGroups: ['system:nodes'], verbs: ['get'], resources: [{ group: '', resources: ['nodes', 'nodes/status'] }] },
    { level: 'None', users: ['system:kube-controller-manager', 'system:kube-scheduler', 'system:serviceaccount:kube-system:endpoint-controller'], verbs: ['get', 'update'], namespaces: ['kube-system'], resources: [{ group: '', resources: ['endpoints'] }, { group: 'coordination.k8s.io', resources: ['leases'] }] },
    { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] },
    { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
  ];
  const rules: AuditRule[] = [
    { level: 'Metadata', resources: SENSITIVE_RESOURCES },
    ...noise,
    ...extraRules,
    { level: defaultLevel },
  ];
  // The policy as the API server evaluates it: no request to a sensitive resource may reach a rule that
  // records bodies (the first rule guarantees it; this holds the guarantee to the output).
  const leak = auditBodyLeaks(rules)[0];
  if (leak !== undefined) {
    const prop = leak.ruleIndex === rules.length - 1 ? 'defaultLevel' : `extraRules[${leak.ruleIndex - 1 - noise.length}]`;
    throw new ValidationError(component, prop, `would record ${leak.resource} ${leak.verb} requests at ${leak.level}, writing secret values or tokens into the audit log; they must stay at Metadata.`);
  }
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: rules.map(renderRule),
  };
}
