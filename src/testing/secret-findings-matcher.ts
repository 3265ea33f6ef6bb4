/**
 * A jest matcher over the auditor's rules, for users' own tests:
 *
 * ```ts
 * import { secretFindingsMatchers } from 'kube-secure-secrets/testing';
 * expect.extend(secretFindingsMatchers);
 * expect(Testing.synth(chart)).toHaveNoSecretFindings();
 * expect(yamlText).toHaveNoSecretFindings({ failOn: 'medium', ignore: ['KSS-ENV-001'] });
 * ```
 *
 * With TypeScript, declare it once (e.g. in a `jest.d.ts`):
 *
 * ```ts
 * declare global {
 *   namespace jest {
 *     interface Matchers<R> { toHaveNoSecretFindings(options?: import('kube-secure-secrets/testing').SecretFindingsOptions): R; }
 *   }
 * }
 * ```
 * @module
 */
import { AuditSeverity } from '../core';
import { auditDocuments, auditManifests, auditText, checkRuleIds, checkSeverity } from '../core/audit/audit';
import { AuditReport } from '../core/audit/engine';
import { findingsAtLeast, formatAuditText } from '../core/audit/report';

/** Options of `toHaveNoSecretFindings`. */
export interface SecretFindingsOptions {
  /**
   * Only findings at or above this severity fail.
   * @default "low" (every finding)
   */
  readonly failOn?: AuditSeverity;
  /**
   * Rule ids to skip.
   * @default - none
   */
  readonly ignore?: readonly string[];
}

/** The result a jest matcher returns. */
export interface SecretFindingsMatcherResult {
  /** Whether there is no finding at or above the threshold. */
  readonly pass: boolean;
  /** The findings, grouped by object, as the CLI prints them. */
  readonly message: () => string;
}

interface ConstructLike {
  readonly node: { findAll: () => unknown[]; readonly path: string };
}

function isConstruct(value: unknown): value is ConstructLike {
  return typeof value === 'object' && value !== null && typeof (value as ConstructLike).node?.findAll === 'function';
}

/** An ApiObject of cdk8s, recognised without importing cdk8s. */
function apiObjectJson(c: unknown): unknown {
  const o = c as { toJson?: unknown; apiVersion?: unknown; kind?: unknown };
  return typeof o.toJson === 'function' && typeof o.apiVersion === 'string' && typeof o.kind === 'string' ? (o.toJson as () => unknown).call(c) : undefined;
}

/**
 * Audit what a test holds: YAML or JSON text, a manifest or an array of manifests, or a cdk8s App or
 * Chart (its ApiObjects, with their construct paths as the file).
 * @internal
 */
export function auditForTest(received: unknown, options: SecretFindingsOptions = {}): AuditReport {
  const ignore = checkRuleIds('toHaveNoSecretFindings', 'ignore', options.ignore);
  if (typeof received === 'string') {
    return auditText(received, undefined, { ignore });
  }
  if (isConstruct(received)) {
    const documents = received.node.findAll().flatMap(c => {
      const value = apiObjectJson(c);
      return value === undefined ? [] : [{ value, file: (c as ConstructLike).node.path }];
    });
    return auditDocuments(documents, { ignore });
  }
  return auditManifests(received, { ignore });
}

/**
 * `expect(manifests).toHaveNoSecretFindings(options?)`: passes when the auditor reports nothing at or
 * above `failOn`; fails listing each finding (rule, object, field, message, fix; never a secret value).
 */
export function toHaveNoSecretFindings(received: unknown, options: SecretFindingsOptions = {}): SecretFindingsMatcherResult {
  const report = auditForTest(received, options);
  const failing = findingsAtLeast(report, checkSeverity('toHaveNoSecretFindings', 'failOn', options.failOn));
  return {
    pass: failing.length === 0,
    message: () => (failing.length === 0
      ? `expected secret findings, but the auditor reported none in ${report.objectCount} objects`
      : `expected no secret findings${options.failOn ? ` at or above ${options.failOn}` : ''}, but the auditor reported:\n\n${formatAuditText({ objectCount: report.objectCount, findings: failing })}`),
  };
}

/** The matchers, for `expect.extend(secretFindingsMatchers)`. */
export const secretFindingsMatchers = { toHaveNoSecretFindings };
