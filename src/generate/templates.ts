import Handlebars from 'handlebars';
import type { HttpRuleIR, SidecarIR } from '../ir/types.js';
import { jsLiteral } from './literal.js';
import { ruleTestsCode, tablesFile } from './runtime-tables.js';
import { loadTemplateSources } from './template-sources.js';
import { loadPrecompiledTemplates } from './precompiled-templates.js';

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

/** How every template is compiled, at build time (precompiled into the bundles) or at run time (from the sources). */
export const TEMPLATE_OPTIONS = {
  strict: true,
  noEscape: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(TEMPLATE_HELPERS).map((k) => [k, true])),
  preventIndent: true,
};

/** The bundles carry the templates precompiled at build time; running from source compiles pipy-templates/. */
export function loadTemplates(): Templates {
  const precompiled = loadPrecompiledTemplates();
  cached ??= precompiled ? templatesFrom(precompiled, (hb, spec) => hb.template(spec as Parameters<typeof hb.template>[0])) : compileTemplates(loadTemplateSources());
  return cached;
}

export function compileTemplates(sources: Record<string, string>): Templates {
  return templatesFrom(sources, (hb, text) => hb.compile(text, TEMPLATE_OPTIONS));
}

/** Build time: each template as Handlebars' precompiled JavaScript (a template spec). */
export function precompileTemplates(sources: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(sources).map(([name, text]) => [name, Handlebars.precompile(text, TEMPLATE_OPTIONS) as string]));
}

/** One Handlebars environment holds the helpers, the partials and the entry templates that use them. */
function templatesFrom<T>(templates: Record<string, T>, make: (hb: typeof Handlebars, t: T) => Handlebars.TemplateDelegate): Templates {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(TEMPLATE_HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  const entries: Record<string, EntryTemplate> = {};
  for (const [name, t] of Object.entries(templates)) {
    if (name.startsWith('partials/')) hb.registerPartial(name.slice('partials/'.length), make(hb, t));
    else entries[name] = make(hb, t) as EntryTemplate;
  }
  return { entries };
}
