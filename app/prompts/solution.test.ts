import { describe, expect, it } from 'vitest';
import { splitSolution } from './solution';

const PROOF = 'Let $c = f(1)$. Then $f(x) = cx$.';
const EVAL = 'Here is my evaluation of the solution:\nAll fine.\n\\boxed{1}';

describe('splitSolution', () => {
  it.each([
    ['## Solution', '## Self Evaluation'],
    ['**Solution**', '**Self Evaluation**'],
    ['### Solution:', '### Self-Evaluation:'],
    ['Solution:', 'Self evaluation:'],
    ['# SOLUTION', '## SELF-EVALUATION'],
    ['**Solution:**', '**Self-evaluation:**'],
    ['## Solution (complete proof)', '## Self Evaluation'],
    ['## Proof', '## Self\u2011Evaluation'],
    ['**Proof**', '**Self – Evaluation**'],
  ])('splits %j / %j', (solutionHeading, evalHeading) => {
    const s = splitSolution(`Some preamble.\n\n${solutionHeading}\n\n${PROOF}\n\n${evalHeading}\n\n${EVAL}\n`);
    expect(s.solution).toBe(PROOF);
    expect(s.selfEvaluation).toBe(EVAL);
    expect(s.hadSolutionHeading).toBe(true);
  });

  it('keeps content written on the same line as a bold or colon label', () => {
    const s = splitSolution(`**Solution:** ${PROOF}\n\nSelf-evaluation: ${EVAL}`);
    expect(s.solution).toBe(PROOF);
    expect(s.selfEvaluation).toBe(EVAL);
  });

  it('does not take a sentence that starts with the word for a heading', () => {
    const text = `## Solution\n\nSolution of the equation is $x = 2$, so we are done.\n\n## Self Evaluation\n\n${EVAL}`;
    expect(splitSolution(text).solution).toBe('Solution of the equation is $x = 2$, so we are done.');
  });

  it('uses the text before the self-evaluation when there is no solution heading', () => {
    const s = splitSolution(`${PROOF}\n\n## Self Evaluation\n${EVAL}`);
    expect(s).toEqual({ solution: PROOF, selfEvaluation: EVAL, hadSolutionHeading: false });
  });

  it('returns the whole text and no self-evaluation when there are no headings', () => {
    expect(splitSolution(PROOF)).toEqual({ solution: PROOF, selfEvaluation: null, hadSolutionHeading: false });
  });

  it('splits at the last self-evaluation heading', () => {
    const s = splitSolution(`## Solution\n${PROOF}\n## Self Evaluation\ndraft\n## Self Evaluation\n${EVAL}`);
    expect(s.solution).toBe(`${PROOF}\n## Self Evaluation\ndraft`);
    expect(s.selfEvaluation).toBe(EVAL);
  });
});

describe('splitSolution via splitThink', () => {
  it('reads answers with Windows line ends', async () => {
    const { splitThink } = await import('./think');
    const { answer } = splitThink(`<think>x</think>\r\n**Solution**\r\n${PROOF}\r\n\r\nSelf evaluation:\r\n${EVAL.replace(/\n/g, '\r\n')}`);
    expect(splitSolution(answer)).toEqual({ solution: PROOF, selfEvaluation: EVAL, hadSolutionHeading: true });
  });

  it('does not take a "Proof:" line inside the solution for a heading', () => {
    expect(splitSolution(`Intro.\nProof: by induction.\n\n## Self Evaluation\n${EVAL}`).solution).toBe('Intro.\nProof: by induction.');
  });
});
