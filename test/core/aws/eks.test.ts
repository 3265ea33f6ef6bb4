import { eksClusterSettings, secretRotationDays } from '../../../src/core';

describe('eksClusterSettings', () => {
  test('secure defaults: private endpoint only, all logs, API authentication, 30-day key window', () => {
    expect(eksClusterSettings({ subnetCount: 2, version: '1.31' })).toEqual({
      version: '1.31',
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
      enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
      authenticationMode: 'API',
      keyDeletionWindowInDays: 30,
      podIdentityAgent: true,
    });
  });

  test('public endpoint only with an allow-list', () => {
    expect(eksClusterSettings({ subnetCount: 3, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'], enabledClusterLogTypes: ['authenticator', 'audit'] }))
      .toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'], enabledClusterLogTypes: ['audit', 'authenticator'] });
  });

  test.each<[string, Parameters<typeof eksClusterSettings>[0], string]>([
    ['one subnet', { subnetCount: 1 }, 'KmsEncryptedEksCluster: subnetIds has 1 subnet(s); EKS needs subnets in at least two availability zones.'],
    ['a bad version', { subnetCount: 2, version: '1.31.2' }, 'KmsEncryptedEksCluster: version "1.31.2" is not a Kubernetes minor version; expected e.g. "1.31".'],
    ['public without CIDRs', { subnetCount: 2, endpointPublicAccess: true },
      'KmsEncryptedEksCluster: publicAccessCidrs is empty but endpointPublicAccess is true; list the CIDRs allowed to reach the public API endpoint (the office or CI egress ranges).'],
    ['public to the whole internet', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet; list the ranges that need access, or keep the endpoint private.'],
    ['two halves that add up to the whole internet', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] },
      'KmsEncryptedEksCluster: publicAccessCidrs ["0.0.0.0/1","128.0.0.0/1"] together cover every IPv4 address, which opens the API endpoint to the whole internet as "0.0.0.0/0" does; '
      + 'list the ranges that need access, or keep the endpoint private.'],
    ['blocks that add up to the whole internet', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1'] },
      'KmsEncryptedEksCluster: publicAccessCidrs ["203.0.113.0/24","0.0.0.0/2","64.0.0.0/2","128.0.0.0/1"] together cover every IPv4 address'],
    ['a CIDR with host bits', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.7/24'] },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "203.0.113.7/24" has host bits set; the block it means is "203.0.113.0/24" (write that, or the single address "203.0.113.7").'],
    ['an octal spelling', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['010.0.0.0/8'] },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "010.0.0.0/8" is not an IPv4 CIDR such as "203.0.113.0/24".'],
    ['an IPv6 CIDR', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['2001:db8::/32'] },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "2001:db8::/32" is not an IPv4 CIDR such as "203.0.113.0/24".'],
    ['a bare address', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.7'] },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "203.0.113.7" is not an IPv4 CIDR such as "203.0.113.0/24".'],
    ['a string instead of a list', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: '203.0.113.0/24' as any },
      'KmsEncryptedEksCluster: publicAccessCidrs must be a list of IPv4 CIDRs (strings); received a string "203.0.113.0/24" (wrap a single value in [ ]).'],
    ['a hole in the list', { subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: [, '203.0.113.0/24'] as any },
      'KmsEncryptedEksCluster: publicAccessCidrs[0] is a hole in the list; every entry of publicAccessCidrs must be IPv4 CIDRs (strings).'],
    ['CIDRs without public access', { subnetCount: 2, publicAccessCidrs: ['203.0.113.0/24'] },
      'KmsEncryptedEksCluster: publicAccessCidrs is set but endpointPublicAccess is not; set endpointPublicAccess: true to open the public endpoint to these CIDRs.'],
    ['logs without audit', { subnetCount: 2, enabledClusterLogTypes: ['api', 'authenticator'] },
      'KmsEncryptedEksCluster: enabledClusterLogTypes ["api","authenticator"] lacks "audit"; audit and authenticator logs record who read which Secret and who authenticated, and are always on.'],
    ['an unknown log type', { subnetCount: 2, enabledClusterLogTypes: ['audit', 'authenticator', 'kubelet' as any] },
      'KmsEncryptedEksCluster: enabledClusterLogTypes[2] "kubelet" is not an EKS log type; use "api", "audit", "authenticator", "controllerManager", "scheduler".'],
    ['CONFIG_MAP authentication', { subnetCount: 2, authenticationMode: 'CONFIG_MAP' as any },
      'KmsEncryptedEksCluster: authenticationMode "CONFIG_MAP" is not supported; use "API" (access entries) or "API_AND_CONFIG_MAP" while migrating off the aws-auth ConfigMap.'],
    ['a 3-day key window', { subnetCount: 2, keyDeletionWindowInDays: 3 }, 'KmsEncryptedEksCluster: keyDeletionWindowInDays 3 is out of range; KMS accepts 7 to 30 days.'],
  ])('refuses %s', (_, options, message) => {
    expect(() => eksClusterSettings(options)).toThrow(message);
  });
});

describe('secretRotationDays', () => {
  test('30 by default, longer only with the opt-in', () => {
    expect(secretRotationDays({})).toBe(30);
    expect(secretRotationDays({ afterDays: 7 })).toBe(7);
    expect(secretRotationDays({ afterDays: 90, allowLongerRotation: true })).toBe(90);
    expect(() => secretRotationDays({ afterDays: 90 })).toThrow('ManagedSecret: rotation.afterDays 90 is longer than 30 days; rotate at least monthly, or set rotation.allowLongerRotation: true.');
    expect(() => secretRotationDays({ afterDays: 0 })).toThrow('ManagedSecret: rotation.afterDays 0 is out of range; Secrets Manager rotates every 1 to 1000 days.');
  });
});
