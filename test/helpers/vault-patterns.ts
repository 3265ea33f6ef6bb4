/**
 * Checks of the Vault side of the Vault patterns (EnterpriseVaultSecrets, HybridMultiCloudSecrets),
 * independent of the code under test: policies are parsed with a real HCL parser (`@cdktf/hcl2json`,
 * HashiCorp's HCL2 compiled to WebAssembly), roles read as Vault reads their parameters, and the setup
 * script parsed line by line as the shell would run it.
 */
import { parse } from '@cdktf/hcl2json';

/** What a parsed policy grants: path to capabilities. */
export type PolicyGrants = Record<string, string[]>;

/** Parse a Vault policy with the HCL2 parser and return path -> capabilities; throws on any other block or key. */
export async function policyGrants(name: string, hcl: string): Promise<PolicyGrants> {
  const json = await parse(`${name}.hcl`, hcl) as Record<string, unknown>;
  const keys = Object.keys(json);
  if (keys.some(k => k !== 'path')) {
    throw new Error(`policy ${name}: unexpected top-level blocks ${JSON.stringify(keys)}`);
  }
  const grants: PolicyGrants = {};
  for (const [path, blocks] of Object.entries((json.path ?? {}) as Record<string, unknown[]>)) {
    for (const block of blocks as Array<Record<string, unknown>>) {
      const blockKeys = Object.keys(block);
      if (blockKeys.some(k => k !== 'capabilities')) {
        throw new Error(`policy ${name}: path ${path} sets ${JSON.stringify(blockKeys)}`);
      }
      grants[path] = [...(grants[path] ?? []), ...(block.capabilities as string[])];
    }
  }
  return grants;
}

/** Problems of a policy that must grant `read`, only `read`, on exactly `declared` (no glob, no `+`). */
export async function readOnlyPolicyProblems(name: string, hcl: string, declared: readonly string[]): Promise<string[]> {
  const grants = await policyGrants(name, hcl);
  const problems: string[] = [];
  const paths = Object.keys(grants).sort();
  const want = [...new Set(declared)].sort();
  if (JSON.stringify(paths) !== JSON.stringify(want)) {
    problems.push(`policy ${name}: grants on ${JSON.stringify(paths)}, declared ${JSON.stringify(want)}`);
  }
  for (const [path, caps] of Object.entries(grants)) {
    if (/[*+]/.test(path)) {
      problems.push(`policy ${name}: path ${path} is a glob`);
    }
    if (caps.length !== 1 || caps[0] !== 'read') {
      problems.push(`policy ${name}: path ${path} has capabilities ${JSON.stringify(caps)}, not exactly ["read"]`);
    }
  }
  return problems;
}

/** A Kubernetes-auth role as the patterns describe it. */
export interface RoleLike {
  readonly path: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * Problems of a Kubernetes-auth role that must be bound to exactly one ServiceAccount and namespace, with
 * the given audience (`null`: none, the API server's default audience).
 */
export function kubernetesRoleProblems(role: RoleLike, audience: string | null = 'vault'): string[] {
  const p = role.parameters as Record<string, unknown>;
  const problems: string[] = [];
  const names = p.bound_service_account_names;
  const namespaces = p.bound_service_account_namespaces;
  const single = (v: unknown) => Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' && v[0] !== '' && !/[*,\s]/.test(v[0]);
  if (!single(names)) {
    problems.push(`role ${role.path}: bound_service_account_names ${JSON.stringify(names)} is not exactly one name`);
  }
  if (!single(namespaces)) {
    problems.push(`role ${role.path}: bound_service_account_namespaces ${JSON.stringify(namespaces)} is not exactly one namespace`);
  }
  if (p.audience !== (audience ?? undefined)) {
    problems.push(`role ${role.path}: audience ${JSON.stringify(p.audience)}, expected ${JSON.stringify(audience)}`);
  }
  if (p.bound_service_account_namespace_selector !== undefined) {
    problems.push(`role ${role.path}: binds namespaces by selector`);
  }
  return problems;
}

/**
 * The heredoc policies of a setup script (`vault policy write <name> - <<'EOF' ... EOF`), name to HCL, and
 * every other command line.
 */
export function scriptParts(script: string): { policies: Record<string, string>; commands: string[] } {
  const lines = script.split('\n');
  const policies: Record<string, string> = {};
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^vault policy write (\S+) - <<'EOF'$/.exec(lines[i]);
    if (m) {
      const end = lines.indexOf('EOF', i + 1);
      if (end < 0) {
        throw new Error(`unterminated heredoc for ${m[1]}`);
      }
      policies[m[1].replace(/^'|'$/g, '')] = `${lines.slice(i + 1, end).join('\n')}\n`;
      i = end;
    } else if (lines[i].trim() !== '' && !lines[i].startsWith('#')) {
      commands.push(lines[i]);
    }
  }
  return { policies, commands };
}

/** One run of a setup script against the stub `vault` CLI. */
export interface SetupRun {
  /** Exit status. */
  readonly status: number;
  /** Every `vault` invocation, arguments joined by spaces (a policy read from stdin is saved as `<stateDir>/policy-<name>.hcl`, named after `<<`). */
  readonly calls: string[];
  /** Standard error. */
  readonly stderr: string;
}

/**
 * Run a setup script with bash against a stub `vault` CLI that keeps its enabled audit devices and auth
 * mounts in `stateDir` (so a second run sees what the first enabled), the way `vault audit list
 * -format=json` and `vault auth list -format=json` print them (a JSON object keyed by `<path>/`).
 */
export function runSetupScript(script: string, stateDir: string, env: Record<string, string> = {}): SetupRun {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('child_process') as typeof import('child_process');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');
  const bin = path.join(stateDir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const stub = `#!/usr/bin/env bash
set -eu
state=${JSON.stringify(stateDir)}
touch "$state/audit" "$state/auth" "$state/calls"
line="$*"
last=""; for a in "$@"; do last="$a"; done
if [ "$last" = "-" ]; then cat > "$state/policy-$3.hcl"; line="$line << $state/policy-$3.hcl"; fi
echo "$line" >> "$state/calls"
list() { printf '{'; sed 's/.*/"&": {},/' "$1" | tr -d '\\n' | sed 's/,$//'; printf '}\\n'; }
case "$1 \${2:-}" in
  "audit list") list "$state/audit" ;;
  "auth list") list "$state/auth" ;;
  "audit enable"|"auth enable") p="\${3#-path=}"; echo "$p/" >> "$state/$1" ;;
esac
`;
  fs.writeFileSync(path.join(bin, 'vault'), stub, { mode: 0o755 });
  const before = fs.existsSync(path.join(stateDir, 'calls')) ? fs.readFileSync(path.join(stateDir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0;
  const result = spawnSync('bash', ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
  const calls = fs.readFileSync(path.join(stateDir, 'calls'), 'utf8').split('\n').filter(Boolean).slice(before);
  return { status: result.status ?? -1, calls, stderr: result.stderr };
}
