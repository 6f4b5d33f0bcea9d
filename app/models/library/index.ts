export { ModelLibrary, LibraryError, defaultLibraryDir, type LibraryEntry, type LibraryErrorCode, type LibrarySurface, alreadyInLibraryMessage, type ModelLibraryOptions, type PullOptions, type PullProgress } from './modelLibrary';
export {
  GgufError,
  readGgufHeader,
  summarizeGguf,
  estimateMemory,
  inspectGguf,
  formatBytes,
  formatCount,
  type GgufErrorCode,
  type GgufErrorFacts,
  type GgufHeader,
  type GgufSummary,
  type GgufInspection,
  type GgufTensorInfo,
  type GgufValue,
  type MemoryEstimate,
} from './gguf';
export { downloadResumable, DownloadError, type DownloadProgress, type DownloadOptions } from './download';
export { resolveSource, SourceError, type ResolvedSource } from './huggingFace';
export { loadCatalogue, CatalogueSchema, type Catalogue, type CatalogueModel } from './catalogue';
export { PullManager, toModelEntry, toInspectView, toCatalogueEntries, type ModelEntryView, type CatalogueEntryView, type PullProgressView } from './engineApi';
export { splitName, splitPartName, splitPartNames, type SplitName } from './splitGguf';
