import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { notValidYaml, RubricFrontMatterError, rubricGuidance, rubricPoints, rubricPointsLine, withRubricPoints } from './rubric';

// A second YAML reader to hold the front matter reading to (js-yaml: in node_modules for the tools; the
// app reads front matter with the `yaml` package, app/common/rubric.ts).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
/** `points` as a YAML reader takes it from the scheme's front matter (between its fences). */
const yamlPoints = (scheme: string): unknown => {
  const body = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)^(?:---|\.\.\.)[ \t]*$/m.exec(scheme)![1];
  return (yaml.load(body) as { points?: unknown } | null)?.points;
};

// A marking scheme as a teacher writes one, with the scale recorded by the app's Points field.
const scheme = [
  '---',
  'points: 10',
  '---',
  '**Marking scheme (10 points).**',
  '',
  '- 3 points: the substitution $y = x - 1$ and the reduction to $y^2 \\ge 0$.',
  '- 5 points: the case analysis.',
  '- 2 points: equality exactly when $x = 1$.',
  '',
].join('\n');

describe('a marking scheme keeps its points scale in its front matter', () => {
  it('reads the scale and gives the grader the scheme without the setting', () => {
    expect(rubricPoints(scheme)).toBe(10);
    expect(rubricGuidance(scheme)).toBe(scheme.split('\n').slice(3).join('\n'));
    expect(rubricGuidance(scheme)).not.toMatch(/points: 10/);
  });

  it('a scheme without front matter states no scale, and all of it is guidance', () => {
    const plain = '- 7 points: a complete proof.\n---\npoints: 3\n---\n';
    expect(rubricPoints(plain)).toBeUndefined();
    expect(rubricGuidance(plain)).toBe(plain);
    // A rule above a setext heading is no front matter either.
    expect(rubricPoints('---\nPart (a)\n---\n')).toBeUndefined();
  });

  it('reads what people write: quotes, comments, CRLF, a BOM, other keys; refuses what is no scale', () => {
    expect(rubricPoints('---\ntitle: Problem 3\npoints: "12"   # out of twelve\n---\nx')).toBe(12);
    expect(rubricPoints('\ufeff---\r\npoints: 5\r\n---\r\n- all or nothing')).toBe(5);
    expect(rubricPointsLine('---\npoints: 7.5\n---\n')).toEqual({ invalid: '7.5' });
    expect(rubricPointsLine('---\npoints: 0\n---\n')).toEqual({ invalid: '0' });
    expect(rubricPointsLine('---\npoints: 1000\n---\n')).toEqual({ invalid: '1000' });
    expect(rubricPointsLine('---\npoints: seven\n---\n')).toEqual({ invalid: 'seven' });
    // A key nested under another is not the scale.
    expect(rubricPoints('---\nparts:\n  points: 3\n---\n')).toBeUndefined();
  });

  it('sets the scale: replaced, added to a front matter, or a front matter added; the default on a plain scheme changes nothing', () => {
    expect(rubricPoints(withRubricPoints(scheme, 4))).toBe(4);
    expect(withRubricPoints(scheme, 4)).toBe(scheme.replace('points: 10', 'points: 4'));
    const titled = '---\ntitle: Problem 3\n---\n- 2 points: the lemma.';
    expect(withRubricPoints(titled, 12)).toBe('---\npoints: 12\ntitle: Problem 3\n---\n- 2 points: the lemma.');
    const plain = '- 2 points: the lemma.\r\n- 5 points: the rest.';
    expect(withRubricPoints(plain, 7)).toBe(plain);
    const set = withRubricPoints(plain, 10);
    expect(set).toBe('---\r\npoints: 10\r\n---\r\n' + plain);
    expect(rubricGuidance(set)).toBe(plain);
    expect(rubricPoints(withRubricPoints('', 3))).toBe(3);
    expect(rubricGuidance(withRubricPoints('', 3))).toBe('');
    // Back to the default keeps the recorded line (the teacher chose it), as 7.
    expect(rubricPoints(withRubricPoints(set, 7))).toBe(7);
    expect(() => withRubricPoints(plain, 0)).toThrow(/whole number from 1 to 100/);
  });

  it('a scheme that opens with a rule over lines like "Part (a): 3 points" is guidance, every word of it (rev3)', () => {
    const parts = '---\nPart (a): 3 points for the base case.\nPart (b): 4 points for the induction step.\n---\nDeduct 1 point for arithmetic slips.\n';
    expect(rubricGuidance(parts)).toBe(parts);
    expect(rubricPoints(parts)).toBeUndefined();
    // Setting a scale puts settings above it and leaves the teacher's lines as they were.
    const set = withRubricPoints(parts, 10);
    expect(set).toBe(`---\npoints: 10\n---\n${parts}`);
    expect(rubricPoints(set)).toBe(10);
    expect(rubricGuidance(set)).toBe(parts);
  });

  it('keeps the comment on the points line, a byte-order mark and CRLF; the last of a repeated key counts (rev3)', () => {
    const commented = '\ufeff---\r\npoints: "12" # twelve, as in the 2024 paper\r\n---\r\n- 2 points: the lemma.\r\n';
    expect(rubricPoints(commented)).toBe(12);
    expect(withRubricPoints(commented, 5)).toBe('\ufeff---\r\npoints: 5 # twelve, as in the 2024 paper\r\n---\r\n- 2 points: the lemma.\r\n');
    expect(rubricPoints('---\npoints: 3\npoints: 9\n---\nx')).toBe(9);
    expect(withRubricPoints('---\npoints: 3\npoints: 9\n---\nx', 4)).toBe('---\npoints: 3\npoints: 4\n---\nx');
    expect(withRubricPoints('\ufeff- all or nothing', 10)).toBe('\ufeff---\npoints: 10\n---\n- all or nothing');
    // Settings with a list under a key are settings.
    expect(rubricPoints('---\nheader-includes:\n  - \\usepackage{amsmath}\npoints: 6\n---\nx')).toBe(6);
  });

  it('reads Points: 10 as teachers write it, and sets an empty points: line readably (rev5)', () => {
    expect(rubricPoints('---\nPoints: 10\n---\nx')).toBe(10);
    expect(rubricPoints('---\npoints:10\n---\nx')).toBeUndefined();
    expect(withRubricPoints('---\nPoints: 10\n---\nx', 5)).toBe('---\nPoints: 5\n---\nx');
    const empty = '---\ntitle: P3\npoints:\n---\n- all or nothing';
    const set = withRubricPoints(empty, 5);
    expect(set).toBe('---\ntitle: P3\npoints: 5\n---\n- all or nothing');
    expect(rubricPoints(set)).toBe(5);
    expect(rubricGuidance(set)).toBe('- all or nothing');
  });
});

