/**
 * The one place where data becomes PipyJS source. Every spec-derived value reaches a generated file through
 * jsLiteral (the `lit` template helper). Output is pure ASCII: quotes, backslashes, control characters,
 * U+2028/2029 and every non-ASCII code unit are escaped as \uXXXX (astral characters as surrogate pairs,
 * which Pipy's string decoder joins; its \u{...} form mishandles five-digit code points).
 */
export function jsLiteral(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot emit the number ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (Array.isArray(value)) return `[${value.map(jsLiteral).join(', ')}]`;
      return objectLiteral(value as Record<string, unknown>);
    default:
      throw new TypeError(`cannot emit a ${typeof value}`);
  }
}

function objectLiteral(value: Record<string, unknown>): string {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${stringLiteral(k)}: ${jsLiteral(v)}`).join(', ')} }`;
}

export function stringLiteral(value: string): string {
  if (!value.isWellFormed()) throw new TypeError('cannot emit a string with a lone surrogate');
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += value[i];
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + "'";
}
