// A past run's findings placed on the text on screen: current where their step reads the same, stale
// with no step and no range where it does not.
import { describe, expect, it } from 'vitest';
import type { Annotation } from './annotations';
import type { ProofDocument } from './proof';
import { placeOnText, verifiedEarlierText } from './staleness';

/**
 * A document whose steps are its paragraphs, ids by text ("p:" + text): enough of a parse for placing
 * findings (the renderer does not import the parser; the engine parses).
 */
function parseProof(text: string): ProofDocument {
  const steps: { id: string; label: string; text: string; range: { start: number; end: number } }[] = [];
  let at = 0;
  for (const para of text.split('\n\n')) {
    const body = para.trimEnd();
    if (body) steps.push({ id: `p:${body}`, label: `S${steps.length + 1}`, text: body, range: { start: at, end: at + body.length } });
    at += para.length + 2;
  }
  return { text, steps } as unknown as ProofDocument;
}

const VERIFIED = 'First step, fine.\n\nSecond step, with a gap here.\n\nThird step.\n';

function finding(id: string, stepId: string | null, range?: { start: number; end: number }): Annotation {
  return { id, stepId, ...(range ? { range } : {}), severity: 'gap', message: 'gap', mappedBy: 'label', provenance: { source: 'verifier', sample: 0, verdict: 'unchecked' } };
}

const old = parseProof(VERIFIED);
const verify = { text: VERIFIED, steps: old.steps.map((s) => ({ id: s.id, label: s.label, range: s.range, flags: 0, confirmed: 0 })) };
const second = old.steps[1];
const at = VERIFIED.indexOf('a gap');

describe('placeOnText', () => {
  it('keeps a finding current on its step when that step reads the same, its range moved with the step', () => {
    const now = parseProof(`Added first.\n\n${VERIFIED}`);
    const [placed] = placeOnText([finding('q', second.id, { start: at, end: at + 5 })], verify, now);
    const step = now.steps.find((s) => s.text === second.text)!;
    expect(placed.stale).toBeUndefined();
    expect(placed.stepId).toBe(step.id);
    expect(now.text.slice(placed.range!.start, placed.range!.end)).toBe('a gap');
  });

  it('marks a finding stale, with no step and no range, when its step was rewritten; and a document-level one when the text differs', () => {
    const now = parseProof(VERIFIED.replace('with a gap here', 'now justified by density'));
    const placed = placeOnText([finding('q', second.id, { start: at, end: at + 5 }), finding('d', null)], verify, now);
    expect(placed.map((a) => [a.stale, a.stepId, a.range])).toEqual([[true, null, undefined], [true, null, undefined]]);
    expect(verifiedEarlierText(verify, now.text)).toBe(true);
    expect(verifiedEarlierText(verify, VERIFIED)).toBe(false);
  });

  it('leaves a record without its verified text as it is (it cannot tell)', () => {
    const a = finding('q', second.id, { start: at, end: at + 5 });
    expect(placeOnText([a], { steps: verify.steps }, parseProof('Other.\n'))).toEqual([a]);
  });
});
