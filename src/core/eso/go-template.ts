/**
 * Just enough of Go's `text/template` lexer to see what an ESO template reads. ESO v2 renders
 * `spec.target.template.data` (and the template's labels and annotations) with `text/template`, the
 * default `{{` / `}}` delimiters and `Option("missingkey=error")`, the fetched data being the dot
 * (external-secrets/external-secrets `runtime/template/v2/template.go`, `execute`, tag v2.9.0).
 */
import { ValidationError } from '../errors';

/**
 * What a template text reads from the fetched data.
 * @internal
 */
export interface TemplateReads {
  /** Whether any action refers to the fetched data (`.key`, `index . "key"`, `.`, `$`). */
  readonly readsData: boolean;
  /**
   * The fetched keys it reads by name, when that can be told without evaluating the template (no
   * `range`, `with`, `define`, `template` or `block`, which rebind the dot).
   */
  readonly keys: readonly string[] | undefined;
  /** The number of actions (`{{ ... }}`, comments excluded). */
  readonly actions: number;
}

const DOT_REBINDING = /(^|\s)(range|with|define|template|block)(\s|$)/;

/**
 * Read a Go template: the actions it contains and what they read. Refuses a text that Go would not parse
 * because an action, comment or string in it is not closed (ESO would fail to render it).
 * @internal
 */
export function readGoTemplate(component: string, prop: string, text: string): TemplateReads {
  let readsData = false;
  let dynamic = false;
  let actions = 0;
  const keys = new Set<string>();
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      break;
    }
    let j = open + 2;
    // A comment: {{/* ... */}}, optionally with trim markers.
    const comment = /^(-\s)?\s*\/\*/.exec(text.slice(j));
    if (comment) {
      const close = text.indexOf('*/', j + comment[0].length);
      const end = close < 0 ? -1 : text.slice(close + 2).search(/^\s*(-\s*)?\}\}/);
      if (close < 0 || end < 0) {
        throw new ValidationError(component, prop, 'is not a valid Go template: a comment {{/* ... */}} is not closed.');
      }
      i = close + 2 + (/^\s*(-\s*)?\}\}/.exec(text.slice(close + 2))![0].length);
      continue;
    }
    // The action's body up to the closing delimiter, outside strings; strings are kept apart.
    const strings: string[] = [];
    let masked = '';
    let closed = false;
    while (j < text.length) {
      const ch = text[j];
      if (ch === '}' && text[j + 1] === '}') {
        closed = true;
        j += 2;
        break;
      }
      if (ch === '"' || ch === '`' || ch === '\'') {
        let k = j + 1;
        let value = '';
        while (k < text.length && text[k] !== ch) {
          if (ch !== '`' && text[k] === '\\') {
            value += text[k + 1] ?? '';
            k += 2;
            continue;
          }
          if (ch !== '`' && text[k] === '\n') {
            break;
          }
          value += text[k];
          k++;
        }
        if (text[k] !== ch) {
          throw new ValidationError(component, prop, 'is not a valid Go template: a quoted string in an action is not closed.');
        }
        masked += ` \u0001${strings.length}\u0001 `;
        strings.push(value);
        j = k + 1;
        continue;
      }
      masked += ch;
      j++;
    }
    if (!closed) {
      throw new ValidationError(component, prop, 'is not a valid Go template: an action {{ ... }} is not closed.');
    }
    actions++;
    const body = masked.replace(/^-\s/, ' ').replace(/\s-$/, ' ');
    if (DOT_REBINDING.test(body)) {
      dynamic = true;
    }
    // The dot or `$` as the start of an operand (not `$x.field`, `(...).field`, `1.5`): the fetched data.
    if (/(^|[^\w.)\]$\u0001])\.(?![0-9])/.test(body) || /\$(?![A-Za-z0-9_])/.test(body)) {
      readsData = true;
    }
    for (const m of body.matchAll(/(?:^|[^\w.)\]$\u0001])\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      keys.add(m[1]);
    }
    for (const m of body.matchAll(/\$\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      keys.add(m[1]);
    }
    for (const m of body.matchAll(/\bindex\s+[.$]\s+\u0001(\d+)\u0001/g)) {
      keys.add(strings[Number(m[1])]);
    }
    i = j;
  }
  return { readsData, keys: dynamic ? undefined : [...keys], actions };
}
