export { runVerify, verdictForMetaScore, verdictForAnnotation, summarise, passesAll, type VerifyInput } from './verify';
export { runProve, type ProveInput } from './prove';
export { runRefine, RefineError, type RefineInput } from './refine';
export { selectAnalyses, rankCandidates, MAX_REFINE_ANALYSES, MAX_ANALYSES_PER_SCORE } from './candidates';
export { createLimiter, type Limiter } from './limiter';
export { DEFAULT_SAMPLING, type LoopContext, type Sampling } from './context';
