import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { VerifyResult } from '../common/results';
import { parseProof } from '../proof';
import { renderReport, type ReportEntry } from './html';

function annotation(stepId: string | null, message: string, quote?: string): Annotation {
  return {
    id: `a-${message.length}`,
    stepId,
    severity: 'critical',
    message,
    quote,
    mappedBy: stepId ? 'label' : 'none',
    provenance: { source: 'verifier', sample: 0, runId: 'r1', verdict: 'confirmed' },
  };
}

function entryFor(proof: string, problem: string, annotations: (stepIndex: number[]) => Annotation[], analysis = 'fine'): ReportEntry {
  const doc = parseProof(proof, 'markdown');
  const anns = annotations(doc.steps.map((_, i) => i)).map((a, i) => ({ ...a, id: `a${i}` }));
  const result: VerifyResult = {
    runId: 'r1',
    score: 0.5,
    spread: { min: 0, max: 1, stdev: 0.5 },
    parsedSamples: 2,
    samples: [
      { index: 0, callId: 'c0', status: 'parsed', score: 0, analysis, annotations: anns },
      { index: 1, callId: 'c1', status: 'parsed', score: 1, analysis: 'ok', annotations: [] },
    ],
    steps: doc.steps.map((s) => ({
      id: s.id,
      label: s.label,
      range: s.range,
      flags: anns.some((a) => a.stepId === s.id) ? 1 : 0,
      confirmed: anns.some((a) => a.stepId === s.id) ? 1 : 0,
    })),
    documentAnnotations: anns.filter((a) => a.stepId === null),
  };
  return { name: 'proof.md', problem, doc, result };
}

describe('HTML report', () => {
  it('renders math with KaTeX, puts findings beside their step and summarises the score', () => {
    const proof = 'Let $n \\ge 1$.\n\nThen $$\\sum_{k=1}^n k = \\frac{n(n+1)}{2}.$$\n\nHence the claim.';
    const entry = entryFor(proof, 'Show $\\sum_{k=1}^n k = n(n+1)/2$.', () => []);
    entry.result!.samples[0].annotations = [annotation(entry.doc.steps[1].id, 'The induction step is missing.')];
    const html = renderReport({ title: 'Problem set 3', generatedAt: new Date('2026-01-01T00:00:00Z'), settings: { samples: 2 }, entries: [entry] });
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).not.toContain('katex-error');
    // The finding sits in the notes column of the step it is about.
    const stepBlock = html.slice(html.indexOf(`id="${entry.doc.steps[1].id}"`));
    const nextStep = stepBlock.indexOf('class="step', 10);
    expect(stepBlock.slice(0, nextStep)).toContain('The induction step is missing.');
    expect(html).toContain('<td class="num score">0.50</td>');
    // Self-contained: fonts are embedded, nothing is fetched.
    expect(html).toContain('data:font/woff2;base64,');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/url\((?!data:)/);
  });

  it('renders hostile proofs and analyses as inert text', () => {
    const hostile = [
      '<script>alert(1)</script> and <img src=x onerror="alert(2)">',
      '',
      '[click](javascript:alert(3)) and <a href="javascript:alert(4)">x</a>',
      '',
      'Math: $\\href{javascript:alert(5)}{x}$ and $\\url{javascript:alert(6)}$',
    ].join('\n');
    const entry = entryFor(hostile, 'Problem <script>alert(7)</script>', (steps) => [
      annotation(null, '<img src=x onerror=alert(8)>', '<script>alert(9)</script>'),
      annotation(String(steps.length), 'x'),
    ], '</pre><script>alert(10)</script>');
    entry.name = '<b onmouseover=alert(11)>name</b>';
    const html = renderReport({ title: '<script>alert(12)</script>', generatedAt: new Date(), settings: { '<i>': '<script>' }, entries: [entry] });
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<img/i);
    // No real tag carries an event handler (escaped text may still spell one out harmlessly).
    expect(body).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(body).not.toMatch(/href="javascript:/i);
    expect(body).not.toMatch(/<b onmouseover/i);
    // The text itself is still there for the reader, escaped.
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;/pre&gt;&lt;script&gt;alert(10)&lt;/script&gt;');
    // Scripts are forbidden by the page's own policy as a second line of defence.
    expect(html).toContain(`default-src 'none'`);
  });

  it('shows a proof that could not be verified with its error', () => {
    const entry = entryFor('Trivial.', 'P', () => []);
    entry.result = null;
    entry.error = 'proof too long for this model\'s context';
    const html = renderReport({ title: 'T', generatedAt: new Date(), settings: {}, entries: [entry] });
    expect(html).toContain('Not verified: proof too long for this model&#39;s context');
  });
});

