// The engine's view of the modules it sits on, in one place.
export { parseProof, remapDocument, remapAnnotations, formatFromPath } from '../proof';
export { runVerify, runProve, runRefine, type LoopContext } from '../loop';
export { loadTemplates, listSamples, loadSample, problemPathFor, type TemplateSet, type PromptProfile } from '../prompts';
export { RunStore } from '../store';
export { createBackend } from '../models/spec';
export { ModelLibrary, LibraryError, PullManager, toModelEntry, toInspectView, toCatalogueEntries, loadCatalogue } from '../models/library';
export { Checker, checkerFindingsForReport, collectMacros, computationEvidence } from '../check';
