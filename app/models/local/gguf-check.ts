// Checks a GGUF file before llama.cpp sees it, so a missing, wrong, corrupt or truncated file is a
// clear BackendError('model-load') instead of an opaque native failure. The first pass is the model
// library's header reader (app/models/library/gguf.ts), its failures worded for the local backend;
// then node-llama-cpp's own reader and GgufInsights check what llama.cpp itself will need.
import { GgufInsights, readGgufFileInfo, type GgufFileInfo, type Llama } from 'node-llama-cpp';
import { BackendError } from '../backend';
import { GgufError, NOT_GGUF, readGgufHeader } from '../library/gguf';

const MIN_HEADER_BYTES = 24; // magic, version, tensor count, metadata count

function loadError(message: string, cause?: unknown): BackendError {
  return new BackendError(message, 'model-load', cause === undefined ? undefined : { cause });
}

/** The library reader's failure as the local backend's model-load error. */
function localLoadError(error: GgufError, path: string): BackendError {
  const { fileSize, version, neededBytes } = error.facts;
  if (error.code === 'not-found') return loadError(`model file not found: ${path}`, error);
  if (error.code === 'missing-part') return loadError(error.message, error);
  if (error.code === 'not-a-file') return loadError(`model path is not a file: ${path}`, error);
  if (error.code === 'unreadable') return loadError(`cannot read model file ${path}: ${(error.cause as Error | undefined)?.message ?? error.message}`, error);
  if (fileSize === 0) return loadError(`model file is empty: ${path}`, error);
  if (error.code === 'wrong-magic') return loadError(`${path} ${NOT_GGUF}`, error);
  if (fileSize !== undefined && fileSize < MIN_HEADER_BYTES) {
    return loadError(`model file is truncated: ${path} has ${fileSize} bytes, less than a GGUF header`, error);
  }
  if (error.code === 'unsupported-version') return loadError(`unsupported GGUF version ${version} in ${path} (expected 2 or 3)`, error);
  if (neededBytes !== undefined) {
    return loadError(`model file is truncated: ${path} has ${fileSize} bytes but its tensors need ${neededBytes} (re-download or re-copy it)`, error);
  }
  // The reader's own detail, without the path it starts with (ours already names it).
  const detail = error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
  return loadError(`corrupt or truncated GGUF header in ${path}: ${detail}`, error);
}

/** Magic, version, a readable header and the tensor data it describes; throws a specific model-load error otherwise. */
export async function checkGgufPreamble(path: string): Promise<{ size: number; version: number }> {
  try {
    // Metadata arrays (the vocabulary) are skipped over, not kept: only their framing is checked.
    const header = await readGgufHeader(path, { maxArrayItems: 0 });
    return { size: header.fileSize, version: header.version };
  } catch (error) {
    throw error instanceof GgufError ? localLoadError(error, path) : error;
  }
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
