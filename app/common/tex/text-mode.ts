// Text-mode LaTeX (outside math) as Markdown: one conversion for every surface that shows a .tex proof
// (the preview, the HTML report), so `\emph{…}`, `\section{…}` and `%` comments look the same in both.

/**
 * The text-mode LaTeX a .tex proof uses most, as Markdown (math has already been cut out). Anything not
 * listed stays as source text, which is honest and readable. Comments (`%` to the end of the line) go.
 */
export function texTextToMarkdown(text: string): string {
  return text
    .replace(/(^|[^\\])%.*$/gm, '$1')
    .replace(/\\(sub)?section\*?\{([^{}]*)\}/g, (_, sub: string | undefined, title: string) => `${sub ? '###' : '##'} ${title}\n`)
    // TeX's ligatures: dashes and quotes (``…'' would otherwise open a Markdown code span), not in \texttt.
    .replace(/\\texttt\{[^{}]*\}|---?|``|''|`(?=[^`'\n]*')/g, (m) => TEX_LIGATURES[m] ?? (m === '`' ? '‘' : m))
    .replace(/‘([^`'\n]*)'/g, '‘$1’')
    .replace(/\\(?:emph|textit|textsl)\{([^{}]*)\}/g, '*$1*')
    // Font shapes Markdown has no mark for (small caps, sans, upright): their words.
    .replace(/\\(?:textsc|textrm|textsf|textup|textnormal|textmd)\{([^{}]*)\}/g, '$1')
    .replace(/\\textbf\{([^{}]*)\}/g, '**$1**')
    .replace(/\\texttt\{([^{}]*)\}/g, '`$1`')
    .replace(/\\(?:label|noindent)(?:\{[^{}]*\})?/g, '')
    // Vertical and horizontal spacing, page breaks: nothing to read.
    .replace(/\\(?:[vh]space\*?\{[^{}]*\}|(?:smallskip|medskip|bigskip|hfill|vfill|newpage|clearpage|centering)(?![A-Za-z]))/g, '')
    .replace(/\\footnote\{([^{}]*)\}/g, ' (Footnote: $1)')
    // A citation shows its keys (LaTeX would number them from the bibliography, which a proof lacks).
    .replace(/\\cite\s*(?:\[([^\]]*)\])?\{([^{}]*)\}/g, (_, note: string | undefined, keys: string) => `[${keys.split(',').map((k) => k.trim()).join(', ')}${note ? `, ${note}` : ''}]`)
    .replace(/\\S(?![A-Za-z])/g, '§')
    .replace(/\\qed(?![a-zA-Z])/g, '∎')
    .replace(/\\(?:ldots|dots)(?![a-zA-Z])/g, '…')
    .replace(/\\begin\{proof\}(?:\[([^\]]*)\])?/g, (_, title: string | undefined) => `*${title ?? 'Proof'}.* `)
    .replace(/\\end\{proof\}/g, ' ∎')
    .replace(/~/g, '\u00a0')
    // A control space (`\eps\ is`, `Mr.\ Smith`) is a space; `\\` before it is a line break.
    .replace(/(?<!\\)((?:\\\\)*)\\ /g, '$1 ')
    .replace(/\\\\/g, '  \n');
}

const TEX_LIGATURES: Record<string, string> = { '---': '—', '--': '–', '``': '“', "''": '”' };

/**
 * Pandoc's `smart` extension (on by default in Pandoc's Markdown) on a Markdown text's prose: `---` an
 * em dash, `--` an en dash (Cauchy--Schwarz, pages 3--7), `...` an ellipsis, straight quotes curled
 * (`"like this"` → “like this”, `'this'` → ‘this’, `don't` and `x's` → don’t, x’s). For text nodes only:
 * code and math are never text (the preview's mdast nodes, the report's markdown-it tokens). A .tex text
 * has TeX's own ligatures instead (texTextToMarkdown), where `...` stays three full stops. Left as typed:
 * HTML comments, table delimiter rows, bare URLs (`https://x.org/a--b`, `www.…`: a changed character
 * would make another address) and arrows (`<--`, `-->`, `<-->`). `before`: the character before `text`
 * in its paragraph ('' at its start), since a paragraph's text comes in pieces around emphasis, code
 * and links: it decides whether a quote at the piece's start opens or closes.
 */
export function smartPunctuation(text: string, before = ''): string {
  if (!SMART_HINT_RE.test(text)) return text;
  SMART_RE.lastIndex = 0;
  // The quote just curled, so a quote right after it reads what it became (`"$b>0$""`: ” then ”, not “).
  let quoteAt = -1;
  let quoteOut = '';
  return text.replace(SMART_RE, (m, punct: string | undefined, quote: string | undefined, at: number) => {
    if (quote !== undefined) {
      const prev = at === 0 ? before : at - 1 === quoteAt ? quoteOut : text[at - 1];
      quoteOut = curledQuote(quote, prev, text.slice(at + 1, at + 5));
      quoteAt = at;
      return quoteOut;
    }
    return punct === undefined ? m : punct === '...' ? '…' : TEX_LIGATURES[punct];
  });
}

/**
 * A Markdown text's prose without its `\label{…}`s (and the space before each), as LaTeX prints a label:
 * nothing. Pandoc users write them in headings (`# Intro \label{sec:intro}`) and after a sentence; the
 * label still numbers what it names (numbering.ts). A .tex text's prose has its own (texTextToMarkdown).
 */
export function withoutLabels(text: string): string {
  return text.includes('\\label') ? text.replace(/[ \t]*\\label\s*\{[^{}\n]*\}/g, '') : text;
}

const SMART_HINT_RE = /--|\.\.\.|["']/;
// Kept as they are: an HTML comment, a table's delimiter row (`|---|:--:|`, text where tables are not
// parsed), a bare URL, an arrow. Then dashes and the ellipsis (group 1), quotes (group 2).
const SMART_RE = /<!--[\s\S]*?-->|^[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?[ \t]*)?$|\b(?:https?|ftp):\/\/[^\s<>]*|\bwww\.[^\s<>]*|<-{2,}>?|-{2,}>|(---?|\.\.\.)|(["'])/gm;

/** Where a quote opens: at a paragraph's start, after a space, an opening bracket, a dash or another opening quote. */
const OPENS_AFTER = /^$|[\s([{\u2013\u2014\u201c\u2018"/-]/;

/**
 * Where a `'` that would open is an apostrophe of elision: a year (`'99`, `the '90s`, not `'5'` or a
 * quoted `'99'`) and rock ’n’ roll's `'n'`.
 */
const ELISION_RE = /^(?:\d\ds?(?![\d'A-Za-z])|n'(?![A-Za-z]))/;

/**
 * A straight quote curled as Pandoc's smart extension does: after a space or an opening bracket it
 * opens (“ ‘), elsewhere it closes (” ’), and so is an apostrophe (don’t, x’s, the 90’s, and an elision
 * that starts a word: ’99, rock ’n’ roll, ELISION_RE). One with a space on both sides stays straight
 * (nothing to curl towards). `before`: the character before it as printed (a quote already curled);
 * `after`: the next few characters.
 */
function curledQuote(quote: string, before: string, after: string): string {
  const opens = OPENS_AFTER.test(before);
  if (opens && /^\s/.test(after)) return quote;
  if (quote === "'" && opens && ELISION_RE.test(after)) return '\u2019';
  if (quote === '"') return opens ? '\u201c' : '\u201d';
  return opens ? '\u2018' : '\u2019';
}

/** Environments that print no title of their own: lists (their items do), layout and floats. */
const UNTITLED_ENVIRONMENTS = new Set([
  'itemize', 'enumerate', 'description', 'center', 'flushleft', 'flushright', 'quote', 'quotation', 'verse',
  'minipage', 'figure', 'table', 'tabular', 'document', 'abstract', 'thebibliography',
]);

const TEXT_ENV_TITLES: Record<string, string> = {
  proof: 'Proof', theorem: 'Theorem', lemma: 'Lemma', proposition: 'Proposition', corollary: 'Corollary',
  claim: 'Claim', definition: 'Definition', remark: 'Remark', example: 'Example', conjecture: 'Conjecture',
  solution: 'Solution', problem: 'Problem', exercise: 'Exercise', note: 'Note', case: 'Case',
};

/**
 * What LaTeX prints at `\begin{name}[note]` of a text environment (amsthm's theorem styles): the
 * title (`lemma` → Lemma; an unknown name capitalised), bold with the note in parentheses after it, or
 * for a proof italic with the note replacing "Proof" (`\begin{proof}[Proof of Lemma 2]`); `shown`: what
 * the document makes of it instead (numbering.ts documentNumbers titles: the declared title and the
 * number, "Theorem 1.1" for a `thm` declared `\newtheorem{thm}{Theorem}[section]`). Null for
 * environments that print no title (lists, layout, floats). The preview's environment lines and the
 * report's environment steps both use it.
 */
export function environmentTitle(name: string, note: string | undefined, shown?: string): { title: string; note: string | undefined; emphasis: 'strong' | 'em' } | null {
  const base = name.replace(/\*$/, '');
  if (UNTITLED_ENVIRONMENTS.has(base)) return null;
  // The optional argument is typeset text: TeX's dash ligatures apply (`[AM--GM]` → AM–GM), on every surface.
  const typeset = note?.trim().replace(/---?/g, (dash) => (dash.length === 3 ? '\u2014' : '\u2013'));
  if (base === 'proof') return { title: typeset || 'Proof', note: undefined, emphasis: 'em' };
  const title = shown ?? TEXT_ENV_TITLES[base] ?? base.charAt(0).toUpperCase() + base.slice(1);
  return { title, note: typeset || undefined, emphasis: 'strong' };
}

/** A `\begin{name}[note]` or `\end{name}` line, a `\label{…}` beside it allowed. */
export const ENVIRONMENT_LINE_RE = /^[ \t]*\\(begin|end)\{([A-Za-z*]+)\}(?:\[([^\]\n]*)\])?[ \t]*(?:\\label\{[^{}\n]*\}[ \t]*)?$/;

const LIST_NAMES = /^(?:itemize|enumerate|description)\*?$/;

/** Math environments by name (`align*`, `equation`, matrices…): never a titled text environment. */
const MATH_LIKE = /^(?:equation|align|alignat|gather|multline|flalign|eqnarray|math|displaymath|split|aligned|gathered|cases|[pbBvV]?matrix|array|subequations|CD)\*?$/;

/**
 * A step's text-environment lines as Markdown, as the preview shows them (environmentTitle):
 * `\begin{theorem}[AM--GM]` → `**Theorem** (AM--GM). ` run into the next line, `\end{theorem}` → nothing,
 * `\end{proof}` → ∎, a layout environment's (`center`, `quote`) → nothing, and alike a titled `\begin`
 * or `\end` that shares its line with text (environmentEdges); `numberOf(name)`: the printed
 * title of the next titled `\begin{name}` ("Lemma 2", documentNumbers titles; called once per such line,
 * in order). A list inside the text (an
 * enumerate in a theorem, which the report holds as one step) becomes a Markdown list: its `\item`s
 * numbered in an enumerate, as the preview's rows show them (latexItemToMarkdown); a list's own
 * `\begin`/`\end` lines print nothing. Math environments are left as they are.
 */
export function textEnvironmentLines(text: string, numberOf?: (name: string) => string | undefined): string {
  if (!text.includes('\\begin') && !text.includes('\\end')) return text;
  // Lists opened in this text, innermost last, with the items counted so far.
  const lists: { name: string; items: number }[] = [];
  // Names titled in this text: their `\end` after text on a line prints nothing (environmentEdges).
  const titled = new Set<string>();
  let lineEnd = -1;
  const lines = text.split('\n');
  return lines
    .map((line) => {
      lineEnd += line.length + 1;
      const m = ENVIRONMENT_LINE_RE.exec(line.replace(/\r$/, ''));
      if (lists.length > 0 && /^\s*\\item(?![A-Za-z])/.test(line)) {
        const list = lists[lists.length - 1];
        const labelled = /^\s*\\item\s*\[/.test(line);
        const number = list.name.startsWith('enumerate') && !labelled ? ++list.items : undefined;
        return ' '.repeat(4 * (lists.length - 1)) + latexItemToMarkdown(line, number, list.name.startsWith('description'));
      }
      if (!m) return environmentEdges(line, numberOf, titled, (name) => text.lastIndexOf(`\\begin{${name}}`, lineEnd) >= 0);
      if (MATH_LIKE.test(m[2])) return line;
      if (LIST_NAMES.test(m[2])) {
        // A list's own lines print nothing (LaTeX's list shows only its items).
        if (m[1] === 'begin') lists.push({ name: m[2], items: 0 });
        else lists.pop();
        return '';
      }
      const title = environmentTitle(m[2], m[3], m[1] === 'begin' ? numberOf?.(m[2]) : undefined);
      // A layout environment's lines print nothing.
      if (!title) return '';
      if (m[1] === 'begin') titled.add(m[2]);
      if (m[1] === 'end') return title.emphasis === 'em' ? '∎' : '';
      return title.emphasis === 'em' ? `*${title.title}.* ` : `**${title.title}**${title.note ? ` (${title.note})` : ''}. `;
    })
    // A theorem begun at the start of a line under a line of text starts a new line (a hard break
    // after that text), as one begun in mid-line does (environmentEdges).
    .map((out, i, all) => (i + 1 < all.length && /\S$/.test(out) && /^[ \t]*\\begin\{/.test(lines[i + 1]) && all[i + 1] !== lines[i + 1] && /^[ \t]*\*/.test(all[i + 1]) ? `${out}  ` : out))
    .join('\n');
}

/** A `\begin{name}[note]\label{key}` (groups: name, note) or an `\end{name}` (group 3) anywhere in a line, with the blanks after it. */
const EDGE_RE = /(?:\\begin\{([A-Za-z]+\*?)\}(?:\[([^\]\n]*)\])?(?:[ \t]*\\label\{[^{}\n]*\})?|\\end\{([A-Za-z]+\*?)\})[ \t]*/g;
/** What may stand before a `\begin` that starts its line: indentation, a list item's or a quote's marker. */
const LINE_LEAD_RE = /^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]*)*$/;

/**
 * A line that shares a titled environment's `\begin` or `\end` with text, as LaTeX prints it:
 * `\begin{theorem}[Note]\label{k} For all…` → `**Theorem 1** (Note). For all…` (numberOf, as a
 * `\begin` line alone), `… completes it. \end{proof}` → `… completes it. ∎`, `… \end{lemma}` → `…`;
 * both on one line (`\begin{proof} Trivial. \end{proof}`) alike, and after a list item's marker
 * (`- \begin{theorem} …`). In mid-line (`as we see \begin{theorem} … \end{theorem} and so`) the
 * environment starts and ends a paragraph, as LaTeX sets it: a line break (Markdown's hard break) before
 * its title and after its end, so it is titled and numbered wherever documentNumbers counts it.
 * Titled: a theorem-like name (TEXT_ENV_TITLES), one the document numbers or declares (numberOf
 * answers), or for an `\end` one `titled` in this text or not begun in it up to this line (begunHere);
 * math environments, lists, layout environments and anything in a code span are left as written.
 * `titled` gains the names this line titles.
 */
function environmentEdges(line: string, numberOf: ((name: string) => string | undefined) | undefined, titled: Set<string>, begunHere: (name: string) => boolean): string {
  if (!line.includes('\\begin') && !line.includes('\\end')) return line;
  const cr = line.endsWith('\r') ? '\r' : '';
  const body = cr ? line.slice(0, -1) : line;
  // An `\end` whose `\begin` is in another block or step (a theorem with a blank line in it) closes what
  // was titled there, as an `\end` line alone prints nothing; one begun here untitled stays (tikzpicture).
  const closes = (name: string) => TEXT_ENV_TITLES[name.replace(/\*$/, '')] || titled.has(name) || !begunHere(name);
  let out = '';
  let last = 0;
  EDGE_RE.lastIndex = 0;
  for (let m = EDGE_RE.exec(body); m; m = EDGE_RE.exec(body)) {
    const name = m[1] ?? m[3];
    const before = body.slice(0, m.index);
    // In a code span (an odd number of backticks before it on the line) it is code.
    if (!isTitledName(name) || (before.match(/`/g)?.length ?? 0) % 2 === 1) continue;
    const after = body.slice(m.index + m[0].length);
    const textBefore = !LINE_LEAD_RE.test(before);
    let shown: string;
    // Text before it ends where the environment starts (its blanks go with the line break).
    let kept = body.slice(last, m.index);
    if (textBefore) kept = kept.trimEnd();
    if (m[1] !== undefined) {
      const number = numberOf?.(name);
      const title = TEXT_ENV_TITLES[name.replace(/\*$/, '')] || number ? environmentTitle(name, m[2], number) : null;
      if (!title) continue;
      titled.add(name);
      const head = title.emphasis === 'em' ? `*${title.title}.*` : `**${title.title}**${title.note ? ` (${title.note})` : ''}.`;
      shown = `${textBefore ? '  \n' : ''}${head}${after === '' ? '' : ' '}`;
    } else {
      if (!closes(name)) continue;
      const qed = name.replace(/\*$/, '') === 'proof' ? `${textBefore ? ' ' : ''}∎` : '';
      shown = `${qed}${after === '' ? '' : textBefore || qed ? '  \n' : ''}`;
    }
    out += kept + shown;
    last = m.index + m[0].length;
  }
  return last === 0 ? line : out + body.slice(last) + cr;
}

/** Not a math environment, a list or a layout environment (which print no title). */
function isTitledName(name: string): boolean {
  return !MATH_LIKE.test(name) && !LIST_NAMES.test(name) && !UNTITLED_ENVIRONMENTS.has(name.replace(/\*$/, ''));
}

const BLACKBOARD: Record<string, string> = { N: 'ℕ', Z: 'ℤ', Q: 'ℚ', R: 'ℝ', C: 'ℂ' };

/**
 * A title written in Markdown + TeX (a sample's first heading, `\section*{…}`) as plain text for a
 * label or a list: math delimiters dropped (`$4k+3$` → 4k+3), a few math and text-mode commands
 * read out (`\mathbb{R}` → ℝ, `\emph{…}` → …); other commands stay as written. Every list of sample titles uses it.
 */
export function plainTexTitle(title: string): string {
  return title
    .replace(/\\mathbb\{([A-Z])\}/g, (_, letter: string) => BLACKBOARD[letter] ?? letter)
    .replace(/\\(?:emph|textit|textbf|texttt|text|mathrm)\{([^{}]*)\}/g, '$1')
    .replace(/\\(?:le|leq)(?![a-zA-Z])/g, '≤')
    .replace(/\\(?:ge|geq)(?![a-zA-Z])/g, '≥')
    .replace(/\\cdot(?![a-zA-Z])/g, '·')
    .replace(/\\(?:to|rightarrow)(?![a-zA-Z])/g, '→')
    .replace(/\\infty(?![a-zA-Z])/g, '∞')
    .replace(/\\in(?![a-zA-Z])/g, '∈')
    .replace(/\\(?:ldots|dots|cdots)(?![a-zA-Z])/g, '…')
    .replace(/\$\$|\$|\\\(|\\\)/g, '')
    .replace(/~/g, '\u00a0')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A list item's block as Markdown: `\item text` → `- text`, `\item[label] text` → `- label text`, so a
 * LaTeX list item renders like a Markdown one (the preview's rows, the report's steps). With `number`
 * (the item's place in an enumerate, app/common/lists.ts) it is `number. text`. `boldLabel`: the label
 * in bold (`- **label** text`), as a description shows it; an itemize's or enumerate's label is upright.
 * Markdown items are returned as they are.
 */
export function latexItemToMarkdown(text: string, number?: number, boldLabel = false): string {
  const m = /^\s*\\item(?![A-Za-z])\s*(?:\[([^\]\n]*)\])?\s*/.exec(text);
  if (!m) return text;
  // A label that reads as a list marker (`\item[1.]`, `\item[*]`) must not open a nested Markdown list.
  const label = m[1]?.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^([-*+#>])/, '\\$1');
  const shown = label ? (boldLabel ? `**${label}** ` : `${label} `) : '';
  return `${number === undefined ? '-' : `${number}.`} ${shown}${text.slice(m[0].length)}`;
}

/**
 * `\section{Title}` → `## Title`, so LaTeX sectioning renders like a Markdown heading. The title is the
 * balanced group after the command; a `\label{…}` after it goes, and text after it in the block stays:
 * below the heading, or run in after the bold title for `\paragraph` (as LaTeX sets it). `number`: the
 * section's number (numbering.ts documentNumbers), before the title as LaTeX prints it ("1.2 Orders").
 */
export function latexHeadingToMarkdown(text: string, number?: string): string {
  const m = /^\\(part|chapter|section|subsection|subsubsection|paragraph|subparagraph)\*?\s*(?:\[[^\]\n]*\])?\s*\{/.exec(text);
  if (!m) return text;
  let depth = 1;
  let close = -1;
  for (let i = m[0].length; i < text.length && close < 0; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) close = i;
  }
  if (close < 0) return text;
  const title = number ? `${number}\u2002${text.slice(m[0].length, close)}` : text.slice(m[0].length, close);
  const rest = text.slice(close + 1).replace(/^\s*\\label\{[^{}]*\}/, '').trim();
  const level = { part: 1, chapter: 1, section: 2, subsection: 3, subsubsection: 4, paragraph: 5, subparagraph: 6 }[m[1]] ?? 2;
  if (!rest) return `${'#'.repeat(level)} ${title}`;
  return level >= 5 ? `**${title}** ${rest}` : `${'#'.repeat(level)} ${title}\n\n${rest}`;
}
