/**
 * Every diagnostic pipyc can emit. Codes are append-only: never renumber or reuse one.
 * 1xxx: reading input, 2xxx: schema, 3xxx: semantic checks, 4xxx: warnings on valid specs,
 * 5xxx: generated-code checks (a compiler bug if ever seen), 6xxx: output and environment.
 */
export const CODES = {
  PIPYC1001: 'cannot read input',
  PIPYC1002: 'syntax error in input',
  PIPYC1003: 'duplicate key',
  PIPYC1004: 'input is empty',
  PIPYC1005: 'input has more than one document',
  PIPYC1006: 'input too large or too deeply nested',
  PIPYC1007: 'invalid probe (explain)',
  PIPYC2001: 'schema violation',
  PIPYC2002: 'unknown field',
  PIPYC2003: 'missing required field',
  PIPYC2004: 'wrong type',
  PIPYC2005: 'value not allowed',
  PIPYC2006: 'invalid name of a field or header',
  PIPYC3001: 'invalid CIDR or IP address',
  PIPYC3002: 'duplicate policy name',
  PIPYC3003: 'egress policies not yet supported',
  PIPYC3004: 'invalid host name',
  PIPYC3005: 'invalid port range',
  PIPYC3006: 'conflicting protocols on a port',
  PIPYC3007: 'invalid regular expression',
  PIPYC3008: 'HTTP matches on a policy without an http port',
  PIPYC3009: 'PathType without Path',
  PIPYC3010: 'duplicate header name',
  PIPYC3011: 'path is not printable ASCII',
  PIPYC4001: 'egress policies are moot while EnableEgress is true',
  PIPYC4002: 'Hosts cannot be checked on a tcp port',
  PIPYC4003: 'duplicate entry',
  PIPYC5001: 'generated code does not parse',
  PIPYC5002: 'generated code uses a construct PipyJS rejects',
  PIPYC5003: 'generated code references an unknown identifier',
  PIPYC5004: 'Pipy refused the generated code',
  PIPYC6001: 'cannot write output',
  PIPYC6002: 'output directory is not a pipyc codebase',
  PIPYC6003: 'no Pipy binary',
} as const;

export type DiagnosticCode = keyof typeof CODES;
