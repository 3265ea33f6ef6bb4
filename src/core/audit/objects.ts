/**
 * Reading manifests for the auditor: YAML (multi-document) and JSON text with the line of each object,
 * `List` and `*List` objects flattened as kubectl and kustomize read them.
 * @module
 */
import { ValidationError } from '../errors';
import { AuditObject, AuditSource } from './types';
import { Obj, isObj, obj, str } from './util';
import { yaml } from '../gitops/yaml';

/** Lists nest (kustomize inlines a FooList inside a BarList); deeper than this is not read. */
const MAX_DEPTH = 8;

/**
 * A document of an input with where it came from.
 * @internal
 */
export interface AuditDocument {
  /** The parsed document. */
  readonly value: unknown;
  /**
   * The file.
   * @default - unknown
   */
  readonly file?: string;
  /**
   * The line where the document starts.
   * @default - unknown
   */
  readonly line?: number;
  /**
   * Lines of list items, by location (`items[0]`), where known.
   * @default - none
   */
  readonly itemLines?: ReadonlyMap<string, number>;
}

/**
 * Flatten documents into the objects the rules read. kubectl decodes any object with an `items` list as
 * a list (kubernetes/apimachinery `pkg/apis/meta/v1/unstructured/helpers.go`), an item with neither kind
 * nor apiVersion taking the list's apiVersion and its kind without `List`; kustomize inlines nested lists
 * (kubernetes-sigs/kustomize `api/resource/factory.go`). Non-objects (empty documents) are skipped.
 * @internal
 */
export function flattenDocuments(documents: readonly AuditDocument[]): AuditObject[] {
  const out: AuditObject[] = [];
  for (const doc of documents) {
    visit(doc, doc.value, '', 0, out, undefined);
  }
  return out;
}

function visit(
  doc: AuditDocument, value: unknown, location: string, depth: number, out: AuditObject[], inherited?: { apiVersion: unknown; kind: string },
): void {
  if (!isObj(value)) {
    return;
  }
  const bare = value.kind === undefined && value.apiVersion === undefined;
  const apiVersion = bare && inherited ? inherited.apiVersion : value.apiVersion;
  const kind = bare && inherited ? inherited.kind : value.kind;
  if (Array.isArray(value.items) && depth < MAX_DEPTH) {
    const itemKind = typeof kind === 'string' && kind.endsWith('List') ? kind.slice(0, -'List'.length) : '';
    const prefix = location === '' ? '' : `${location}.`;
    value.items.forEach((item, i) => visit(doc, item, `${prefix}items[${i}]`, depth + 1, out, { apiVersion, kind: itemKind }));
    return;
  }
  const metadata = obj(value.metadata);
  const line = location === '' ? doc.line : doc.itemLines?.get(location) ?? doc.line;
  const source: AuditSource = {
    ...(doc.file !== undefined ? { file: doc.file } : {}),
    ...(line !== undefined ? { line } : {}),
    location,
  };
  const manifest: Obj = bare && inherited ? { ...value, apiVersion, kind } : value;
  out.push({
    manifest,
    apiVersion: str(apiVersion) ?? '',
    kind: str(kind) ?? '',
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    source,
  });
}

/**
 * Parse YAML (one or more documents) or JSON text into documents, with the line where each document and
 * each list item starts. A syntax error is a ValidationError naming the file and line (the parser's text
 * is not echoed: it may quote a value).
 * @internal
 */
export function parseManifestText(text: string, file?: string): AuditDocument[] {
  const lineCounter = new (yaml().LineCounter)();
  const docs = yaml().parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: AuditDocument[] = [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const where = error.linePos?.[0];
      throw new ValidationError('audit', file ?? '<input>', `is not valid YAML or JSON${where ? ` (line ${where.line}, column ${where.col})` : ''}: ${error.code}.`);
    }
    const contents = doc.contents;
    if (contents === null) {
      continue;
    }
    const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number | undefined =>
      (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
    const itemLines = new Map<string, number>();
    const collect = (node: unknown, location: string, depth: number): void => {
      if (!yaml().isMap(node) || depth >= MAX_DEPTH) {
        return;
      }
      const items = node.get('items', true);
      if (yaml().isSeq(items)) {
        items.items.forEach((item, i) => {
          const loc = `${location === '' ? '' : `${location}.`}items[${i}]`;
          const line = lineOf(item as { range?: [number, number, number] });
          if (line !== undefined) {
            itemLines.set(loc, line);
          }
          collect(item, loc, depth + 1);
        });
      }
    };
    collect(contents, '', 0);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const line = lineOf(contents as { range?: [number, number, number] });
    out.push({
      value,
      ...(file !== undefined ? { file } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(itemLines.size > 0 ? { itemLines } : {}),
    });
  }
  return out;
}
