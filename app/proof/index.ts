// The proof document model: Markdown + LaTeX (or a .tex body) → steps with exact ranges and stable ids.
export { documentFormat, formatFromPath, parseProof } from './parse';
export { remapAnnotations, remapDocument, mapRange } from './remap';
export { mathFragments } from '../common/tex/math';
