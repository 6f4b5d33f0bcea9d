// The loop's imports from the modules written alongside it (app/proof, app/annotate, app/prompts), in
// one place so the loop's own files name only what they use.
export { parseProof } from '../proof';
export { placeFindings, unplacedVerdict, stepConsensus, extractFindings } from '../annotate';
export {
  buildVerifyPrompt,
  buildGradePrompt,
  parseGrading,
  type GradingInput,
  buildMetaVerifyPrompt,
  buildGeneratePrompt,
  buildRefinePrompt,
  parseVerification,
  parseMetaVerification,
  parseGeneration,
  splitThink,
  parseMetaFindingVerdicts,
  type MetaFindingVerdict,
  type PromptProfile,
  type TemplateSet,
  type BuiltPrompt,
  recordTemplates,
  withRecordedTemplates,
  type RecordedTemplate,
} from '../prompts';
