/**
 * Fake provider outputs for Pulumi's mock engine: what AWS would return for the resources and data
 * sources the AWS components use (ARNs, the EKS OIDC issuer, ...). Shared by the tests and by
 * scripts/pulumi-offline.ts. Account 111122223333, region us-east-1: documentation values.
 */
import { createHash } from 'crypto';

export const MOCK_ACCOUNT = '111122223333';
export const MOCK_REGION = 'us-east-1';
export const MOCK_ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Outputs for a data source call (the mock's `call`). */
export function mockCall(token: string, inputs: Record<string, any>): Record<string, any> {
  switch (token) {
    case 'aws:index/getPartition:getPartition':
      return { id: 'aws', partition: 'aws', dnsSuffix: 'amazonaws.com', reverseDnsPrefix: 'com.amazonaws' };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return { id: MOCK_ACCOUNT, accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`, userId: 'AIDAEXAMPLE' };
    case 'aws:iam/getSessionContext:getSessionContext':
      // For a non-role ARN (the mock caller is an IAM user) the data source passes it through.
      return { id: inputs.arn, arn: inputs.arn, issuerArn: inputs.arn, issuerId: 'AIDAEXAMPLE', issuerName: 'ci', sessionName: '' };
    case 'aws:index/getRegion:getRegion':
      return { id: MOCK_REGION, region: MOCK_REGION, name: MOCK_REGION, endpoint: `ec2.${MOCK_REGION}.amazonaws.com`, description: 'US East (N. Virginia)' };
    default:
      return inputs;
  }
}

/** Outputs for a new resource: its inputs plus what AWS would compute. */
export function mockResourceState(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
  const physical = inputs.name ?? `${name}-${createHash('sha256').update(name).digest('hex').slice(0, 7)}`;
  switch (type) {
    case 'aws:iam/role:Role':
      return { ...inputs, name: physical, arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${physical}` };
    case 'aws:kms/key:Key': {
      const keyId = uuidFrom(name);
      return { ...inputs, keyId, arn: `arn:aws:kms:${MOCK_REGION}:${MOCK_ACCOUNT}:key/${keyId}` };
    }
    case 'aws:eks/cluster:Cluster':
      return {
        ...inputs,
        name: physical,
        arn: `arn:aws:eks:${MOCK_REGION}:${MOCK_ACCOUNT}:cluster/${physical}`,
        endpoint: `https://EXAMPLED539D4633E53DE1B71EXAMPLE.gr7.${MOCK_REGION}.eks.amazonaws.com`,
        identities: [{ oidcs: [{ issuer: `https://${MOCK_ISSUER}` }] }],
        certificateAuthority: { data: Buffer.from('-----BEGIN CERTIFICATE-----\nFAKE\n-----END CERTIFICATE-----\n').toString('base64') },
        vpcConfig: { ...inputs.vpcConfig, clusterSecurityGroupId: 'sg-0123456789abcdef0', vpcId: 'vpc-0123456789abcdef0' },
      };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider':
      return { ...inputs, arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, '')}` };
    case 'aws:secretsmanager/secret:Secret':
      return { ...inputs, name: physical, arn: `arn:aws:secretsmanager:${MOCK_REGION}:${MOCK_ACCOUNT}:secret:${physical}-AbCdEf` };
    case 'aws:ec2/launchTemplate:LaunchTemplate':
      return { ...inputs, latestVersion: 1 };
    default:
      return inputs;
  }
}
