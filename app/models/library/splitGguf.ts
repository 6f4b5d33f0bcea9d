// Split GGUF models: one model in several files named `<prefix>-00001-of-00003.gguf` …, the way
// llama.cpp's gguf-split writes them (Hugging Face stores nothing over 50 GB in one file). The first
// part holds the model's metadata and some tensors, the others more tensors; every part has the keys
// `split.no` (u16, from 0), `split.count` (u16) and the first one `split.tensors.count` (i32).
// llama.cpp and node-llama-cpp load the model from the first part's path and find the others beside
// it by this naming (llama.cpp src/llama.cpp llama_split_path/llama_split_prefix), so the library keeps
// the parts side by side under these names.
import { basename, dirname, join } from 'node:path';

/** `-00001-of-00003.gguf` at the end of a file name (5 digits each, as llama_split_path writes them). */
const SPLIT_SUFFIX = /-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * The most parts a split model may have here. gguf-split's largest real splits have tens of parts (the
 * Hub's 50 GB per file: 1,000 parts is 50 TB); a name claiming 99,999 would have the library ask a
 * server about every one.
 */
export const MAX_SPLIT_PARTS = 1000;

export interface SplitName {
  /** 1-based, as in the file name. */
  part: number;
  count: number;
  /** The name before `-00001-of-…`. */
  prefix: string;
}

/**
 * The part number, part count and prefix a file name carries; undefined when it is not a part's name
 * (or says part 0, or part > count). `.GGUF` in capitals matches too (`upperCase`): llama.cpp finds
 * parts only as `.gguf`, so callers say to rename them.
 */
export function splitName(fileName: string): (SplitName & { upperCase: boolean }) | undefined {
  const match = SPLIT_SUFFIX.exec(fileName);
  if (!match) return undefined;
  const part = Number(match[1]);
  const count = Number(match[2]);
  if (part < 1 || count < 1 || part > count) return undefined;
  return { part, count, prefix: fileName.slice(0, match.index), upperCase: !fileName.endsWith('.gguf') };
}

/** The file name of part `part` (1-based) of `count` with this prefix: `<prefix>-0000p-of-0000c.gguf`. */
export function splitPartName(prefix: string, part: number, count: number): string {
  return `${prefix}-${String(part).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.gguf`;
}

/**
 * The names of every part of the split model a part's file name belongs to, the first one first
 * (a path or URL path works too: only the end is changed). A single-file name gives `[name]`.
 */
export function splitPartNames(fileName: string): string[] {
  const split = splitName(fileName);
  if (!split || split.count < 2) return [fileName];
  return Array.from({ length: split.count }, (_, i) => splitPartName(split.prefix, i + 1, split.count));
}

/** The path of the first part of the split model whose part `path` names (by name, in the same folder); `path` itself for a one-file name or the first part. */
export function firstPartPath(path: string): string {
  return join(dirname(path), splitPartNames(basename(path))[0]);
}
