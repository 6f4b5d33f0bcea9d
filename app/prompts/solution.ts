// Splits a generator's answer into its solution and its self-evaluation. Models write the headings
// in many ways (`## Solution`, `**Solution**`, `### Solution:`, `Solution:`, any case), so a line
// counts as a heading when it is a Markdown heading, a bold label, or the label followed by a colon.

export interface SolutionSplit {
  solution: string;
  /** Text of the self-evaluation section, or null when the answer has none. */
  selfEvaluation: string | null;
  /** Whether an explicit solution heading was found (false: the whole text before any self-evaluation). */
  hadSolutionHeading: boolean;
}

interface Heading {
  /** Offset where the heading line starts. */
  start: number;
  /** Offset where the section's content starts (after the heading, or after the label on the same line). */
  contentStart: number;
}

/**
 * `label` is matched as a Markdown heading or a bold label; `plainLabel` (if different) also as
 * `Label:` at the start of a line.
 */
function headingPattern(label: string, plainLabel = label): RegExp {
  return new RegExp(
    [
      // Markdown heading: the rest of the line is part of the heading (e.g. "## Solution (sketch)").
      `^[ \\t]*#{1,6}[ \\t]*(?:\\*\\*|__)?[ \\t]*(?:${label})\\b[^\\n]*\\n?`,
      // Bold label, optionally with a colon; the section may continue on the same line.
      `^[ \\t]*(?:\\*\\*|__)[ \\t]*(?:${label})[ \\t]*:?[ \\t]*(?:\\*\\*|__)[ \\t]*:?[ \\t]*\\n?`,
      // Plain label with a colon at the start of a line.
      `^[ \\t]*(?:${plainLabel})[ \\t]*:[ \\t]*\\n?`,
    ].join('|'),
    'gim',
  );
}

// "Proof" counts as a solution heading only as a heading or bold label: "Proof:" lines are common
// inside solutions.
const SOLUTION = headingPattern('solution|proof', 'solution');
// Any hyphen models write: -, ‐ (U+2010), ‑ (U+2011), – (U+2013).
const SELF_EVALUATION = headingPattern('self[ \\t\\-\\u2010\\u2011\\u2013]*evaluation');

function headings(text: string, re: RegExp): Heading[] {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, contentStart: m.index + m[0].length }));
}

export function splitSolution(text: string): SolutionSplit {
  const solutions = headings(text, SOLUTION);
  const firstSolution = solutions[0];
  const evals = headings(text, SELF_EVALUATION).filter((h) => !firstSolution || h.start > firstSolution.start);
  const lastEval = evals[evals.length - 1];
  const solutionStart = firstSolution ? firstSolution.contentStart : 0;
  const solutionEnd = lastEval ? lastEval.start : text.length;
  return {
    solution: text.slice(solutionStart, solutionEnd).trim(),
    selfEvaluation: lastEval ? text.slice(lastEval.contentStart).trim() : null,
    hadSolutionHeading: Boolean(firstSolution),
  };
}
