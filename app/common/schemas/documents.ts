// Documents: the engine's view of an open document (text, parsed steps, findings, version), the
// workspace listing, samples, recent files and recovery copies, and the methods on them.
import { z } from 'zod';
import { AnnotationSchema, DocumentFormatSchema, ProofDocumentSchema, SourceRangeSchema, StepSchema, TextEditSchema } from './proof';
import type { DocDelta } from '../docDelta';
import { ClientPathSchema, DocIdArg, IdSchema, method, none, nonNegInt, ok, type MethodSchema } from './primitives';
import { GradingFilesArgSchema, GradingFilesSchema, SaveGradingArgSchema } from './search';

export const DocumentSnapshotSchema = z.looseObject({
  docId: IdSchema,
  /** null for a new document that has not been saved yet. */
  path: z.string().nullable(),
  name: z.string(),
  format: DocumentFormatSchema,
  text: z.string(),
  problem: z.string(),
  doc: ProofDocumentSchema,
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
  /** Increases by one with every accepted edit batch. */
  version: nonNegInt,
});

export const EditResultSchema = z.looseObject({
  docId: IdSchema,
  version: nonNegInt,
  doc: ProofDocumentSchema,
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
});

/** app/common/docDelta.ts: the steps an edit changed, and how the others moved. */
export const DocDeltaSchema: z.ZodType<DocDelta> = z.looseObject({
  head: nonNegInt,
  tail: nonNegInt,
  shift: z.number().int(),
  lineShift: z.number().int(),
  tailLabels: z.array(z.string()).optional(),
  steps: z.array(StepSchema),
  body: SourceRangeSchema,
});

/**
 * editDocumentDelta's answer: `docDelta` against the document at `baseVersion` (rebuilt with
 * applyDocDelta and the text the edits give), or the whole `doc` when a delta would not rebuild it.
 */
export const EditDeltaResultSchema = z.looseObject({
  docId: IdSchema,
  version: nonNegInt,
  doc: ProofDocumentSchema.optional(),
  docDelta: DocDeltaSchema.optional(),
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
}).refine((r) => (r.doc === undefined) !== (r.docDelta === undefined), { message: 'exactly one of doc and docDelta' });

/**
 * The `documentChanged` notification (engine → the other pages holding the document): an accepted edit
 * took the document from `baseVersion` to `version`. `edits` (sequential, as in editDocument) turn the
 * text at `baseVersion` into the new one; `docDelta` (against the document at `baseVersion`) or the
 * whole `doc` gives the parsed document. `to`: the clients it is for (app/engine/callers.ts names),
 * read by the relay that routes it; pages ignore it.
 */
export const DocumentChangedSchema = z.looseObject({
  docId: IdSchema,
  version: nonNegInt,
  baseVersion: nonNegInt,
  edits: z.array(TextEditSchema),
  doc: ProofDocumentSchema.optional(),
  docDelta: DocDeltaSchema.optional(),
  annotations: z.array(AnnotationSchema),
  dirty: z.boolean(),
  to: z.array(z.string()).optional(),
}).refine((c) => (c.doc === undefined) !== (c.docDelta === undefined), { message: 'exactly one of doc and docDelta' })
  .refine((c) => c.version > c.baseVersion, { message: 'version must be after baseVersion' });

/**
 * The `documentSaved` notification (engine → the other pages holding the document): it was saved, at
 * `version`, as `path`; `dirty` says whether the engine's text still differs from the file. `to`: as in
 * DocumentChangedSchema.
 */
export const DocumentSavedSchema = z.looseObject({
  docId: IdSchema,
  version: nonNegInt,
  path: z.string(),
  name: z.string(),
  dirty: z.boolean(),
  to: z.array(z.string()).optional(),
});

/**
 * The `documentOnDisk` notification (engine → every page holding the document): another program changed
 * its file. `reloaded`: the document had no unsaved edits and holds the file's new text now (a
 * `documentChanged` with that text comes first); `changed`: the file changed under unsaved edits, which
 * are kept; `missing`: the file was deleted or moved away, the document is unsaved. `to`: as in
 * DocumentChangedSchema.
 */
export const DocumentOnDiskSchema = z.looseObject({
  docId: IdSchema,
  kind: z.enum(['reloaded', 'changed', 'missing']),
  name: z.string(),
  version: nonNegInt,
  dirty: z.boolean(),
  to: z.array(z.string()).optional(),
});

export const WorkspaceEntrySchema = z.looseObject({
  path: z.string(),
  name: z.string(),
  format: DocumentFormatSchema,
  size: nonNegInt,
  modifiedAt: z.number(),
});

