import * as fs from 'fs';
import * as path from 'path';
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

const EXAMPLES: Array<[string, () => Promise<unknown>]> = [
  ['aws-cloud-native', () => import('../../examples/pulumi/aws-cloud-native')],
  ['external-secrets-aws', () => import('../../examples/pulumi/external-secrets-aws')],
  ['external-secrets-generators', () => import('../../examples/pulumi/external-secrets-generators')],
  ['hardening', () => import('../../examples/pulumi/hardening')],
  ['infisical', () => import('../../examples/pulumi/infisical')],
  ['least-privilege', () => import('../../examples/pulumi/least-privilege')],
  ['pattern-cloud-native', () => import('../../examples/pulumi/pattern-cloud-native')],
  ['pattern-enterprise-vault', () => import('../../examples/pulumi/pattern-enterprise-vault')],
  ['pattern-gitops', () => import('../../examples/pulumi/pattern-gitops')],
  ['pattern-hybrid-multi-cloud', () => import('../../examples/pulumi/pattern-hybrid-multi-cloud')],
  ['spiffe', () => import('../../examples/pulumi/spiffe')],
  ['vault-secrets-operator', () => import('../../examples/pulumi/vault-secrets-operator')],
];

describe('the Pulumi examples pass the policy pack (every example, no exceptions)', () => {
  test('the table lists every folder of examples/pulumi', () => {
    expect(EXAMPLES.map(([name]) => name)).toEqual(fs.readdirSync(path.join(__dirname, '..', '..', 'examples', 'pulumi')).sort());
  });

  test.each(EXAMPLES)('examples/pulumi/%s', async (_name, load) => {
    await load();
    await quiesce();
    expect(resourcesOf().filter(r => r.type.startsWith('kubernetes:')).length).toBeGreaterThan(0);
    expect(violations()).toEqual([]);
  });
});
