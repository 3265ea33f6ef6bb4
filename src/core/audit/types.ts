/**
 * The auditor's data model: rules, the objects they read and the findings they report.
 */

/** How bad a finding is: `high` exposes secret values or lets others read them, `low` is hardening. */
export type AuditSeverity = 'high' | 'medium' | 'low';

/** The severities from the most to the least severe. */
export const AUDIT_SEVERITIES: readonly AuditSeverity[] = ['high', 'medium', 'low'];

/** Where an object was read from. */
export interface AuditSource {
  /**
   * The file (as given to the auditor, e.g. a path or `<stdin>`).
   * @default - unknown
   */
  readonly file?: string;
  /**
   * The 1-based line where the object starts in the file.
   * @default - unknown
   */
  readonly line?: number;
  /**
   * Where the object sits in its document: `""` for the document itself, `items[2]` for an item of a
   * `List`.
   * @default ""
   */
  readonly location?: string;
}

/** One object as the rules read it. */
export interface AuditObject {
  /** The object as written (a plain JSON-like value). */
  readonly manifest: Record<string, unknown>;
  /** `apiVersion` as written, or the one a typed list implies (`""` when absent). */
  readonly apiVersion: string;
  /** `kind` as written, or the one a typed list implies (`""` when absent). */
  readonly kind: string;
  /**
   * `metadata.name`.
   * @default - none
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - none
   */
  readonly namespace?: string;
  /** Where it was read from. */
  readonly source: AuditSource;
}

/** The object a finding is about, as reported (no manifest body). */
export interface AuditFindingObject {
  /** Its kind. */
  readonly kind: string;
  /** Its apiVersion. */
  readonly apiVersion: string;
  /**
   * Its name.
   * @default - none
   */
  readonly name?: string;
  /**
   * Its namespace.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * The file it was read from.
   * @default - unknown
   */
  readonly file?: string;
  /**
   * The line where it starts.
   * @default - unknown
   */
  readonly line?: number;
  /**
   * Where it sits in its document (`items[2]`), `""` for the document itself.
   * @default ""
   */
  readonly location?: string;
}

/** One finding: a rule that an object breaks, with the field and how to fix it. Never holds a secret value. */
export interface AuditFinding {
  /** The rule id, e.g. `KSS-RBAC-001`. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: AuditSeverity;
  /** The rule's title. */
  readonly title: string;
  /** The object. */
  readonly object: AuditFindingObject;
  /** The field, relative to the object, e.g. `rules[0].verbs`. */
  readonly field: string;
  /** What is wrong: names the field and the (non-secret) value. */
  readonly message: string;
  /** How to fix it, naming the construct of this library that produces the safe form. */
  readonly fix: string;
}

/** What a rule's check reports; the engine adds the rule's id, severity, title and fix. */
export interface AuditHit {
  /** The object. */
  readonly object: AuditObject;
  /** The field, relative to the object. */
  readonly field: string;
  /** What is wrong (names the field and the value, never a secret value). */
  readonly message: string;
}

/** A rule of the auditor: its documentation and its check. */
export interface SecretsAuditRule {
  /** Stable id: `KSS-<FAMILY>-NNN`. */
  readonly id: string;
  /** The family, e.g. `RBAC`. */
  readonly family: string;
  /** Severity. */
  readonly severity: AuditSeverity;
  /** A one-line title. */
  readonly title: string;
  /** What it checks. */
  readonly description: string;
  /** Why it matters, with the upstream source. */
  readonly why: string;
  /** The fix, naming the construct of this library that produces the safe form. */
  readonly fix: string;
  /** The check, over every object of the input at once (some rules relate objects). */
  readonly check: (context: AuditContext) => AuditHit[];
}

/** A credential pattern found by secretlint in a value. */
export interface CredentialHit {
  /** The secretlint rule, e.g. `@secretlint/secretlint-rule-github`. */
  readonly ruleId: string;
  /** The secretlint message id, e.g. `GITHUB_TOKEN`. */
  readonly messageId: string;
}

/** What a rule's check receives. */
export interface AuditContext {
  /** Every object of the input, lists flattened. */
  readonly objects: readonly AuditObject[];
  /** The objects of a kind (exact kind). */
  readonly ofKind: (...kinds: string[]) => readonly AuditObject[];
  /**
   * The credential patterns found in the string values that the plaintext rules scan (ConfigMap data,
   * env literals, template literals, annotations), by object and field; computed once per audit.
   */
  readonly credentials: () => ReadonlyMap<AuditObject, ReadonlyMap<string, readonly CredentialHit[]>>;
}
