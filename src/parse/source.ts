/** Where a spec came from: a file path, or '<stdin>', or a caller-chosen name. */
export interface SpecSource {
  name: string;
  text: string;
}

export const MAX_INPUT_BYTES = 8 * 1024 * 1024;
