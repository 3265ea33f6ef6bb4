/**
 * IAM policy evaluation for the tests, with an independent simulator (@cloud-copilot/iam-simulate,
 * AGPL-3.0, a dev dependency only: it is never bundled or shipped with the package).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { MOCK_ACCOUNT } from './aws-mock-state';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  readonly principal?: string;
}

/** The decision for one request against identity policies and, optionally, a resource (key) policy. */
export async function evaluate(request: IamRequest, identityPolicies: any[], resourcePolicy?: any): Promise<Decision> {
  const result: any = await runSimulation({
    request: {
      principal: request.principal ?? `arn:aws:iam::${MOCK_ACCOUNT}:role/workload`,
      action: request.action,
      resource: { resource: request.resource, accountId: MOCK_ACCOUNT },
      contextVariables: request.context ?? {},
    },
    identityPolicies: identityPolicies.map((policy, i) => ({ name: `policy-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  } as any, {});
  if (result.errors) {
    throw new Error(`IAM simulation rejected the request: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/** A key policy that lets the account's IAM policies decide (the default KMS key policy). */
export function accountKeyPolicy(): any {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
}
