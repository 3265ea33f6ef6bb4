/**
 * ESO `ClusterExternalSecret`: one ExternalSecret stamped into every namespace its selectors choose.
 */
import { ValidationError, q } from '../errors';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { ESO_API_VERSION } from './common';
import { LabelSelector, LabelSelectorSpec, admitsEveryProbe, checkSelector, defaultLabels } from './conditions';
import { ExternalSecretDataFrom, ExternalSecretOptions, ExternalSecretSpec, externalSecretManifest, storeReferenceOf } from './external-secret';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { checkList, checkObject, optIn } from '../validate/values';

/** Options of {@link clusterExternalSecretManifest}. */
export interface ClusterExternalSecretOptions {
  /** The ClusterExternalSecret's name (cluster-scoped). */
  readonly name: string;
  /**
   * The name of the ExternalSecret created in each namespace.
   * @default - the ClusterExternalSecret's name
   */
  readonly externalSecretName?: string;
  /**
   * Namespaces chosen by name (ORed with `namespaceSelectors`).
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Namespaces chosen by label; ESO ORs the selectors. A selector that matches a namespace nobody has
   * labelled (every namespace carries only `kubernetes.io/metadata.name` until someone labels it) would
   * match every namespace anyone creates, and is refused without `allowAllNamespaces`.
   * @default - none
   */
  readonly namespaceSelectors?: LabelSelector[];
  /**
   * Create the ExternalSecret in every namespace, present and future (written as one empty selector).
   * @default false
   */
  readonly allowAllNamespaces?: boolean;
  /**
   * Accept `kube-system` among the chosen namespaces.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * How often ESO re-evaluates the namespaces (a Go duration).
   * @default - ESO's default (1m)
   */
  readonly refreshTime?: string;
  /**
   * The ExternalSecret to create in each namespace: the same options and rules as `ExternalSecret`
   * (without name and namespace). Its store must be a ClusterSecretStore, or a SecretStore name that
   * exists in each namespace (without a namespace).
   */
  readonly externalSecret: Omit<ExternalSecretOptions, 'name' | 'namespace' | 'component' | 'labels'>;
  /**
   * Labels of the ExternalSecrets created.
   * @default - none
   */
  readonly externalSecretLabels?: Record<string, string>;
  /**
   * Labels of the ClusterExternalSecret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec` of a ClusterExternalSecret as written by the library. */
export interface ClusterExternalSecretSpec {
  /** The name of the ExternalSecrets. */
  readonly externalSecretName: string;
  /**
   * Their metadata.
   * @default - none
   */
  readonly externalSecretMetadata?: {
    /** Labels. */
    readonly labels: Record<string, string>;
  };
  /** Their spec. */
  readonly externalSecretSpec: ExternalSecretSpec;
  /**
   * Namespaces by name.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Namespaces by label.
   * @default - none
   */
  readonly namespaceSelectors?: LabelSelectorSpec[];
  /**
   * Namespace re-evaluation interval.
   * @default - 1m
   */
  readonly refreshTime?: string;
}

/** A `ClusterExternalSecret` manifest. */
export interface ClusterExternalSecretManifest extends KubeManifest {
  /** `external-secrets.io/v1`. */
  readonly apiVersion: typeof ESO_API_VERSION;
  /** `ClusterExternalSecret`. */
  readonly kind: 'ClusterExternalSecret';
  /** Name (no namespace). */
  readonly metadata: ManifestMetadata;
  /** The ExternalSecret and where to create it. */
  readonly spec: ClusterExternalSecretSpec;
}

const EVERY = 'set allowAllNamespaces: true if every namespace, present and future, should receive it, or use';

/**
 * Build a `ClusterExternalSecret` (`external-secrets.io/v1`). ESO (external-secrets
 * `runtime/esutils/utils.go`, `GetTargetNamespaces`, tag v2.9.0) turns each name of `namespaces` into the
 * selector `kubernetes.io/metadata.name=<name>`, ORs all selectors, and lists the namespaces each matches
 * with `metav1.LabelSelectorAsSelector` (an empty selector matches every namespace; no selector at all
 * matches none). The deprecated singular `namespaceSelector` is not written. Refused: choosing no
 * namespace, a selector (or the union) that matches a namespace nobody has labelled, `kube-system`
 * without `allowKubeSystem`, and what `ExternalSecret` refuses.
 * @see https://external-secrets.io/latest/api/clusterexternalsecret/
 */
export function clusterExternalSecretManifest(raw: ClusterExternalSecretOptions): ClusterExternalSecretManifest {
  const component = 'ClusterExternalSecret';
  const options = checkObject(component, 'options', raw, 'the ClusterExternalSecret options { name, namespaces | namespaceSelectors, externalSecret }') as unknown as ClusterExternalSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'ClusterExternalSecret name');
  const externalSecretName = checkObjectName(component, 'externalSecretName', options.externalSecretName ?? name, 'ExternalSecret name');
  const all = optIn(component, 'allowAllNamespaces', options.allowAllNamespaces);
  const allowKubeSystem = optIn(component, 'allowKubeSystem', options.allowKubeSystem);
  const namespaces = options.namespaces === undefined ? [] : checkList(component, 'namespaces', options.namespaces, 'namespace names')
    .map((ns, i) => checkNamespace(component, `namespaces[${i}]`, ns));
  const selectors = options.namespaceSelectors === undefined ? [] : checkList(component, 'namespaceSelectors', options.namespaceSelectors, 'label selectors { matchLabels?, matchExpressions? }')
    .map((s, i) => {
      const prop = `namespaceSelectors[${i}]`;
      const checked = checkSelector(component, prop, s);
      if (admitsEveryProbe(ns => checked.matches(defaultLabels(ns)))) {
        throw new ValidationError(component, prop, `${q(s)} matches every namespace: every namespace carries "kubernetes.io/metadata.name" and, until someone labels it, no other label, so this selector puts the ExternalSecret into any namespace anyone creates; ${EVERY} matchLabels on a label you set on the chosen namespaces.`);
      }
      if (!allowKubeSystem && checked.matches(defaultLabels('kube-system'))) {
        throw new ValidationError(component, prop, `${q(s)} matches "kube-system", the namespace of the cluster's own controllers; narrow the selector, or set allowKubeSystem: true.`);
      }
      return checked;
    });
  if (all) {
    if (namespaces.length > 0 || selectors.length > 0) {
      throw new ValidationError(component, 'allowAllNamespaces', 'and namespaces/namespaceSelectors are both set; choose one.');
    }
  } else {
    if (namespaces.length === 0 && selectors.length === 0) {
      throw new ValidationError(component, 'namespaces', 'and namespaceSelectors are both empty: ESO would create the ExternalSecret in no namespace. Name the namespaces, select them by a label you set, or set allowAllNamespaces: true.');
    }
    if (admitsEveryProbe(ns => namespaces.includes(ns) || selectors.some(s => s.matches(defaultLabels(ns))))) {
      throw new ValidationError(component, 'namespaceSelectors', `together match every namespace (ESO ORs them); ${EVERY} narrower selectors.`);
    }
  }
  const kubeSystem = namespaces.indexOf('kube-system');
  if (kubeSystem >= 0 && !allowKubeSystem) {
    throw new ValidationError(component, `namespaces[${kubeSystem}]`, '"kube-system" is the namespace of the cluster\'s own controllers and add-ons; putting secrets there hands them to whatever compromises any of them. Leave it out, or set allowKubeSystem: true.');
  }
  const es = checkObject(component, 'externalSecret', options.externalSecret, 'the ExternalSecret options { store, data | dataFrom, ... }') as unknown as ClusterExternalSecretOptions['externalSecret'];
  if (es.store !== undefined) {
    const store = storeReferenceOf(component, es.store);
    if (store.namespace !== undefined) {
      throw new ValidationError(component, 'externalSecret.store', `${store.kind} ${q(store.name)} is in namespace ${q(store.namespace)}, but the ExternalSecrets are created in many namespaces and each reads a store of its own namespace; use a ClusterSecretStore, or { name, kind: "SecretStore" } without namespace for a store present in each namespace.`);
    }
  }
  (Array.isArray(es.dataFrom) ? es.dataFrom : []).forEach((d: ExternalSecretDataFrom, i) => {
    const g = d && typeof d === 'object' && d.generator && typeof d.generator === 'object' ? ('generatorRef' in d.generator ? d.generator.generatorRef : d.generator) : undefined;
    if (g && g.kind !== 'ClusterGenerator' && g.namespace !== undefined) {
      throw new ValidationError(component, `externalSecret.dataFrom[${i}].generator`, `${g.kind} ${q(g.name)} is namespaced (in ${q(g.namespace)}); the ExternalSecrets in other namespaces would not find it. Use a ClusterGenerator.`);
    }
  });
  // The namespace only names where the rules are checked; each created ExternalSecret gets its own.
  const built = externalSecretManifest({ ...es, name: externalSecretName, namespace: namespaces[0] ?? 'cluster-external-secret', component });
  const esLabels = checkStringMap(component, 'externalSecretLabels', options.externalSecretLabels as Record<string, unknown> | undefined, 'label');
  const refreshTime = options.refreshTime === undefined ? undefined : checkGoDuration(component, 'refreshTime', options.refreshTime);
  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ClusterExternalSecret',
    metadata: objectMetadata(component, name, undefined, options.labels),
    spec: {
      externalSecretName,
      ...(Object.keys(esLabels).length > 0 ? { externalSecretMetadata: { labels: esLabels } } : {}),
      externalSecretSpec: built.spec,
      ...(namespaces.length > 0 ? { namespaces } : {}),
      ...(all ? { namespaceSelectors: [{}] } : selectors.length > 0 ? { namespaceSelectors: selectors.map(s => s.spec) } : {}),
      ...(refreshTime !== undefined ? { refreshTime } : {}),
    },
  };
}
