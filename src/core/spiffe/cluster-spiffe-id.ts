/**
 * SPIRE controller manager `ClusterSPIFFEID` (`spire.spiffe.io/v1alpha1`): which pods get which SPIFFE ID.
 * Field semantics from spiffe/spire-controller-manager `api/v1alpha1/clusterspiffeid_types.go`,
 * `clusterspiffeid_webhook.go` (`ParseClusterSPIFFEIDSpec`) and `pkg/spireentry/entries.go` (the template
 * data: `.TrustDomain`, `.ClusterName`, `.PodMeta`, `.PodSpec`, `.NodeMeta`; a rendered ID must be in the
 * controller's trust domain), tag v0.6.6.
 */
import { ValidationError, q } from '../errors';
import { LabelSelector, LabelSelectorSpec, admitsEveryProbe, checkSelector, defaultLabels } from '../eso/conditions';
import { NAMESPACE_NAME_LABEL } from '../eso/probes';
import { ServiceAccountHandle } from '../identity/service-account-ref';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { checkGoDuration, parseGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkObject, optIn } from '../validate/values';

/** API version of ClusterSPIFFEID. */
export const SPIRE_API_VERSION = 'spire.spiffe.io/v1alpha1';

/** The default SPIFFE ID path: one identity per namespace and ServiceAccount. */
export const DEFAULT_SPIFFE_ID_PATH = '/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/** Options of {@link clusterSpiffeIdManifest}. */
export interface ClusterSpiffeIdOptions {
  /** The ClusterSPIFFEID's name (cluster-scoped). */
  readonly name: string;
  /** The trust domain, e.g. `example.org` (the SPIRE server's; a rendered ID in another is refused by the controller). */
  readonly trustDomain: string;
  /**
   * Which pods get the ID. Never empty: a selector that matches a pod without labels is refused.
   */
  readonly podSelector: LabelSelector;
  /**
   * The namespaces, by name. Give namespaces or namespaceSelector (or allowAllNamespaces).
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * The namespaces, by label (refused when it matches a namespace nobody has labelled).
   * @default - none
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Apply in every namespace.
   * @default false
   */
  readonly allowAllNamespaces?: boolean;
  /**
   * Accept `kube-system` among the namespaces.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * The path part of the SPIFFE ID template (Go text/template over `.PodMeta`, `.PodSpec`, ...), after
   * `spiffe://<trustDomain>`. It must name `.PodSpec.ServiceAccountName` (one identity per
   * ServiceAccount) unless `allowSharedIdentity`.
   * @default "/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}"
   */
  readonly spiffeIdPath?: string;
  /**
   * Accept a template without `.PodSpec.ServiceAccountName` (workloads with different ServiceAccounts
   * would share one identity).
   * @default false
   */
  readonly allowSharedIdentity?: boolean;
  /**
   * X.509 SVID TTL (a Go duration, 5m to 24h).
   * @default "1h"
   */
  readonly ttl?: string;
  /**
   * JWT SVID TTL (1m to 1h).
   * @default "5m"
   */
  readonly jwtTtl?: string;
  /**
   * Trust domains the workloads federate with (not the own one, no duplicates).
   * @default - none
   */
  readonly federatesWith?: string[];
  /**
   * Extra workload selectors SPIRE must see (e.g. `k8s:sa:payment-api`), as templates.
   * @default - none
   */
  readonly workloadSelectorTemplates?: string[];
  /**
   * The controller class that handles it.
   * @default - the default controller
   */
  readonly className?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec` of a ClusterSPIFFEID as written. */
export interface ClusterSpiffeIdSpec {
  /** The ID template. */
  readonly spiffeIDTemplate: string;
  /** Pods. */
  readonly podSelector: LabelSelectorSpec;
  /**
   * Namespaces.
   * @default - every namespace
   */
  readonly namespaceSelector?: LabelSelectorSpec;
  /** X.509 TTL. */
  readonly ttl: string;
  /** JWT TTL. */
  readonly jwtTtl: string;
  /**
   * Federation.
   * @default - none
   */
  readonly federatesWith?: string[];
  /**
   * Workload selectors.
   * @default - none
   */
  readonly workloadSelectorTemplates?: string[];
  /**
   * Controller class.
   * @default - default
   */
  readonly className?: string;
}

/** A `ClusterSPIFFEID` manifest. */
export interface ClusterSpiffeIdManifest extends KubeManifest {
  /** `spire.spiffe.io/v1alpha1`. */
  readonly apiVersion: typeof SPIRE_API_VERSION;
  /** `ClusterSPIFFEID`. */
  readonly kind: 'ClusterSPIFFEID';
  /** Name (cluster-scoped). */
  readonly metadata: ManifestMetadata;
  /** Template and selectors. */
  readonly spec: ClusterSpiffeIdSpec;
}

/** A SPIFFE trust domain name (spiffe-go `spiffeid.TrustDomainFromString`: lower-case letters, digits, `.`, `-`, `_`). */
const TRUST_DOMAIN = /^[a-z0-9._-]+$/;

function checkTrustDomain(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !TRUST_DOMAIN.test(value) || value.length > 255) {
    throw new ValidationError(component, prop, `${q(value)} is not a SPIFFE trust domain: lower-case letters, digits, ".", "-" and "_" (e.g. "example.org"), without "spiffe://".`);
  }
  return value;
}

function ttl(component: string, prop: string, value: unknown, fallback: string, min: number, max: number, range: string): string {
  const d = checkGoDuration(component, prop, value ?? fallback, `e.g. ${q(fallback)}`);
  const ms = parseGoDuration(d) ?? 0;
  if (ms < min || ms > max) {
    throw new ValidationError(component, prop, `${q(d)} is outside ${range}: a short-lived SVID limits what a stolen one is worth, and a very short one overloads the SPIRE server.`);
  }
  return d;
}

/** Whether the text/template braces balance (`{{ ... }}` pairs, no stray braces). */
function bracesBalance(template: string): boolean {
  return template.replace(/\{\{[^{}]*\}\}/g, '').match(/\{\{|\}\}/) === null;
}

/**
 * Build a `ClusterSPIFFEID`: by default `spiffe://<trustDomain>/ns/{{ .PodMeta.Namespace }}/sa/{{
 * .PodSpec.ServiceAccountName }}` (one identity per namespace and ServiceAccount), for the pods a
 * non-empty podSelector chooses in the namespaces given by name or selector; TTLs within bounds written
 * explicitly (1h X.509, 5m JWT); federation only with other, valid, distinct trust domains. Without
 * namespaces the controller applies it in every namespace (a nil namespaceSelector), which needs
 * `allowAllNamespaces: true`.
 */
export function clusterSpiffeIdManifest(raw: ClusterSpiffeIdOptions): ClusterSpiffeIdManifest {
  const component = 'ClusterSPIFFEID';
  const options = checkObject(component, 'options', raw, 'the ClusterSPIFFEID options { name, trustDomain, podSelector, namespaces | namespaceSelector }') as unknown as ClusterSpiffeIdOptions;
  const name = checkObjectName(component, 'name', options.name, 'ClusterSPIFFEID name');
  const trustDomain = checkTrustDomain(component, 'trustDomain', options.trustDomain);
  if (options.podSelector === undefined) {
    throw new ValidationError(component, 'podSelector', 'is missing; without it the ID goes to every pod of the namespaces. Select the pods, e.g. { matchLabels: { app: "payment-api" } }.');
  }
  const pods = checkSelector(component, 'podSelector', options.podSelector);
  if (pods.matches({})) {
    throw new ValidationError(component, 'podSelector', `${q(options.podSelector)} matches a pod without labels, so it hands the ID to any pod anyone starts there; select by a label the workload carries (matchLabels or In).`);
  }
  const all = optIn(component, 'allowAllNamespaces', options.allowAllNamespaces);
  const allowKubeSystem = optIn(component, 'allowKubeSystem', options.allowKubeSystem);
  let namespaceSelector: LabelSelectorSpec | undefined;
  if (options.namespaces !== undefined && options.namespaceSelector !== undefined) {
    throw new ValidationError(component, 'namespaces', 'and namespaceSelector are both set; choose one.');
  }
  if (options.namespaces !== undefined) {
    const names = checkList(component, 'namespaces', options.namespaces, 'namespace names').map((n, i) => checkNamespace(component, `namespaces[${i}]`, n));
    if (names.length === 0) {
      throw new ValidationError(component, 'namespaces', 'is empty; name the namespaces (an empty list would not restrict anything).');
    }
    const ks = names.indexOf('kube-system');
    if (ks >= 0 && !allowKubeSystem) {
      throw new ValidationError(component, `namespaces[${ks}]`, '"kube-system" is the namespace of the cluster\'s own controllers; an identity there is an identity for whatever compromises them. Leave it out, or set allowKubeSystem: true.');
    }
    namespaceSelector = { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...new Set(names)] }] };
  } else if (options.namespaceSelector !== undefined) {
    const sel = checkSelector(component, 'namespaceSelector', options.namespaceSelector);
    if (admitsEveryProbe(ns => sel.matches(defaultLabels(ns)))) {
      throw new ValidationError(component, 'namespaceSelector', `${q(options.namespaceSelector)} matches every namespace (every namespace carries only "${NAMESPACE_NAME_LABEL}" until someone labels it); select by a label you set, name the namespaces, or set allowAllNamespaces: true.`);
    }
    if (!allowKubeSystem && sel.matches(defaultLabels('kube-system'))) {
      throw new ValidationError(component, 'namespaceSelector', `${q(options.namespaceSelector)} matches "kube-system"; narrow it, or set allowKubeSystem: true.`);
    }
    namespaceSelector = sel.spec;
  } else if (!all) {
    throw new ValidationError(component, 'namespaces', 'and namespaceSelector are both missing: the controller would apply the ID in every namespace. Name the namespaces, or set allowAllNamespaces: true.');
  }
  if (all && namespaceSelector !== undefined) {
    throw new ValidationError(component, 'allowAllNamespaces', 'and namespaces/namespaceSelector are both set; choose one.');
  }
  const path = options.spiffeIdPath ?? DEFAULT_SPIFFE_ID_PATH;
  if (typeof path !== 'string' || !path.startsWith('/') || path.length < 2 || /\s(?![^{]*\}\})/.test(path) || !bracesBalance(path)) {
    throw new ValidationError(component, 'spiffeIdPath', `${q(path)} must be a path starting with "/" after spiffe://${trustDomain}, with balanced {{ }} template actions and no spaces outside them.`);
  }
  if (!/\{\{\s*\.PodSpec\.ServiceAccountName\s*\}\}/.test(path) && !optIn(component, 'allowSharedIdentity', options.allowSharedIdentity)) {
    throw new ValidationError(component, 'spiffeIdPath', `${q(path)} does not contain {{ .PodSpec.ServiceAccountName }}: every selected pod, whatever its ServiceAccount, would get the same identity. Keep the default ${q(DEFAULT_SPIFFE_ID_PATH)}, or set allowSharedIdentity: true.`);
  }
  const federates = options.federatesWith === undefined ? [] : checkList(component, 'federatesWith', options.federatesWith, 'trust domains')
    .map((td, i) => checkTrustDomain(component, `federatesWith[${i}]`, td));
  federates.forEach((td, i) => {
    if (td === trustDomain) {
      throw new ValidationError(component, `federatesWith[${i}]`, `${q(td)} is the own trust domain; list only the foreign trust domains to federate with.`);
    }
    if (federates.indexOf(td) !== i) {
      throw new ValidationError(component, `federatesWith[${i}]`, `${q(td)} is listed twice.`);
    }
  });
  const selectors = options.workloadSelectorTemplates === undefined ? [] : checkList(component, 'workloadSelectorTemplates', options.workloadSelectorTemplates, 'selector templates')
    .map((s, i) => {
      if (typeof s !== 'string' || !/^[a-z0-9_]+:.+$/.test(s) || !bracesBalance(s)) {
        throw new ValidationError(component, `workloadSelectorTemplates[${i}]`, `${q(s)} is not a workload selector such as "k8s:sa:payment-api" (type:value).`);
      }
      return s;
    });
  if (options.className !== undefined && (typeof options.className !== 'string' || options.className.trim() === '')) {
    throw new ValidationError(component, 'className', `${q(options.className)} is not a controller class name.`);
  }
  const spec: ClusterSpiffeIdSpec = {
    spiffeIDTemplate: `spiffe://${trustDomain}${path}`,
    podSelector: pods.spec,
    ...(namespaceSelector ? { namespaceSelector } : {}),
    ttl: ttl(component, 'ttl', options.ttl, '1h', 5 * 60e3, 24 * 3600e3, '5m to 24h'),
    jwtTtl: ttl(component, 'jwtTtl', options.jwtTtl, '5m', 60e3, 3600e3, '1m to 1h'),
    ...(federates.length > 0 ? { federatesWith: federates } : {}),
    ...(selectors.length > 0 ? { workloadSelectorTemplates: selectors as string[] } : {}),
    ...(options.className !== undefined ? { className: options.className } : {}),
  };
  return {
    apiVersion: SPIRE_API_VERSION,
    kind: 'ClusterSPIFFEID',
    metadata: objectMetadata(component, name, undefined, options.labels),
    spec,
  };
}

