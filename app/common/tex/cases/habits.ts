// Habits of people who write proofs in Markdown + LaTeX as they would for Overleaf or a
// math.stackexchange answer, and what every surface must show for them: the preview
// (renderer/preview/habits.test.ts) and the HTML report (app/report/habits.test.ts) are both held to
// HABIT_CASES, so they agree. Each case failed on at least one surface before the thirteenth session.
// Test data only.

export interface HabitCase {
  name: string;
  text: string;
  format: 'markdown' | 'tex';
  /** Phrases of the proof's visible text (math as <math>, a struck span as <del>…</del>, other markup dropped). */
  shows: string[];
  /**
   * Phrases of the visible text with every run of white space (line breaks included) read as one space:
   * the report sets a proof's title, body and ∎ as rows of their own (its steps), the preview may run them in.
   */
  flowShows?: string[];
  /** What must not be visible (raw source). */
  hides: string[];
  /** Per inline formula in order: whether a comma in it is spaced as punctuation (a space after KaTeX's mpunct). */
  commaPunct?: boolean[];
  /** Source that must be in no step (declarations read as preamble). */
  noStep?: string[];
  /** Each GFM table's rows, each cell's visible text (as `shows`), header row first. */
  tables?: string[][][];
  /** Unknown references: each "??" shown with a hint naming its key (in the order they appear, in prose, notes and formulas). */
  unknownRefs?: string[];
  /** Text that must appear inside the typeset formulas (`\\text{…}` in math), in KaTeX's output. */
  mathText?: string[];
}

