/**
 * What is exported at runtime is what API.md documents (issue 12): the runtime exports of each entry point
 * equal the classes, functions, variables and enumerations API.md lists for it (interfaces and type
 * aliases do not exist at runtime). An internal helper that leaks into an entry fails here, and so does
 * a documented symbol that is not exported.
 */
import * as fs from 'fs';
import * as path from 'path';

const api = fs.readFileSync(path.join(__dirname, '..', '..', 'API.md'), 'utf8');
const RUNTIME_GROUPS = new Set(['Enumerations', 'Classes', 'Variables', 'Functions']);

interface Documented {
  readonly values: Set<string>;
  readonly types: Set<string>;
  readonly reexported: Set<string>;
}

/** The symbols API.md documents under `# <title>`, by group. */
function documented(title: string): Documented {
  const start = api.indexOf(`\n# ${title}\n`);
  if (start < 0) {
    throw new Error(`API.md has no section "# ${title}"`);
  }
  const next = api.indexOf('\n# ', start + 1);
  const section = api.slice(start, next < 0 ? undefined : next);
  const out: Documented = { values: new Set(), types: new Set(), reexported: new Set() };
  let group = '';
  for (const raw of section.split('\n')) {
    const line = raw.replace(/\\_/g, '_');
    const g = /^## (.+)$/.exec(line);
    if (g) {
      group = g[1];
      continue;
    }
    // A @deprecated symbol is rendered struck through (`### ~~InfisicalSecret~~`): still documented.
    const h = /^### (?:`abstract` )?(?:~~)?(\w+)/.exec(line);
    if (h) {
      (RUNTIME_GROUPS.has(group) ? out.values : out.types).add(h[1]);
    }
    const r = /^- \[(\w+)\]\(#/.exec(line);
    if (r && group === 'Re-exported from the core') {
      out.reexported.add(r[1]);
    }
  }
  return out;
}

function runtimeExports(entry: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(entry) as Record<string, unknown>;
  return Object.keys(mod).filter(k => k !== '__esModule').sort();
}

describe('the runtime exports are exactly what API.md documents', () => {
  const root = documented('kube-secure-secrets: cdk8s constructs and core');

  test('kube-secure-secrets (cdk8s constructs and core)', () => {
    expect(runtimeExports('kube-secure-secrets')).toEqual([...root.values].sort());
  });

  test('kube-secure-secrets/pulumi (components, and the core re-exported)', () => {
    const pulumi = documented('kube-secure-secrets/pulumi: Pulumi components');
    // The core is re-exported: its runtime values are those of the root section that the list names.
    const fromCore = [...pulumi.reexported].filter(name => root.values.has(name));
    expect(runtimeExports('kube-secure-secrets/pulumi')).toEqual([...new Set([...pulumi.values, ...fromCore])].sort());
    // Every re-exported name is documented in the root section (as a value or a type).
    expect([...pulumi.reexported].filter(name => !root.values.has(name) && !root.types.has(name))).toEqual([]);
  });

  // The other entries (kube-secure-secrets/testing, kube-secure-secrets/policy) document all they export.
  const others = [...api.matchAll(/^# (kube-secure-secrets\/(?!pulumi)[\w-]+): .+$/gm)].map(m => [m[1], m[0].slice(2)] as const);
  test('every other entry point is documented', () => {
    expect(others.map(([entry]) => entry)).toEqual(expect.arrayContaining(['kube-secure-secrets/testing']));
  });
  test.each(others)('%s', (entry, title) => {
    expect(runtimeExports(entry)).toEqual([...documented(title).values].sort());
  });

  test('no internal helper is reachable from an entry point', () => {
    for (const entry of ['kube-secure-secrets', 'kube-secure-secrets/pulumi']) {
      const names = runtimeExports(entry);
      for (const internal of ['q', 'typeOf', 'checkObjectName', 'checkNamespace', 'checkStringMap', 'encryptSopsValue', 'decryptSopsValue', 'optIn',
        'checkList', 'parseCidr', 'compileGoRegex', 'redactSecrets', 'objectMetadata', 'resolveServiceAccount', 'checkArn', 'validated']) {
        expect({ entry, internal, exported: names.includes(internal) }).toEqual({ entry, internal, exported: false });
      }
    }
  });
});
