import { describe, expect, it } from 'vitest';
import type { ProofDocument, Step } from '../common/proof';
import { LineIndex } from '../common/text';
import { buildExtractPrompt, buildGeneratePrompt, buildMetaVerifyPrompt, buildRefinePrompt, buildVerifyPrompt } from './build';
import { loadTemplates } from './templates';

const templates = await loadTemplates();
const PROBLEM = 'Prove that $n^3 - n$ is divisible by $6$ for every integer $n$.';
const PROOF = 'We have $n^3 - n = (n-1)n(n+1)$.\n\nA product of three consecutive integers is divisible by $2$ and by $3$.';

/** A two-step document with a heading, built by hand so this test does not depend on app/proof. */
function docOf(text: string): ProofDocument {
  const index = new LineIndex(text);
  const parts = [
    { kind: 'heading' as const, text: '# Proof' },
    { kind: 'paragraph' as const, text: 'We have $n^3 - n = (n-1)n(n+1)$.' },
    { kind: 'paragraph' as const, text: 'A product of three consecutive integers is divisible by $2$ and by $3$.' },
  ];
  const steps: Step[] = parts.map((p, i) => {
    const start = text.indexOf(p.text);
    return { id: `s${i}`, label: `S${i + 1}`, index: i, kind: p.kind, text: p.text, range: index.locate({ start, end: start + p.text.length }), math: [] };
  });
  return { format: 'markdown', text, body: { start: 0, end: text.length }, steps };
}

