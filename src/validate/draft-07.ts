/**
 * The spec's JSON Schema (draft 2020-12) as a draft-07 schema, for editors whose validators stop at draft-07 (VS Code's
 * YAML extension, many IDEs). The spec schema uses nothing draft-07 lacks except the name of `$defs`.
 * schemas/sidecar-spec.draft-07.schema.json is this function's output (test/validate/schema-draft-07.test.ts).
 */
export function toDraft07(schema: unknown): unknown {
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        if (key === '$defs') return ['definitions', convert(value)];
        if (key === '$ref' && typeof value === 'string') return [key, value.replace('#/$defs/', '#/definitions/')];
        return [key, convert(value)];
      }),
    );
  };
  const converted = convert(schema) as Record<string, unknown>;
  return {
    ...converted,
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: String(converted.$id).replace(/\.schema\.json$/, '.draft-07.schema.json'),
  };
}
