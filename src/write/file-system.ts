import * as fs from 'node:fs';

/** The few file operations the writer needs; tests pass a version that fails on purpose. */
export interface WriterFileSystem {
  mkdirSync(path: string, options?: { recursive: true }): void;
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { recursive: true; force: true }): void;
  readFileSync(path: string, encoding: 'utf8'): string;
  readdirSync(path: string): string[];
  statSync(path: string, options: { throwIfNoEntry: false }): { isDirectory(): boolean } | undefined;
  lstatSync(path: string, options: { throwIfNoEntry: false }): { isSymbolicLink(): boolean } | undefined;
  realpathSync(path: string): string;
  fsyncFile(path: string): void;
}

export const nodeFileSystem: WriterFileSystem = {
  mkdirSync: (p, o) => void fs.mkdirSync(p, o),
  writeFileSync: (p, d) => fs.writeFileSync(p, d),
  renameSync: (a, b) => fs.renameSync(a, b),
  rmSync: (p, o) => fs.rmSync(p, o),
  readFileSync: (p, e) => fs.readFileSync(p, e),
  readdirSync: (p) => fs.readdirSync(p),
  statSync: (p, o) => fs.statSync(p, o),
  lstatSync: (p, o) => fs.lstatSync(p, o),
  realpathSync: (p) => fs.realpathSync(p),
  fsyncFile: (p) => {
    const fd = fs.openSync(p, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
};
