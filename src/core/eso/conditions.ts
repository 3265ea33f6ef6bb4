/**
 * ClusterSecretStore `conditions`: which namespaces may use a store, checked the way ESO evaluates them
 * and refused when they restrict nothing.
 *
 * ESO v2.9 (external-secrets/external-secrets `pkg/controllers/secretstore/client_manager.go`,
 * `shouldProcessSecret`, tag v2.9.0) admits an ExternalSecret's namespace when ANY condition admits it,
 * and a condition admits a namespace when ANY of its parts does: its `namespaceSelector` matches the
 * namespace's labels (`metav1.LabelSelectorAsSelector`), one of its `namespaces` equals the name (as the
 * selector `kubernetes.io/metadata.name=<name>`), or one of its `namespaceRegexes` matches the name with
 * `regexp.MatchString`, which is unanchored. A condition without any part admits nothing; an empty
 * `conditions` list admits every namespace.
 */
import { ValidationError, q } from '../errors';
import { NAMESPACE_NAME_LABEL, namespaceProbes } from './probes';
import { checkNamespace, checkStringMap } from '../validate/names';
import { GoRegex, anchoredGoRegex, compileGoRegex, isAnchoredGoRegex } from '../validate/re2';
import { checkList, checkObject } from '../validate/values';

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * The values, for `In` and `NotIn` (required and non-empty there; not allowed for `Exists` and
   * `DoesNotExist`).
   * @default - none
   */
  readonly values?: string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/**
 * A namespace condition of a ClusterSecretStore: which namespaces may use it. A namespace is admitted
 * when any part of any condition admits it. Each part must restrict: a selector, list or expression that
 * admits every namespace is refused (use `allowAllNamespaces: true` on the store instead).
 */
export interface ClusterSecretStoreCondition {
  /**
   * Namespaces allowed by name.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Namespaces allowed by label. Every namespace carries `kubernetes.io/metadata.name: <its name>` and,
   * unless someone labels it, nothing else: a selector that admits such a namespace by default
   * (`DoesNotExist`, `NotIn` on a label namespaces do not carry, `Exists` on
   * `kubernetes.io/metadata.name`) is refused.
   * @default - none
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Namespaces allowed by Go (RE2) regular expression. ESO matches these anywhere in the namespace name
   * (Go's `regexp.MatchString`): `payments` would admit `evil-payments-copy`. Each expression must
   * therefore be anchored at both ends (`^payments$`, `^payments-.*$`, `^(?:a|b)$`); an unanchored one is
   * refused with its anchored form in the message, rather than rewritten, so that the manifest says
   * exactly what ESO evaluates. An expression that admits every namespace (`^.+$`, `^[a-z0-9-]*$`) is
   * refused.
   * @default - none
   */
  readonly namespaceRegexes?: string[];
}

/** A condition as written into `spec.conditions`. */
export interface ClusterSecretStoreConditionSpec {
  /**
   * Namespaces allowed by name.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Namespaces allowed by label.
   * @default - none
   */
  readonly namespaceSelector?: LabelSelectorSpec;
  /**
   * Namespaces allowed by anchored Go regular expression.
   * @default - none
   */
  readonly namespaceRegexes?: string[];
}

