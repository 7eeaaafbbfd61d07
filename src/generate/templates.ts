import Handlebars from 'handlebars';
import type { PrefixSetIR, SidecarIR } from '../ir/types.js';
import { jsLiteral } from './literal.js';
import { loadTemplateSources } from './template-sources.js';

/** The helpers templates may use. `lit` and `prefixSet` are the only ones that print data, both via jsLiteral. */
export const TEMPLATE_HELPERS = {
  lit: (value: unknown) => jsLiteral(value),
  prefixSet: (set: PrefixSetIR) =>
    jsLiteral({
      v4: { lengths: set.v4.lengths, keys: memberKeys(set.v4.keys) },
      v6: { lengths: set.v6.lengths, keys: memberKeys(set.v6.keys) },
    }),
  is(this: unknown, a: unknown, b: unknown, options?: Handlebars.HelperOptions) {
    const same = a === b;
    if (!options || typeof options.fn !== 'function') return same;
    return same ? options.fn(this) : options.inverse(this);
  },
} as const;

/** Runtime lookups use '#'-prefixed keys so no key can collide with an Object.prototype member. */
function memberKeys(keys: readonly string[]): Record<string, 1> {
  return Object.fromEntries(keys.map((k) => ['#' + k, 1]));
}

export type EntryTemplate = (ir: SidecarIR) => string;

export interface Templates {
  /** Output file name -> template. */
  entries: Record<string, EntryTemplate>;
}

let cached: Templates | undefined;

export function loadTemplates(): Templates {
  cached ??= compileTemplates(loadTemplateSources());
  return cached;
}

export function compileTemplates(sources: Record<string, string>): Templates {
  const hb = Handlebars.create();
  const options = {
    strict: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((k) => [k, true])),
    preventIndent: true,
  };
  for (const [name, fn] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const entries: Record<string, EntryTemplate> = {};
  for (const [name, text] of Object.entries(sources)) {
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), hb.compile(text, options));
    else entries[name] = hb.compile(text, options) as EntryTemplate;
  }
  return { entries };
}
