// Parses one math fragment with KaTeX (the renderer the app uses) and reports the first error at its
// exact position inside the fragment, mapped to a document offset.
import katex from 'katex';
import { KATEX_OPTIONS, katexInput, katexMacros } from '../../common/tex/katex';
import { blankLineInDisplay, tagNotAllowed } from '../../common/tex/environments';
import { shieldPrivateUse, unshieldPrivateUse } from '../../common/tex/private-use';
import type { LintIssue } from '../types';

interface KatexParseError extends Error {
  position?: number;
  length?: number;
  rawMessage?: string;
}

type ParseFn = (tex: string, settings: katex.KatexOptions) => unknown;
const parse = (katex as unknown as { __parse: ParseFn }).__parse;

/** Commands that belong to running text, never to math. */
export const TEXT_ONLY_COMMANDS = new Set([
  'section', 'subsection', 'subsubsection', 'paragraph', 'chapter', 'item', 'par', 'noindent', 'footnote',
  'cite', 'maketitle', 'emph', 'newpage', 'clearpage', 'bigskip', 'medskip', 'smallskip', 'vspace', 'indent',
]);

/** Index of the `{` left open at the end of `tex`, or -1. */
function unclosedBrace(tex: string): number {
  const open: number[] = [];
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === '\\') {
      i++;
      continue;
    }
    if (tex[i] === '%') {
      while (i < tex.length && tex[i] !== '\n') i++;
      continue;
    }
    if (tex[i] === '{') open.push(i);
    else if (tex[i] === '}') open.pop();
  }
  return open.length ? open[open.length - 1] : -1;
}

/** Index of the last `\left` without a `\right`, or -1. */
function unclosedLeft(tex: string): number {
  const open: number[] = [];
  const re = /\\(left|right)(?![A-Za-z])/g;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (m[1] === 'left') open.push(m.index);
    else open.pop();
  }
  return open.length ? open[open.length - 1] : -1;
}


/** Text-only commands used inside math (`\section`, `\item`…), reported more clearly than KaTeX does. */
export function textCommandsInMath(tex: string, offset: number): LintIssue[] {
  const issues: LintIssue[] = [];
  const re = /\\([A-Za-z]+)/g;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (TEXT_ONLY_COMMANDS.has(m[1])) {
      issues.push({
        code: 'text-command-in-math',
        level: 'warning',
        range: { start: offset + m.index, end: offset + m.index + m[0].length },
        message: `\`\\${m[1]}\` is a text command: it does not belong inside math (close the math first)`,
      });
    }
  }
  return issues;
}

/**
 * Lint one fragment. `offset` is the document offset of tex[0]. Returns at most one parse error (KaTeX
 * stops at the first) plus text-command warnings.
 */
export function lintMath(tex: string, offset: number, display: boolean, env: string | undefined, macros: Record<string, string>): LintIssue[] {
  // The preview and the report typeset a formula with a document's private-use characters shielded
  // (app/common/tex/private-use.ts): ask KaTeX the same, so a formula renders or fails alike everywhere
  // (rev10: the lint failed `$a \uE000 b$`, which both surfaces typeset); say the characters as typed.
  return lintShielded(shieldPrivateUse(tex), offset, display, env, macros).map((issue) => ({ ...issue, message: unshieldPrivateUse(issue.message) }));
}

function lintShielded(tex: string, offset: number, display: boolean, env: string | undefined, macros: Record<string, string>): LintIssue[] {
  const textIssues = textCommandsInMath(tex, offset);
  // A blank line in a display: LaTeX stops there (the preview and the report ask the same, before KaTeX).
  const blank = display ? blankLineInDisplay(tex, env) : null;
  if (blank) return [...textIssues, { code: 'parse-error', level: 'error', range: { start: offset + blank.start, end: offset + blank.end }, message: `LaTeX error: ${blank.message}` }];
  const { input, prefix } = katexInput(tex, env);
  try {
    parse(input, { ...KATEX_OPTIONS, displayMode: display, throwOnError: true, macros: katexMacros(macros) });
    // KaTeX takes one \tag inside aligned; amsmath does not (the preview and the report ask the same).
    const tag = tagNotAllowed(tex);
    if (!tag) return textIssues;
    return [...textIssues, { code: 'parse-error', level: 'error', range: { start: offset + tag.start, end: offset + tag.end }, message: `LaTeX error: ${tag.message}` }];
  } catch (error) {
    const e = error as KatexParseError;
    if (!(error instanceof katex.ParseError)) throw error;
    const raw = e.rawMessage ?? e.message;
    let start = typeof e.position === 'number' ? e.position - prefix : 0;
    let length = Math.max(1, e.length ?? 1);
    const undefinedMacro = /^Undefined control sequence: (\\\S+)/.exec(raw);
    if (undefinedMacro) {
      const name = undefinedMacro[1];
      // The position can come from inside a macro's expansion: find the name in the fragment itself.
      if (tex.slice(start, start + name.length) !== name) {
        const found = new RegExp(`${name.replace(/\\/g, '\\\\')}(?![A-Za-z])`).exec(tex);
        start = found ? found.index : 0;
      }
      const bare = name.slice(1);
      if (TEXT_ONLY_COMMANDS.has(bare) && textIssues.some((t) => t.range.start === offset + start)) return textIssues;
      return [
        ...textIssues,
        {
          code: 'unknown-macro',
          level: 'error',
          range: { start: offset + start, end: offset + start + name.length },
          message: `Unknown macro ${name}: define it with \\newcommand in the document or in the macros setting`,
        },
      ];
    }
    let message = `LaTeX error: ${raw}`;
    if (start >= tex.length && /expected '\}'/.test(raw)) {
      const brace = unclosedBrace(tex);
      if (brace >= 0) {
        start = brace;
        message = `Unclosed \`{\` (LaTeX error: ${raw})`;
      }
    } else if (/Expected '\\right'/.test(raw)) {
      // KaTeX stops where it wanted \right; the mistake is the \left that opened the group.
      const left = unclosedLeft(tex.slice(0, Math.min(start, tex.length)));
      if (left >= 0) {
        start = left;
        length = 5;
        message = '`\\left` without a matching `\\right`';
      }
    }
    // At the end of input: mark the last character of the fragment.
    start = Math.max(0, Math.min(start, tex.length - 1));
    const end = Math.max(start + 1, Math.min(start + length, tex.length));
    return [...textIssues, { code: 'parse-error', level: 'error', range: { start: offset + start, end: offset + end }, message }];
  }
}
