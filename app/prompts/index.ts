// app/prompts: prompt templates (files in resources/prompts/), prompt builders and output parsers.
export * from './types';
export { loadTemplates, recordTemplates, withRecordedTemplates, TemplateError, REQUIRED_PLACEHOLDERS, DEFAULT_TEMPLATES_DIR, type LoadTemplatesOptions, type RecordedTemplate } from './templates';
export { renderTemplate, placeholdersOf, sha256 } from './render';
export {
  buildVerifyPrompt,
  buildMetaVerifyPrompt,
  buildGeneratePrompt,
  buildRefinePrompt,
  buildExtractPrompt,
  buildGradePrompt,
  type GradingInput,
  labelledProof,
  formatCandidates,
  type VerifyPromptInput,
  type MetaVerifyPromptInput,
  type RefineCandidate,
  type ExtractPromptInput,
} from './build';
export { parseVerification, parseMetaVerification, parseGeneration, parseGrading, parsePoints, gradeContradiction, withoutScoreLine, type ParsedGrading } from './parse';
export { lastBoxed, allBoxed, boxedMatches, parseScore, type BoxedMatch } from './boxed';
export { splitThink, type ThinkSplit } from './think';
export { splitSolution, type SolutionSplit } from './solution';
export { parseHuangYangFindings, parseLabelledFindings, parseQuotedIssues, parseMetaFindingVerdicts, severityOf, type MetaFindingVerdict } from './findings';
export { SAMPLES_DIR, problemPathFor, readProblemFor, listSamples, loadSample, type Sample } from './samples';
