/**
 * What importing the root entry loads, in a fresh Node process (issue 18): no package of the @pulumi
 * scope at all, and none of the dependencies only some constructs need (the library's own `yaml`, for
 * SOPS files, CSI objects and Flux rules; the AWS SDK's ARN parser; re2js), which load on first use.
 * Import time itself is measured by `npm run bench`, not here.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

function loadedBy(script: string): string[][] {
  // test/helpers/ts-register.cjs: ts-node's transpile-only output, cached, and no compiler in the process.
  const result = spawnSync(process.execPath, ['-r', path.join(root, 'test', 'helpers', 'ts-register.cjs'), '-e', script], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as string[][];
}

/** The packages in a list of module paths (`@scope/name` or `name`), outside cdk8s's own nested copies. */
function packages(modules: string[]): Set<string> {
  return new Set(modules
    .filter(m => m.includes('node_modules') && !/node_modules[\\/]cdk8s[\\/]node_modules/.test(m))
    .map(m => {
      const parts = m.split(/node_modules[\\/]/).pop()!.split(/[\\/]/);
      return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    }));
}

describe('importing the root entry', () => {
  // One process: what the import loads, then what first use of SOPS rules and an IRSA identity loads.
  let atImport: Set<string>;
  let afterUse: Set<string>;
  beforeAll(() => {
    [atImport, afterUse] = loadedBy(`
    const lib = require('./src/index.ts');
    const atImport = Object.keys(require.cache);
    lib.sopsConfigYaml([{ pathRegex: '\\\\.sops\\\\.yaml$', ageRecipients: ['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'] }]);
    lib.WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/eso-payments');
    console.log(JSON.stringify([atImport, Object.keys(require.cache)]));`).map(packages);
  });

  test('loads nothing of the @pulumi scope and defers yaml, the ARN parser and re2js to first use', () => {
    expect([...atImport].filter(p => p.startsWith('@pulumi/'))).toEqual([]);
    for (const lazy of ['yaml', '@aws-sdk/util-arn-parser', '@aws-sdk/core', '@smithy/core', 're2js']) {
      expect({ lazy, loaded: atImport.has(lazy) }).toEqual({ lazy, loaded: false });
    }
    expect(atImport.has('cdk8s-plus-27')).toBe(true);
  });

  test('each deferred dependency loads when a construct needs it', () => {
    for (const lazy of ['yaml', '@aws-sdk/util-arn-parser', 're2js']) {
      expect({ lazy, loaded: afterUse.has(lazy) }).toEqual({ lazy, loaded: true });
    }
    expect([...afterUse].filter(p => p.startsWith('@pulumi/'))).toEqual([]);
  });
});
