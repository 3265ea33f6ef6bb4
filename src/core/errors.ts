/**
 * The error every kube-secure-secrets validation throws.
 *
 * Messages are written for the person who wrote the props: they name the component, the prop (with its
 * index for list items), the value received, what is allowed and how to fix it, for example
 * `SecretReader: secrets[1] "*" is a wildcard; name each Secret explicitly (resourceNames cannot be
 * narrowed by pattern).` A message never contains a secret value: only names, references and
 * settings are echoed, and every message passes through one redaction step (age identities, private keys,
 * URL passwords, bearer tokens) as a last line of defence.
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
    super(redactSecrets(`${component}: ${prop} ${detail}`));
    this.name = 'ValidationError';
    this.component = component;
    this.prop = redactSecrets(prop);
  }
}

/**
 * Patterns of text that is a credential whatever the context, replaced by {@link redactSecrets}:
 * age identities, PEM private keys, the userinfo of a URL, and a `Bearer` token.
 */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // age X25519 (and post-quantum) identities: `AGE-SECRET-KEY-1...`, `AGE-SECRET-KEY-PQ-1...`.
  [/AGE-SECRET-KEY-[A-Z0-9-]*1[02-9AC-HJ-NP-Z]+/gi, 'AGE-SECRET-KEY-<redacted>'],
  // PEM private keys (RSA, EC, PKCS#8, OpenSSH, encrypted), including a truncated one.
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, '<redacted $1PRIVATE KEY>'],
  // URL userinfo: scheme://user:password@host, scheme://token@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'`]+@/gi, '$1<redacted>@'],
  // HTTP bearer credentials.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 <redacted>'],
];

/**
 * Replace credentials in a text (an error message, a log line, a parser's message) with a placeholder:
 * age identities, PEM private keys, URL userinfo and bearer tokens. The one place every error path of
 * the library (constructs, components, CLI) passes its text through.
 * @internal
 */
export function redactSecrets(text: string): string {
  let out = String(text);
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement);
  }
  return out;
}

/**
 * Quote a user-supplied name for an error message. Only for names and settings, never for secret values;
 * the text is redacted all the same (a URL with a password, a pasted key).
 * @internal
 */
export function q(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'symbol') {
    return 'a symbol';
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeOf(value);
  }
}

/**
 * The type of a value as a message names it: `null`, `an array`, `a string`, `a Pulumi Output or promise`,
 * `an object`, ...
 * @internal
 */
export function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'object') {
    const v = value as { apply?: unknown; then?: unknown };
    if (typeof v.apply === 'function' || typeof v.then === 'function') {
      return 'a deferred value (a Pulumi Output or a promise)';
    }
    return 'an object';
  }
  return `a ${typeof value}`;
}