/** Options of {@link clusterSpiffeIdForServiceAccount}: the ClusterSPIFFEID options without what the ServiceAccount gives. */
export interface ClusterSpiffeIdForServiceAccountOptions extends Omit<ClusterSpiffeIdOptions, 'name' | 'namespaces' | 'namespaceSelector' | 'allowAllNamespaces'> {
  /**
   * The ClusterSPIFFEID's name.
   * @default "<namespace>-<serviceAccount>"
   */
  readonly name?: string;
}

/**
 * Derive ClusterSPIFFEID options from a ServiceAccount (a `SecureServiceAccount` of either front-end):
 * its namespace only, the default per-ServiceAccount template, and the workload selector
 * `k8s:sa:<name>`, so SPIRE issues the ID only to pods that run as that ServiceAccount (the pod selector
 * still has to choose them).
 */
export function clusterSpiffeIdForServiceAccount(
  serviceAccount: ServiceAccountHandle, raw: ClusterSpiffeIdForServiceAccountOptions,
): ClusterSpiffeIdOptions {
  const component = 'clusterSpiffeIdForServiceAccount';
  const sa = checkObject(component, 'serviceAccount', serviceAccount, 'a SecureServiceAccount (serviceAccountName, serviceAccountNamespace)');
  const name = checkObjectName(component, 'serviceAccount', sa.serviceAccountName, 'ServiceAccount name');
  if (sa.serviceAccountNamespace === undefined) {
    throw new ValidationError(component, 'serviceAccount', `${q(name)} has no namespace; pass a SecureServiceAccount (it knows its namespace).`);
  }
  const namespace = checkNamespace(component, 'serviceAccount', sa.serviceAccountNamespace);
  if (name === 'default') {
    throw new ValidationError(component, 'serviceAccount', '"default" is the ServiceAccount of every pod that names none; give the workload its own ServiceAccount.');
  }
  const options = checkObject(component, 'options', raw, 'the options { trustDomain, podSelector, ... }') as unknown as ClusterSpiffeIdForServiceAccountOptions;
  const extra = options.workloadSelectorTemplates === undefined ? [] : checkList(component, 'workloadSelectorTemplates', options.workloadSelectorTemplates, 'selector templates') as string[];
  return {
    ...options,
    name: options.name ?? `${namespace}-${name}`.slice(0, 253),
    namespaces: [namespace],
    workloadSelectorTemplates: [`k8s:sa:${name}`, ...extra.filter(s => s !== `k8s:sa:${name}`)],
  };
}
