/**
 * The contracts between pipy-templates/'s three kinds of template: a family's entry templates and the shared runtime
 * (pipy-templates/runtime/) ask parts to fill slots, and the runtime asks each family to fill hooks. Each is a partial
 * with a meaning; a part fills the slots it needs, a family fills every hook (test/architecture.test.ts).
 */

/**
 * Slots a part may fill, each a partial pipy-templates/protocols/<home>/<kind>-<slot>.hbs that the templates include
 * with `{{> (slot kind "<slot>")}}` (or `part-slots`); a part without the file fills nothing there.
 */
export const PART_SLOTS = {
  tables: 'declares the maps and helpers its table sections fill',
  code: 'code its tables refer to (after the port classes are known)',
  rows: 'addRow entries: how each of its table sections is read',
  credit: 'destination part: the policy a passthrough connection credits (an expression)',
  decide: "destination part: the connection decision on a port class with its policies ('sniff' hands it on)",
  runtime: 'sniffed parts: the functions that decide on what the client sent',
  context: 'sniffed parts: per-connection context variables',
  detect:
    "sniffed parts detectProtocol does not name: `<test of _firstBytes> ? '<proto>' : `, the client's first 16 bytes",
  arm: 'sniffed parts: the branch that takes a connection detected as its protocol',
  reverify: 'sniffed parts: whether a connection it let through still stands after a reload (kind, v, detail in scope)',
  request:
    'sniffed parts that decide requests: `<test> ? <verdict of a request a host proxy decoded> : ` (v, port, head, ip)',
  metrics: 'metrics helpers of its own decisions',
  'metrics-text': 'its lines of the /metrics text',
} as const;

export type PartSlot = keyof typeof PART_SLOTS;

/**
 * Hooks every family fills, each a partial pipy-templates/<family>/hooks/<hook>.hbs that the shared runtime includes
 * by its name. What a hook emits is what its meaning says, and nothing else.
 */
export const FAMILY_HOOKS = {
  'file-header': 'the comments that open the script: what it is, where it runs, how to change it',
  'family-state':
    "the family's own definitions, before the runtime's (the sidecar's DNS store, proxy and connect options; the plugin's choice of this identity's tables)",
  'connection-decision':
    "`decide = (ip, port, src) => verdict`: a connection's verdict from its original destination, as the family tells in-mesh traffic from egress (and any other decision of its own)",
  'decision-counters':
    '`count(verdict, proto)` and what reads the counts, where the family counts decisions (uses.metrics); else nothing',
  'reload-generation': 'what revocation reads of this load: reloadable, reloadKey, generation, code, egressShape',
  'tables-reader':
    '`readTables = source => ...`: how table text (at start and after a reload) is handed to parseTables',
  'tables-at-start': 'the table text readTables reads at start (an expression)',
  'tables-announced':
    'the table text each load announces for older code to take after a reload (an expression; null: that code reads its own)',
  'tables-after-reload':
    'the table text older code takes after a reload, given `now`, the latest announcement (an expression)',
  upstream:
    "the filter that carries an allowed stream on: connect() to its original destination, or down the host proxy's chain",
  'family-context': "the family's own per-stream context variables",
} as const;
