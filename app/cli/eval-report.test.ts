// `proofwright eval --report out.html` through the CLI on a small graded JSONL written here, with the
// scripted verifier: the page is parsed and the numbers printed on its charts are compared with the
// figures computed by hand below.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attr, figure, figureData, findAll, labelOf, parseHtml, shapes, textOf } from '../report/testing/chart-reader';
import { main } from './main';
import { captureIO } from './testing/capture-io';

const graded = (score: string, points: string) =>
  `Here is my evaluation of the solution:\n\nChecked against the reference.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}\n\nPoints awarded out of 7:\n\\boxed{${points}}`;

const HOSTILE_LEVEL = '<script>alert(1)</script>&"x"';
const HOSTILE_ID = '<img src=x onerror=alert(2)>';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-eval-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('eval --report', () => {
  it('draws the confusion heat maps, the scatter plots and the per-field bars with the hand-computed figures', async () => {
    // Grades 0–7 with a reference each. Model (2 samples, both the same): score / points per proof.
    //   A easy  human 7 → model pass, 6 pts     B hard  human 7 → model fail, 2 pts
    //   C hard  human 0 → model pass, 5 pts     D easy  human 1 → model fail, 0 pts
    //   E easy  human 4 → score ½, 4 pts (partial credit: not in the verdict table)
    //   F (hostile level, hostile id) human 0 → cut off: no verdict, no points
    const lines = [
      { id: 'A', grade: 7, level: 'easy', answer: graded('1', '6') },
      { id: 'B', grade: 7, level: 'hard', answer: graded('0', '2') },
      { id: 'C', grade: 0, level: 'hard', answer: graded('1', '5') },
      { id: 'D', grade: 1, level: 'easy', answer: graded('0', '0') },
      { id: 'E', grade: 4, level: 'easy', answer: graded('0.5', '4') },
      { id: HOSTILE_ID, grade: 0, level: HOSTILE_LEVEL, answer: { text: graded('0', '1'), finishReason: 'length' } },
    ];
    await writeFile(
      join(dir, 'graded.jsonl'),
      lines.map((l, i) => JSON.stringify({ id: l.id, problem: 'P', proof: `Proof MARK-${i}.`, grade: l.grade, level: l.level, reference: 'Ref', rubric: 'Scheme' })).join('\n'),
    );
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: lines.map((l, i) => ({ role: 'verify', match: `MARK-${i}.`, responses: [l.answer] })) }));

    const io = captureIO(dir);
    const code = await main(['eval', 'graded.jsonl', '--backend', 'scripted:script.json', '--samples', '2', '--by', 'level', '--report', 'out.html'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    expect(io.out).toContain('report: out.html');
    const html = await readFile(join(dir, 'out.html'), 'utf8');
    const page = parseHtml(html);

    // Self-contained and inert: no script, no image, no link, nothing fetched; dataset strings escaped.
    expect(findAll(page, (n) => ['script', 'img', 'link', 'iframe', 'object'].includes(n.nodeName))).toEqual([]);
    expect(findAll(page, (n) => (n.attrs ?? []).some((a) => ['src', 'href', 'xlink:href'].includes(a.name) || a.name.startsWith('on')))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    const cellTexts = findAll(page, (n) => n.nodeName === 'td').map(textOf);
    expect(cellTexts).toContain(HOSTILE_ID);
    expect(cellTexts).toContain(HOSTILE_LEVEL);

    // Verdict heat map: rows human fail/pass, columns model fail/pass/no verdict.
    // human fail: D (model fail), C (model pass), F (no verdict); human pass: B (fail), A (pass).
    const confusion = figure(page, 'confusion');
    const expectedVerdicts = [
      [1, 1, 1],
      [1, 1, 0],
    ];
    const cells = shapes(confusion);
    expect(cells).toHaveLength(6);
    for (const cell of cells) {
      // data index = row * 3 + column (cells are listed row by row).
      expect(labelOf(confusion, cell, 'centre')).toBe(String(expectedVerdicts[Math.floor(cell.index / 3)][cell.index % 3]));
    }
    // Human fail is the top row (smaller y), as the table is printed.
    const top = (i: number) => cells.find((c) => c.index === i)!.rect!.y;
    expect(top(0)).toBeLessThan(top(3));

    // Points heat map, 8 × 8: human 7 → model 6 (A) and 2 (B); 0 → 5 (C); 1 → 0 (D); 4 → 4 (E).
    const pointsMap = figure(page, 'points-confusion');
    const expectedPoints = Array.from({ length: 8 }, () => new Array<number>(8).fill(0));
    expectedPoints[7][6] = 1;
    expectedPoints[7][2] = 1;
    expectedPoints[0][5] = 1;
    expectedPoints[1][0] = 1;
    expectedPoints[4][4] = 1;
    const pointCells = shapes(pointsMap);
    expect(pointCells).toHaveLength(64);
    for (const cell of pointCells) expect(labelOf(pointsMap, cell, 'centre')).toBe(String(expectedPoints[Math.floor(cell.index / 8)][cell.index % 8]));

    // Scatter plots: one dot per proof with a verdict (5 of 6; F is left out and the caption says so).
    const scatter = figure(page, 'scatter');
    expect(new Set(shapes(scatter).filter((s) => s.series === 0).map((s) => s.index)).size).toBe(5);
    expect(figureData<{ points: number[][] }>(scatter).points).toEqual([[7, 1], [7, 0], [0, 1], [1, 0], [4, 0.5]]);
    expect(textOf(findAll(scatter, (n) => n.nodeName === 'figcaption')[0])).toContain('1 with no verdict are not drawn');
    const pointsScatter = figure(page, 'points-scatter');
    expect(new Set(shapes(pointsScatter).filter((s) => s.series === 0).map((s) => s.index)).size).toBe(5);
    // MAE = (|6−7| + |2−7| + |5−0| + |0−1| + |4−4|) / 5 = 12 / 5.
    expect(textOf(findAll(pointsScatter, (n) => n.nodeName === 'figcaption')[0])).toContain('Mean absolute error 2.400');

    // Per-level bars (percent): easy: A ✓, D ✓ → 100 / 100 / 100; hard: B false fail, C missed fail → 0 / 0 / 0;
    // the hostile level has no compared proof → no bars.
    const breakdown = figure(page, 'breakdown');
    const { groups } = figureData<{ groups: string[] }>(breakdown);
    expect([...groups].sort()).toEqual([HOSTILE_LEVEL, 'easy', 'hard'].sort());
    const expectedBars: Record<string, string> = { easy: '100', hard: '0' };
    const bars = shapes(breakdown);
    expect(bars).toHaveLength(6); // 3 series × the 2 levels that have a rate
    for (const bar of bars) expect(labelOf(breakdown, bar, 'top')).toBe(expectedBars[groups[bar.index]]);
    // The hostile level is an axis label, escaped by echarts and read back intact.
    expect(findAll(breakdown, (n) => n.nodeName === 'text').map(textOf)).toContain(HOSTILE_LEVEL);

    // MAE per level: easy (|6−7| + |0−1| + 0) / 3 = 0.667; hard (5 + 5) / 2 = 5; hostile: no points, no bar.
    const mae = figure(page, 'breakdown-mae');
    const maeBars = shapes(mae);
    expect(maeBars).toHaveLength(2);
    const expectedMae: Record<string, string> = { easy: '0.667', hard: '5' };
    for (const bar of maeBars) expect(labelOf(mae, bar, 'top')).toBe(expectedMae[groups[bar.index]]);
    expect(attr(mae, 'data-chart')).toBe('breakdown-mae');
  });

  it('writes the page without --by and without references: verdict heat map and score scatter only', async () => {
    const lines = [
      { id: 'P1', problem: 'P', proof: 'Proof MARK-1.', grade: 1 },
      { id: 'P2', problem: 'P', proof: 'Proof MARK-2.', grade: 0 },
      { id: 'P3', problem: 'P', proof: 'Proof MARK-3.', grade: 0.5 },
    ];
    await writeFile(join(dir, 'unit.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const ver = (s: string) => `Here is my evaluation of the solution:\n\nOk.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${s}}`;
    await writeFile(join(dir, 'script.json'), JSON.stringify({ rules: [1, 2, 3].map((i) => ({ role: 'verify', match: `MARK-${i}.`, responses: [ver(i === 2 ? '1' : '0')] })) }));
    const io = captureIO(dir);
    expect(await main(['eval', 'unit.jsonl', '--backend', 'scripted:script.json', '--samples', '1', '--report', 'plain.html'], io)).toBe(0);
    const page = parseHtml(await readFile(join(dir, 'plain.html'), 'utf8'));
    // P1 human pass, model fail; P2 human fail, model pass; P3 partial credit.
    const confusion = figure(page, 'confusion');
    const labels = shapes(confusion).sort((a, b) => a.index - b.index).map((c) => labelOf(confusion, c, 'centre'));
    expect(labels).toEqual(['0', '1', '0', '1', '0', '0']);
    expect(figureData<{ points: number[][] }>(figure(page, 'scatter')).points).toEqual([[1, 0], [0, 1], [0.5, 0]]);
    expect(findAll(page, (n) => ['points-confusion', 'breakdown', 'breakdown-mae'].includes(attr(n, 'data-chart') ?? ''))).toEqual([]);
  });
});
