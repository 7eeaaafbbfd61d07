import Handlebars from 'handlebars';
import type { HttpRuleIR, SidecarIR } from '../ir/types.js';
import { jsLiteral } from './literal.js';
import { ruleTestsCode, tablesFile } from './runtime-tables.js';
import { loadTemplateSources } from './template-sources.js';

/** The helpers templates may use. Those that print data (lit and the tables) all go through jsLiteral. @internal */
export const TEMPLATE_HELPERS = {
  lit: (value: unknown) => jsLiteral(value),
  tablesText: (ir: SidecarIR) => tablesFile(ir),
  ruleTests: (rules: HttpRuleIR[]) => ruleTestsCode(rules),
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  is(this: unknown, a: unknown, b: unknown, options?: Handlebars.HelperOptions) {
    const same = a === b;
    if (!options || typeof options.fn !== 'function') return same;
    return same ? options.fn(this) : options.inverse(this);
  },
} as const;

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
