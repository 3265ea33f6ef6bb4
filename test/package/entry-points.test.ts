/**
 * The root entry (`kube-secure-secrets`: cdk8s constructs + core) must never load any @pulumi package, so a
 * cdk8s-only user installs no Pulumi; `kube-secure-secrets/pulumi` is the Pulumi front-end.
 * (The packed tarball is checked the same way, in a project without Pulumi, by scripts/pack-smoke.sh.)
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package entry points', () => {
  test('the root entry loads without any @pulumi package', () => {
    jest.isolateModules(() => {
      for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/aws']) {
        jest.doMock(name, () => {
          throw new Error(`the root entry loaded ${name}`);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- isolateModules needs a synchronous load
      const rootEntry = require('kube-secure-secrets');
      expect(typeof rootEntry.SecretReader).toBe('function');
      expect(typeof rootEntry.SecureServiceAccount).toBe('function');
      expect(typeof rootEntry.WorkloadIdentity.awsIrsa).toBe('function');
      for (const name of ['@pulumi/pulumi', '@pulumi/kubernetes', '@pulumi/aws']) {
        jest.dontMock(name);
      }
    });
  });

  test('the pulumi entry loads without @pulumi/aws and without @pulumi/kubernetes (they load on first use)', () => {
    jest.isolateModules(() => {
      for (const name of ['@pulumi/kubernetes', '@pulumi/aws']) {
        jest.doMock(name, () => {
          throw new Error(`the pulumi entry loaded ${name} eagerly`);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const entry = require('kube-secure-secrets/pulumi');
      expect(typeof entry.KmsEncryptedEksCluster).toBe('function');
      expect(typeof entry.SecretStore).toBe('function');
      for (const name of ['@pulumi/kubernetes', '@pulumi/aws']) {
        jest.dontMock(name);
      }
    });
  });

  test('the pulumi entry exposes the Pulumi components and the core', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumiEntry = require('kube-secure-secrets/pulumi');
    for (const name of ['SecretReader', 'SecureServiceAccount', 'WorkloadIdentity', 'ValidationError', 'SecretStore', 'ExternalSecret',
      'KmsEncryptedEksCluster', 'IrsaRole', 'PodIdentityRole', 'ManagedSecret', 'mountSecret', 'secretReloadTransform']) {
      expect(typeof pulumiEntry[name]).toBe('function');
    }
  });

  test('exports, types and peer dependencies are declared for both entries', () => {
    expect(pkg.exports['.']).toEqual({ types: './lib/index.d.ts', default: './lib/index.js' });
    expect(pkg.exports['./pulumi']).toEqual({ types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' });
    expect(pkg.exports['./policy']).toEqual({ types: './lib/policy/index.d.ts', default: './lib/policy/index.js' });
    expect(pkg.exports['./testing']).toEqual({ types: './lib/testing/index.d.ts', default: './lib/testing/index.js' });
    // One cdk8s-plus major from 27 to 34, whichever the user installed: all optional, so npm adds none.
    const kplusMajors = [27, 28, 29, 30, 31, 32, 33, 34].map(major => `cdk8s-plus-${major}`);
    const optionalPeers = ['@pulumi/aws', '@pulumi/kubernetes', '@pulumi/policy', '@pulumi/pulumi', 'ajv', 'ajv-formats', ...kplusMajors];
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([...optionalPeers, 'cdk8s', 'constructs'].sort());
    for (const optional of optionalPeers) {
      expect(pkg.peerDependenciesMeta[optional]).toEqual({ optional: true });
    }
    for (const required of ['cdk8s', 'constructs']) {
      expect(pkg.peerDependenciesMeta[required]).toBeUndefined();
    }
    expect(pkg.dependencies ?? {}).not.toHaveProperty('@pulumi/pulumi');
  });

  test('src/core imports neither cdk8s nor Pulumi, and the root entry does not reach src/pulumi', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap(e => e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
    for (const file of files(path.join(root, 'src', 'core'))) {
      expect({ file, imports: fs.readFileSync(file, 'utf8').match(/from '(cdk8s|cdk8s-plus-27|constructs|@pulumi\/[^']+)'/g) }).toEqual({ file, imports: null });
    }
    for (const file of [path.join(root, 'src', 'index.ts'), ...files(path.join(root, 'src', 'constructs'))]) {
      expect({ file, imports: fs.readFileSync(file, 'utf8').match(/from '(@pulumi\/[^']+|\.\.?\/pulumi[^']*)'/g) }).toEqual({ file, imports: null });
    }
  });
});
