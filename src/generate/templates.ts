import Handlebars from 'handlebars';
import { internalError } from '../util/internal-error.js';
import { blockLiteral, identifier, jsLiteral, tableText } from './literal.js';
import type { PartGeneration } from './part-generation.js';
import type { PartSlot } from './template-contracts.js';

/** The partial that fills nothing, for a slot a part leaves empty. */
const NOTHING = 'nothing';

/** The helpers every template may use. Those that print anything print through literal.ts. @internal */
export function templateHelpers(parts: readonly PartGeneration[], partials: ReadonlySet<string>) {
  return {
    lit: (value: unknown) => jsLiteral(value),
    litBlock: (value: unknown) => blockLiteral(value),
    ident: (name: unknown) => identifier(name),
    tableText: (lines: unknown) => tableText(lines),
    slot: (kind: string, name: PartSlot) => (partials.has(`${kind}-${name}`) ? `${kind}-${name}` : NOTHING),
    // Whether some used part of a list fills a slot (whether the code the slot needs around it is emitted).
    fills: (parts: readonly { kind: string; used: boolean }[], name: PartSlot) =>
      parts.some((p) => p.used && partials.has(`${p.kind}-${name}`)),
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
  return ['lit', 'litBlock', 'ident', 'tableText', ...parts.flatMap((p) => Object.keys(p.helpers))];
}

type EntryTemplate = (context: object) => string;

/** One output family's entry templates: output file name -> template (pipy-templates/<family>/<file>.hbs). */
export interface FamilyTemplates {
  entries: Record<string, EntryTemplate>;
}

/** Every family's templates, by family (the folders of pipy-templates/ other than protocols/ and runtime/). */
export type Templates = Readonly<Record<string, FamilyTemplates>>;

/** Where every part's partials live, and the runtime every family's script shares. */
const PROTOCOL_TEMPLATES = 'protocols/';
const RUNTIME_TEMPLATES = 'runtime/';

/** How every template is compiled, at build time (precompiled into the bundles) or at run time (from the sources). */
function templateOptions(parts: readonly PartGeneration[]) {
  return {
    strict: true,
    noEscape: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(templateHelpers(parts, new Set())).map((k) => [k, true])),
  };
}

export function compileTemplates(sources: Record<string, string>, parts: readonly PartGeneration[]): Templates {
  return templatesFrom(sources, parts, (hb, text) => hb.compile(text, templateOptions(parts)));
}

/** Build time: each template as Handlebars' precompiled JavaScript (a template spec). */
export function precompileTemplates(
  sources: Record<string, string>,
  parts: readonly PartGeneration[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sources).map(([name, text]) => [
      name,
      Handlebars.precompile(text, templateOptions(parts)) as string,
    ]),
  );
}

/** From the precompiled specs a bundle carries. */
export function templatesFromPrecompiled(specs: Record<string, object>, parts: readonly PartGeneration[]): Templates {
  return templatesFrom(specs, parts, (hb, spec) => hb.template(spec as Parameters<typeof hb.template>[0]));
}

/**
 * One Handlebars environment per family: the helpers, the runtime's partials (runtime/<name>), every part's slot
 * partials (protocols/<home>/<kind>-<slot>) and private ones (protocols/<home>/private/<name>, as <home>/<name>), the
 * family's hooks (<family>/hooks/<hook>) and own partials (<family>/partials/<name>), and its entry templates
 * (<family>/<file>). A partial included standalone is indented as its call is.
 */
function templatesFrom<T>(
  templates: Record<string, T>,
  parts: readonly PartGeneration[],
  make: (hb: typeof Handlebars, t: T) => Handlebars.TemplateDelegate,
): Templates {
  const common = (n: string) => n.startsWith(PROTOCOL_TEMPLATES) || n.startsWith(RUNTIME_TEMPLATES);
  const families = [
    ...new Set(
      Object.keys(templates)
        .filter((n) => !common(n))
        .map((n) => n.split('/')[0]!),
    ),
  ];
  const everyFamily = Object.entries(templates)
    .filter(([name]) => common(name))
    .map(([n, t]): [string, T] => [partialName(n), t]);
  return Object.fromEntries(
    families.map((family) => {
      const hb = Handlebars.create();
      const own = Object.entries(templates).filter(([name]) => name.startsWith(`${family}/`));
      const isEntry = (n: string) => n.split('/').length === 2;
      const partials = [
        ...everyFamily,
        ...own.filter(([n]) => !isEntry(n)).map(([n, t]): [string, T] => [partialName(n), t]),
      ];
      const names = new Set(partials.map(([n]) => n));
      if (names.size !== partials.length) throw internalError(`two partials of the ${family} family have one name`);
      for (const [name, fn] of Object.entries(templateHelpers(parts, names))) hb.registerHelper(name, fn);
      hb.registerPartial(NOTHING, '');
      for (const [name, t] of partials) hb.registerPartial(name, make(hb, t));
      const entries: Record<string, EntryTemplate> = {};
      for (const [name, t] of own)
        if (isEntry(name)) entries[name.slice(family.length + 1)] = make(hb, t) as EntryTemplate;
      return [family, { entries }];
    }),
  );
}

/** The name templates include a partial by: its file name, or <home>/<name> for a part's private partial. */
export function partialName(path: string): string {
  const segments = path.split('/');
  if (segments[0] === 'protocols' && segments[2] === 'private') return `${segments[1]}/${segments[3]}`;
  return segments[segments.length - 1]!;
}