describe('front matter as YAML writes it (rev3/rev4)', () => {
  it('reads a flow mapping and a comment after the value, as a YAML reader does', () => {
    for (const scheme of [
      '---\n{points: 12}\n---\n- 2 points: the lemma.',
      '---\n{title: "Problem 3, part b", points: 12}\n---\nx',
      "---\n{ title: P3,\n  'points': '12' }\n---\nx",
      '---\npoints: 12 # scale\n---\nx',
      '---\n  title: P3\n  points: 12   # the whole problem\n---\nx',
    ]) {
      expect(rubricPoints(scheme), scheme).toBe(12);
      expect(Number(yamlPoints(scheme)), scheme).toBe(12);
      expect(rubricGuidance(scheme), scheme).toBe(scheme.slice(scheme.indexOf('\n---\n') + 5));
    }
    // A '#' with no space before it is part of the value in YAML: no scale.
    expect(yamlPoints('---\npoints: 12#scale\n---\n')).toBe('12#scale');
    expect(rubricPointsLine('---\npoints: 12#scale\n---\n')).toEqual({ invalid: '12#scale' });
    expect(rubricPointsLine('---\n{points: twelve}\n---\n')).toEqual({ invalid: 'twelve' });
    // A comment line above the keys (with a brace in it, too) changes nothing.
    expect(rubricPoints('---\n# set by the Points field\n  points: 5\n---\nx')).toBe(5);
    expect(rubricPoints('---\n# {x}\n{points: 4}\n---\nx')).toBe(4);
    // Keys nested deeper than the others are not the scale, in a flow mapping or a block.
    expect(yamlPoints('---\n{parts: {a: 3}}\n---\n')).toBeUndefined();
    expect(rubricPoints('---\n{parts: {points: 3}}\n---\n')).toBeUndefined();
    expect(yamlPoints('---\n  parts:\n    points: 3\n---\n')).toBeUndefined();
    expect(rubricPoints('---\n  parts:\n    points: 3\n---\n')).toBeUndefined();
  });

  it('sets the scale in the settings there are: an empty front matter, a flow mapping, indented keys; never a second front matter', () => {
    const cases: [string, string][] = [
      ['---\n---\n- 2 points: the lemma.', '---\npoints: 10\n---\n- 2 points: the lemma.'],
      ['\ufeff---\r\n---\r\nx\r\n', '\ufeff---\r\npoints: 10\r\n---\r\nx\r\n'],
      ['---\n{points: 12}\n---\nx', '---\n{points: 10}\n---\nx'],
      ['---\n{title: P3}  # set by hand\n---\nx', '---\n{points: 10, title: P3}  # set by hand\n---\nx'],
      ['---\n{}\n---\nx', '---\n{points: 10}\n---\nx'],
      ['---\n  points: 5 # scale\n---\nx', '---\n  points: 10 # scale\n---\nx'],
      ['---\n  title: P3\n---\nx', '---\n  points: 10\n  title: P3\n---\nx'],
    ];
    for (const [before, after] of cases) {
      const set = withRubricPoints(before, 10);
      expect(set, before).toBe(after);
      expect(rubricPoints(set), before).toBe(10);
      expect(Number(yamlPoints(set)), before).toBe(10);
      expect(rubricGuidance(set), before).toBe(rubricGuidance(before));
      expect(set.replace(/^\ufeff/, '').match(/^---/gm), before).toHaveLength(2);
    }
    // An empty front matter states no scale and is no guidance.
    expect(rubricPointsLine('---\n---\n- all or nothing')).toEqual({});
    expect(rubricGuidance('---\n---\n- all or nothing')).toBe('- all or nothing');
  });

  it('a scheme opening with a rule over guidance stays guidance, in the new shapes too (guard)', () => {
    for (const guidance of ['---\nPart (a): 3 points.\n---\nx', '---\n{Part (a): 3 points}\n---\nx', '---\n  Part (a): 3 points.\n---\nx', '---\n{points: 3} for part (a)\n---\nx']) {
      expect(rubricGuidance(guidance), guidance).toBe(guidance);
      expect(rubricPoints(guidance), guidance).toBeUndefined();
      expect(withRubricPoints(guidance, 10), guidance).toBe(`---\npoints: 10\n---\n${guidance}`);
    }
  });

  it('reads and sets what a YAML reader reads: quoted values, block scalars, an empty value before a comment; a list is no settings', () => {
    const shapes: [string, number | undefined, string][] = [
      ['---\npoints: "12"\n---\nx', 12, '---\npoints: 10\n---\nx'],
      ["---\n'points': 12\nnote: |\n  Part (a): 3 points\n---\nx", 12, "---\n'points': 10\nnote: |\n  Part (a): 3 points\n---\nx"],
      ['---\npoints:   # to set\n---\nx', undefined, '---\npoints: 10   # to set\n---\nx'],
      ['---\n{ "title": "a: b, c", points: 9 }\n---\nx', 9, '---\n{ "title": "a: b, c", points: 10 }\n---\nx'],
    ];
    for (const [before, points, after] of shapes) {
      expect(rubricPoints(before), before).toBe(points);
      if (points !== undefined) expect(Number(yamlPoints(before)), before).toBe(points);
      const set = withRubricPoints(before, 10);
      expect(set, before).toBe(after);
      expect(Number(yamlPoints(set)), before).toBe(10);
      expect(rubricGuidance(set), before).toBe('x');
    }
    // rev7: a comment inside a flow mapping, a quoted key, an empty front matter with a blank line, a
    // closing fence with trailing spaces, `points` beside `Points` (YAML has only `points`).
    expect(withRubricPoints('---\n{points: 12, # twelve\n title: P3}\n---\nx', 9)).toBe('---\n{points: 9, # twelve\n title: P3}\n---\nx');
    expect(withRubricPoints('---\n"points": 5\n---\nx', 9)).toBe('---\n"points": 9\n---\nx');
    expect(withRubricPoints('---\n\n---\nx', 9)).toBe('---\npoints: 9\n\n---\nx');
    expect(rubricGuidance('---\npoints: 5\n---  \nx')).toBe('x');
    expect(rubricPoints('---\npoints: 5\nPoints: 9\n---\nx')).toBe(Number(yamlPoints('---\npoints: 5\nPoints: 9\n---\nx')));
    // A front matter that is a YAML list (`- 2 points: the lemma`) holds guidance, not settings: the grader reads it.
    const list = '---\n- 2 points: the lemma\n- 5 points: the bound\n---\nx';
    expect(rubricGuidance(list)).toBe(list);
    expect(rubricPoints(list)).toBeUndefined();
  });
});

