// fast-check generators of proof documents (Markdown or .tex) built from the constructs the parser
// knows: headings, paragraphs with all four math delimiters, lists, display math, environments
// (nested, with blank lines inside), proof containers, code and quotes. Test-only.
import fc from 'fast-check';
import { applyEdit, type TextEdit } from '../../common/text';

const word = fc.constantFrom('we', 'have', 'thus', 'let', 'bound', 'Since', 'the', 'sum', 'is', 'prime', 'odd', 'Hence', 'é', 'αβ', '😀x');
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
const tex = fc.constantFrom('x', 'a+b', 'x^2 \\ge 0', '\\frac{1}{n}', 'f(x) = \\left( y \\right)', 'n \\cdot m');

const inlineMath = fc.oneof(
  tex.map((t) => `$${t}$`),
  tex.map((t) => `\\(${t}\\)`),
  tex.map((t) => `$$${t}$$`),
);
const sentenceEnd = fc.constantFrom('.', ':', '', '?');
const sentence = fc
  .tuple(words, fc.option(inlineMath, { nil: undefined }), words, sentenceEnd)
  .map(([a, m, b, end]) => `${a} ${m ?? ''} ${b}${end}`.replace(/ +/g, ' '));

const displayMath = fc.oneof(
  tex.map((t) => `$$\n${t}\n$$`),
  tex.map((t) => `\\[\n${t}\n\\]`),
  tex.map((t) => `\\[ ${t} \\]`),
  fc.tuple(tex, tex).map(([a, b]) => `\\begin{align}\n${a} &= ${b} \\\\[2pt]\n&= ${b}\n\\end{align}`),
  fc.tuple(tex, tex).map(([a, b]) => `\\begin{equation*}\n${a}\n\n${b}\n\\end{equation*}`),
  fc.tuple(tex, tex).map(([a, b]) => `\\[\n${a}\n\n${b}\n\\]`),
);

const environment = fc.oneof(
  sentence.map((s) => `\\begin{theorem}\n${s}\n\\end{theorem}`),
  fc.tuple(sentence, sentence).map(([a, b]) => `\\begin{lemma}[Key]\n${a}\n\n${b}\n\\end{lemma}`),
  fc.tuple(sentence, tex).map(([a, t]) => `\\begin{remark}\n${a}\n\\begin{align*}\n${t}\n\n${t}\n\\end{align*}\n\\end{remark}`),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((items) => `\\begin{itemize}\n${items.map((i) => `  \\item ${i}`).join('\n')}\n\\end{itemize}`),
  fc.tuple(sentence, sentence).map(([a, b]) => `\\begin{enumerate}\n\\item ${a}\n\n\\item ${b}\n\\begin{itemize}\n\\item ${a}\n\\end{itemize}\n\\end{enumerate}`),
);

const markdownOnly = fc.oneof(
  words.map((w) => `# ${w}`),
  words.map((w) => `## ${w}`),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((items) => items.map((s) => `- ${s}`).join('\n')),
  fc.tuple(sentence, sentence).map(([a, b]) => `1. ${a}\n   - ${b}\n2. ${a}`),
  tex.map((t) => '```\ncode $' + t + '$ \\(x\\)\n```'),
  sentence.map((s) => `> ${s}`),
);

const shared = fc.oneof(
  { weight: 4, arbitrary: sentence },
  { weight: 2, arbitrary: displayMath },
  { weight: 1, arbitrary: environment },
  { weight: 1, arbitrary: fc.tuple(sentence, displayMath).map(([s, d]) => `${s}\n${d}`) },
);

const texOnly = fc.oneof(
  words.map((w) => `\\section{${w}}`),
  words.map((w) => `% ${w}`),
  sentence.map((s) => `${s} % note`),
);

function withProof(blocks: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const plain = fc.array(blocks, { minLength: 1, maxLength: 10 });
  return fc.oneof(
    plain,
    fc.tuple(plain, plain).map(([a, b]) => [...a, '\\begin{proof}', ...b, '\\end{proof}']),
  ).map((parts) => parts.join('\n\n'));
}

export const lineEnding = fc.constantFrom('\n', '\r\n');

export const markdownDocument: fc.Arbitrary<string> = fc
  .tuple(withProof(fc.oneof({ weight: 3, arbitrary: shared }, { weight: 2, arbitrary: markdownOnly })), lineEnding)
  .map(([text, eol]) => text.replace(/\n/g, eol) + eol);

export const texDocument: fc.Arbitrary<string> = fc
  .tuple(withProof(fc.oneof({ weight: 3, arbitrary: shared }, { weight: 1, arbitrary: texOnly })), fc.boolean(), lineEnding)
  .map(([body, wrapped, eol]) => {
    const text = wrapped ? `\\documentclass{article}\n% preamble\n\\begin{document}\n${body}\n\\end{document}\n` : `${body}\n`;
    return text.replace(/\n/g, eol);
  });

export const anyDocument = fc.oneof(
  markdownDocument.map((text) => ({ text, format: 'markdown' as const })),
  texDocument.map((text) => ({ text, format: 'tex' as const })),
);

/** One raw edit of a typing session: two positions, "over the previous character", the text, "typed at the caret". */
export type RawEdit = [a: number, b: number, over: boolean, insert: string, typed: boolean];

/**
 * The edits of a typing session on `text`, as typed: a typed piece goes at the caret (where the
 * previous edit's insertion ended), sometimes over the character before it (a backspace, or Monaco
 * typing over an auto-closed `$`); otherwise an edit anywhere, replacing up to three characters.
 */
export function typedEdits(text: string, raw: readonly RawEdit[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let current = text;
  let caret = -1;
  for (const [a, b, over, insert, typed] of raw) {
    let start: number;
    let end: number;
    if (typed && caret >= 0) {
      start = over ? Math.max(0, caret - 1) : caret;
      end = caret;
    } else {
      start = a % (current.length + 1);
      end = start + (b % Math.min(4, current.length - start + 1));
    }
    edits.push({ start, end, text: insert });
    current = applyEdit(current, { start, end, text: insert });
    caret = start + insert.length;
  }
  return edits;
}
