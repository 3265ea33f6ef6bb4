import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { secretsAuditPolicies } from '../../src/policy';
import { resetRecorded, resourcesOf, setupPulumiMocks, stripUndefined } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

/** Let the mock engine register every resource the program creates (children register asynchronously). */
async function quiesce(): Promise<void> {
  let last = -1;
  for (let i = 0; i < 200 && resourcesOf().length !== last; i++) {
    last = resourcesOf().length;
    for (let k = 0; k < 5; k++) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
  }
}

/** Run the pack's policies over the recorded resources, as the analyzer would. */
function violations(): string[] {
  const resources = resourcesOf().map(r => ({
    type: r.type, name: r.name, urn: `urn:pulumi:test::example::${r.type}::${r.name}`, props: stripUndefined(r.inputs ?? {}),
  }) as unknown as PolicyResource);
  const args = {
    resources, stackTags: new Map(), getConfig: () => ({}), notApplicable: () => undefined,
  } as unknown as StackValidationArgs;
  const out: string[] = [];
  for (const p of secretsAuditPolicies()) {
    void p.validateStack(args, (message, urn) => out.push(`${p.name} ${urn?.split('::').pop()}: ${message}`));
  }
  return out;
}

// The same two known findings as the cdk8s examples (test/core/audit/parity.test.ts): envFromSecret
// without keys, and the deprecated InfisicalSecret v1alpha1 the library writes.
const KNOWN: Record<string, string[]> = { 'external-secrets-aws': ['KSS-ENV-002 payment-api'], 'hardening': ['KSS-INF-001 web-config'] };

describe('the Pulumi examples pass the policy pack (but for the known findings)', () => {
  test.each([
    ['least-privilege', () => import('../../examples/pulumi/least-privilege')],
    ['hardening', () => import('../../examples/pulumi/hardening')],
    ['external-secrets-aws', () => import('../../examples/pulumi/external-secrets-aws')],
    ['aws-cloud-native', () => import('../../examples/pulumi/aws-cloud-native')],
  ])('examples/pulumi/%s', async (name, load) => {
    await load();
    await quiesce();
    expect(resourcesOf().filter(r => r.type.startsWith('kubernetes:')).length).toBeGreaterThan(0);
    expect(violations().map(v => v.slice(0, v.indexOf(':')))).toEqual(KNOWN[name] ?? []);
  });
});