describe('the report agrees with itself (issue 11, item 10)', () => {
  const proof = 'Let $q$ be rational.\n\nClearly it holds for every real $x$ as well.\n\nHence the claim.';
  const gap = (stepId: string, sample: number, verdict: 'confirmed' | 'unchecked'): Annotation => ({
    ...annotation(stepId, 'The passage from $q \\in \\mathbb{Q}$ to $x \\in \\mathbb{R}$ is not justified.', 'it holds for every real $x$'),
    severity: 'gap',
    provenance: { source: 'verifier', sample, runId: 'r1', verdict },
  });
  function entryWith(verdict: 'confirmed' | 'unchecked'): ReportEntry {
    const entry = entryFor(proof, 'Show that $f(x) = cx$ for all $x \\in \\mathbb{R}$.', () => []);
    const step = entry.doc.steps[1].id;
    entry.result!.samples.forEach((s) => {
      s.annotations = [{ ...gap(step, s.index, verdict), id: `g${s.index}` }];
      if (verdict === 'confirmed') s.meta = { callId: `m${s.index}`, status: 'parsed', score: 1, analysis: 'right' };
    });
    entry.result!.steps = entry.result!.steps.map((s) => (s.id === step ? { ...s, flags: 2, confirmed: verdict === 'confirmed' ? 2 : 0 } : s));
    return entry;
  }
  const summaryCells = (html: string) => [...html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);

  it('counts in the summary what the steps show: a confirmed gap is 1 flagged step, 1 confirmed', () => {
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entryWith('confirmed')] });
    expect(html).toContain('2 of 2 flagged, 2 confirmed');
    expect(summaryCells(html).slice(-3)).toEqual(['1', '0', '1']);
  });

  it("counts the checker's findings beside the verifier's flags: a refuted computation shows in the summary", () => {
    const entry = entryWith('unchecked');
    const checker = (id: string, severity: 'critical' | 'ok') => ({
      id, stepId: entry.doc.steps[1].id, severity, message: severity === 'ok' ? 'Holds numerically' : 'Computation fails: $2 + 2 = 5$',
      mappedBy: 'quote' as const, provenance: { source: 'checker' as const, verdict: 'unchecked' as const },
    });
    entry.checker = [checker('c1', 'critical'), checker('c2', 'ok')];
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    expect(html).toContain('Steps flagged by the verifier</th><th class="num">Checker findings');
    expect(summaryCells(html).slice(-3)).toEqual(['1', '1', 'not meta-verified']);
  });

  it('says "not meta-verified (N meta-verify calls failed)" instead of "0 confirmed" when every meta-verify call failed (rev16 F4)', () => {
    const entry = entryWith('unchecked');
    entry.result!.samples.forEach((s) => void (s.meta = { callId: `m${s.index}`, status: 'failed', score: null, analysis: '' }));
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    expect(html).toContain('2 of 2 flagged, not meta-verified (2 meta-verify calls failed)');
    expect(html).not.toContain('0 confirmed');
    expect(summaryCells(html).slice(-3)).toEqual(['1', '0', 'not meta-verified (2 meta-verify calls failed)']);
  });

  it('counts confirmations when one meta-verify call gave a verdict and another failed', () => {
    const entry = entryWith('confirmed');
    entry.result!.samples[1].meta = { callId: 'm1', status: 'failed', score: null, analysis: '' };
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    expect(html).toContain('2 of 2 flagged, 2 confirmed');
    expect(html).not.toContain('not meta-verified');
  });

  // Reviewer rev19 F6: two more samples that gave no verdict (cut at the token limit, a failed call)
  // said nothing about the step: 1 flag of 2 verdicts is a half, not "1 of 4 flagged" (a quarter bar).
  it('counts a step\'s flags over the samples that gave a verdict, and names those that gave none', () => {
    const entry = entryWith('unchecked');
    const result = entry.result!;
    result.samples[1].annotations = [];
    result.steps = result.steps.map((s) => (s.flags ? { ...s, flags: 1 } : s));
    result.samples.push(
      { index: 2, callId: 'c2', status: 'unparsed', reason: 'length', score: null, analysis: '', annotations: [] },
      { index: 3, callId: 'c3', status: 'failed', score: null, analysis: '', annotations: [] },
    );
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    expect(html).toContain('<span style="width:50%"></span></span> 1 of 2 verdicts flagged (2 samples gave no verdict), not meta-verified');
    expect(html).toContain('verifier · 1 of 2 verdicts (sample 1) · 2 samples gave no verdict · run r1');
    expect(html).not.toMatch(/1 of 4/);
  });

  it('says "not meta-verified" instead of "0 confirmed" when meta-verification was off', () => {
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entryWith('unchecked')] });
    expect(html).toContain('2 of 2 flagged, not meta-verified');
    expect(html).not.toContain('0 confirmed');
    expect(summaryCells(html).slice(-3)).toEqual(['1', '0', 'not meta-verified']);
  });

  it('typesets the findings and the problem, and shows a script by its name only', () => {
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: { backend: 'scripted:/srv/secret/place/demo.scripted.json' }, entries: [entryWith('confirmed')] });
    const findings = html.slice(html.indexOf('<ul class="findings">'), html.indexOf('</ul>'));
    expect(findings).toContain('class="katex"');
    expect(findings).not.toContain('$q \\in');
    expect(html.slice(html.indexOf('<div class="problem">'), html.indexOf('<div class="steps">'))).not.toContain('$f(x)');
    expect(html).toContain('backend: scripted:demo.scripted.json');
    expect(html).not.toContain('/srv/secret');
  });
  it('quotes the source a finding is about exactly as written: `\\\\` stays two backslashes, markup stays text', () => {
    const proof = 'Let $x \\ge 0$.\n\n\\begin{align*}\na^{4} \\\\ &= b_1 *c* \\\\\nd &< e\n\\end{align*}\n\nHence.';
    const entry = entryFor(proof, 'p', () => []);
    const quote = 'a^{4} \\\\ &= b_1 *c* \\\\\nd &< e';
    entry.result!.samples[0].annotations = [annotation(entry.doc.steps[1].id, 'Unjustified.', quote)];
    const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    const block = /<blockquote[^>]*>([\s\S]*?)<\/blockquote>/.exec(html)?.[1] ?? '';
    const shown = block.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(shown).toBe(quote);
    expect(html).not.toContain('not found in the proof');
    // A quote placement did not find in the proof is said to be the model's words, before it.
    entry.result!.samples[0].annotations = [{ ...annotation(entry.doc.steps[1].id, 'Unjustified.', 'a bound never written'), quoteNotFound: true }];
    const unfound = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [entry] });
    expect(unfound).toMatch(/<div class="quote-caption">Quoted, but not found in the proof:<\/div><blockquote class="quote">a bound never written<\/blockquote>/);
  });

  it('shows a display left open as the preview does: its source lines from the opener on, then why, escaped', () => {
    const cases = [
      { opener: '\\begin{align*}', message: '\\begin{align*} is never closed by \\end{align*}' },
      { opener: '\\[', message: '\\[ is never closed by \\]' },
      { opener: '$$', message: '$$ opens math that is never closed' },
    ];
    for (const { opener, message } of cases) {
      const proof = `Let $x = 1$.\n\nThen ${opener}\na &= b \\\\\n<b>c</b> &< d\n\nHence the claim.`;
      const html = renderReport({ title: 't', generatedAt: new Date(0), settings: {}, entries: [{ name: 'proof.md', problem: 'Show it.', doc: parseProof(proof, 'markdown'), result: null }] });
      const step = html.split('<div class="source">').find((part) => part.includes('Then'))!.split('<div class="notes">')[0];
      expect(step).toContain('<p>Then</p>');
      const shown = /<div class="pw-math-error pw-math-display" title="([^"]*)" role="note"><code>([\s\S]*?)<\/code><span class="pw-math-error-message">([^<]*)<\/span><\/div>/.exec(step);
      expect(shown, opener).not.toBeNull();
      const text = (h: string) => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      // Verbatim, lines and `\\` kept (Markdown would have eaten one backslash), the HTML in it inert.
      expect(text(shown![2])).toBe(`${opener}\na &= b \\\\\n<b>c</b> &< d`);
      expect(shown![2]).toContain('&lt;b&gt;c&lt;/b&gt; &amp;&lt; d');
      expect(text(shown![3])).toBe(message);
      expect(text(shown![1])).toBe(message);
      expect(step).not.toContain('<b>');
      expect(step).not.toContain('katex');
    }
  });
});
