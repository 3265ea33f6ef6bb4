/**
 * Shapes of input values: opt-in flags, lists, objects, non-empty secret values. Every builder checks its
 * input with these, so a careless or hostile value (the string "false" from a config file, a list with
 * holes, `null` where an object belongs) gets a ValidationError that names the prop, never a TypeError.
 */
import { ValidationError, q, typeOf } from '../errors';

/**
 * An opt-in that loosens a secure default (`allowListWatch`, `allowAllNamespaces`, ...): only the boolean
 * `true` turns it on; `undefined` and `false` leave it off; anything else (the string `"false"` from a
 * YAML file or Pulumi config, `1`, `{}`) is refused, because reading it as truthy would open what the
 * user meant to keep closed.
 * @internal
 */
export function optIn(component: string, prop: string, value: unknown): boolean {
  if (value === undefined || value === false) {
    return false;
  }
  if (value === true) {
    return true;
  }
  throw new ValidationError(component, prop, `must be the boolean true to opt in, or false or unset; received ${typeOf(value)} ${q(value)}. `
    + 'Loosening options are never read from other types (a string "false" from a config file would otherwise turn them on): convert the value to a boolean first.');
}

/**
 * A boolean setting that is not a loosening (e.g. `prune`, `wait`): `undefined` gives the default.
 * @internal
 */
export function checkBoolean(component: string, prop: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new ValidationError(component, prop, `must be true or false; received ${typeOf(value)} ${q(value)}.`);
  }
  return value;
}

/**
 * A real array without holes, or a clear error naming the prop. Returns the array (elements unchecked).
 * @internal
 */
export function checkList(component: string, prop: string, value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new ValidationError(component, prop, `must be a list of ${what}; received ${typeOf(value)}${typeof value === 'string' ? ` ${q(value)} (wrap a single value in [ ])` : ''}.`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!(i in value) || value[i] === undefined || value[i] === null) {
      throw new ValidationError(component, `${prop}[${i}]`, `is ${i in value ? String(value[i]) : 'a hole in the list'}; every entry of ${prop} must be ${what}.`);
    }
  }
  return value;
}

/**
 * An optional list: `undefined` stays undefined, anything else must be a real array without holes.
 * @internal
 */
export function checkOptionalList(component: string, prop: string, value: unknown, what: string): readonly unknown[] | undefined {
  return value === undefined ? undefined : checkList(component, prop, value, what);
}

/**
 * A plain object (not null, not an array), or a clear error naming the prop.
 * @internal
 */
export function checkObject(component: string, prop: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(component, prop, `must be ${what}; received ${typeOf(value)}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * A non-empty string setting (not a secret value: it may be echoed).
 * @internal
 */
export function checkText(component: string, prop: string, value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new ValidationError(component, prop, `${value === undefined ? 'is missing' : `must be a string; received ${typeOf(value)}`}; ${what}.`);
  }
  if (value.trim() === '') {
    throw new ValidationError(component, prop, `is empty; ${what}.`);
  }
  return value;
}

/**
 * A secret value to seal or encrypt: a non-empty string. An empty value is nearly always an unset
 * environment variable or a missing file, so it is refused rather than written. The value is never
 * echoed.
 * @internal
 */
export function checkSecretValue(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValidationError(component, prop, `must be a string; received ${typeOf(value)} (the value is not echoed). Quote numbers and booleans, or convert them to strings.`);
  }
  if (value.length === 0) {
    throw new ValidationError(component, prop, 'is empty; a secret value must not be empty: check that the environment variable or file it comes from is set.');
  }
  return value;
}
