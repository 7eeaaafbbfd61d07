/**
 * How a Host header (or SNI) becomes the name that policies are matched against. The generated scripts do
 * the same (pipy-templates/protocols/http/http-runtime.hbs, `hostOf`): lower case, one trailing dot removed, `:port` split off.
 */
interface RequestHost {
  name: string | null;
  /** The port written in the Host header, '' if none. */
  port: string;
}

export function parseHostHeader(raw: string | undefined): RequestHost {
  if (raw === undefined || raw === '') return { name: null, port: '' };
  const h = raw.toLowerCase();
  let name: string;
  let port = '';
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    name = end < 0 ? h.slice(1) : h.slice(1, end);
    const rest = end < 0 ? '' : h.slice(end + 1);
    port = rest.startsWith(':') ? rest.slice(1) : '';
  } else {
    const colon = h.lastIndexOf(':');
    name = colon < 0 ? h : h.slice(0, colon);
    port = colon < 0 ? '' : h.slice(colon + 1);
  }
  if (name.endsWith('.')) name = name.slice(0, -1);
  return { name: name === '' ? null : name, port };
}

export function normalizeSni(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const lower = raw.toLowerCase();
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return name === '' ? null : name;
}