/** The text a formula's MathML shows (KaTeX's HTML output; the TeX annotation left out), spaces collapsed: what `mathText` is held to. */
export function mathmlText(html: string): string {
  const start = html.indexOf('<math');
  const end = html.indexOf('<annotation', start);
  return html.slice(start, end < 0 ? undefined : end).replace(/<[^>]*>/g, '').replace(/&nbsp;|\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}

const CLEVEREF_DOC = [
  '\\newtheorem{theorem}{Theorem}[section]',
  '\\newtheorem{lemma}[theorem]{Lemma}',
  '',
  '\\section{Start}\\label{sec:start}',
  '',
  '\\begin{lemma}\\label{lem:a}',
  'Squares are nonnegative.',
  '\\end{lemma}',
  '',
  '\\begin{theorem}\\label{thm:b}',
  'Sums of squares are nonnegative.',
  '\\end{theorem}',
  '',
  '\\begin{equation}\\label{eq:c}',
  'x^2 + y^2 \\ge 0',
  '\\end{equation}',
  '',
];

export const HABIT_CASES: HabitCase[] = [
  {
    name: 'dashes in a theorem\'s title are typeset',
    text: '\\begin{lemma}[AM--GM]\nFor $a, b \\ge 0$, $a + b \\ge 2\\sqrt{ab}$.\n\\end{lemma}\n\n\\begin{proof}[Proof of AM--GM]\nSquare it.\n\\end{proof}\n',
    format: 'markdown',
    shows: ['(AM\u2013GM)', 'Proof of AM\u2013GM'],
    hides: ['AM--GM'],
  },
  {
    name: 'a \\label in a Markdown heading or sentence prints nothing',
    text: '# Intro \\label{sec:intro}\n\nA paragraph \\label{p:x} here, see `\\label{code}`.\n',
    format: 'markdown',
    shows: ['Intro', 'A paragraph here, see \\label{code}.'],
    hides: ['\\label{sec:intro}', '\\label{p:x}'],
  },
  {
    name: 'GFM strikethrough',
    text: 'We ~~struck~~ this, kept a~b~c and x ~~ y and `~~code~~`.\n\nAn escaped \\~~tilde~~ stays.\n',
    format: 'markdown',
    shows: ['We <del>struck</del> this, kept a~b~c and x ~~ y and ~~code~~.', 'An escaped ~~tilde~~ stays.'],
    hides: [],
  },
  {
    name: 'smart quotes in Markdown prose',
    text: 'He said "like this" and \'this\': don\'t forget $x$\'s "*value*", the 90\'s and `"code"`.\n\nSee https://example.com/?q="a" too.\n',
    format: 'markdown',
    shows: ['He said “like this” and ‘this’: don’t forget <math>’s “value”, the 90’s and "code".', 'See https://example.com/?q="a" too.'],
    hides: ['"like', '\'this\''],
  },
  {
    name: 'dashes in URLs and arrows stay',
    text: 'See https://example.com/a--b and <https://example.com/c--d>, a <-- b --> c <--> d, x -- y.\n',
    format: 'markdown',
    shows: ['https://example.com/a--b', 'https://example.com/c--d', 'a <-- b --> c <--> d, x – y.'],
    hides: [],
  },
  {
    name: '\\newtheorem declarations are preamble',
    text: '\\newtheorem{lemma}{Lemma}\n\\theoremstyle{definition}\n\\newtheorem*{remark}{Remark}\n\nWe start.\n\n\\begin{lemma}\nSquares are nonnegative.\n\\end{lemma}\n\n\\begin{remark}\nA remark.\n\\end{remark}\n',
    format: 'markdown',
    shows: ['We start.', 'Lemma 1', 'Remark'],
    hides: ['newtheorem', 'theoremstyle', '{Lemma}'],
    noStep: ['\\newtheorem', '\\theoremstyle'],
  },
  {
    name: '\\newtheorem within a paragraph and in a .tex body',
    text: '\\documentclass{article}\n\\begin{document}\n\\newtheorem{claim}{Claim}\nWe start.\n\\begin{claim}\nIt holds.\n\\end{claim}\n\\end{document}\n',
    format: 'tex',
    shows: ['We start.', 'Claim 1'],
    hides: ['newtheorem', '{Claim}'],
  },
  {
    name: 'icomma: a decimal comma without the space',
    text: '\\usepackage{icomma}\n\nWe have $2,5 + 0,25 = 2,75$ and $f(x, y)$.\n',
    format: 'markdown',
    shows: ['We have <math> and <math>.'],
    hides: ['usepackage', 'icomma'],
    commaPunct: [false, true],
  },
  {
    name: 'icomma in a .tex preamble',
    text: '\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath,icomma}\n\\begin{document}\nEs gilt $x = 2,5$ und $0{,}5$, aber $(a,b)$.\n\\end{document}\n',
    format: 'tex',
    shows: ['Es gilt <math> und <math>, aber <math>.'],
    hides: ['icomma'],
    commaPunct: [false, false, true],
  },
  {
    name: 'no icomma: a comma in math is punctuation, as LaTeX spaces it',
    text: 'We have $2,5$ and % \\usepackage{icomma} is no declaration here\n\n`\\usepackage{icomma}` is code.\n',
    format: 'markdown',
    shows: ['We have <math> and'],
    hides: [],
    commaPunct: [true],
  },
  {
    name: 'declarations shown as code stay code (and declare nothing)',
    text: 'A template:\n\n```latex\n\\usepackage{icomma}\n\\newtheorem{lemma}{Lemma}\n```\n\nWe have $2,5$.\n',
    format: 'markdown',
    shows: ['\\usepackage{icomma}\n\\newtheorem{lemma}{Lemma}', 'We have <math>.'],
    hides: [],
    commaPunct: [true],
  },
  {
    name: '\\cref, \\Cref and \\autoref',
    text: [
      ...CLEVEREF_DOC,
      'By \\cref{lem:a}, \\Cref{thm:b}, \\cref{eq:c}, \\Cref{eq:c}, \\autoref{lem:a}, \\autoref{eq:c} and \\cref{sec:start}.',
      '',
      'Together, \\cref{lem:a,thm:b} and \\cref{eq:c, lem:a}; also see~\\cref{nowhere} and \\cref*{lem:a}.',
      '',
      '\\begin{proof}[Proof of \\Cref{lem:a}]',
      'Clear.',
      '\\end{proof}',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: [
      'By lemma 1.1, Theorem 1.2, eq. (1), Equation (1), Lemma 1.1, Equation 1 and section 1.',
      'Together, lemma 1.1 and theorem 1.2 and eq. (1) and lemma 1.1; also see\u00a0?? and lemma 1.1.',
      'Proof of Lemma 1.1.',
    ],
    hides: ['cref', 'autoref', 'Cref'],
  },
  {
    name: 'cleveref options: capitalise, noabbrev; several of one kind',
    text: [
      '\\documentclass{article}',
      '\\usepackage{amsthm}',
      '\\usepackage[capitalise,noabbrev]{cleveref}',
      '\\newtheorem{lemma}{Lemma}',
      '\\begin{document}',
      '\\begin{lemma}\\label{l1}', 'A.', '\\end{lemma}',
      '\\begin{lemma}\\label{l2}', 'B.', '\\end{lemma}',
      '\\begin{lemma}\\label{l3}', 'C.', '\\end{lemma}',
      '\\begin{align}',
      'a &= b \\label{e1} \\\\',
      'c &= d \\label{e2}',
      '\\end{align}',
      'By \\cref{e1}, \\cref{l1,l2,l3}, \\cref{l3,l1} and \\cref{e1,e2}.',
      '\\end{document}',
    ].join('\n'),
    format: 'tex',
    shows: ['By Equation (1), Lemmas 1 to 3, Lemmas 1 and 3 and Equations (1) and (2).'],
    hides: ['cref'],
  },
  {
    name: 'a GFM table with math in its cells',
    text: [
      'We compare the two bounds for small $n$.',
      '',
      '| $n$ | bound "A" | $2^n$ vs $n!$ |',
      '|---:|:---:|---|',
      '| 1 | $x^2$ | `a\\|b` and $|x|$ |',
      '| 2 | **bold** \\| pipe | <b>raw</b> | extra |',
      '| # 3 | - 4 |',
      '',
      'So the bound holds for $n \\ge 4$.',
    ].join('\n'),
    format: 'markdown',
    shows: ['We compare the two bounds for small <math>.', 'So the bound holds for <math>.'],
    hides: ['|---', '| 1 |'],
    tables: [[['<math>', 'bound “A”', '<math> vs <math>'], ['1', '<math>', 'a|b and <math>'], ['2', 'bold | pipe', '<b>raw</b>'], ['# 3', '- 4', '']]],
  },
  {
    name: 'elided years, rock \'n\' roll and a quote closing after math',
    text: 'In the \'90s and \'99 we heard rock \'n\' roll. He wrote "the claim holds for $b>0$" and "$a$" here.\n\nHe wrote: "If $a>0$, then "$b>0$"". Quoted \'5\' and \'99\' stay quotes.\n',
    format: 'markdown',
    shows: [
      'In the ’90s and ’99 we heard rock ’n’ roll. He wrote “the claim holds for <math>” and “<math>” here.',
      'He wrote: “If <math>, then “<math>””. Quoted ‘5’ and ‘99’ stay quotes.',
    ],
    hides: ['‘99 we', '‘90s', '‘n'],
  },
  {
    name: '\\crefrange, \\labelcref, \\nameref, \\pageref and \\cpageref',
    text: [
      '\\newtheorem{theorem}{Theorem}',
      '\\newtheorem{lemma}[theorem]{Lemma}',
      '',
      '\\section{Bounds}\\label{sec:bounds}',
      '',
      '\\begin{lemma}[Young\'s inequality]\\label{lem:young}',
      'For $a, b \\ge 0$, $ab \\le a^2/2 + b^2/2$.',
      '\\end{lemma}',
      '',
      '\\begin{theorem}\\label{thm:main}',
      'It holds.',
      '\\end{theorem}',
      '',
      '\\begin{align}',
      'a &\\le b \\label{eq:1} \\\\',
      'b &\\le c \\label{eq:2} \\\\',
      'c &\\le d \\label{eq:3}',
      '\\end{align}',
      '',
      '\\begin{proof}',
      'Chain \\crefrange{eq:1}{eq:3}, then \\Crefrange{eq:1}{eq:2}; by \\labelcref{eq:2} and \\labelcref{lem:young,thm:main}.',
      'By \\nameref{lem:young} in \\nameref{sec:bounds}, and \\nameref{thm:main}.',
      'See \\cpageref{thm:main}, page~\\pageref{lem:young}, \\Cpageref{eq:1} and \\crefrange{eq:1}{nowhere}.',
      '\\end{proof}',
    ].join('\n'),
    format: 'markdown',
    shows: [
      'Chain eqs. (1) to (3), then Equations (1) to (2); by (2) and 1 and 2.',
      'By Young’s inequality in Bounds, and 2.',
      'See theorem 2, page\u00a01, Equation (1) and eqs. (1) to ??.',
    ],
    hides: ['crefrange', 'Crefrange', 'labelcref', 'nameref', 'pageref'],
    unknownRefs: ['nowhere'],
  },
  {
    name: 'references inside \\text{} in math',
    text: [
      ...CLEVEREF_DOC,
      'Hence $$x^2 + y^2 \\ge 0 \\quad \\text{by \\cref{lem:a} and \\eqref{eq:c}}$$ and $z \\ge 0 \\text{ (see \\ref{thm:b}, \\autoref{sec:start})}$.',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['Hence <display> and <math>.'],
    hides: ['cref', 'eqref'],
    mathText: ['by lemma 1.1 and (1)', '(see 1.2, section 1)'],
  },
  {
    name: 'a reference much shorter than its source inside \\text{} keeps the space after it (rev4)',
    text: [
      '\\begin{lemma}[AM--GM]\\label{lem:am-gm-inequality}',
      'For $a, b \\ge 0$ we have $a + b \\ge 2\\sqrt{ab}$.',
      '\\end{lemma}',
      '',
      '\\begin{equation}\\label{eq:first-bound}',
      'x \\ge 1',
      '\\end{equation}',
      '',
      'So $$y \\ge 2 \\quad \\text{by \\nameref{lem:am-gm-inequality} and \\labelcref{eq:first-bound} here}$$ holds.',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['So <display> holds.'],
    hides: ['nameref', 'labelcref'],
    mathText: ['by AM–GM and (1) here'],
  },
  {
    name: 'a label in a Markdown heading: \\nameref prints its title, a number reference "??" (rev4)',
    text: [
      '# Bounds on the sum \\label{sec:bounds}',
      '',
      'As shown in \\nameref{sec:bounds}, the sum is finite; see \\cref{sec:bounds}.',
      '',
      'The base case \\label{sec:base}',
      '=================',
      '',
      '## Step two \\label{sec:two} \\label{sec:step}',
      '',
      '```',
      '# not a heading \\label{sec:code}',
      '```',
      '',
      'By \\nameref{sec:base}, \\nameref{sec:step} and \\nameref{sec:code}.',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['As shown in Bounds on the sum, the sum is finite; see ??.', 'By The base case, Step two and ??.'],
    hides: ['nameref', 'sec:bounds'],
  },
  {
    name: 'an unknown label is "??" with a hint',
    text: [
      '\\begin{theorem}\\label{thm:real}',
      'Every bounded monotone sequence converges.',
      '\\end{theorem}',
      '',
      'By Theorem~\\ref{thm:real} and \\cref{thm:missing}, see also \\eqref{eq:gone}.',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['By Theorem\u00a01 and ??, see also (??).'],
    hides: ['thm:missing'],
    unknownRefs: ['thm:missing', 'eq:gone'],
  },
  {
    name: 'a theorem on one line, text on its \\begin and \\end lines (Markdown)',
    text: [
      'By \\cref{thm:main} and \\cref{lem:amgm}, done.',
      '',
      '\\begin{theorem}\\label{thm:main} For all $n$, $n^2 \\ge 0$. \\end{theorem}',
      '',
      '\\begin{lemma}[AM--GM]\\label{lem:amgm} For $a, b \\ge 0$,',
      'we have $a + b \\ge 2\\sqrt{ab}$.',
      '\\end{lemma}',
      '',
      '\\begin{proof}',
      'Square both sides, which completes the argument. \\end{proof}',
      '',
      '\\begin{proof} Trivial. \\end{proof}',
      '',
      'Then \\begin{equation} x = 1 \\end{equation} holds, and $$\\begin{aligned} a &= b \\end{aligned}$$',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: [
      'By theorem 1 and lemma 1, done.',
      'Theorem 1. For all <math>, <math>.',
      'Lemma 1 (AM\u2013GM). For <math>,',
    ],
    flowShows: ['Proof. Square both sides, which completes the argument. \u220e', 'Proof. Trivial. \u220e Then <display> holds, and <display>'],
    hides: ['\\begin{theorem}', '\\end{theorem}', '\\begin{lemma}', '\\end{proof}', '\\begin{proof}', '\\label', 'thm:main', 'AM--GM'],
  },
  {
    name: 'a declared theorem on one line in a .tex body',
    text: [
      '\\documentclass{article}',
      '\\newtheorem{thm}{Theorem}[section]',
      '\\begin{document}',
      '\\section{Start}',
      '\\begin{thm}[Main]\\label{thm:main} For all $n$, $n^2 \\ge 0$. \\end{thm}',
      '',
      'By \\cref{thm:main}.',
      '',
      '\\begin{proof} Trivial. \\end{proof}',
      '',
      '\\begin{thm} First paragraph.',
      '',
      'Second paragraph. \\end{thm}',
      '\\end{document}',
      '',
    ].join('\n'),
    format: 'tex',
    shows: ['Theorem 1.1 (Main). For all <math>, <math>.', 'By theorem 1.1.', 'Theorem 1.2. First paragraph.', 'Second paragraph.'],
    flowShows: ['Proof. Trivial. \u220e'],
    hides: ['\\begin{thm}', '\\end{thm}', 'thm:main', '\\end{proof}'],
  },
  {
    name: 'an unknown reference in math and in a theorem\'s note is "??" with a hint, as in prose (rev3)',
    text: [
      '\\begin{lemma}[after \\cref{lem:base}]\\label{lem:step}',
      'For every $k \\ge 1$ we have $a_{k+1} \\le a_k$.',
      '\\end{lemma}',
      '',
      '\\begin{proof}[Proof of \\cref{lem:stepp}]',
      'Let $x \\in S_{\\ref{sec:sets}}$ and note $a_{k+1} - a_k \\le 0$ ($\\text{by \\cref{eq:mono}}$).',
      'By \\cref{lem:step} and \\eqref{eq:gap} the sequence is monotone.',
      '\\end{proof}',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['Lemma 1 (after ??).', 'Proof of ??.', 'By lemma 1 and (??) the sequence is monotone.'],
    hides: ['lem:base', 'sec:sets', 'eq:mono', 'lem:stepp'],
    unknownRefs: ['lem:base', 'lem:stepp', 'sec:sets', 'eq:mono', 'eq:gap'],
    mathText: ['by ??'],
  },
  {
    name: '\\nameref to a heading with math or emphasis prints its title as the heading shows it (rev5)',
    text: [
      '# The case $n = 1$ \\label{sec:one}',
      '',
      'For $n = 1$ both sides of $\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$ are $1$.',
      '',
      '## The **inductive** step \\label{sec:step}',
      '',
      'Assume it for $n$; then $\\sum_{k=1}^{n+1} k = \\frac{n(n+1)}{2} + (n+1) = \\frac{(n+1)(n+2)}{2}$.',
      '',
      '\\section{The $L^2$ bound}\\label{sec:l2}',
      '',
      'Combining \\nameref{sec:one} with \\nameref{sec:step} proves it ($\\text{see \\nameref{sec:one}}$); \\cref{sec:l2} is \\nameref{sec:l2}.',
      '',
    ].join('\n'),
    format: 'markdown',
    shows: ['Combining The case <math> with The inductive step proves it (<math>); section 1 is The <math> bound.'],
    hides: ['nameref', '**', '??', '$'],
    mathText: ['see The case n=1'],
  },
];
