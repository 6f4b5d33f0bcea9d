// The report's side of the rev16 break-it findings, read on the real HTML (parsed with parse5): the
// checker column counts as the workbench does (F7), a link to `javascript:` is its text with no href
// as in the preview and no link anywhere gets a live javascript:/data: target (F8), a formula's box is
// bounded and wide content scrolls in its block (F10), a graded proof shows its reference and scheme (F11).
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import type { VerifyResult } from '../common/results';
import { checkerFindingsForReport } from '../check';
import { parseProof } from '../proof';
import { renderReport, type ReportEntry } from './html';
import { attr, findAll, parseHtml, textOf } from './testing/chart-reader';

function result(doc: ReturnType<typeof parseProof>, analysis = 'fine', annotations: Annotation[] = []): VerifyResult {
  return {
    runId: 'r1', score: 1, spread: { min: 1, max: 1, stdev: 0 }, parsedSamples: 1,
    samples: [{ index: 0, callId: 'c0', status: 'parsed', score: 1, analysis, annotations }],
    steps: doc.steps.map((s) => ({ id: s.id, label: s.label, range: s.range, flags: 0, confirmed: 0 })),
    documentAnnotations: [],
  };
}

function report(entry: ReportEntry): string {
  return renderReport({ title: 'T', generatedAt: new Date('2026-01-01T00:00:00Z'), settings: {}, entries: [entry] });
}

/** The summary row's cells, by column header. */
function summaryCells(html: string): Record<string, string> {
  const page = parseHtml(html);
  const heads = findAll(page, (n) => n.nodeName === 'th').map(textOf);
  const cells = findAll(findAll(page, (n) => n.nodeName === 'tbody')[0], (n) => n.nodeName === 'td').map(textOf);
  return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
}

const deep = `${'{'.repeat(400)}x${'}'.repeat(400)}`;

describe('the report counts the checker findings as the workbench does (rev16 F7)', () => {
  it('counts the notes it shows: two formulas nested too deeply are 2, not 0', () => {
    const proof = `Deep braces $${deep}$ end.\n\n$$\\left(${'\\left('.repeat(200)}x${'\\right)'.repeat(200)}\\right)$$\n\nHence done.\n`;
    const doc = parseProof(proof, 'markdown');
    const checker = checkerFindingsForReport(doc);
    const html = report({ name: 'p.md', problem: 'Show it.', doc, result: result(doc), checker });
    const notes = findAll(parseHtml(html), (n) => attr(n, 'class')?.includes('finding sev-note') ?? false);
    expect(notes).toHaveLength(2);
    expect(summaryCells(html)['Checker findings']).toBe('2');
  });

  it('guard: a proof the checker verifies counts 0 (verified computations are no findings)', () => {
    const doc = parseProof('We have $2 + 2 = 4$ and $3 \\cdot 3 = 9$.\n', 'markdown');
    const checker = checkerFindingsForReport(doc);
    expect(checker.some((a) => a.severity === 'ok')).toBe(true);
    expect(summaryCells(report({ name: 'p.md', problem: 'Show it.', doc, result: result(doc), checker }))['Checker findings']).toBe('0');
  });
});

describe('links in the report (rev16 F8)', () => {
  const hostileLinks = [
    '[x](javascript:alert(13))', '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', '[v](vbscript:msgbox(1))',
    '[sp]( JaVaScRiPt:alert(1))', '<javascript:alert(2)>', '[ref][r]', '![img](javascript:alert(6))', '![pic](data:image/png;base64,iVBORw0KGgo=)',
  ].join(' and ');
  const text = `${hostileLinks}\n\n[r]: javascript:alert(3)\n`;

  it('draws a javascript: link as its text with no href, as the preview does, in problem, proof and model output', () => {
    const doc = parseProof(`Proof: ${text}`, 'markdown');
    const finding: Annotation = {
      id: 'f1', stepId: null, severity: 'gap', message: `See ${hostileLinks}`, mappedBy: 'none',
      provenance: { source: 'verifier', sample: 0, runId: 'r1', verdict: 'unchecked' },
    };
    const html = report({ name: 'p.md', problem: `Problem: ${text}`, doc, result: result(doc, 'analysis', [finding]) });
    const page = parseHtml(html);
    // The problem shows "x" as a link's text, not the raw source `[x](javascript:alert(13))`.
    const problem = findAll(page, (n) => attr(n, 'class') === 'problem')[0];
    expect(textOf(problem)).not.toContain('](javascript:');
    const problemLinks = findAll(problem, (n) => n.nodeName === 'a');
    expect(problemLinks.map(textOf)).toEqual(['x', 'd', 'v', 'sp', 'javascript:alert(2)', 'ref']);
    expect(problemLinks.every((a) => attr(a, 'href') === undefined)).toBe(true);
    // No element anywhere has a live javascript:/data:/vbscript: target, and no image is loaded.
    const targets = findAll(page, () => true).flatMap((n) => ['href', 'src', 'xlink:href', 'action', 'formaction'].map((a) => attr(n, a)).filter((v): v is string => v !== undefined));
    expect(targets.filter((v) => /^\s*(javascript|data|vbscript):/i.test(v))).toEqual([]);
    expect(findAll(page, (n) => n.nodeName === 'img')).toEqual([]);
    expect(textOf(problem)).toContain('[image: img]');
  });

  it('guard: an https link keeps its href, as in the preview', () => {
    const doc = parseProof('See [the paper](https://example.org/p.pdf).\n', 'markdown');
    const links = findAll(parseHtml(report({ name: 'p.md', problem: 'P', doc, result: result(doc) })), (n) => n.nodeName === 'a' && attr(n, 'href') === 'https://example.org/p.pdf');
    expect(links.map(textOf)).toEqual(['the paper']);
  });
});

