// One pass over a whole document: finds math fragments and reports what is unbalanced across it —
// `$`/`$$`/`\(`/`\[` that never close, closers without openers, `\begin`/`\end` that do not match,
// and (in .tex files) braces in text. Markdown code spans and fences and TeX comments are skipped.
// Its fragments let the checker run on plain text when no ProofDocument is at hand.
import type { DocumentFormat } from '../../common/proof';
import type { CheckFragment, LintIssue } from '../types';

/** Math environments (content is math) — the same list as app/proof's scanner. */
export const MATH_ENVIRONMENTS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'aligned', 'gather', 'gather*',
  'multline', 'multline*', 'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'displaymath', 'math',
  'split', 'dmath', 'dmath*',
]);
const VERBATIM_ENVIRONMENTS = new Set(['verbatim', 'verbatim*', 'lstlisting', 'minted', 'comment']);

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

/** Index of the first unescaped occurrence of `needle` at or after `from`, or -1 (stops at `stop`). */
function findCloser(text: string, from: number, needle: string, stopAtBlankLine: boolean, comments: boolean): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      if (text.startsWith(needle, i)) return i;
      i++;
      continue;
    }
    if (comments && ch === '%') {
      i = lineEnd(text, i);
      continue;
    }
    if (stopAtBlankLine && ch === '\n' && /^\n[ \t]*(\n|$)/.test(text.slice(i, i + 80))) return -1;
    if (text.startsWith(needle, i)) {
      // `$` must not match the first half of `$$`.
      if (needle === '$' && text[i + 1] === '$') return i;
      return i;
    }
  }
  return -1;
}

function findEnvEnd(text: string, from: number, name: string, comments: boolean): { start: number; end: number } | null {
  const re = new RegExp(`\\\\(begin|end)\\s*\\{${name.replace(/[*]/g, '\\*')}\\}`, 'g');
  re.lastIndex = from;
  let depth = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (comments) {
      const ls = text.lastIndexOf('\n', m.index) + 1;
      const line = text.slice(ls, m.index);
      if (/(^|[^\\])%/.test(line)) continue;
    }
    depth += m[1] === 'begin' ? 1 : -1;
    if (depth === 0) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

const BEGIN_END = /\\(begin|end)\s*\{([^{}\n]*)\}/y;

/** `fragments: false` skips building fragment objects (the caller has its own, from app/proof). */
export function scanDocument(text: string, format: DocumentFormat, options: { fragments?: boolean } = {}): ScanResult {
  const keepFragments = options.fragments !== false;
  const tex = format === 'tex';
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
  while (i < text.length) {
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
        const close = findCloser(text, i + 2, closer, false, tex);
        if (close < 0) {
          issue('unclosed-math', i, i + 2, `\\${next} is never closed by ${closer}`);
          i += 2;
          continue;
        }
        addMath(i, i + 2, close, close + 2, next === '[');
        i = close + 2;
        continue;
      }
      if (next === ')' || next === ']') {
        issue('unmatched-math-close', i, i + 2, `\\${next} closes math that was never opened`);
        i += 2;
        continue;
      }
      BEGIN_END.lastIndex = i;
      const cmd = next === 'b' || next === 'e' ? BEGIN_END.exec(text) : null;
      if (cmd) {
        const [whole, kind, name] = cmd;
        const end = i + whole.length;
        if (kind === 'begin' && (MATH_ENVIRONMENTS.has(name) || VERBATIM_ENVIRONMENTS.has(name))) {
          const close = findEnvEnd(text, end, name, tex);
          if (!close) {
            issue('unbalanced-env', i, end, `\\begin{${name}} is never closed by \\end{${name}}`);
            i = end;
            continue;
          }
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
            issue('unbalanced-env', i, end, `\\end{${name}} closes \\begin{${name}} while \\begin{${top.name}} is still open`);
            while (envStack.length && envStack[envStack.length - 1].name !== name) envStack.pop();
            envStack.pop();
          } else issue('unbalanced-env', i, end, `\\end{${name}} has no matching \\begin{${name}}`);
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
      // A lone `$` followed by a space or digit in Markdown prose is usually money, not math.
      const close = findCloser(text, i + open, display ? '$$' : '$', !tex && !display, tex);
      if (close < 0 || (!display && close === i + open)) {
        if (display || tex || !/^\$\s*\d/.test(text.slice(i, i + 3))) {
          issue('unclosed-math', i, i + open, `${display ? '$$' : '$'} opens math that is never closed`);
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
  for (const e of envStack) issue('unbalanced-env', e.start, e.end, `\\begin{${e.name}} is never closed by \\end{${e.name}}`);
  for (const b of braces) issue('unbalanced-brace', b, b + 1, 'Unclosed {');
  issues.sort((a, b) => a.range.start - b.range.start);
  return { fragments, issues, prose };
}
