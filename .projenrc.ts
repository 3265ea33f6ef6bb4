import { javascript, typescript } from 'projen';

/**
 * kube-secure-secrets: projen is the only thing that edits package.json, tsconfig*.json, .eslintrc.json,
 * .gitignore, .npmignore and .projen/*. Change this file and run `npx projen`.
 */
// The cdk8s-plus majors the cdk8s front-end supports (src/constructs/internal/cdk8s-plus-adapter.ts).
const CDK8S_PLUS_PEERS = ['cdk8s-plus-27@^2.9.0', ...[28, 29, 30, 31, 32, 33, 34].map(major => `cdk8s-plus-${major}@^2.0.0`)];

const project = new typescript.TypeScriptProject({
  name: 'kube-secure-secrets',
  packageName: 'kube-secure-secrets',
  description:
    'Secure-by-default building blocks for Kubernetes secrets: least-privilege RBAC, workload identity, '
    + 'External Secrets, sealed/SOPS GitOps secrets and AWS foundations, for cdk8s and Pulumi.',
  keywords: ['kubernetes', 'secrets', 'cdk8s', 'pulumi', 'rbac', 'external-secrets', 'irsa', 'security'],
  license: 'Apache-2.0',
  copyrightOwner: 'The kube-secure-secrets authors',
  authorName: 'The kube-secure-secrets authors',
  repository: 'https://github.com/kube-secure-secrets/kube-secure-secrets.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  // 20.19: require() of ES modules (secretlint, the auditor's credential rules, is ESM-only) without a flag.
  minNodeVersion: '20.19.0',
  projenrcTs: true,
  sampleCode: false,

  // CI is `.ci/run` (npm ci && npm test); no hosted workflows, bots or release automation yet.
  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,

  typescriptVersion: '~5.9.3',
  tsconfig: {
    compilerOptions: {
      target: 'ES2022',
      lib: ['es2022'],
      // Node 20 is the floor; keep CommonJS output so both `require` and `import` consumers work.
      module: 'CommonJS',
      skipLibCheck: true,
    },
  },
  // The dev tsconfig (test/tsconfig.json) type-checks tests, examples, scripts and benchmarks; examples
  // import the package by its public names, mapped to the sources here and in jest's moduleNameMapper.
  tsconfigDev: {
    compilerOptions: {
      skipLibCheck: true,
      // ts-jest reads this: it transpiles each file on its own instead of building and type-checking the
      // whole program in the first test file (about 6.5 s); `npm test` type-checks once with tsc instead
      // (the `typecheck` task). tsc enforces what per-file transpiling needs (e.g. `export type`).
      isolatedModules: true,
      baseUrl: '..',
      paths: {
        'kube-secure-secrets': ['src/index.ts'],
        'kube-secure-secrets/pulumi': ['src/pulumi/index.ts'],
        'kube-secure-secrets/policy': ['src/policy/index.ts'],
        'kube-secure-secrets/testing': ['src/testing/index.ts'],
      },
    },
    include: ['../src/**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'],
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'bench'],
    // `npm test` must report lint problems, not rewrite files behind the developer's back.
    commandOptions: { fix: false },
  },

  // Peers: a cdk8s-only user installs no Pulumi. Versions are the minimums we support; the dev copies
  // below are what the tests run against.
  peerDeps: [
    'cdk8s@^2.68.11',
    // Any one cdk8s-plus major from 27 to 34 (all optional, see peerDependenciesMeta below): the cdk8s
    // front-end picks the installed one at run time, so npm keeps the user's only copy instead of adding
    // a second major (a required peer would be auto-installed by npm 7+).
    ...CDK8S_PLUS_PEERS,
    'constructs@^10.3.0',
    '@pulumi/pulumi@^3.140.0',
    '@pulumi/kubernetes@^4.18.0',
    '@pulumi/aws@^7.0.0',
    // The CrossGuard policy pack entry (kube-secure-secrets/policy) only.
    '@pulumi/policy@^1.21.0',
    // The schema validation of kube-secure-secrets/testing only (users install them as dev dependencies).
    'ajv@^8.0.0',
    'ajv-formats@^3.0.0',
  ],
  peerDependencyOptions: { pinnedDevDependency: false },
  // Runtime dependencies:
  // - age-encryption: age by age's author (ESM, async): post-quantum recipients, decryption, key generation;
  // - synckit: runs it in a worker thread behind a synchronous call, because cdk8s synthesizes synchronously;
  // - bech32: the BIP 173 decoder (checksum verified) of X25519 age recipients, whose age files the library
  //   writes in-process with node:crypto (src/core/gitops/age-x25519.ts) to spare the worker (issue 18);
  // - yaml: reads and writes SOPS documents in key order, and the command-line tool's YAML;
  // - ipaddr.js: CIDR parsing and containment for every NetworkPolicy and EKS CIDR (no hand-written IP math);
  // - re2js: Google's JavaScript port of RE2, to check the Go regular expressions ESO, SOPS and Prometheus
  //   read with Go's own semantics (no lookahead, no back-references) and to evaluate what they match;
  // - @aws-sdk/util-arn-parser: the AWS SDK's ARN parser, instead of a hand-written ARN regex;
  // - @secretlint/core + the recommended preset: credential patterns for the auditor's plaintext rules,
  //   instead of hand-written regexes (12.0.x: 12.0.1+ require Node 22).
  deps: [
    'age-encryption@^0.3.1', 'bech32@^2.0.0', 'synckit@^0.12.3', 'yaml@^2.9.1', 'ipaddr.js@^2.2.0', 're2js@^2.10.0', '@aws-sdk/util-arn-parser@^3.972.0',
    '@secretlint/core@~12.0.0', '@secretlint/secretlint-rule-preset-recommend@~12.0.0',
  ],
  bin: { 'kube-secure-secrets': 'lib/cli/index.js' },
  devDeps: [
    'cdk8s@^2.70.106',
    'cdk8s-plus-27@^2.9.5',
    'constructs@^10.8.1',
    // 3.248 is the last @pulumi/pulumi whose engines allow Node 20 (3.249+ require Node 22).
    '@pulumi/pulumi@~3.248.0',
    '@pulumi/kubernetes@^4.34.2',
    '@pulumi/aws@^7.48.0',
    // Schema validation of every synthesized manifest (test/helpers/schema.ts).
    'ajv@^8.20.0',
    'ajv-formats@^3.0.1',
    // Independent IAM policy evaluation in the tests of the generated IAM and KMS policies. Test-only:
    // AGPL-3.0 (never bundled or shipped; see test/helpers/iam.ts).
    '@cloud-copilot/iam-simulate@^0.1.173',
    // Property-based tests of the core builders (test/property/).
    'fast-check@^4.3.0',
    // A real HCL parser (HashiCorp's, compiled to WebAssembly) for the Vault policies in the tests.
    '@cdktf/hcl2json@^0.21.0',
    // The policy pack's SDK (tests call the policies directly; 1.21 runs with @pulumi/pulumi 3.248).
    '@pulumi/policy@~1.21.0',
    // `cdk8s synth` with the validation plugin in a test project (test/constructs/audit-plugin).
    'cdk8s-cli@^2.207.60',
    // The newest cdk8s-plus, for the compatibility smoke test of the cdk8s front-end (27 stays the default).
    'cdk8s-plus-34@^2.0.54',
    // SARIF 2.1.0's schema is draft-04; ajv 8 validates it with this (test of the auditor's SARIF output).
    'ajv-draft-04@^1.0.0',
    // API.md from TSDoc (scripts/api-docs.mjs).
    'typedoc@^0.28.20',
    'typedoc-plugin-markdown@^4.14.1',
  ],

  jestOptions: {
    // jest 29, not 30: jest 30 (and eslint-import-resolver-typescript 4) depend on unrs-resolver, whose
    // per-platform binaries the project's npm registry does not serve for every platform; the lockfile
    // then lacks them and `npm ci` refuses it. jest 29 has no such dependency.
    jestVersion: '^29',
    // `npm test` runs `jest --ci`: a missing or changed snapshot fails; `npx projen test:update` rewrites.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      moduleNameMapper: {
        // Tests and examples import the package by its public names, resolved to the sources.
        '^kube-secure-secrets$': '<rootDir>/src/index.ts',
        '^kube-secure-secrets/pulumi$': '<rootDir>/src/pulumi/index.ts',
        '^kube-secure-secrets/policy$': '<rootDir>/src/policy/index.ts',
        '^kube-secure-secrets/testing$': '<rootDir>/src/testing/index.ts',
        // Loaded on first use: @pulumi/pulumi requires both at import for function serialization, which
        // the mock engine never does; about 0.9 s of each Pulumi test file (test/helpers/lazy/lazy.cjs).
        '^typescript$': '<rootDir>/test/helpers/lazy/typescript.cjs',
        '^@npmcli/arborist$': '<rootDir>/test/helpers/lazy/npmcli-arborist.cjs',
      },
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // Instrument only our sources: V8 coverage of the whole process (the @pulumi/aws SDK is huge)
      // made the suite about four times slower.
      coverageProvider: 'babel',
      collectCoverageFrom: ['src/**/*.ts'],
      // Coverage is `npm run coverage`, not part of `npm test`: instrumented code and the coverage maps
      // of 125 files cost 31 s of a 111 s jest run on the 2-core machine (issue 18), and no threshold
      // reads them.
      collectCoverage: false,
      // Every core: jest's default (cores - 1) runs the whole suite in one process on a 2-core CI
      // machine; two workers took a warm run from 196 s to 111 s there.
      maxWorkers: '100%',
      // Tests that import a Pulumi program load @pulumi/aws (a very large SDK) on first use; on a cold
      // 2-core CI machine with coverage that took more than jest's 5 s default. The limit only catches
      // hangs: speed targets belong in bench/, not in test timeouts.
      testTimeout: 60_000,
      // Parse the vendored schemas and write the standalone validators once per run (cached in
      // .tmp/schema-cache/ by a hash of the fixtures), not once per test file (test/helpers/schema.ts).
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  },

  // '/node_modules' (no slash) also ignores a symlinked node_modules, as in a git worktree.
  gitignore: ['/dist/', '/node_modules', '/.tmp/', '*.tgz', '/bench/results/quick.*'],
  npmignoreEnabled: true,
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/scripts/', '/.ci/', '/test/', '/typedoc.json', '/.tmp/'] },
});

