import pkg from '../package.json' with { type: 'json' };

export const PIPYC_VERSION: string = pkg.version;
