/** A template precompiled by Handlebars at build time. */
type TemplateSpecification = object;
type PrecompiledTemplates = Record<string, TemplateSpecification>;

/**
 * The templates precompiled at build time. Running from source there are none (undefined) and pipy-templates/ is
 * compiled instead; the esbuild plugin (scripts/inline-templates.mjs) replaces this module in every bundle.
 */
export function loadPrecompiledTemplates(): PrecompiledTemplates | undefined {
  return undefined;
}
