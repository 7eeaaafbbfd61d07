import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, PipycError, writeCodebase } from '../../src/index.js';
import { nodeFileSystem, type WriterFileSystem } from '../../src/write/file-system.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'pipyc-write-'));
const v1 = compile({ Spec: { Traffic: { EnableEgress: true } } }).files;
const v2 = compile({ Spec: { SidecarLogLevel: 'debug' } }).files;
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

describe('writeCodebase', () => {
  it('writes a new directory and replaces an earlier codebase', () => {
    const root = fresh();
    const out = join(root, 'out');
    writeCodebase(out, v1);
    expect(snapshot(out)).toEqual(Object.fromEntries(v1.map((f) => [f.path, f.contents])));
    writeCodebase(out, v2);
    expect(snapshot(out)).toEqual(Object.fromEntries(v2.map((f) => [f.path, f.contents])));
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('leaves the old codebase intact and no temporary litter when a write fails midway', () => {
    const root = fresh();
    const out = join(root, 'out');
    writeCodebase(out, v1);
    const before = snapshot(out);
    let writes = 0;
    const failing: WriterFileSystem = {
      ...nodeFileSystem,
      writeFileSync: (p, d) => {
        if (++writes === 2) throw new Error('ENOSPC: no space left on device (simulated)');
        nodeFileSystem.writeFileSync(p, d);
      },
    };
    expect(() => writeCodebase(out, v2, { fs: failing })).toThrow(/ENOSPC/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('puts the old codebase back when the final rename fails', () => {
    const root = fresh();
    const out = join(root, 'out');
    writeCodebase(out, v1);
    const before = snapshot(out);
    let renames = 0;
    const failing: WriterFileSystem = {
      ...nodeFileSystem,
      renameSync: (a, b) => {
        if (++renames === 2) throw new Error('EXDEV (simulated)');
        nodeFileSystem.renameSync(a, b);
      },
    };
    expect(() => writeCodebase(out, v2, { fs: failing })).toThrow(PipycError);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('refuses to replace a non-empty directory that is not a pipyc codebase, unless forced', () => {
    const root = fresh();
    const out = join(root, 'precious');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    expect(() => writeCodebase(out, v1)).toThrow(/not empty and holds no pipyc manifest/);
    expect(snapshot(out)).toEqual({ 'notes.txt': 'keep me' });
    writeCodebase(out, v1, { force: true });
    expect(Object.keys(snapshot(out)).sort()).toEqual(['generation.txt', 'main.js', 'manifest.json']);
  });

  it('refuses to write over a file', () => {
    const root = fresh();
    writeFileSync(join(root, 'file'), 'x');
    expect(() => writeCodebase(join(root, 'file'), v1)).toThrow(/not a directory/);
  });
});

describe('writeCodebase refuses outputs it would damage, with a located message', () => {
  const codes = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof PipycError) return e.diagnostics.map((d) => `${d.code} ${d.message}`);
      throw e;
    }
    return [];
  };

  it('a path under a regular file is a user error, not an internal one', () => {
    const root = fresh();
    writeFileSync(join(root, 'afile'), 'x');
    expect(codes(() => writeCodebase(join(root, 'afile', 'sub'), v1))).toEqual([
      expect.stringMatching(/^PIPYC6001 cannot write .*afile\/sub: a part of that path is a file, not a directory$/),
    ]);
    expect(readFileSync(join(root, 'afile'), 'utf8')).toBe('x');
  });

  it('the current directory, its parents and the root directory', () => {
    for (const dir of ['.', process.cwd(), join(process.cwd(), '..'), '/']) {
      expect(codes(() => writeCodebase(dir, v1))[0]).toMatch(/^PIPYC6001 refusing to write to /);
    }
  });

  it('a directory that holds the spec', () => {
    const root = fresh();
    mkdirSync(join(root, 'specs'));
    writeFileSync(join(root, 'specs', 'spec.yaml'), 'Spec: {}\n');
    expect(
      codes(() => writeCodebase(join(root, 'specs'), v1, { keep: [join(root, 'specs', 'spec.yaml')], force: true }))[0],
    ).toMatch(/holds the spec/);
    expect(readdirSync(join(root, 'specs'))).toEqual(['spec.yaml']);
  });
});

describe('writeCodebase through a symbolic link', () => {
  it('writes into the directory the link points to, atomically, and keeps the link', () => {
    const root = fresh();
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    writeCodebase(join(root, 'link'), v1);
    expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
    expect(snapshot(join(root, 'real'))).toEqual(Object.fromEntries(v1.map((f) => [f.path, f.contents])));
    writeCodebase(join(root, 'link'), v2);
    expect(snapshot(join(root, 'link'))).toEqual(Object.fromEntries(v2.map((f) => [f.path, f.contents])));
    expect(readdirSync(root).sort()).toEqual(['link', 'real']);
  });

  it('refuses a link that points nowhere', () => {
    const root = fresh();
    symlinkSync(join(root, 'gone'), join(root, 'link'));
    expect(() => writeCodebase(join(root, 'link'), v1)).toThrow(/symbolic link to nothing/);
  });
});
