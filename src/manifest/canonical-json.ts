/** JSON with object keys sorted at every level, so equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys);
}

/** Objects whose keys are already in order (normalize builds them so) are printed as they are, without a copy. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return Object.fromEntries(keys.sort().map((k) => [k, record[k]]));
  }
  return value;
}
