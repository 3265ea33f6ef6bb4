import { isDeferred } from '../deferred';
import { ValidationError, q } from '../errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const GLOB_CHARS = /[*?[\]{}]/;

/** Whether `value` is a DNS-1123 label (namespace names): lower-case alphanumerics and `-`, at most 63. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/**
 * Whether `value` is a DNS-1123 subdomain (Secret and ServiceAccount names): lower-case alphanumerics,
 * `-` and `.`, starting and ending alphanumeric, at most 253.
 */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

function requireString(component: string, prop: string, value: unknown, what: string): string {
  if (typeof value !== 'string') {
    if (isDeferred(value)) {
      throw new ValidationError(component, prop, `is a deferred value (for example a Pulumi Output); ${what} must be a plain string known when the manifest is built.`);
    }
    throw new ValidationError(component, prop, `must be a string (${what}); received ${value === null ? 'null' : typeof value}.`);
  }
  if (value.length === 0) {
    throw new ValidationError(component, prop, `is empty; ${what} is required.`);
  }
  return value;
}

/**
 * Check a Kubernetes object name (DNS-1123 subdomain) and refuse wildcards and globs with a dedicated
 * message, since RBAC `resourceNames` and most references match names exactly.
 * @internal
 */
export function checkObjectName(component: string, prop: string, value: unknown, what = 'a Kubernetes object name'): string {
  const name = requireString(component, prop, value, what);
  if (GLOB_CHARS.test(name)) {
    throw new ValidationError(component, prop, `${q(name)} is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).`);
  }
  if (!isDns1123Subdomain(name)) {
    throw new ValidationError(component, prop, `${q(name)} is not a valid ${what}: use a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters).`);
  }
  return name;
}

/**
 * Check a namespace name (DNS-1123 label).
 * @internal
 */
export function checkNamespace(component: string, prop: string, value: unknown): string {
  const ns = requireString(component, prop, value, 'a namespace name');
  if (!isDns1123Label(ns)) {
    throw new ValidationError(component, prop, `${q(ns)} is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters).`);
  }
  return ns;
}

/**
 * Check a label or annotation map: keys are qualified names (`[prefix/]name`), values are strings.
 * @internal
 */
export function checkStringMap(component: string, prop: string, value: Record<string, unknown> | undefined, kind: 'label' | 'annotation'): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) {
    return out;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(component, prop, `must be a map of ${kind} keys to string values.`);
  }
  const namePart = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
  for (const [key, v] of Object.entries(value)) {
    const slash = key.indexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = prefix === undefined || isDns1123Subdomain(prefix);
    if (!prefixOk || name.length > 63 || !namePart.test(name)) {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `is not a valid ${kind} key: use an optional DNS subdomain prefix and '/', then a name of at most 63 characters (letters, digits, '-', '_', '.').`);
    }
    if (typeof v !== 'string') {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `must be a string; ${kind} values are strings (quote numbers and booleans).`);
    }
    if (kind === 'label' && (v.length > 63 || (v !== '' && !namePart.test(v)))) {
      throw new ValidationError(component, `${prop}[${q(key)}]`, `${q(v)} is not a valid label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending alphanumeric.`);
    }
    out[key] = v;
  }
  return out;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Check a key of a Secret's data (`^[-._a-zA-Z0-9]+$`, at most 253).
 * @internal
 */
export function checkSecretKey(component: string, prop: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !SECRET_KEY.test(key)) {
    throw new ValidationError(component, prop, `${q(key)} is not a valid Secret key; use letters, digits, '-', '_' and '.' only (^[-._a-zA-Z0-9]+$, at most 253 characters).`);
  }
  return key;
}
