// What a refinement shows the model: the analyses under the cap, and a user's focus that keeps its slot.
import { describe, expect, it } from 'vitest';
import { MAX_REFINE_ANALYSES } from './candidates';
import { focusAnalysis, refineAnalyses } from './refine';

const many = Array.from({ length: MAX_REFINE_ANALYSES + 3 }, (_, i) => `analysis ${i}`);

describe('refineAnalyses', () => {
  it('caps the analyses, in the order given, when there is no focus', () => {
    expect(refineAnalyses({ analyses: many })).toEqual(many.slice(0, MAX_REFINE_ANALYSES));
  });

  it('adds the focus as the last analysis, within the cap, naming the step text', () => {
    const out = refineAnalyses({ analyses: many, focus: '  Hence $x = 2$.\n' });
    expect(out).toHaveLength(MAX_REFINE_ANALYSES);
    expect(out.slice(0, -1)).toEqual(many.slice(0, MAX_REFINE_ANALYSES - 1));
    expect(out.at(-1)).toBe(focusAnalysis('Hence $x = 2$.'));
    expect(out.at(-1)).toMatch(/repair this step[\s\S]*«Hence \$x = 2\$\.»/);
  });

  it('sends the focus alone when no verify run is known', () => {
    expect(refineAnalyses({ analyses: [], focus: 'Step.' })).toEqual([focusAnalysis('Step.')]);
  });
});
