/** How deep pipyc's input data may nest: a spec or an object is a few levels deep; deeper is one that contains itself. */
export const MAX_DEPTH = 64;

/**
 * Where a value that is not JSON data (a function, a Date, a class instance, a value that contains itself) sits in an
 * in-memory spec or object, or undefined when it is all null, booleans, numbers, strings, arrays and plain objects. Nothing
 * downstream keeps or changes the caller's objects, so they are checked in place, not copied; the path becomes a
 * pointer only on failure.
 */
export function notPlainData(
  value: unknown,
  path: (string | number)[],
  maxDepth: number,
): { what: string; path: (string | number)[]; tooDeep?: true } | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return undefined;
  // A spec is a few levels deep; this deep, it is a value that contains itself (or one built to exhaust the stack).
  if (path.length > maxDepth)
    return {
      what: `a value nested more than ${maxDepth} levels deep (or one that contains itself)`,
      path: path.slice(0, 8),
      tooDeep: true,
    };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const inner = notPlainData(value[i], path, maxDepth);
      path.pop();
      if (inner) return inner;
    }
    return undefined;
  }
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) return { what: oddValue(value), path: [...path] };
  for (const k of Object.keys(value as object)) {
    path.push(k);
    const inner = notPlainData((value as Record<string, unknown>)[k], path, maxDepth);
    path.pop();
    if (inner) return inner;
  }
  return undefined;
}

/** What a value that is not JSON data is, in words. */
function oddValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'bigint':
      return 'a BigInt (use a number)';
    case 'symbol':
      return 'a symbol';
    default: {
      const name = (value as object).constructor?.name;
      return name ? `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} object` : 'an object that is not plain data';
    }
  }
}
