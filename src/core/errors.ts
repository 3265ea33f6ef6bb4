/**
 * The error every kube-secure-secrets validation throws.
 *
 * Messages are written for the person who wrote the props: they name the component, the prop (with its
 * index for list items), the value received, what is allowed and how to fix it, for example
 * `SecretReader: secrets[1] "*" is a wildcard; name each Secret explicitly (resourceNames cannot be
 * narrowed by pattern).` A message never contains a secret value: only names, references and
 * settings are echoed.
 */
export class ValidationError extends Error {
  /** The component that refused the input, e.g. `SecretReader`. */
  public readonly component: string;
  /** The prop that holds the refused value, e.g. `secrets[1]`. */
  public readonly prop: string;

  /**
   * @param component the component that refused the input, e.g. `SecretReader`
   * @param prop the prop (path) that holds the refused value, e.g. `secrets[1]`
   * @param detail what is wrong and how to fix it; appended after `<component>: <prop> `
   */
  public constructor(component: string, prop: string, detail: string) {
    super(`${component}: ${prop} ${detail}`);
    this.name = 'ValidationError';
    this.component = component;
    this.prop = prop;
  }
}

/**
 * Quote a user-supplied name for an error message. Only for names and settings, never for secret values.
 * @internal
 */
export function q(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
