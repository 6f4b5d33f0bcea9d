// One pass over a whole document: finds math fragments and reports what is unbalanced across it —
// `$`/`$$`/`\(`/`\[` that never close, closers without openers, `\begin`/`\end` that do not match,
// and (in .tex files) braces in text. Markdown code spans, fences and HTML comments and TeX comments are skipped.
// Its fragments let the checker run on plain text when no ProofDocument is at hand.
// Where math starts and ends is the core scanner's decision (app/common/tex/math: its closers, Pandoc's
// `$` rule for Markdown, TeX's for .tex): this walk only adds the balance reports around it.
import { htmlCommentEnd } from '../../common/html-comments';
import type { DocumentFormat } from '../../common/proof';
import {
  createEnvCloser, createSimpleCloser, findDollarClose, MATH_ENVIRONMENTS, scanOptionsFor, unclosedMessage, VERBATIM_ENVIRONMENTS,
} from '../../common/tex/math';
import { outsideMathError } from '../../common/tex/environments';
import type { CheckFragment, LintIssue } from '../types';

export interface ScanResult {
  fragments: CheckFragment[];
  issues: LintIssue[];
  /** Ranges of prose (outside math, code and comments), for the math-commands-in-text check. */
  prose: { start: number; end: number }[];
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

const BEGIN_END = /\\(begin|end)\s*\{([^{}\n]*)\}/y;

/**
 * `fragments: false` skips building fragment objects (the caller has its own, from app/proof). `code`:
 * the code blocks the document's segmentation found (sorted; indented Markdown code among them), skipped
 * like fences, so a `$` in a code block is never an unclosed formula where the preview shows code.
 */
export function scanDocument(text: string, format: DocumentFormat, options: { fragments?: boolean; code?: readonly { start: number; end: number }[] } = {}): ScanResult {
  const keepFragments = options.fragments !== false;
  const tex = format === 'tex';
  // Code spans and fences are skipped by this walk itself (it reports prose ranges around them).
  const rules = scanOptionsFor(format, { codeSpans: false });
  // Shared memory for every \begin's search, so n unclosed environments cost O(n), not O(n²).
  const envClose = createEnvCloser(text, text.length, rules);
  // Unclosed `\[` or `\(` openers share what the first one's search learnt (else O(n²), issue 14).
  const simpleClose = createSimpleCloser(text, text.length, rules);
  const fragments: CheckFragment[] = [];
  const issues: LintIssue[] = [];
  const prose: { start: number; end: number }[] = [];
  const envStack: { name: string; start: number; end: number }[] = [];
  const braces: number[] = [];
  let proseStart = 0;
  const endProse = (at: number) => {
    if (at > proseStart) prose.push({ start: proseStart, end: at });
  };
  const addMath = (start: number, contentStart: number, contentEnd: number, end: number, display: boolean, env?: string) => {
    endProse(start);
    if (keepFragments) fragments.push({ tex: text.slice(contentStart, contentEnd), contentOffset: contentStart, display, env, range: { start, end } });
    proseStart = end;
  };
  const issue = (code: LintIssue['code'], start: number, end: number, message: string) =>
    issues.push({ code, level: 'error', range: { start, end }, message });

  let i = 0;
  let lineStart = true;
  const code = options.code ?? [];
  let nextCode = 0;
  while (i < text.length) {
    while (nextCode < code.length && code[nextCode].end <= i) nextCode++;
    if (nextCode < code.length && code[nextCode].start <= i) {
      endProse(i);
      i = code[nextCode].end;
      proseStart = i;
      lineStart = false;
      continue;
    }
    const ch = text[i];
    // Markdown code: fences and inline code spans are not TeX.
    if (!tex && lineStart && /^[ \t]{0,3}(```|~~~)/.test(text.slice(i, i + 7))) {
      const fence = /^[ \t]{0,3}(```+|~~~+)/.exec(text.slice(i))![1];
      endProse(i);
      const close = text.indexOf(`\n${fence.slice(0, 3)}`, i + fence.length);
      i = close < 0 ? text.length : lineEnd(text, close + 1);
      proseStart = i;
      continue;
    }
    lineStart = ch === '\n';
    if (!tex && ch === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = text.indexOf(run, i + run.length);
      if (close > 0) {
        endProse(i);
        i = close + run.length;
        proseStart = i;
        continue;
      }
    }
    // Markdown HTML comments (`<!-- TODO … -->`) are notes, not prose or math.
    if (!tex && ch === '<') {
      const close = htmlCommentEnd(text, i);
      if (close > 0) {
        endProse(i);
        i = close;
        proseStart = i;
        continue;
      }
    }
    if (tex && ch === '%') {
      endProse(i);
      i = lineEnd(text, i);
      proseStart = i;
      continue;
    }
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === '(' || next === '[') {
        const closer = next === '(' ? '\\)' : '\\]';
        const close = simpleClose(i + 2, closer, next === '(');
        if (close < 0) {
          issue('unclosed-math', i, i + 2, unclosedMessage({ delimiter: next === '[' ? '\\[' : '\\(' }));
          i += 2;
          continue;
        }
        addMath(i, i + 2, close, close + 2, next === '[');
        i = close + 2;
        continue;
      }
      if (next === ')' || next === ']') {
        issue('unmatched-math-close', i, i + 2, `\`\\${next}\` closes math that was never opened`);
        i += 2;
        continue;
      }
      BEGIN_END.lastIndex = i;
      const cmd = next === 'b' || next === 'e' ? BEGIN_END.exec(text) : null;
      if (cmd) {
        const [whole, kind, name] = cmd;
        const end = i + whole.length;
        if (kind === 'begin' && (MATH_ENVIRONMENTS.has(name) || VERBATIM_ENVIRONMENTS.has(name))) {
          const close = envClose(end, name);
          if (!close) {
            issue('unbalanced-env', i, end, unclosedMessage({ delimiter: 'env', env: name }));
            i = end;
            continue;
          }
          const outside = outsideMathError(name);
          if (outside) issue('math-env-outside-math', i, end, outside);
          if (MATH_ENVIRONMENTS.has(name)) addMath(i, end, close.start, close.end, true, name);
          else {
            endProse(i);
            proseStart = close.end;
          }
          i = close.end;
          continue;
        }
        if (kind === 'begin') envStack.push({ name, start: i, end });
        else {
          const top = envStack[envStack.length - 1];
          if (top && top.name === name) envStack.pop();
          else if (top && envStack.some((e) => e.name === name)) {
            issue('unbalanced-env', i, end, `\`\\end{${name}}\` closes \`\\begin{${name}}\` while \`\\begin{${top.name}}\` is still open`);
            while (envStack.length && envStack[envStack.length - 1].name !== name) envStack.pop();
            envStack.pop();
          } else issue('unbalanced-env', i, end, `\`\\end{${name}}\` has no matching \`\\begin{${name}}\``);
        }
        i = end;
        continue;
      }
      i += 2;
      continue;
    }
    if (ch === '$') {
      const display = text[i + 1] === '$';
      const open = display ? 2 : 1;
      // Pandoc's rule (Markdown): a `$` followed by a space opens nothing; it is just a dollar sign.
      if (!display && !tex && /^\$(\s|$)/.test(text.slice(i, i + 2))) {
        i++;
        continue;
      }
      // A lone `$` followed by a digit that never closes in Markdown prose is money, not math.
      const close = findDollarClose(text, i + open, text.length, display, rules);
      if (close < 0) {
        if (display || tex || !/^\$\s*\d/.test(text.slice(i, i + 3))) {
          issue('unclosed-math', i, i + open, unclosedMessage({ delimiter: display ? '$$' : '$' }));
        }
        i += open;
        continue;
      }
      addMath(i, i + open, close, close + open, display);
      i = close + open;
      continue;
    }
    if (tex && ch === '{') braces.push(i);
    else if (tex && ch === '}') {
      if (braces.length) braces.pop();
      else issue('unbalanced-brace', i, i + 1, 'Unmatched }');
    }
    i++;
  }
  endProse(text.length);
  for (const e of envStack) issue('unbalanced-env', e.start, e.end, unclosedMessage({ delimiter: 'env', env: e.name }));
  for (const b of braces) issue('unbalanced-brace', b, b + 1, 'Unclosed {');
  issues.sort((a, b) => a.range.start - b.range.start);
  return { fragments, issues, prose };
}