describe('a front matter written as settings that YAML cannot read (a user\'s scheme: `title: P3` over an indented `  points: 5`)', () => {
  const broken = '---\ntitle: P3\n  points: 5\n---\n- 5 points: all or nothing.\n';

  it('is said, with its lines and the YAML reader\'s words, not read as guidance with its points lost', () => {
    // A YAML reader refuses it too (Pandoc stops on it).
    expect(() => yamlPoints(broken)).toThrow();
    const line = rubricPointsLine(broken);
    expect(line).toEqual({ unreadable: { line: 2, lastLine: 3, message: 'Nested mappings are not allowed in compact mappings' } });
    expect(notValidYaml(line.unreadable!)).toBe('is not valid YAML (lines 2–3: Nested mappings are not allowed in compact mappings)');
    expect(rubricPoints(broken)).toBeUndefined();
    // An unclosed quote is on its own line (not the closing fence's); CRLF, a BOM and a comment change no line number.
    expect(rubricPointsLine('---\npoints: 5\ntitle: "P3\n---\nx').unreadable).toMatchObject({ line: 3, lastLine: 3 });
    expect(rubricPointsLine('\ufeff---\r\n# set by hand\r\ntitle: P3\r\n\tpoints: 5\r\n---\r\nx').unreadable).toEqual({ line: 4, lastLine: 4, message: 'Tabs are not allowed as indentation' });
    // Nothing the teacher wrote is withheld from the grader.
    expect(rubricGuidance(broken)).toBe(broken);
  });

  it('gets no second front matter from the Points field: setting the scale refuses, naming the problem', () => {
    expect(() => withRubricPoints(broken, 10)).toThrow(RubricFrontMatterError);
    expect(() => withRubricPoints(broken, 10)).toThrow('the marking scheme\'s front matter is not valid YAML (lines 2–3: Nested mappings are not allowed in compact mappings)');
    // Once corrected, the value is replaced in place.
    expect(withRubricPoints('---\ntitle: P3\npoints: 5\n---\nx', 10)).toBe('---\ntitle: P3\npoints: 10\n---\nx');
  });

  it('guidance YAML cannot read is still guidance, and Points still puts settings above it (guard)', () => {
    for (const guidance of ['---\nPart (a): 3 points: base case.\n---\nx', '---\n{points: 3} for part (a)\n---\nx', '---\ntitle: P3\nAward 1 point per case.\n  more: x\n---\nx']) {
      expect(rubricPointsLine(guidance), guidance).toEqual({});
      expect(rubricGuidance(guidance), guidance).toBe(guidance);
      expect(withRubricPoints(guidance, 10), guidance).toBe(`---\npoints: 10\n---\n${guidance}`);
    }
  });
});