// jest's TypeScript transform: ts-jest, then the entry indexes made lazy as the compile task makes lib/
// (test/helpers/jest-transform.cjs): a test file loads the modules it uses, as a program does, instead of all
// of src/core (2.5 MB of transformed code in each of 120 files), and the tests run the indexes the package ships.
project.package.file.addOverride('jest.transform', {
  '^.+\\.[t]sx?$': ['<rootDir>/test/helpers/jest-transform.cjs', { tsconfig: project.tsconfigDev.fileName }],
});

// eslint-import-resolver-typescript 3.6 resolves with enhanced-resolve; 3.7+ and 4.x pull unrs-resolver
// (see jestVersion above). Added after construction so it overrides the eslint component's unpinned one.
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// ---- package entry points -------------------------------------------------------------------------
// `kube-secure-secrets` is cdk8s + core and never loads @pulumi/*; `kube-secure-secrets/pulumi` is the
// Pulumi front-end. typesVersions serves TypeScript users on the legacy `node` module resolution.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './pulumi': { types: './lib/pulumi/index.d.ts', default: './lib/pulumi/index.js' },
  // The Pulumi CrossGuard policy pack over the auditor's rules (issue 15).
  './policy': { types: './lib/policy/index.d.ts', default: './lib/policy/index.js' },
  // Offline previews and tests for users: Pulumi mocks, strict schema validation, the jest matcher.
  './testing': { types: './lib/testing/index.d.ts', default: './lib/testing/index.js' },
  './package.json': './package.json',
});
project.package.addField('typesVersions', { '*': { pulumi: ['lib/pulumi/index.d.ts'], policy: ['lib/policy/index.d.ts'], testing: ['lib/testing/index.d.ts'] } });
project.package.addField('peerDependenciesMeta', {
  ...Object.fromEntries(CDK8S_PLUS_PEERS.map(peer => [peer.slice(0, peer.lastIndexOf('@')), { optional: true }])),
  'ajv': { optional: true },
  'ajv-formats': { optional: true },
  '@pulumi/policy': { optional: true },
  '@pulumi/pulumi': { optional: true },
  '@pulumi/kubernetes': { optional: true },
  '@pulumi/aws': { optional: true },
});

