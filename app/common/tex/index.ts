// The TeX part of the domain core: one math scanner, one macro model, one KaTeX configuration. Pure
// (no Node, no DOM): the engine, the CLI, the reports and the renderer all import it from here.
export * from './math';
export * from './macros';
export * from './katex';
