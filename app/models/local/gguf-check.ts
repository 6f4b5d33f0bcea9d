// Checks a GGUF file before llama.cpp sees it, so a missing, wrong, corrupt or truncated file is a
// clear BackendError('model-load') instead of an opaque native failure. The header is parsed with
// node-llama-cpp's own reader; the tensor data extent comes from its GgufInsights.
import { open, stat } from 'node:fs/promises';
import { GgufInsights, readGgufFileInfo, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import { BackendError } from '../backend';

const GGUF_MAGIC = 'GGUF';
const MIN_HEADER_BYTES = 24; // magic, version, tensor count, metadata count

function loadError(message: string, cause?: unknown): BackendError {
  return new BackendError(message, 'model-load', cause === undefined ? undefined : { cause });
}

/** Magic, version and counts from the first bytes; throws a specific model-load error otherwise. */
export async function checkGgufPreamble(path: string): Promise<{ size: number; version: number }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw loadError(`model path is not a file: ${path}`);
    size = info.size;
  } catch (error) {
    if (error instanceof BackendError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw loadError(`model file not found: ${path}`, error);
    throw loadError(`cannot read model file ${path}: ${(error as Error).message}`, error);
  }
  if (size === 0) throw loadError(`model file is empty: ${path}`);
  if (size < MIN_HEADER_BYTES) throw loadError(`model file is truncated: ${path} has ${size} bytes, less than a GGUF header`);
  const handle = await open(path, 'r');
  const head = Buffer.alloc(MIN_HEADER_BYTES);
  try {
    await handle.read(head, 0, MIN_HEADER_BYTES, 0);
  } finally {
    await handle.close();
  }
  const magic = head.subarray(0, 4).toString('latin1');
  if (magic !== GGUF_MAGIC) {
    throw loadError(`not a GGUF file: ${path} starts with 0x${head.subarray(0, 4).toString('hex')} instead of "GGUF"`);
  }
  const version = head.readUInt32LE(4);
  if (version !== 2 && version !== 3) throw loadError(`unsupported GGUF version ${version} in ${path} (expected 2 or 3)`);
  const tensorCount = head.readBigUInt64LE(8);
  const metadataCount = head.readBigUInt64LE(16);
  // Each tensor info and key-value pair takes at least a dozen bytes: larger counts mean garbage.
  if (tensorCount * 12n > BigInt(size) || metadataCount * 12n > BigInt(size)) {
    throw loadError(`corrupt GGUF header in ${path}: ${tensorCount} tensors and ${metadataCount} metadata entries cannot fit in ${size} bytes`);
  }
  return { size, version };
}

/** Full header check: parses metadata and tensor infos and verifies the file holds all tensor data. */
export async function checkGgufFile(path: string, llama: Llama): Promise<GgufFileInfo> {
  const { size } = await checkGgufPreamble(path);
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, { sourceType: 'filesystem', logWarnings: false, spliceSplitFiles: false });
  } catch (error) {
    throw loadError(`corrupt or truncated GGUF header in ${path}: ${(error as Error).message}`, error);
  }
  const architecture = info.metadata?.general?.architecture;
  if (!architecture) throw loadError(`GGUF file ${path} has no general.architecture: not a model file`);
  if (!info.tensorInfo || info.tensorInfo.length === 0) throw loadError(`GGUF file ${path} has no tensors: not a model file`);
  let dataBytes: number;
  try {
    dataBytes = (await GgufInsights.from(info, llama)).modelSize;
  } catch (error) {
    throw loadError(`GGUF file ${path} has tensors llama.cpp does not know: ${(error as Error).message}`, error);
  }
  const needed = (info.infoEndOffset ?? 0) + dataBytes;
  if (size < needed) {
    throw loadError(`model file is truncated: ${path} has ${size} bytes but its tensors need ${needed} (re-download or re-copy it)`);
  }
  return info;
}