/** A shipped example proof (resources/samples) to start from; not a verifier sample. */
export const ExampleDocumentSchema = z.looseObject({ id: z.string(), title: z.string(), format: DocumentFormatSchema });
export const RecentDocumentSchema = z.looseObject({ path: z.string(), name: z.string(), openedAt: z.number() });
export const RecoveryInfoSchema = z.looseObject({
  recoveryId: IdSchema,
  path: z.string().nullable(),
  name: z.string(),
  savedAt: z.number(),
  length: nonNegInt,
});

export const documentMethods = {
  // Documents
  /** `replace`: the user chose the file on disk over the open session's unsaved text (see DocumentManager.open). */
  openDocument: method(z.tuple([z.strictObject({ path: ClientPathSchema, replace: z.boolean().optional() })]), DocumentSnapshotSchema),
  newDocument: method(z.tuple([z.strictObject({ example: IdSchema.optional(), format: DocumentFormatSchema.optional() })]), DocumentSnapshotSchema),
  getDocument: method(z.tuple([DocIdArg]), DocumentSnapshotSchema),
  editDocument: method(
    z.tuple([z.strictObject({ docId: IdSchema, edits: z.array(TextEditSchema).max(10_000), baseVersion: nonNegInt.optional() })]),
    EditResultSchema,
  ),
  /**
   * editDocument for a client that holds the document at `baseVersion` (required here): answers with
   * what changed (a few hundred bytes a key) instead of the whole parsed document (~114 KB on a
   * 460-line proof), which the UI parsed and validated on every keystroke (issue 11).
   */
  editDocumentDelta: method(
    z.tuple([z.strictObject({ docId: IdSchema, edits: z.array(TextEditSchema).max(10_000), baseVersion: nonNegInt })]),
    EditDeltaResultSchema,
  ),
  setProblem: method(z.tuple([z.strictObject({ docId: IdSchema, text: z.string().max(1_000_000) })]), ok),
  /**
   * Save, or save as `path`. An existing file other than the document's own is replaced only with
   * `overwrite: true` (the user said Replace); else the call fails with code 'conflict'.
   */
  saveDocument: method(
    z.tuple([z.strictObject({ docId: IdSchema, path: ClientPathSchema.optional(), overwrite: z.boolean().optional() })]),
    z.looseObject({ path: z.string(), savedAt: z.number() }),
  ),
  closeDocument: method(z.tuple([DocIdArg]), ok),
  /**
   * This page shows another document now, its user having agreed to replace this one's unsaved text:
   * the text is kept as the recovery copy and the document goes back to its file (DocumentManager.letGo);
   * `reverted` says whether it did (not when another page holds it, or it has no file).
   */
  releaseDocument: method(z.tuple([DocIdArg]), z.looseObject({ reverted: z.boolean() })),
  saveRecovery: method(z.tuple([DocIdArg]), z.looseObject({ recoveryId: IdSchema, savedAt: z.number() })),
  listRecoveries: method(none, z.array(RecoveryInfoSchema)),
  restoreRecovery: method(z.tuple([z.strictObject({ recoveryId: IdSchema })]), DocumentSnapshotSchema),
  discardRecovery: method(z.tuple([z.strictObject({ recoveryId: IdSchema })]), ok),
  listWorkspace: method(none, z.looseObject({ name: z.string(), files: z.array(WorkspaceEntrySchema) })),
  /**
   * The workspace's own macros: `\newcommand`/`\def`/`\DeclareMathOperator` in `macros.tex` at the
   * workspace root, applied to every document's preview and checks (a document's own definitions win).
   */
  workspaceMacros: method(none, z.looseObject({ path: z.string().nullable(), macros: z.record(z.string(), z.string()) })),
  listExampleDocuments: method(none, z.array(ExampleDocumentSchema)),
  /** The shipped demo scripts (file names), loadable as `scripted:sample:NAME` with no model installed. */
  listSampleScripts: method(none, z.array(z.string())),
  recentDocuments: method(none, z.array(RecentDocumentSchema)),
  /** The document's reference solution and marking scheme (its sibling files; app/engine/grading.ts). */
  gradingFiles: method(z.tuple([GradingFilesArgSchema]), GradingFilesSchema),
  saveGrading: method(z.tuple([SaveGradingArgSchema]), ok),
} satisfies Record<string, MethodSchema>;

export type DocumentSnapshot = z.output<typeof DocumentSnapshotSchema>;
export type EditResult = z.output<typeof EditResultSchema>;
export type EditDeltaResult = z.output<typeof EditDeltaResultSchema>;
export type DocumentChanged = z.output<typeof DocumentChangedSchema>;
export type DocumentSaved = z.output<typeof DocumentSavedSchema>;
export type DocumentOnDisk = z.output<typeof DocumentOnDiskSchema>;
export type WorkspaceEntry = z.output<typeof WorkspaceEntrySchema>;
export type ExampleDocument = z.output<typeof ExampleDocumentSchema>;
export type RecentDocument = z.output<typeof RecentDocumentSchema>;
export type RecoveryInfo = z.output<typeof RecoveryInfoSchema>;
