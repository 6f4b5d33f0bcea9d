// Findings → annotations (DESIGN.md §3): labels, quotes, the JSON extraction pass, per-step consensus.
export { placeFindings, unplacedVerdict, UNPLACED_EXCERPT_CHARS, annotationId, stepForLabel, labelNumber, type PlaceOptions } from './place';
export { locateQuote, QuoteIndex } from './quote';
export { extractFindings, extractionSchema, parseExtraction, buildExtractionMessages } from './extract';
export { stepConsensus } from './consensus';
