/**
 * Hostile input for the secrets auditor (issue 15): the options of SecretsAudit, the cdk8s validation
 * plugin, the policy pack and the jest matcher, and text that is not YAML (with secrets in it).
 */
import { Testing } from 'cdk8s';
import { SecretsAudit } from '../../../src/constructs/audit/secrets-audit';
import { auditText } from '../../../src/core/audit/audit';
import { secretsAuditPolicies } from '../../../src/policy';
import { toHaveNoSecretFindings } from '../../../src/testing/secret-findings-matcher';
import { CANARIES, HostileRow } from '../harness';

const bad = <T>(value: unknown) => value as T;
const SA = 'SecretsAudit';
const P = 'secretsAuditPolicies';
const M = 'toHaveNoSecretFindings';

export const rows: HostileRow[] = [
  { name: 'SecretsAudit: failOn "critical"', run: () => SecretsAudit.of(Testing.app(), { failOn: bad('critical') }), component: SA, prop: 'failOn', shows: '"critical"' },
  { name: 'SecretsAudit: failOn a number', run: () => SecretsAudit.of(Testing.app(), { failOn: bad(3) }), component: SA, prop: 'failOn', shows: '3 is not a severity' },
  { name: 'SecretsAudit: options null', run: () => SecretsAudit.of(Testing.app(), bad(null)), component: SA, prop: 'options', shows: 'received null' },
  { name: 'SecretsAudit: ignore a string', run: () => SecretsAudit.of(Testing.app(), { ignore: bad('KSS-ENV-001') }), component: SA, prop: 'ignore', shows: 'a string' },
  { name: 'SecretsAudit: ignore an unknown rule', run: () => SecretsAudit.of(Testing.app(), { ignore: ['KSS-NOPE-001'] }), component: SA, prop: 'ignore', shows: '"KSS-NOPE-001"' },
  { name: 'SecretsAudit: ignore holds a secret, not echoed', run: () => SecretsAudit.of(Testing.app(), { ignore: [`pw=${CANARIES.value}`] }), component: SA, prop: 'ignore', shows: '(not echoed)' },
  { name: 'policies: failOn "critical"', run: () => secretsAuditPolicies({ failOn: bad('critical') }), component: P, prop: 'failOn', shows: '"critical"' },
  { name: 'policies: ignore an unknown rule', run: () => secretsAuditPolicies({ ignore: ['KSS-RBAC-999'] }), component: P, prop: 'ignore', shows: '"KSS-RBAC-999"' },
  { name: 'matcher: failOn "none"', run: () => toHaveNoSecretFindings([], { failOn: bad('none') }), component: M, prop: 'failOn', shows: '"none"' },
  { name: 'matcher: ignore a number list', run: () => toHaveNoSecretFindings([], { ignore: bad([1]) }), component: M, prop: 'ignore', shows: 'an array' },
  { name: 'auditText: unterminated flow with a secret', run: () => auditText(`apiVersion: v1\nkind: Secret\nstringData: {password: ${CANARIES.value}`, 'a.yaml'), component: 'audit', prop: 'a.yaml', shows: /is not valid YAML or JSON \(line \d+, column \d+\)/ },
  { name: 'auditText: bad indentation with a private key', run: () => auditText(`data:\n  key: |\n    ${CANARIES.pemBody}\n   x: [`, 'b.yaml'), component: 'audit', prop: 'b.yaml', shows: /not valid YAML/ },
  { name: 'auditText: a URL password in broken JSON', run: () => auditText(`{"url": "postgres://u:${CANARIES.urlPassword}@db/x", `, 'c.json'), component: 'audit', prop: 'c.json', shows: /not valid YAML/ },
];