describe("a formula's box in the report (rev16 F10)", () => {
  it('bounds a huge \\rule (KaTeX maxSize) and lets wide blocks scroll, not the page', () => {
    const doc = parseProof('Huge $\\rule{50000em}{50000em}$ after it.\n', 'markdown');
    const html = report({ name: 'p.md', problem: `Show it. $\\rule{50000em}{50000em}$ $${deep}$`, doc, result: result(doc) });
    const rules = findAll(parseHtml(html), (n) => attr(n, 'class')?.split(' ').includes('rule') ?? false);
    expect(rules.length).toBe(2);
    for (const rule of rules) {
      const style = attr(rule, 'style') ?? '';
      const sizes = [...style.matchAll(/(?:border-right-width|border-top-width|width|height):\s*([\d.]+)em/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    }
    // The page's own styles: displays and text blocks scroll or wrap inside themselves.
    expect(html).toMatch(/\.katex-display \{[^}]*overflow-x: auto/);
    expect(html).toMatch(/\.problem, \.grading-text, \.step \.source, \.finding \{[^}]*overflow-wrap: anywhere[^}]*overflow-x: auto/);
  });
});

describe('a graded report shows what it was graded against (rev16 F11)', () => {
  const grading = {
    reference: 'By AM-GM, $a + b \\ge 2\\sqrt{ab}$.\n\n<img src=x onerror=alert(1)> **done**',
    rubric: '- 3 points: AM-GM stated\n- 4 points: equality case $a = b$',
    points: 7,
  };

  function graded(): string {
    const doc = parseProof('Since $(\\sqrt a - \\sqrt b)^2 \\ge 0$, done.\n', 'markdown');
    const r = { ...result(doc), points: { mean: 1, max: 7 } } as VerifyResult;
    return report({ name: 'bob.md', problem: 'Show $a + b \\ge 2\\sqrt{ab}$.', doc, result: r, grading });
  }

  it('shows the reference solution and the marking scheme, folded, typeset, untrusted HTML as text', () => {
    const page = parseHtml(graded());
    const details = findAll(page, (n) => n.nodeName === 'details' && /reference|rubric/.test(attr(n, 'class') ?? ''));
    expect(details.map((d) => textOf(findAll(d, (n) => n.nodeName === 'summary')[0]))).toEqual(['Reference solution', 'Marking scheme (7 points)']);
    // Folded until the reader opens them.
    expect(details.every((d) => attr(d, 'open') === undefined)).toBe(true);
    const [reference, scheme] = details;
    expect(findAll(reference, (n) => attr(n, 'class') === 'katex').length).toBeGreaterThan(0);
    expect(findAll(reference, (n) => n.nodeName === 'strong').map(textOf)).toEqual(['done']);
    expect(findAll(reference, (n) => n.nodeName === 'img')).toEqual([]);
    expect(textOf(reference)).toContain('<img src=x onerror=alert(1)>');
    expect(findAll(scheme, (n) => n.nodeName === 'li').map(textOf)[0]).toBe('3 points: AM-GM stated');
    expect(findAll(scheme, (n) => attr(n, 'class') === 'katex')).toHaveLength(1);
  });

  it('guard: an ungraded report shows neither', () => {
    const doc = parseProof('Done.\n', 'markdown');
    const html = report({ name: 'p.md', problem: 'P', doc, result: result(doc) });
    expect(html).not.toContain('Reference solution');
    expect(html).not.toContain('Marking scheme');
  });
});