describe('buildVerifyPrompt', () => {
  it('renders one user message for the deepseek profile, with ids and hashes', () => {
    const p = buildVerifyPrompt(templates, 'deepseek-math-v2', { problem: PROBLEM, proof: PROOF });
    expect(p.messages).toHaveLength(1);
    expect(p.messages[0].role).toBe('user');
    expect(p.messages[0].content).toContain(PROBLEM);
    expect(p.messages[0].content).toContain(PROOF);
    expect(p.messages[0].content).not.toMatch(/\{\{|automatic \(non-model\) checks/);
    expect(p.templateId).toBe('deepseek-math-v2/verify');
    expect(p.templateHash).toBe(templates.get('deepseek-math-v2', 'verify').hash);
    expect(p.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(buildVerifyPrompt(templates, 'deepseek-math-v2', { problem: PROBLEM, proof: PROOF }).promptHash).toBe(p.promptHash);
    expect(buildVerifyPrompt(templates, 'deepseek-math-v2', { problem: PROBLEM, proof: `${PROOF} ` + '.' }).promptHash).not.toBe(p.promptHash);
  });

  it('inserts untrusted text verbatim, never expanding placeholders inside it', () => {
    const proof = 'Sneaky {{problem}} and {{analysis}} text.';
    const content = buildVerifyPrompt(templates, 'deepseek-math-v2', { problem: 'P', proof }).messages[0].content;
    expect(content).toContain(proof);
  });

  it('shows checker evidence when there is some', () => {
    const content = buildVerifyPrompt(templates, 'deepseek-math-v2', {
      problem: PROBLEM,
      proof: PROOF,
      evidence: ['Row 2 of the align* block: the two sides differ at n = 0 (1 vs 1/2).'],
    }).messages[0].content;
    expect(content).toContain('- Row 2 of the align* block: the two sides differ at n = 0 (1 vs 1/2).');
  });

  it('labels the steps for the labelled profile, with a system message', () => {
    const p = buildVerifyPrompt(templates, 'labelled', { problem: PROBLEM, proof: PROOF, doc: docOf(`# Proof\n\n${PROOF}\n`) });
    expect(p.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(p.messages[1].content).toContain('# Proof\n\n[S2] We have $n^3 - n = (n-1)n(n+1)$.\n\n[S3] A product of three');
    expect(p.templateId).toBe('labelled/verify');
  });

  it('requires the document for the labelled profile', () => {
    expect(() => buildVerifyPrompt(templates, 'labelled', { problem: PROBLEM, proof: PROOF })).toThrow(/labelled profile needs the parsed proof document/);
  });
});

describe('the other builders', () => {
  it('meta-verify carries the analysis', () => {
    const analysis = 'Here is my evaluation of the solution:\nFine.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{1}';
    const p = buildMetaVerifyPrompt(templates, 'deepseek-math-v2', { problem: PROBLEM, proof: PROOF, analysis });
    expect(p.messages[0].content).toContain(analysis);
    expect(p.templateId).toBe('deepseek-math-v2/meta-verify');
  });

  it('generate carries the problem', () => {
    const p = buildGeneratePrompt(templates, 'deepseek-math-v2', { problem: PROBLEM });
    expect(p.messages[0].content).toContain(PROBLEM);
    expect(p.templateId).toBe('deepseek-math-v2/generate');
  });

  it('refine is the generation prompt followed by each candidate and its analyses, in order', () => {
    const gen = buildGeneratePrompt(templates, 'deepseek-math-v2', { problem: PROBLEM }).messages[0].content;
    const p = buildRefinePrompt(templates, 'deepseek-math-v2', {
      problem: PROBLEM,
      candidates: [
        { proof: 'First attempt.', analyses: ['Analysis A (score 0).', 'Analysis B (score 0.5).'] },
        { proof: 'Second attempt.', analyses: ['Analysis C.'] },
      ],
    });
    const content = p.messages[0].content;
    expect(content.startsWith(gen)).toBe(true);
    const order = ['## Candidate solution(s) to refine', 'First attempt.', 'Analysis A', 'Analysis B', 'Second attempt.', 'Analysis C'].map((s) => content.indexOf(s));
    expect(order.every((at, i) => at > (i ? order[i - 1] : gen.length - 1))).toBe(true);
    expect(content).toContain('#### Evaluation 2 of candidate solution 1');
    expect(p.templateId).toBe('deepseek-math-v2/refine');
    expect(p.templateHash).not.toBe(templates.get('deepseek-math-v2', 'refine').hash);
    expect(() => buildRefinePrompt(templates, 'deepseek-math-v2', { problem: PROBLEM, candidates: [] })).toThrow(/at least one candidate/);
  });

  it('refine with no analysis at all does not claim evaluations follow; with analyses the template text is kept as is', () => {
    for (const profile of ['deepseek-math-v2', 'labelled'] as const) {
      const doc = docOf(`# Proof\n\n${PROOF}`);
      const candidate = { proof: doc.text, doc };
      const none = buildRefinePrompt(templates, profile, { problem: PROBLEM, candidates: [{ ...candidate, analyses: [] }] }).messages.at(-1)!.content;
      expect(none).not.toMatch(/followed by (one or more evaluations|graders' evaluations)|Use the evaluations|the evaluations point out/);
      expect(none).toContain('no grader has evaluated them yet'.slice(1));
      expect(none).toContain('(No evaluation of candidate solution 1 has been written yet.)');
      const some = buildRefinePrompt(templates, profile, { problem: PROBLEM, candidates: [{ ...candidate, analyses: ['A gap in step 2.'] }] });
      const body = templates.get(profile, 'refine').body;
      // Every template line but the candidates slot appears verbatim, and no "no evaluation" wording does.
      for (const line of body.split('\n').filter((l) => l.trim() && !l.includes('{{'))) expect(some.messages.at(-1)!.content).toContain(line);
      expect(some.messages.at(-1)!.content).not.toMatch(/No evaluation|no grader/i);
      expect(some.templateHash).toBe(buildRefinePrompt(templates, profile, { problem: PROBLEM, candidates: [{ ...candidate, analyses: [] }] }).templateHash);
    }
  });

  it('labelled refine shows each candidate with the step labels its analyses cite', () => {
    const doc = docOf(`# Proof\n\n${PROOF}`);
    const p = buildRefinePrompt(templates, 'labelled', {
      problem: PROBLEM,
      candidates: [{ proof: doc.text, doc, analyses: ['[S3] Justification Gap: why divisible by 3? | quote: "divisible by $2$ and by $3$"'] }],
    });
    expect(p.messages.at(-1)!.content).toContain('### Candidate solution 1\n\n# Proof\n\n[S2] We have');
  });

  it('extract uses the labelled template in both profiles', () => {
    const p = buildExtractPrompt(templates, { proof: PROOF, analysis: 'The step "three consecutive" is fine.', doc: docOf(`# Proof\n\n${PROOF}`) });
    expect(p.templateId).toBe('labelled/extract');
    expect(p.messages.at(-1)!.content).toContain('[S3] A product of three consecutive');
  });
});
