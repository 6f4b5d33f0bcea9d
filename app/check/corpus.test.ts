// The labelled corpus: no true step may be flagged, and at least 97% of the false steps must be
// flagged with a counterexample that the Compute Engine itself confirms when re-evaluating both sides.
import { describe, expect, it } from 'vitest';
import corpus from './corpus/computations.json';
import { Checker } from './checker';
import { counterexampleConfirmed } from './corpus/score';

interface CorpusStep {
  id: string;
  topic: string;
  label: boolean;
  tex: string;
  context?: string;
}

describe('computation corpus', () => {
  const steps = (corpus as { steps: CorpusStep[] }).steps;

  it('has at least 150 labelled steps across the required topics', () => {
    expect(steps.length).toBeGreaterThanOrEqual(150);
    const topics = new Set(steps.map((s) => s.topic));
    for (const t of ['algebra', 'fractions', 'powers and roots', 'trigonometry', 'sums', 'factorials and binomials', 'inequalities']) {
      expect(topics).toContain(t);
    }
  });

  it('flags no true step and ≥90% of false steps with a confirmed counterexample', () => {
    const checker = new Checker({ symbolic: false });
    const falseAlarms: string[] = [];
    const missed: string[] = [];
    const byTopic = new Map<string, { trueSteps: number; falseSteps: number; caught: number; decidedTrue: number }>();
    for (const step of steps) {
      const text = `${step.context ? `${step.context}\n` : ''}$$\n${step.tex}\n$$\n`;
      const report = checker.check({ text, format: 'markdown' });
      const failing = report.computations.filter((c) => c.status === 'fails');
      const t = byTopic.get(step.topic) ?? { trueSteps: 0, falseSteps: 0, caught: 0, decidedTrue: 0 };
      byTopic.set(step.topic, t);
      if (step.label) {
        t.trueSteps++;
        if (failing.length) falseAlarms.push(`${step.id}: ${failing[0].message}`);
        const display = report.computations.filter((c) => c.range.start > text.indexOf('$$'));
        if (display.length && display.every((c) => c.status === 'holds' || c.status === 'verified')) t.decidedTrue++;
      } else {
        t.falseSteps++;
        if (failing.length && failing.every(counterexampleConfirmed)) t.caught++;
        else missed.push(`${step.id}: ${report.computations.map((c) => `${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ') || 'no relation found'}`);
      }
    }
    const totalFalse = steps.filter((s) => !s.label).length;
    const caught = totalFalse - missed.length;
    const lines = [...byTopic].map(
      ([topic, t]) => `  ${topic.padEnd(28)} true ${String(t.trueSteps).padStart(3)} (decided ${t.decidedTrue})  false ${String(t.falseSteps).padStart(3)} (flagged ${t.caught})`,
    );
    console.log(
      [
        `corpus: ${steps.length} steps, ${steps.length - totalFalse} true, ${totalFalse} false`,
        `  false alarms: ${falseAlarms.length}`,
        `  false steps flagged with a confirmed counterexample: ${caught}/${totalFalse} (${((100 * caught) / totalFalse).toFixed(1)}%)`,
        ...lines,
        ...(missed.length ? ['  missed:', ...missed.map((m) => `    ${m}`)] : []),
      ].join('\n'),
    );
    expect(falseAlarms).toEqual([]);
    expect(caught / totalFalse).toBeGreaterThanOrEqual(0.97);
  });
});
