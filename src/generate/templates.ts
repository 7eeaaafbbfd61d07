import Handlebars from 'handlebars';
import type { SidecarIR } from '../ir/types.js';
import { identifier, jsLiteral } from './literal.js';
import type { PartGeneration } from './part-generation.js';
import { tablesFile } from './runtime-tables.js';

/**
 * Slots a part may fill in a family's templates, each a partial pipy-templates/protocols/<home>/<kind>-<slot>.hbs that
 * the family's templates include with `{{> (slot kind "<slot>")}}`; a part without the file fills nothing there.
 */
export const PART_SLOTS = {
  tables: 'declares the maps and helpers its table sections fill',
  code: 'code its tables refer to (after the port classes are known)',
  rows: 'addRow entries: how each of its table sections is read',
  credit: 'destination parts: the policy a passthrough connection credits',
  decide: 'destination parts: the connection decision on a port class with its policies (else: sniff)',
  runtime: 'sniffed parts: the functions that decide on what the client sent',
  context: 'sniffed parts: per-connection context variables',
  arm: 'sniffed parts: the branch that takes a connection detected as its protocol',
  reverify: 'sniffed parts: whether a connection it let through still stands after a reload (kind, v, detail in scope)',
  metrics: 'metrics helpers of its own decisions',
  'metrics-text': 'its lines of the /metrics text',
} as const;

export type PartSlot = keyof typeof PART_SLOTS;

/** The partial that fills nothing, for a slot a part leaves empty. */
const NOTHING = 'nothing';

/** The helpers every template may use. Those that print anything print through literal.ts. @internal */
export function templateHelpers(parts: readonly PartGeneration[], partials: ReadonlySet<string>) {
  return {
    lit: (value: unknown) => jsLiteral(value),
    ident: (name: unknown) => identifier(name),
    tablesText: (ir: SidecarIR) => tablesFile(ir, parts),
    slot: (kind: string, name: PartSlot) => (partials.has(`${kind}-${name}`) ? `${kind}-${name}` : NOTHING),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
    is(this: unknown, a: unknown, b: unknown, options?: Handlebars.HelperOptions) {
      const same = a === b;
      if (!options || typeof options.fn !== 'function') return same;
      return same ? options.fn(this) : options.inverse(this);
    },
    ...Object.assign({}, ...parts.map((p) => p.helpers)),
  } as Record<string, Handlebars.HelperDelegate>;
}

/** Helpers whose output is printed into a file: templates print nothing any other way (test/generate/templates.test.ts). */
export function printingHelpers(parts: readonly PartGeneration[]): string[] {
  return ['lit', 'ident', 'tablesText', ...parts.flatMap((p) => Object.keys(p.helpers))];
}

export type EntryTemplate = (context: object) => string;

/** One output family's entry templates: output file name -> template (pipy-templates/<family>/<file>.hbs). */
export interface FamilyTemplates {
  entries: Record<string, EntryTemplate>;
}

/** Every family's templates, by family (the folders of pipy-templates/ other than protocols/ and shared/). */
export type Templates = Readonly<Record<string, FamilyTemplates>>;

/** Where every part's slot partials live, and the partials every family may use (a family's own of the same name wins). */
export const PROTOCOL_TEMPLATES = 'protocols/';
export const SHARED_TEMPLATES = 'shared/';

/** How every template is compiled, at build time (precompiled into the bundles) or at run time (from the sources). */
export function templateOptions(parts: readonly PartGeneration[]) {
  return {
    strict: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(templateHelpers(parts, new Set())).map((k) => [k, true])),
    preventIndent: true,
  };
}

export function compileTemplates(sources: Record<string, string>, parts: readonly PartGeneration[]): Templates {
  return templatesFrom(sources, parts, (hb, text) => hb.compile(text, templateOptions(parts)));
}

/** Build time: each template as Handlebars' precompiled JavaScript (a template spec). */
export function precompileTemplates(sources: Record<string, string>, parts: readonly PartGeneration[]): Record<string, string> {
  return Object.fromEntries(Object.entries(sources).map(([name, text]) => [name, Handlebars.precompile(text, templateOptions(parts)) as string]));
}

/** From the precompiled specs a bundle carries. */
export function templatesFromPrecompiled(specs: Record<string, object>, parts: readonly PartGeneration[]): Templates {
  return templatesFrom(specs, parts, (hb, spec) => hb.template(spec as Parameters<typeof hb.template>[0]));
}

/**
 * One Handlebars environment per family: the helpers, the shared partials (shared/<name>), the family's own
 * (<family>/partials/<name>, which win over shared ones of the same name), every part's slot partials
 * (protocols/<home>/<kind>-<slot>), and the family's entry templates (<family>/<file>).
 */
function templatesFrom<T>(templates: Record<string, T>, parts: readonly PartGeneration[], make: (hb: typeof Handlebars, t: T) => Handlebars.TemplateDelegate): Templates {
  const common = (n: string) => n.startsWith(PROTOCOL_TEMPLATES) || n.startsWith(SHARED_TEMPLATES);
  const families = [...new Set(Object.keys(templates).filter((n) => !common(n)).map((n) => n.split('/')[0]!))];
  const everyFamily = Object.entries(templates).filter(([name]) => common(name));
  return Object.fromEntries(
    families.map((family) => {
      const hb = Handlebars.create();
      const own = Object.entries(templates).filter(([name]) => name.startsWith(`${family}/`));
      const named = [...everyFamily, ...own.filter(([n]) => n.startsWith(`${family}/partials/`))].map(([n, t]): [string, T] => [n.slice(n.lastIndexOf('/') + 1), t]);
      const partials = [...new Map(named)];
      for (const [name, fn] of Object.entries(templateHelpers(parts, new Set(partials.map(([n]) => n))))) hb.registerHelper(name, fn);
      hb.registerPartial(NOTHING, '');
      for (const [name, t] of partials) hb.registerPartial(name, make(hb, t));
      const entries: Record<string, EntryTemplate> = {};
      for (const [name, t] of own) if (!name.startsWith(`${family}/partials/`)) entries[name.slice(family.length + 1)] = make(hb, t) as EntryTemplate;
      return [family, { entries }];
    }),
  );
}