// examples/, scripts/ and bench/ are type-checked (and linted) with the dev settings: each folder gets a
// tsconfig extending test/tsconfig.json, so editors and typescript-eslint's project service find one.
for (const dir of ['examples', 'scripts', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromTypescriptConfigs([project.tsconfigDev]),
    include: ['**/*.ts'],
    compilerOptions: {},
  });
}

// ---- lint rules that hold the architecture ------------------------------------------------------------
const cdk8sAndPulumi = [
  { name: 'cdk8s', message: 'src/core is pure TypeScript: move cdk8s code to src/constructs.' },
  { name: 'constructs', message: 'src/core is pure TypeScript: move construct code to src/constructs.' },
];
const pulumiPatterns = [{ group: ['@pulumi/*'], message: 'The root entry (src/index.ts, src/core, src/constructs) must never load @pulumi/*; use src/pulumi.' }];
// Every major (cdk8s-plus-27 ... -34 and later), not one name.
const cdk8sPlusPattern = { group: ['cdk8s-plus-*'], message: 'src/core is pure TypeScript: move cdk8s-plus code to src/constructs.' };
project.eslint?.addOverride({
  files: ['src/core/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { paths: cdk8sAndPulumi, patterns: [...pulumiPatterns, cdk8sPlusPattern] }],
  },
});
project.eslint?.addOverride({
  files: ['src/index.ts', 'src/constructs/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [...pulumiPatterns, { group: ['../pulumi', '../pulumi/*', './pulumi', './pulumi/*'], message: 'The root entry must not reach the Pulumi front-end.' }] }],
  },
});

// Typed results (issue 12): no `any` in the library's sources; a missing upstream type gets a commented,
// line-level exception. Tests and scripts may use `any` for hostile input and fixtures.
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: { '@typescript-eslint/no-explicit-any': 'error' },
});

// Layering by path, not only by package name: core imports nothing of the front-ends or the CLI; the cdk8s
// front-end never reaches the Pulumi one (or the reverse); the CLI uses the core only.
const layer = (target: string, from: string[], message: string) => ({ target, from, message });
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', {
    zones: [
      layer('./src/core', ['./src/constructs', './src/pulumi', './src/cli', './src/policy', './src/testing', './src/index.ts'], 'src/core is the pure policy core: it imports nothing of the front-ends, the CLI or the entry points.'),
      layer('./src/constructs', ['./src/pulumi', './src/cli', './src/policy'], 'The cdk8s front-end (root entry) must not reach the Pulumi front-end, the policy pack or the CLI.'),
      layer('./src/pulumi', ['./src/constructs', './src/cli', './src/index.ts'], 'The Pulumi front-end must not reach the cdk8s front-end or the CLI.'),
      layer('./src/cli', ['./src/constructs', './src/pulumi', './src/policy', './src/index.ts'], 'The CLI uses the core only.'),
    ],
  }],
});

// Resolve imports with the dev tsconfig too, whose `paths` map the package's own names to src/ (examples
// import 'kube-secure-secrets' like users do; lib/ does not exist in a fresh clone).
project.tryFindObjectFile('.eslintrc.json')?.addOverride('settings.import/resolver.typescript.project', ['./tsconfig.json', `./${project.tsconfigDev.fileName}`]);

// ---- tasks ----------------------------------------------------------------------------------------------
const apiDocs = project.addTask('docgen', {
  description: 'Regenerate API.md from the TSDoc of both entry points',
  exec: 'node scripts/api-docs.mjs',
});
const apiCheck = project.addTask('docgen:check', {
  description: 'Fail when the committed API.md is stale, an export is undocumented or an optional prop lacks @default',
  exec: 'node scripts/api-docs.mjs --check',
});
project.postCompileTask.spawn(apiDocs);
// The compiled entry indexes load each module on first use (scripts/lazy-index.cjs, issue 18): a program
// pays for the constructs it uses. Part of the compile task, so what it builds (bench, pack, examples,
// the tarball) is lazy; `projen watch` (tsc -w) leaves the indexes eager, which behaves the same.
project.compileTask.exec('node scripts/lazy-index.cjs lib');
// The shipped CRDs parsed once, as JSON next to the compiled testing entry: its first validation in a process
// (every jest test file) reads them instead of parsing 1.6 MB of YAML (scripts/crd-bundle.cjs).
project.compileTask.exec('node scripts/crd-bundle.cjs assets/schemas lib/testing/crd-bundle.json');
// ts-jest only transpiles (isolatedModules above): type errors fail `npm test` here, before jest, in one
// incremental tsc run over src, tests, examples, scripts and benchmarks.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, tests, examples, scripts and benchmarks (ts-jest only transpiles)',
  exec: `tsc --noEmit -p ${project.tsconfigDev.fileName} --incremental --tsBuildInfoFile .tmp/typecheck.tsbuildinfo`,
});
// The checks of `npm test`, alone: eslint (about 60 s of CPU) beside tsc then the API.md check (30 + 28 s).
const checkCommands = [`projen ${project.eslint!.eslintTask.name}`, `projen ${typecheck.name} && projen ${apiCheck.name}`];
project.addTask('test:checks', {
  description: 'eslint, and tsc then the API.md check, side by side (the checks npm test runs beside jest)',
  exec: `node scripts/parallel.mjs ${checkCommands.map(c => `'${c}'`).join(' ')}`,
});
// `npm test`: jest on every core with the single-threaded checks beside it (scripts/parallel.mjs). Run one
// after the other, the checks left one of the 2 CI cores idle for about a third of their time, and jest
// waited for them (issue 18). jest's output streams; each check prints as one block when it ends; any
// failure fails the run. `npm test -- <jest args>` passes the arguments to jest (execArgs: no shell).
project.testTask.reset();
project.testTask.addSteps({ execArgs: ['node', 'scripts/parallel.mjs', '--live', 'jest --passWithNoTests --ci', ...checkCommands, '--'], receiveArgs: true });

project.addTask('coverage', {
  description: 'Run the tests with coverage of src/ (coverage/: lcov, cobertura, text); npm test runs them without',
  exec: 'jest --passWithNoTests --ci --coverage',
  receiveArgs: true,
});

project.addTask('pack:smoke', {
  description: 'Pack the tarball and install it into empty projects: cdk8s peers only (no @pulumi/*), then with the Pulumi peers',
  steps: [
    { spawn: 'compile' },
    { exec: 'bash scripts/pack-smoke.sh' },
  ],
});

project.addTask('examples', {
  description: 'Synthesize every cdk8s example (and run every Pulumi example under mocks) into dist/examples/',
  steps: [
    { spawn: 'compile' },
    { exec: `ts-node --project ${project.tsconfigDev.fileName} scripts/run-examples.ts` },
  ],
});

// `npm run bench` (`npm run bench -- --quick` for a short smoke run): the benchmarks of issue 18 against
// raw cdk8s, cdk8s-plus-27 and raw @pulumi/kubernetes, on the compiled lib/ (bench/run.ts). Never part of
// `npm test`: speed targets are checked there, not in timed tests.
project.addTask('bench', {
  description: 'Benchmark synthesis, sealing, SOPS, Pulumi and import cost against the baselines; writes bench/results/',
  steps: [
    { spawn: 'compile' },
    { exec: 'ts-node --transpile-only --project test/tsconfig.json bench/run.ts', receiveArgs: true },
  ],
});

project.synth();