/** A label selector as written into a manifest. */
export interface LabelSelectorSpec {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * A checked label selector and how it matches.
 * @internal
 */
export interface CheckedSelector {
  readonly spec: LabelSelectorSpec;
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
}

/**
 * Check a label selector as Kubernetes does (k8s.io/apimachinery `pkg/labels/selector.go`,
 * `NewRequirement`: operators In, NotIn, Exists, DoesNotExist; In/NotIn need values, Exists/DoesNotExist
 * take none; keys and values are label keys and values), and return how it matches
 * (`Requirement.Matches`: In needs the key with a listed value, NotIn is met by a missing key or another
 * value, Exists needs the key, DoesNotExist its absence; every part must hold).
 * @internal
 */
export function checkSelector(component: string, prop: string, value: unknown): CheckedSelector {
  const selector = checkObject(component, prop, value, 'a label selector { matchLabels?, matchExpressions? }');
  const matchLabels = checkStringMap(component, `${prop}.matchLabels`, selector.matchLabels as Record<string, unknown> | undefined, 'label');
  const rawExpressions = selector.matchExpressions === undefined ? [] : checkList(component, `${prop}.matchExpressions`, selector.matchExpressions, 'requirements { key, operator, values? }');
  const matchExpressions = rawExpressions.map((raw, i): LabelSelectorRequirement => {
    const p = `${prop}.matchExpressions[${i}]`;
    const r = checkObject(component, p, raw, 'a requirement { key, operator, values? }');
    if (typeof r.key !== 'string') {
      throw new ValidationError(component, `${p}.key`, `must be a label key; received ${q(r.key)}.`);
    }
    checkStringMap(component, p, { [r.key]: '' }, 'label');
    const operator = r.operator as LabelSelectorRequirement['operator'];
    if (!OPERATORS.includes(operator)) {
      throw new ValidationError(component, `${p}.operator`, `${q(r.operator)} is not a label selector operator; use "In", "NotIn", "Exists" or "DoesNotExist".`);
    }
    const setBased = operator === 'In' || operator === 'NotIn';
    if (!setBased) {
      if (r.values !== undefined && !(Array.isArray(r.values) && r.values.length === 0)) {
        throw new ValidationError(component, `${p}.values`, `must be empty for ${q(operator)}; Kubernetes refuses values on Exists and DoesNotExist.`);
      }
      return { key: r.key, operator };
    }
    const values = checkList(component, `${p}.values`, r.values, 'label values');
    if (values.length === 0) {
      throw new ValidationError(component, `${p}.values`, `is empty; ${q(operator)} needs at least one value (Kubernetes refuses an empty set).`);
    }
    values.forEach((v, j) => checkStringMap(component, `${p}.values[${j}]`, { [r.key as string]: v }, 'label'));
    return { key: r.key, operator, values: [...values] as string[] };
  });
  const spec: LabelSelectorSpec = {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
  return {
    spec,
    matches: labels => Object.entries(matchLabels).every(([k, v]) => labels[k] === v)
      && matchExpressions.every(r => {
        const has = Object.prototype.hasOwnProperty.call(labels, r.key);
        switch (r.operator) {
          case 'In': return has && r.values!.includes(labels[r.key]);
          case 'NotIn': return !has || !r.values!.includes(labels[r.key]);
          case 'Exists': return has;
          default: return !has;
        }
      }),
  };
}

/**
 * The labels a namespace carries when nobody has labelled it: its name label only.
 * @internal
 */
export function defaultLabels(namespace: string): Record<string, string> {
  return { [NAMESPACE_NAME_LABEL]: namespace };
}

/**
 * Whether `admits` admits every probe namespace.
 * @internal
 */
export function admitsEveryProbe(admits: (namespace: string) => boolean): boolean {
  return namespaceProbes().every(admits);
}

const EVERY_NAMESPACE_FIX = 'use allowAllNamespaces: true if that is intended, or a narrower';

/**
 * Check a regular expression of `namespaceRegexes`: Go RE2 syntax, not admitting every namespace, and
 * anchored (ESO matches it anywhere in the name).
 */
function checkNamespaceRegex(component: string, prop: string, value: unknown): GoRegex {
  const re = compileGoRegex(component, prop, value);
  if (admitsEveryProbe(ns => re.find(ns))) {
    throw new ValidationError(component, prop, `${q(re.source)} matches every namespace; ${EVERY_NAMESPACE_FIX} expression.`);
  }
  if (!isAnchoredGoRegex(re.source)) {
    const example = namespaceProbes().find(ns => re.find(ns) && !re.matchesWhole(ns));
    throw new ValidationError(component, prop, `${q(re.source)} is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString)`
      + `${example !== undefined ? `, so it also admits ${q(example)}` : ''}. Write the anchored form ${q(anchoredGoRegex(re.source))}.`);
  }
  return re;
}

/**
 * Check the `conditions` of a ClusterSecretStore and return them as written into the manifest. Refuses
 * conditions that restrict nothing: a part that admits every namespace (decided by evaluating it against
 * {@link namespaceProbes}, each with the labels a namespace carries by default), and the union of all
 * conditions when together they admit every namespace.
 * @internal
 */
export function checkConditions(component: string, value: unknown): ClusterSecretStoreConditionSpec[] {
  const conditions = checkList(component, 'conditions', value, 'conditions { namespaces?, namespaceSelector?, namespaceRegexes? }');
  if (conditions.length === 0) {
    throw new ValidationError(component, 'conditions', 'is empty; list the namespaces that may use this store, or set allowAllNamespaces: true.');
  }
  const admitters: Array<(namespace: string) => boolean> = [];
  const specs = conditions.map((raw, i): ClusterSecretStoreConditionSpec => {
    const prop = `conditions[${i}]`;
    const c = checkObject(component, prop, raw, 'a condition { namespaces?, namespaceSelector?, namespaceRegexes? }');
    const namespaces = c.namespaces === undefined ? [] : checkList(component, `${prop}.namespaces`, c.namespaces, 'namespace names')
      .map((ns, j) => checkNamespace(component, `${prop}.namespaces[${j}]`, ns));
    const regexes = c.namespaceRegexes === undefined ? [] : checkList(component, `${prop}.namespaceRegexes`, c.namespaceRegexes, 'Go regular expressions')
      .map((re, j) => checkNamespaceRegex(component, `${prop}.namespaceRegexes[${j}]`, re));
    const selector = c.namespaceSelector === undefined ? undefined : checkSelector(component, `${prop}.namespaceSelector`, c.namespaceSelector);
    if (selector && admitsEveryProbe(ns => selector.matches(defaultLabels(ns)))) {
      throw new ValidationError(component, `${prop}.namespaceSelector`, `${q(c.namespaceSelector)} matches every namespace: every namespace carries ${q(NAMESPACE_NAME_LABEL)} and, until someone labels it, no other label, so this selector admits any namespace anyone creates; ${EVERY_NAMESPACE_FIX} selector (e.g. matchLabels on a label you set on the allowed namespaces).`);
    }
    if (namespaces.length === 0 && regexes.length === 0 && selector === undefined) {
      throw new ValidationError(component, prop, 'restricts nothing: it has no namespaces, namespaceSelector or namespaceRegexes (ESO would admit no namespace through it); name the namespaces, or set allowAllNamespaces: true instead of conditions.');
    }
    admitters.push(ns => namespaces.includes(ns) || regexes.some(re => re.find(ns))
      || (selector !== undefined && selector.matches(defaultLabels(ns))));
    return {
      ...(namespaces.length > 0 ? { namespaces } : {}),
      ...(selector !== undefined ? { namespaceSelector: selector.spec } : {}),
      ...(regexes.length > 0 ? { namespaceRegexes: regexes.map(re => re.source) } : {}),
    };
  });
  if (admitsEveryProbe(ns => admitters.some(admits => admits(ns)))) {
    throw new ValidationError(component, 'conditions', `together match every namespace (ESO admits a namespace that any condition admits); ${EVERY_NAMESPACE_FIX} set of conditions.`);
  }
  return specs;
}
