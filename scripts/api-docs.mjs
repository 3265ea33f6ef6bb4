/**
 * Generate API.md from the TSDoc of both entry points (typedoc + typedoc-plugin-markdown), and enforce the
 * documentation rules: every exported symbol is documented and every optional property has `@default`.
 *
 *   node scripts/api-docs.mjs           write API.md
 *   node scripts/api-docs.mjs --check   fail when API.md is stale or a rule is broken (part of `npm test`)
 *
 * (An .mjs file because typedoc is ESM-only.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, ReflectionKind } from 'typedoc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const apiFile = path.join(root, 'API.md');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-api-'));

/** The package's entry points: source, typedoc page, title, anchor suffix (unique headings in one file). */
const ENTRIES = [
  { file: 'src/index.ts', page: 'index', pkg: 'kube-secure-secrets', title: 'cdk8s constructs and core', suffix: '',
    summary: 'cdk8s constructs and the pure core (validation, manifest and policy builders). Never loads `@pulumi/*`.' },
  { file: 'src/pulumi/index.ts', page: 'pulumi', pkg: 'kube-secure-secrets/pulumi', title: 'Pulumi components', suffix: 'pulumi',
    summary: 'Pulumi components over `@pulumi/kubernetes` and `@pulumi/aws`; re-exports the core.' },
  { file: 'src/policy/index.ts', page: 'policy', pkg: 'kube-secure-secrets/policy', title: 'Pulumi policy pack', suffix: 'policy',
    summary: 'a Pulumi CrossGuard policy pack over the auditor\'s rules.' },
  { file: 'src/testing/index.ts', page: 'testing', pkg: 'kube-secure-secrets/testing', title: 'test helpers', suffix: 'testing',
    summary: 'offline previews and tests for users: Pulumi mocks, strict schema validation, the jest matcher.' },
].filter(e => fs.existsSync(path.join(root, e.file)));
const PAGES = ENTRIES.map(e => e.page).join('|');

const app = await Application.bootstrapWithPlugins({
  entryPoints: ENTRIES.map(e => path.join(root, e.file)),
  plugin: ['typedoc-plugin-markdown'],
  tsconfig: path.join(root, 'tsconfig.json'),
  readme: 'none',
  excludeInternal: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeExternals: true,
  disableSources: true,
  router: 'module',
  hideBreadcrumbs: true,
  hidePageHeader: true,
  hideGroupHeadings: false,
  useCodeBlocks: true,
  logLevel: 'Warn',
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  requiredToBeDocumented: ['Enum', 'EnumMember', 'Variable', 'Function', 'Class', 'Interface', 'Property', 'Method', 'Accessor', 'TypeAlias'],
  treatValidationWarningsAsErrors: true,
  out,
});

// Members inherited from other packages (Construct.toString, Resource.getProvider, ...) are noise here.
app.converter.on(Converter.EVENT_RESOLVE_END, context => {
  for (const reflection of Object.values(context.project.reflections)) {
    if (reflection.inheritedFrom && !reflection.inheritedFrom.reflection) {
      context.project.removeReflection(reflection);
    }
  }
});

const project = await app.convert();
if (!project || app.logger.hasErrors()) {
  console.error('api-docs: typedoc reported errors (see above)');
  process.exit(1);
}

// Rule: every optional property of an exported interface (props, args, options) states its default.
const missingDefaults = [];
for (const reflection of project.getReflectionsByKind(ReflectionKind.Property)) {
  const parent = reflection.parent;
  if (!reflection.flags.isOptional || !parent || !parent.kindOf(ReflectionKind.Interface)) {
    continue;
  }
  const comment = reflection.comment;
  if (!comment || !comment.getTag('@default')) {
    missingDefaults.push(`${parent.getFriendlyFullName()}.${reflection.name}`);
  }
}
if (missingDefaults.length > 0) {
  console.error(`api-docs: optional properties without @default:\n  ${[...new Set(missingDefaults)].sort().join('\n  ')}`);
  process.exit(1);
}

await app.generateOutputs(project);

function slug(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Read one module page, drop its title, and make its anchors unique inside API.md. */
function modulePage(file, suffix) {
  let text = fs.readFileSync(path.join(out, file), 'utf8').replace(/^# .*\n/, '');
  // Links across pages become in-page links; mark them until this page's own anchors are renamed.
  text = text.replace(new RegExp(`\\]\\((${PAGES})\\.md#([^)]+)\\)`, 'g'), (_, mod, anchor) => `](#@@${mod}:${anchor})`);
  // "Re-exports X" entries (the core, re-exported by the Pulumi entry) become one list.
  text = text.replace(/## References\n\n([\s\S]*?)(?=\n## |$)/, (_, body) => {
    const items = [...body.matchAll(/^Re-exports (\[.*\]\(.*\))$/gm)].map(m => `- ${m[1]}`);
    return `## Re-exported from the core\n\n${items.join('\n')}\n`;
  });
  if (suffix) {
    const renamed = new Map();
    text = text.replace(/^### (.+)$/gm, (_, name) => {
      renamed.set(slug(name), `${slug(name)}-${suffix}`);
      return `### ${name} (${suffix})`;
    });
    text = text.replace(/\]\(#([^)@]+)\)/g, (match, anchor) => renamed.has(anchor) ? `](#${renamed.get(anchor)})` : match);
  }
  const suffixOf = mod => ENTRIES.find(e => e.page === mod)?.suffix ?? '';
  return text.replace(new RegExp(`\\]\\(#@@(${PAGES}):([^)]+)\\)`, 'g'), (_, mod, anchor) => `](#${anchor}${suffixOf(mod) ? `-${suffixOf(mod)}` : ''})`).trim();
}

const slugOf = heading => heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
const generated = [
  '# API reference',
  '',
  '<!-- Generated by scripts/api-docs.mjs from the TSDoc in src/. Do not edit: run `npx projen docgen`. -->',
  '',
  `${ENTRIES.length === 2 ? 'Two' : ENTRIES.length === 3 ? 'Three' : 'Four'} entry points:`,
  '',
  ...ENTRIES.map(e => `- [\`${e.pkg}\`](#${slugOf(`${e.pkg}: ${e.title}`)}): ${e.summary}`),
  '',
  ...ENTRIES.flatMap(e => [`# ${e.pkg}: ${e.title}`, '', modulePage(`${e.page}.md`, e.suffix), '']),
].join('\n');
fs.rmSync(out, { recursive: true, force: true });

if (check) {
  const committed = fs.existsSync(apiFile) ? fs.readFileSync(apiFile, 'utf8') : '';
  if (committed !== generated) {
    console.error('api-docs: API.md is stale. Run `npx projen docgen` and commit API.md.');
    process.exit(1);
  }
  console.log('api-docs: API.md is up to date; every export is documented and every optional prop has @default.');
} else {
  fs.writeFileSync(apiFile, generated);
  console.log(`api-docs: wrote ${path.relative(root, apiFile)}`);
}
