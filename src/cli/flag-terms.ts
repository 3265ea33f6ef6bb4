/**
 * A refusal in the command line's words. The library's checks (src/core) name what they refuse by its
 * prop (`secretsLevel`, `providers[0].kms.name`) and the opt-in that would allow it (`set allowAescbc:
 * true`); a command's user gave a flag (`--secrets-level`, `--kms-name`, `--allow-aescbc`). A command runs
 * the library call through {@link inFlagTerms} with its table, and the one line it prints names the flags.
 * The decision and its explanation stay the library's: only the names change.
 * @module
 */
import { ValidationError } from '../core/errors';

/** How a command names the library's props and opt-ins. */
export interface FlagTerms {
  /**
   * A prop, exactly as the library names it, and what the user gave it as: a flag (`--kms-name`) or a
   * phrase (`recipient 2 of --age`). A function receives the prop's last index (`ageRecipients[1]` under
   * the key `ageRecipients[]` receives 1).
   * @default - none: every prop keeps the library's name
   */
  readonly props?: Readonly<Record<string, string | ((index: number) => string)>>;
  /**
   * A library opt-in and the flag that turns it on: `set allowAescbc: true` then reads `pass --allow-aescbc`.
   * @default - none
   */
  readonly optIns?: Readonly<Record<string, string>>;
  /**
   * The library component to drop from a warning's start (`encryptionConfiguration: `): the line names the command.
   * @default - none: a warning keeps its start
   */
  readonly component?: string;
}

/** What `terms` names `prop` in the command's words, or undefined when the table does not know it. */
function propInTerms(prop: string, terms: FlagTerms): string | undefined {
  const props = terms.props ?? {};
  if (Object.prototype.hasOwnProperty.call(props, prop)) {
    const named = props[prop];
    return typeof named === 'string' ? named : undefined;
  }
  const indexed = /^(.*)\[(\d+)\]$/.exec(prop);
  const key = indexed && `${indexed[1]}[]`;
  if (key && Object.prototype.hasOwnProperty.call(props, key)) {
    const named = props[key];
    return typeof named === 'function' ? named(Number(indexed[2])) : named;
  }
  return undefined;
}

/**
 * `text` (an explanation) in the command's words: each library opt-in (`set allowAescbc: true`) replaced by
 * its flag (`pass --allow-aescbc`), and each prop of the table that is a plain name (`encryptedRegex`, not
 * `providers[0]`) replaced where it stands as a word (`is set together with --encrypted-regex`). Quoted
 * text (`"..."`, a value the user gave, as the library quotes it) is left as it is.
 */
function detailInTerms(text: string, terms: FlagTerms): string {
  // Odd pieces are the quoted values (the library quotes with JSON.stringify: `q` in src/core/errors.ts).
  return text.split(/("(?:[^"\\]|\\.)*")/).map((piece, i) => (i % 2 === 1 ? piece : wordsInTerms(piece, terms))).join('');
}

function wordsInTerms(text: string, terms: FlagTerms): string {
  let out = text;
  for (const [optIn, flag] of Object.entries(terms.optIns ?? {})) {
    out = out.split(`set ${optIn}: true`).join(`pass ${flag}`);
  }
  for (const [prop, named] of Object.entries(terms.props ?? {})) {
    if (typeof named === 'string' && /^[A-Za-z]+$/.test(prop)) {
      out = out.replace(new RegExp(`(?<![\\w.-])${prop}(?![\\w-])`, 'g'), () => named);
    }
  }
  return out;
}

/**
 * `error` in the command's words: a ValidationError whose prop the table knows is thrown again with the
 * flag as its prop, the same component and the same explanation (its opt-ins named by their flags);
 * anything else is returned as it is.
 */
export function errorInTerms(error: unknown, terms: FlagTerms): unknown {
  if (!(error instanceof ValidationError)) {
    return error;
  }
  const head = `${error.component}: ${error.prop} `;
  if (!error.message.startsWith(head)) {
    return error;
  }
  const prop = propInTerms(error.prop, terms) ?? error.prop;
  const detail = detailInTerms(error.message.slice(head.length), terms);
  if (prop === error.prop && detail === error.message.slice(head.length)) {
    return error;
  }
  return new ValidationError(error.component, prop, detail);
}

/** Run the library call `f`; a refusal it throws names the command's flags (see {@link errorInTerms}). */
export function inFlagTerms<T>(terms: FlagTerms, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw errorInTerms(e, terms);
  }
}

/** A library warning in the command's words: without the library component at its start, props and opt-ins named by their flags. */
export function warningInTerms(message: string, terms: FlagTerms): string {
  const head = terms.component === undefined ? '' : `${terms.component}: `;
  return detailInTerms(head && message.startsWith(head) ? message.slice(head.length) : message, terms);
}
