// What the text around a relation says about its variables, beyond plain domains (context.ts):
// definitions to substitute (`Let m = \frac{a+b}{2}`, `where …`, `:=`), hypotheses and case
// assumptions (`Assume that u = 3v`), inequalities between expressions (`y \ge x + 3`), equations and
// words that constrain a variable without saying how (`a point of the unit circle`, `a root of …`),
// and words that make a variable something other than a real number (vectors, permutations…).
//
// These facts never make the checker louder: a definition stated with "let"/"where"/`:=` may be
// substituted and a failure still reported; everything else can only turn a failure into silence
// (unchecked) or support a "holds under …".
import { lowerBound } from '../../common/sorted';
import { RunCache } from './cache';
import { analyzeSide } from './analyze';
import { relationPairs } from './chains';
import { evaluate, symbolName, subscriptName, Undecidable, type Json } from './evaluate';
import { parseSide } from './parse';
import { INTEGER_NAMES } from './context';
import { modulusFor, readModulus } from './modulus';
import type { RelOp, RelationPair } from './chains';

export interface ContextFact {
  kind: 'define' | 'bound' | 'constrain' | 'opaque';
  /** Document offset where the fact is stated, and the end of its scope (a case ends it). */
  at: number;
  until: number;
  /** What the fact says, without where: the same statement made twice has the same key. */
  key: string;
  /** The letters (or Greek names) its variables are written with, to find the fragments it concerns. */
  bases: string[];
  /** Variables (and `family[]` bases) the fact mentions. */
  variables: string[];
  /** The statement as written, for messages ("holds under …"). */
  tex: string;
  /** define: `name := expr`; `certain` when stated as a definition ("let", "where", `:=`), not an assumption. */
  name?: string;
  expr?: string;
  certain?: boolean;
  /**
   * constrain: the fact is one equation between its variables. It restricts a relation only when the
   * relation involves all of them (`abc = 1` leaves `a` and `b` free: c takes up the slack).
   */
  joint?: boolean;
  /** bound: `left op right`. */
  left?: string;
  op?: RelOp;
  right?: string;
  /**
   * constrain: the general term of a family the text gives by a formula (`a_n = \frac{n}{2^n}`), wherever it is in
   * scope or not: where no formula for the family is in scope, its members are no free numbers (judge.ts).
   */
  termOf?: string;
  /**
   * bound: one alternative of a disjunction the text states ("If $x > 0$ or $x < -1$", "at least one of $a, b$ is
   * positive"). Never a fact on its own: where the text picks it out ("In the former case") it is argued under; else
   * its names are a doubt (`placeFacts`).
   */
  disjunct?: boolean;
  /**
   * bound, disjunct: the formula of its alternative (`2 \le x \le 3` in "$x < 2$ or $2 \le x \le 3$"): the bounds of one
   * formula hold together, as one alternative, not each as one.
   */
  chain?: string;
  /** constrain from an alternative: which disjunction it belongs to (where its first alternative is written) and how many alternatives it has. */
  group?: number;
  groupSize?: number;
  /** bound: an interval a case binds its name to ("Case 2: $x \\in [1, 2]$", "On $[1, 2]$,"): the name's earlier bounds end at its sentence. */
  rebinds?: boolean;
  /** bound with op `\equiv`: the modulus (2 for "n is odd"). */
  modulus?: number;
  /**
   * The proof assumes it (a hypothesis, a definition, a case): it constrains even the relation it
   * states. A claim made in passing does not vouch for a later copy of itself (judge.ts).
   */
  assumed?: boolean;
  /**
   * Assumed by its sentence but drawn in it from what the sentence supposes ("If $x < 3$, then $x^2 < 9$"): a step of
   * the proof, which vouches for what follows from it only where it holds (judge.ts `unconfirmedClaim`).
   */
  derived?: boolean;
  /** The formula right after "For", "If", "When" opening its clause ("For $|x| \\le 1$,"): the case's condition, never a claim. */
  condition?: boolean;
}

export interface FactSource {
  tex: string;
  start: number;
  end: number;
  display: boolean;
}

/** A relation obtained from other equations of the proof: a constraint it derived, not an identity it claims. */
const DERIVED_FROM_EQUATIONS = /\b(?:adding|subtracting|multiplying|dividing|substituting|combining|eliminating|plugging)\b|\(\d+\)|\\(?:eq)?ref\b/i;

/** Words that introduce a hypothesis, an equation to solve or a locus rather than a computation. */
export const HYPOTHESIS_WORDS =
  /\b(suppose|supposing|assume|assuming|let|if|iff|when|where|given|such that|satisf(?:y|ies|ying)|solv(?:e|es|ing)|equations?|define|defined|denote|put|consider|whenever|unless|hypothes[ie]s|contradiction|claim|conjecture|both sides|compar(?:e|ing)|equat(?:e|ing)|conditions?|system|locus|lies on|lie on|parabola|circle|ellipse|hyperbola|curve|exactly when|if and only if|(?:from|by|in|according to) the (?:problem(?: statement)?|statement|data)|we are told|(?:problem|statement) (?:states|says|gives|tells us)|we know from)\b/i;

/**
 * Phrases with a hypothesis word that introduce no hypothesis: "For the second claim," names a part of what is
 * proved (s75: the display after it went unchecked), as do "For Claim 2," and "The second claim follows from";
 * "if we expand, we get" describes the next computation; "which is not a contradiction" sets up nothing (rev12 s30). "We claim that …", "Claim:", "Claim 2." and "if we
 * assume …" keep their reading.
 */
const NOT_HYPOTHESES =
  /\b(?:for|to (?:prove|show|see|check|verify)|proving|showing|of|in|on|with)\s+(?:the|this|that|our|each|every)\s+(?:(?:first|second|third|fourth|fifth|last|next|other|remaining|main|final|above|previous|former|latter)\s+)?claims?\b(?!\s*(?:that\b|:|\d))|\b(?:first|second|third|fourth|fifth|last|remaining|other)\s+claim\b(?!\s*(?:that\b|:|\d))|\b(?:for|to (?:prove|show)|proving|of)\s+claim\s*(?:\d+|\([a-z0-9]+\)|[a-z])?\s*,|\b(?:not|no|never)\s+(?:an?\s+)?contradiction\b|\bif\s+(?:we|one|you)\s+(?:now\s+|then\s+|just\s+)?(?:expand|multiply(?:\s+out)?|simplify|compute|calculate|collect|factor|factorise|factorize|rearrange|evaluate|write(?:\s+(?:it|this))?\s+out|work(?:\s+it)?\s+out|square\s+(?:it|this|the\s+(?:sum|difference|binomial)))\b/gi;

/** The sentence before a formula with the phrases that only look like hypotheses (`NOT_HYPOTHESES`) blanked. */
export function withoutFalseHypotheses(before: string): string {
  return before.replace(NOT_HYPOTHESES, ' ');
}

/** Whether the sentence before a formula introduces a hypothesis, an equation or a locus (`HYPOTHESIS_WORDS`). */
export function introducesHypothesis(before: string): boolean {
  return HYPOTHESIS_WORDS.test(withoutFalseHypotheses(before));
}

const DEFINING = /\b(let|set|setting|denote|denoting|define|defining|defined|write|writing|put|putting|take|where|call|consider|fix)\b/i;
const ASSUMING = /\b(suppose|supposing|assume|assuming|if|when|whenever|case|hypothesis|contrary|induction|inductive|otherwise)\b/i;
/**
 * The words that leave values out of a statement: "unless", "except (possibly) when / if / for / at", "other than", "apart
 * from", "with the exception of", "save for", "excluding" (rev17: "With the exception of $x = 1$", "Except possibly at $x = 0$"
 * were read as x = c assumed). One source for the readings of facts.ts and compute/index.ts (`CASE_THEN`).
 */
export const EXCEPT_WORDS = String.raw`unless|except(?:\s+possibly)?(?:\s+(?:when|if|for|at|where|in))?|other\s+than|different\s+from|apart\s+from|away\s+from|with\s+the\s+exceptions?\s+of|save\s+(?:for|when|at)|excluding`;
/**
 * The words right before a value a statement leaves out (`EXCEPT_WORDS`), also for the later values of a list of them:
 * "Unless $x = 1$ or $x = -1$" leaves out both (rev17: the second was read as x = −1 assumed).
 */
export const EXCEPTING = new RegExp(String.raw`\b(?:${EXCEPT_WORDS})\s*(?:(?:\$|\\\()[^$]{1,40}?(?:\$|\\\))\s*,?\s*(?:or|and)\s*)*(?:\$|\\\()?\s*$`, 'i');
/** A sentence that sets a problem to solve, words and bare names only up to the formula ("Solve", "Find all real $x$ such that"). */
const SOLVE_GOAL = /\b(?:solve|find|determine)\b(?:[^.;!?$]|\$[A-Za-z\\{}_,\s]{1,20}\$)*(?:\$|\\\()?\s*$/i;
/** The words right before a formula the proof sets out to prove ("we show that", "it remains to prove"). */
const GOAL = /\b(?:show|prove|verify|check|claim|conclude|want|need|remains? to (?:show|prove))\s+(?:that\s+)?(?:\$|\\\()?\s*$/i;
/** Words that make a variable something other than a real number: its relations are not checked. */
const OBJECT_WORDS = /\b(vectors?|matri(?:x|ces)|permutations?|functions?|maps?|mappings?|sets?|complex|groups?|elements?|operators?|roots? of|involutions?|bijections?|polynomials?)\b/i;
/** The object words that name a function, map or polynomial: about its name, not its argument. */
const FUNCTION_WORDS = /\b(?:functions?|maps?|mappings?|polynomials?)\b/gi;
/** A function written with its argument, defined or not: `g(x) = |x^2 - 4|`, `f(t)`, `x \mapsto x^2`. */
const FUNCTION_DEFINED = /^\s*\\?[A-Za-z]+\s*\(\s*[A-Za-z]\s*\)\s*(?:=|$)|^\s*[A-Za-z]\s*\\mapsto(?![a-zA-Z])/;
/** Words that constrain a variable without a formula the checker reads: failures are not reported. */
const CONSTRAINING_WORDS =
  /\b(circles?|(?:a|the|this|that|same) (?:straight )?lines?|parabola|curves?|ellipse|hyperbola|spheres?|locus|satisf\w*|solutions? (?:of|to)|zeros? of|angles?|triangles?|lies|lying|primes?|divides|divisible|coprime|odd|even|digits?)\b/i;
/** Words that name a quantity ("let $d$ be the distance"): they describe the single name right next to them. */
const QUANTITY_WORDS = /\b(excess|number of|area|perimeter|distance|radius|length|height|weight|cost|price|count)\b/i;
/** A sentence that declares what its variables are ("let …", "for vectors …", "… be a point"). */
const DECLARING = /\b(let|suppose|assume|consider|fix|take|given|for|be|is an?|are|denote|where)\b/i;

/**
 * Case boundaries: "Case 2", "**Case 2.**", "Subcase (a)", "In the second case", "Finally, in the last case", "Otherwise", and headings
 * that name the case by its assumption ("**Case $n$ even.**", "Case: $x < 0$", `\textbf{Case \(n\) odd}`),
 * which count only where a heading stands (line or sentence start, bold, `\item[…]`, `\paragraph{…}`).
 */
const CASE_START =
  /\b(?:Sub)?[Cc]ase\s*(?:\d+|[IVX]+\b|\(?(?:[a-z]|[ivx]+)\))|\b(?:(?:Finally|Lastly|Next|Now|Then),?\s+in|In) the (?:first|second|third|fourth|last|former|latter|other|remaining) (?:case|alternative|possibility)\b|(?:^|\n)\s*Otherwise\b|(?:^|\n|[.!?;:]\s+|\*\*|__|\\(?:textbf|emph|textit|paragraph\*?|subsection\*?)\{|\\item\s*\[)\s*(?:Sub)?Case\s*(?::\s*)?(?=\$|\\\()/g;

/** Words that close a case analysis: what follows holds in every case, under none of their assumptions. */
const CASES_END =
  /\b(?:in (?:all|both|either|each|every|any) (?:of the )?(?:(?:two|three|four) )?cases?|either way|combining (?:the|both|all|these) (?:(?:two|three|four) )?cases|(?:this|which) (?:completes|finishes|exhausts) the (?:case analysis|cases))\b/gi;

/** Offsets where a case of a case analysis starts. */
export function caseBoundaries(text: string): number[] {
  return [...text.matchAll(CASE_START)].map((m) => m.index);
}

/** Offsets where a case analysis ends ("In both cases", "Either way"). */
export function caseAnalysisEnds(text: string): number[] {
  return [...text.matchAll(CASES_END)].map((m) => m.index);
}

/**
 * Where an assumption stated at `at` stops holding: before any case, never; inside a case, at the next
 * case or the end of the case analysis; after an analysis has ended, at the next case that opens (a
 * fact stated after "in both subcases" must not reach the next outer case). `starts` and `ends` are
 * ascending (`caseBoundaries`, `caseAnalysisEnds`).
 */
export function caseScopeEnd(starts: readonly number[], ends: readonly number[], at: number): number {
  const lastStart = lastBefore(starts, at);
  if (lastStart === null) return Infinity;
  const nextStart = firstAtOrAfter(starts, at + 1) ?? Infinity;
  const lastEnd = lastBefore(ends, at);
  if (lastEnd !== null && lastEnd > lastStart) return nextStart;
  return Math.min(nextStart, firstAtOrAfter(ends, at + 1) ?? Infinity);
}

/**
 * What opens the other branch of a condition: "otherwise" ("…; otherwise, $|x| = -x$"), not "unless otherwise
 * stated"; "If not, …" / "If not then", "If this is not the case," (rev11 h18, m07: the else branch was judged under
 * the if's condition).
 */
const OTHERWISE = /(?<!\bunless\s+)\botherwise\b(?!\s+(?:stated|noted|specified|indicated|mentioned|said)\b)|\bif\s+(?:not|(?:this|that|it)\s+(?:is|does)\s+not(?:\s+(?:the\s+case|hold))?)(?=\s*[,;:]|\s+then\b)/gi;
/** A case label that numbers a later case ("Case 2", "Case II", "Case (b)", "In the other case"): a first case came before it, labelled or not. */
const LATER_CASE = /^[^A-Za-z$\\]{0,6}(?:\\[a-z]+\*?\{|\\item\s*\[)?\s*(?:Sub)?case\s*(?:[2-9]|[1-9]\d|II|III|IV|VI?|\(?(?:[b-h]|ii|iii|iv|vi?)\))(?![A-Za-z0-9])|^[^A-Za-z]{0,6}in the (?:second|third|fourth|last|latter|other|remaining) case\b/i;
/** A relation written in a stretch of text (`=`, `<`, `\\le`, `\\equiv`…). */
const RELATION_IN = /[=<>≤≥≠≡]|\\(?:le|ge|leq|geq|lt|gt|ne|neq|equiv|leqslant|geqslant)(?![a-zA-Z])/;

/** The clause an "otherwise" opens: to the end of its sentence or of the parenthesis it stands in (at most 300 characters). */
function elseClause(text: string, at: number): string {
  const m = /[.;!?](?=\s|$)|\)|\n\s*\n/.exec(text.slice(at, at + 300));
  return text.slice(at, at + (m ? m.index : 300));
}

/** An assumption whose other branch a proof dismisses ("We may assume", "Suppose", not "Suppose first"): read from its condition word. */
const DISMISSING = /^(?:suppose|supposing|assume|assuming)\b(?![^.;]*?\bfirst\b)/i;
/**
 * Words that dismiss the other case of an assumption instead of arguing it: "(the case $x < 0$ is symmetric)", "is
 * analogous", "being similar", "follows by replacing $x$ by $-x$", "we leave $x < 0$ to the reader", "(for $x < 0$ apply this
 * to $-x$)", "If $x < 0$, replace $x$ by $-x$". A formula so named is no case the proof argues (`dismissedCase`).
 */
const DISMISSED_WORDS = /\b(?:symmetric(?:al(?:ly)?)?|by symmetry|analogous(?:ly)?|similar(?:ly)?|identical(?:ly)?|(?:in )?the same way|likewise|left (?:to the reader|as an exercise)|to the reader|follows (?:by|from|on) (?:replacing|applying|symmetry|changing|swapping|the same)|(?:replace|replacing|apply(?:ing)? (?:this|it|the above|the argument)|changing|swap(?:ping)?)\b[^.;]{0,40}?\b(?:by|with|to)\b)/i;
/** What may name the other case right before its formula: "the case", "the other case", "for", "leave", "If". */
const DISMISSED_OPENING = /(?:\bthe\s+(?:other\s+|remaining\s+|opposite\s+)?case(?:\s+(?:where|when|of|that))?|\b(?:for|leave|leaving|if)|\(\s*(?:for|if))\s*(?:\$|\\\()?\s*$/i;

/**
 * Whether an inline formula, from its sentence, names a case the proof dismisses (`DISMISSED_WORDS` in its own clause):
 * "Assume $x > 0$ (the case $x < 0$ is symmetric)". It states no fact and no domain: read as a hypothesis it was
 * intersected with the assumption into "no values satisfy" for the rest of the proof (rev13 S1).
 */
export function dismissedCase(before: string, after: string): boolean {
  if (!DISMISSED_OPENING.test(before)) return false;
  const clause = /^[^.;)]*/.exec(after.replace(/^\s*(?:\$|\\\))/, ''))![0];
  return DISMISSED_WORDS.test(clause) && !/(?:\$|\\\()[^$]*(?:[=<>≤≥]|\\(?:le|ge|leq|geq|lt|gt)(?![a-zA-Z]))/.test(clause.replace(/\$-?\\?[A-Za-z]\$/g, ''));
}

/**
 * The words that open the first branch of a condition when no label does: "If $x \ge 0$", "Suppose first that", "First, let",
 * "Now let $1 \le x \le 5$" (a case of its own before a "**Case 3 ($x > 5$).**": rev17, read as the document's domain, it left
 * the case no value).
 */
const CONDITION_WORDS = String.raw`if|when|whenever|suppose|supposing|assume|assuming|first|(?:now|next)\s*,?\s+(?:let|take|consider)`;
const CONDITION_WORD = new RegExp(String.raw`\b(?:${CONDITION_WORDS})\b(?!\s+(?:we|one|you)\b)`, 'gi');
/**
 * As `CONDITION_WORD`, and a case opened by "for" and its name ("For negative $x$, …; otherwise …", "For $x < 0$"): the first
 * branch an "otherwise" ends (rev12 m05); and "Unless $x < 0$, …. Otherwise …" (its branch argues under x ≥ 0, the other under x < 0).
 */
const BRANCH_WORD = new RegExp(String.raw`\b(?:${CONDITION_WORDS}|unless|for(?=\s+(?:(?:positive|negative|non-?negative|non-?positive|non-?zero)\s+)?(?:\$|\\\()))\b(?!\s+(?:we|one|you)\b)`, 'gi');
/**
 * A contradiction the text derives ("contradicting $x^2 \le 1$", "a contradiction", "absurd", `\Rightarrow\Leftarrow`, "↯"),
 * not one it sets out for ("Suppose, for the sake of contradiction,", "we will derive a contradiction") or denies ("no contradiction").
 */
const CONTRADICTION_WORD = /(?<!\b(?:no|not a|not|without|any)\s+|\b(?:for|by|towards?|seeking|aiming\s+(?:for|at))\s+(?:(?:a|the)\s+)?(?:sake\s+of\s+(?:a\s+)?)?|\b(?:to|will|shall)\s+(?:reach|derive|get|obtain|find|produce|arrive\s+at)\s+(?:a\s+)?)\b(?:contradict(?:s|ion|ing|ed)?|absurd(?:ity)?)\b|\\Rightarrow\s*\\Leftarrow|\\(?:lightning|contradiction)(?![a-zA-Z])|↯/gi;
/** The words that open the supposition a contradiction refutes: "Suppose (for contradiction) that", "Assume", "If". */
const REFUTED_WORD = /\b(?:suppose|supposing|assume|assuming|if)\b(?!\s+(?:we|one|you|and only if)\b)/gi;
/** A consequence drawn after the contradiction, in its sentence ("…, a contradiction, so $x \le 1$"): it holds again. */
const AFTER_CONTRADICTION = /[,;]\s*(?:and\s+)?(?:so|hence|thus|therefore|consequently)\b/i;

/** Stretches of text that argue under an assumption the text itself closes (`closedStretches`). */
export interface ClosedStretches {
  /** Where an "otherwise" opens the other branch of a condition: a case boundary (the else branch is a case). */
  elses: number[];
  /**
   * `[from, to)`: the first branch of a condition ended by "otherwise" or by a "Case 2" with no "Case 1" (a case
   * without its label), or a supposition a contradiction refutes ("Suppose for contradiction $x > 1$. … a
   * contradiction"). Facts stated in one end at `to`; its bounds are no domains of the document.
   */
  spans: { from: number; to: number; kind: 'otherwise' | 'case' | 'refuted' }[];
}

let closedMemo: { text: string; closed: ClosedStretches } = { text: '', closed: { elses: [], spans: [] } };

/** The last match of a global word list in `text[from, to)`, or null. */
function lastWord(re: RegExp, text: string, from: number, to: number): number | null {
  let last: number | null = null;
  re.lastIndex = 0;
  for (const m of text.slice(from, to).matchAll(re)) last = from + m.index;
  return last;
}

/** Where the sentence holding offset `at` starts (after the last sentence end or blank line), not before `from`. */
function sentenceStartBefore(text: string, at: number, from: number): number {
  for (let i = at - 1; i > from; i--) {
    if (endsSentence(text, i) || (text[i] === '\n' && text[i - 1] === '\n')) return i + 1;
  }
  return from;
}

/** Where the paragraph around `at` starts (after the last blank line before it), and the one before it starts. */
function paragraphStarts(text: string, at: number): [number, number] {
  const own = text.lastIndexOf('\n\n', at - 1);
  if (own < 0) return [0, 0];
  const previous = text.lastIndexOf('\n\n', own - 1);
  return [own + 2, previous < 0 ? 0 : previous + 2];
}

/**
 * The stretches of a text whose assumption the text closes without a case label (`ClosedStretches`), read
 * once per document text. A condition's first branch starts at its condition word ("If", "Suppose first"),
 * looked for in the paragraph of its "otherwise" or "Case 2" (or the paragraph before, where that one opens a
 * paragraph); a refuted supposition at the last supposing word before the contradiction (same paragraph or
 * the one before, a "WLOG" excluded) and ends at the contradiction's clause. A branch with no condition word
 * is left as before.
 */
export function closedStretches(text: string): ClosedStretches {
  if (closedMemo.text === text) return closedMemo.closed;
  const spans: ClosedStretches['spans'] = [];
  const elses: number[] = [];
  const starts = caseBoundaries(text);
  const ends = caseAnalysisEnds(text);
  const conditionBefore = (at: number, words: RegExp): number | null => {
    const [own, previous] = paragraphStarts(text, at);
    const opensParagraph = /^\s*(?:\*\*|__|\\textbf\{)?\s*$/.test(text.slice(own, at));
    return lastWord(words, text, Math.max(own, at - 800), at) ?? (opensParagraph ? lastWord(words, text, Math.max(previous, at - 800), at) : null);
  };
  const firstBranch = (at: number, kind: 'otherwise' | 'case') => {
    const from = conditionBefore(at, kind === 'otherwise' ? BRANCH_WORD : CONDITION_WORD);
    if (from !== null && from < at) spans.push({ from, to: at, kind });
  };
  OTHERWISE.lastIndex = 0;
  for (const m of text.matchAll(OTHERWISE)) {
    // "Suppose otherwise" denies a claim: no branch of a condition. "…, for otherwise there is nothing to prove",
    // "since otherwise", "by induction or otherwise": a reason, not a branch (rev12 m19).
    if (/\b(?:suppose|assume|supposing|assuming|for|since|as|because|or)\s+$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    // "We may assume $x > 0$ (if not, replace $x$ by $-x$).", "We may suppose that $x \ge 1$. If this is not the case,
    // the estimate is trivial.": the other branch of an assumption is dismissed, and the proof goes on under the
    // assumption (rev12 m16–m18, m20: the negated condition held for the rest of the proof). A branch is an "If"'s
    // or a first case's ("Suppose first that …"), or one that states something ("Suppose $n$ is even. … Otherwise $n$
    // is odd and $n^2 \\equiv 1$").
    const from = conditionBefore(m.index, BRANCH_WORD);
    if (from !== null && DISMISSING.test(text.slice(from, m.index)) && !RELATION_IN.test(elseClause(text, m.index))) continue;
    elses.push(m.index);
    firstBranch(m.index, 'otherwise');
  }
  for (const at of starts) {
    // A later case ("Case 2", "In the other case") that opens its analysis: the first case had no label.
    const last = lastBefore(starts, at);
    const lastEnd = lastBefore(ends, at);
    if (last !== null && (lastEnd === null || lastEnd < last)) continue;
    if (LATER_CASE.test(text.slice(at, at + 60))) firstBranch(at, 'case');
  }
  CONTRADICTION_WORD.lastIndex = 0;
  for (const m of text.matchAll(CONTRADICTION_WORD)) {
    const previous = paragraphStarts(text, m.index)[1];
    const labels = statementLabels(text);
    const label = lastBefore(labels, m.index) ?? 0;
    const from = lastWord(REFUTED_WORD, text, Math.max(previous, label, m.index - 1200), m.index);
    if (from === null) continue;
    // "WLOG assume $a \\ge b$" is no supposition to refute.
    if (/\b(?:WLOG|without loss of generality)\b/i.test(text.slice(sentenceStartBefore(text, from, previous), from + 40))) continue;
    // To the end of the contradiction's sentence, or to a consequence drawn after it in that sentence.
    const rest = text.slice(m.index, m.index + 240);
    const stop = /[.!?](?=\s|$)|\n\s*\n/.exec(rest.slice(m[0].length));
    let to = m.index + m[0].length + (stop ? stop.index + 1 : rest.length - m[0].length);
    const after = AFTER_CONTRADICTION.exec(text.slice(m.index, to));
    if (after) to = m.index + after.index;
    spans.push({ from, to, kind: 'refuted' });
  }
  closedMemo = { text, closed: { elses: [...new Set(elses)].sort((a, b) => a - b), spans } };
  return closedMemo.closed;
}

/**
 * Where a section of the document starts: a Markdown heading or `\section{…}` (not one that only says
 * "Proof" or "Solution": that goes on with the statement above it), or a label that opens a problem or a
 * part of one without a heading: "**Problem 2.**", "Problem 2:", "**Part (a).**", "Part (b)", "**(b)**",
 * "Solution of (a)", and a bare "(a)" or "a)" that opens a paragraph. A stated order ("WLOG $a \ge b \ge c$")
 * holds from its section's start to the next heading or label of its level or above: a second problem is not
 * under it. Only headings and labels: a lemma's environment, its `\end{proof}` or a bold "**Lemma.**" may stand
 * inside the proof that stated the order and goes on using it after them (silence over guessing: an order
 * dropped too early widens the sampling, which can only add failures). Other facts end only where their
 * problem or part ends (`partAt`): a "### Step 2" heading goes on using what Step 1 defined.
 */
const SECTION_START = /(?:^|\n)[ \t]*(#{1,6})[ \t]+([^\n]*)|\\(?:part|chapter|section|subsection|subsubsection)\*?\s*\{([^{}\n]*)\}|(?:^|\n)(?=[ \t]*(?:\*\*|__|\\textbf\s*\{|\\item\s*\[)?[ \t]*(?:(?:proof|solution|answer)\b|part\b|problem\b|exercise\b|question\b|task\b|\(|[a-h]\)|[ivx]{1,4}\)))([^\n]{0,80})/gi;
/** A heading that only names the proof of what stands above it ("## Proof", "\section*{Solution.}"). */
const PROOF_HEADING = /^\s*(?:\*\*|__)?\s*(?:proof|solution|answer|demonstration)\s*[.:]?\s*(?:\*\*|__)?\s*$/i;
/** Where a section starts, and its level: 1–6 for `#`…`######` and `\part`…`\subsubsection`, 7 for a problem label, 8 for a part label (0: the document's start). */
export interface SectionStart {
  at: number;
  level: number;
  /**
   * A problem or part (a heading or label naming one): the labels of it and of the problems and parts
   * around it, "problem:2/part:b". The statement's "(b)" and the solution's "(b)" of one problem have the
   * same path: what part (b) of the statement assumes, part (b) of the solution may use. Absent for other sections.
   */
  part?: string;
  /** The nearest section at or around this one that is a problem or part (its index), or -1. */
  partIndex: number;
  /** The nearest problem or part around this section, itself excluded (its index), or -1: what a part's problem states holds in it too. */
  outer: number;
}
const COMMAND_LEVEL: Record<string, number> = { part: 1, chapter: 1, section: 2, subsection: 3, subsubsection: 4 };
/** Bold, or a list item's own label (`\item[(b)]`), before a problem's or part's label. */
const BOLD_OPEN = String.raw`(\*\*|__|\\textbf\s*\{|\\item\s*\[)?[ \t]*`;
const SOLUTION_OF = String.raw`((?:proof|solution|answer)[ \t]+(?:(?:of|to|for)[ \t]+)?)?`;
/** "Problem 2.", "**Exercise 3**", "Solution to Problem 1:", "Question 4" (closed by punctuation, bold or the line's end). */
const PROBLEM_LABEL = new RegExp(String.raw`^[ \t]*${BOLD_OPEN}${SOLUTION_OF}(?:problem|exercise|question|task)[ \t]+(\d{1,3}[a-z]?)(?=[ \t]*(?:[.:)\]]|\*\*|__|\}|$))`, 'i');
/** "(a)", "b)", "Part (c)", "Part d.", "**(ii)**", "Solution of (a)". */
const PART_LABEL = new RegExp(String.raw`^[ \t]*${BOLD_OPEN}${SOLUTION_OF}(part[ \t]+)?(?:\(([a-h]|[ivx]{1,4})\)|([a-h]|[ivx]{1,4})\)|([a-h]|[ivx]{1,4})(?=[ \t]*(?:[.:\]]|\*\*|__|\}|$)))(?=[ \t]*[.:]?[ \t]*(?:\*\*|__|\}|\])?(?:[ \t]|$))`, 'i');
const ROMAN = /^(?:i{1,3}|iv|vi{0,3}|ix|x)$/i;

/**
 * The problem or part a heading's title or a line names ("problem:2", "part:b"), or null. A bare "(ii)" or
 * "b)" without bold, "Part" or "Solution" counts only where it opens a paragraph (`paragraphStart`): inside a
 * paragraph it is an item of a list. `heading`: a title, whose whole text is read (no paragraph rule).
 */
function labelOf(line: string, paragraphStart: boolean, heading: boolean): { kind: 'problem' | 'part'; key: string } | null {
  const problem = PROBLEM_LABEL.exec(line);
  if (problem) return { kind: 'problem', key: `problem:${problem[3].toLowerCase()}` };
  const part = PART_LABEL.exec(line);
  if (!part) return null;
  const named = Boolean(part[2] || part[3]);
  const letter = (part[4] ?? part[5] ?? part[6]).toLowerCase();
  // "Part d." alone needs the word; "(a)" at a line's start is a part, as problems write them; "(ii)" and "a)"
  // also number the items of a list inside a proof, so alone they need bold or a paragraph of their own.
  if (part[6] !== undefined && !named) return null;
  if (!named && !part[1] && !paragraphStart && !heading && (part[4] === undefined || letter.length > 1 || letter === 'i')) return null;
  if (letter.length > 1 && !ROMAN.test(letter)) return null;
  // `\item[(a)]` labels a problem's part; `\item[(i)]`, `\item[(ii)]` as often number the steps of one proof.
  if (part[1]?.startsWith('\\item') && !named && ROMAN.test(letter)) return null;
  return { kind: 'part', key: `part:${letter}` };
}

let sectionMemo: { text: string; starts: SectionStart[] } = { text: '', starts: [{ at: 0, level: 0, partIndex: -1, outer: -1 }] };

/** Where sections start (`SECTION_START`), ascending, the document's start first; read once per document text. */
export function sectionStarts(text: string): SectionStart[] {
  if (sectionMemo.text === text) return sectionMemo.starts;
  const starts: { at: number; level: number; label: string | null }[] = [{ at: 0, level: 0, label: null }];
  let unnumbered = 0;
  for (const m of text.matchAll(SECTION_START)) {
    const at = m[0].startsWith('\n') ? m.index + 1 : m.index;
    let level: number;
    let label: string | null = null;
    if (m[4] !== undefined) {
      // A label line: a problem or a part, or nothing.
      const paragraphStart = at === 0 || /\n[ \t]*\n[ \t]*$/.test(text.slice(Math.max(0, at - 40), at)) || /^[ \t]*$/.test(text.slice(0, at));
      const found = labelOf(m[4], paragraphStart, false);
      if (!found) continue;
      level = found.kind === 'problem' ? 7 : 8;
      label = found.key;
    } else {
      const title = m[2] ?? m[3];
      if (title !== undefined && PROOF_HEADING.test(title)) continue;
      const command = /^\\([a-z]+)/.exec(m[0])?.[1];
      level = m[1] ? m[1].length : command && command in COMMAND_LEVEL ? COMMAND_LEVEL[command] : 1;
      const found = title === undefined ? null : labelOf(title, true, true);
      // "## Problem" without a number is a problem of its own, like no other.
      label = found?.key ?? (title !== undefined && /^\s*(?:\*\*|__)?\s*(?:problem|exercise|question|task)\b/i.test(title) ? `problem#${unnumbered++}` : null);
    }
    if (at > starts[starts.length - 1].at) starts.push({ at, level, label });
    else starts[starts.length - 1] = { at, level, label };
  }
  // Each section's part: itself when labelled, else the part around it (the nearest earlier start of a lower level).
  const out: SectionStart[] = [];
  const stack: number[] = [];
  starts.forEach((s, k) => {
    while (stack.length && starts[stack[stack.length - 1]].level >= s.level) stack.pop();
    const parent = stack.length ? out[stack[stack.length - 1]] : null;
    const around = parent ? parent.partIndex : -1;
    const aroundPath = around >= 0 ? out[around].part! : '';
    out.push(s.label !== null ? { at: s.at, level: s.level, part: aroundPath ? `${aroundPath}/${s.label}` : s.label, partIndex: k, outer: around } : { at: s.at, level: s.level, partIndex: around, outer: around });
    stack.push(k);
  });
  sectionMemo = { text, starts: out };
  return out;
}

/**
 * The section an offset lies in (index into `sectionStarts`) and the index of the start that ends it: the
 * next one of the same or a higher level ("## Problem 2" ends "## Problem 1", "### Step 2" does not).
 * `end` is that start's offset (Infinity at the document's end).
 */
export function sectionAt(starts: readonly SectionStart[], at: number): { index: number; endIndex: number; end: number } {
  const index = Math.max(0, lowerBound(starts.length, (k) => starts[k].at <= at) - 1);
  return sectionRange(starts, index);
}

/** Section `index` and the index and offset of the start that ends it (`sectionAt`). */
function sectionRange(starts: readonly SectionStart[], index: number): { index: number; endIndex: number; end: number } {
  // Before the first heading (a problem statement above "## Part (a)"): the whole document.
  const level = starts[index].level;
  if (level === 0) return { index, endIndex: starts.length, end: Infinity };
  let k = index + 1;
  while (k < starts.length && starts[k].level > level) k++;
  return { index, endIndex: k, end: starts[k]?.at ?? Infinity };
}

/**
 * The problem or part an offset lies in (`SectionStart.part`), with its range, and the ranges of the later
 * sections that are the same part (the solution's "(b)" after the statement's "(b)"); null outside any.
 */
export function partAt(starts: readonly SectionStart[], at: number): PartRange | null {
  const part = starts[sectionAt(starts, at).index].partIndex;
  if (part < 0) return null;
  // Asked once per fact and per statement: a long document with many labels would otherwise rescan them each time.
  let memo = partMemo.get(starts);
  if (!memo) partMemo.set(starts, (memo = new Map()));
  let found = memo.get(part);
  if (!found) memo.set(part, (found = partRange(starts, part)));
  return found;
}

interface PartRange {
  index: number;
  endIndex: number;
  end: number;
  same: { index: number; endIndex: number; at: number; end: number }[];
}
const partMemo = new WeakMap<readonly SectionStart[], Map<number, PartRange>>();

function partRange(starts: readonly SectionStart[], part: number): PartRange {
  const range = sectionRange(starts, part);
  const path = starts[part].part;
  const same: { index: number; endIndex: number; at: number; end: number }[] = [];
  for (let k = range.endIndex; k < starts.length; k++) {
    if (starts[k].part !== path) continue;
    const later = sectionRange(starts, k);
    same.push({ index: k, endIndex: later.endIndex, at: starts[k].at, end: later.end });
  }
  return { ...range, same };
}

/** A bound that orders two names (`a \ge b`, `x < y`): a stated order, scoped to its section. */
export function isOrder(fact: Pick<ContextFact, 'kind' | 'op' | 'left' | 'right'>): boolean {
  return fact.kind === 'bound' && fact.op !== undefined && ['<', '>', '\\le', '\\ge'].includes(fact.op) && nameOf(fact.left ?? '') !== null && nameOf(fact.right ?? '') !== null;
}

/** The last value < `at` of an ascending list, or null. */
function lastBefore(sorted: readonly number[], at: number): number | null {
  const i = lowerBound(sorted.length, (k) => sorted[k] < at);
  return i > 0 ? sorted[i - 1] : null;
}

/**
 * Words by which a proof moves on from a base case, a case or an example to the general argument: a
 * value fixed before them ("For $n = 1$: …") no longer holds after them. "Step:" / "Step." is the label
 * of an induction's step after "Base:" ("Base $n=1$: … Step: …").
 */
const MOVING_ON =
  /\b(?:induct(?:ive|ion)\s+(?:step|hypothesis|assumption)|(?:the\s+)?general\s+case|in\s+general|now\s+(?:suppose|assume|let|consider|take|fix|prove|show))\b|\bstep\s*[:.]/gi;
/** Words of a sentence that quantifies a variable afresh ("Suppose $2^n \ge n+1$", "for arbitrary $n$", "holds for $n$"). */
const REQUANTIFYING = /\b(?:suppose|supposing|assume|assuming|now|general|arbitrary|every|all|any|each|some|holds? for|true for|inductive|induction|hypothesis)\b/i;
/** Words that open a case: "If $n$ is odd", "When $n \ge 2$", "For $n = 2$". */
const CASE_OPENING = /\b(?:if|when|whenever|otherwise|for|case)\b/i;

/** Words that fix a value for one case only: "For $n = 1$:", "Base case ($n = 1$)", "for example, when $n = 3$". */
const CASE_VALUE = /\b(?:base|basis|case|for|when|whenever|if|example|instance|e\.g)\b/i;
/** A sentence that opens the next step of the argument ("Suppose …", "**Now** …", "Assume …"). */
const NEXT_STEP = /(?:^|[.!?:;]\s+|\n\s*)(?:\*\*|\\textbf\{|\\emph\{)?\s*(?:Suppose|Assume|Now|Next|Conversely)\b/g;

/**
 * Where each `NEXT_STEP` of a text opens its sentence (after its full stop), ascending; read once per text. Every
 * value fixed for a case looked for the next one from its place, to the end of the text where there was none
 * (the check bench: an eighth of a re-check).
 */
function nextSteps(text: string): number[] {
  if (nextStepsMemo.text !== text) {
    nextStepsMemo = { text, at: [...text.matchAll(NEXT_STEP)].map((m) => m.index + (/^[.!?:;]/.test(m[0]) ? 1 : 0)) };
  }
  return nextStepsMemo.at;
}

let nextStepsMemo: { text: string; at: number[] } = { text: '', at: [] };

/** Offsets where the proof moves on from a base case, a case or an example (`MOVING_ON`, case boundaries). */
export function movingOnPoints(text: string): number[] {
  const out = [...text.matchAll(MOVING_ON)].map((m) => m.index);
  return [...new Set([...out, ...caseBoundaries(text), ...caseAnalysisEnds(text)])].sort((a, b) => a - b);
}

/**
 * Whether fragment `f` (after a value `name = c` was fixed) takes `name` up afresh: an inline statement
 * about it in a sentence that assumes or quantifies ("Suppose $2^n \ge n+1$", "Now let $n \ge 1$",
 * "for general $n$"), a case about it ("If $n$ is odd"), or another value for it ("For $n = 2$").
 */
function requantifies(text: string, f: FactSource, name: string, statedAt: number): boolean {
  if (f.display) return false;
  const pairs = relationPairs(f.tex, 0);
  // Another constant value for the name ends this one wherever it is stated (the latest value wins).
  if (pairs.some((p) => p.op === '=' && nameOf(p.left.tex) === name && sideVariables(p.right.tex)?.length === 0)) return true;
  const { before } = sentenceAround(text, f.start, f.end);
  // In the sentence that states the value or the case ("**Case $n$ even.** So $(-1)^n n = n$"), its
  // opening words are that statement's own, not a new one.
  if (f.start - before.length <= statedAt) return false;
  if (REQUANTIFYING.test(before)) return true;
  if (!CASE_OPENING.test(before)) return false;
  // "If $n$ is odd", "for $n \ge 2$": the name alone (or a list of names) or a statement about it.
  if (pairs.length === 0) return f.tex.split(',').some((part) => nameOf(part) === name);
  return pairs.some((p) => nameOf(p.left.tex) === name || nameOf(p.right.tex) === name);
}

/**
 * Linking words between a clause's start and its opening "for" ("…, and for $x \\ge 1$,", "Also, for", "; similarly, for"):
 * the clause quantifies its name afresh as a sentence opening with "For" does.
 */
export const CLAUSE_LINKS = String.raw`(?:(?:and|but|also|similarly|likewise|moreover|furthermore|further|now|next|finally|while|whereas|then)\s*,?\s+)*`;

/** A case clause inside a sentence: ", and for $", "; if $", ", and on $" (group 1 from the linking word on). */
const CASE_CLAUSE = new RegExp(String.raw`[,;:]\s*(${CLAUSE_LINKS}(?:for|on|in|over|if|when|whenever)\s+(?:[a-z]+\s+){0,3}(?:\$|\\\()\s*)$`, 'i');

/**
 * Where in `before` (the sentence before a formula, `sentenceAround`) the clause that opens a case for the formula starts:
 * at ", and for $x \\ge 1$" in "For $x > 0$, $x^2 \\ge x$, and for $x \\ge 1$,", else 0 (the sentence's start).
 */
export function caseClauseAt(before: string): number {
  const m = CASE_CLAUSE.exec(before);
  return m ? m.index + m[0].length - m[1].length : 0;
}

/**
 * A sentence that binds a name afresh: a new supposition or quantifier ("Now suppose …", "… for every $a \\ge 0$",
 * "If $a > 0$"), or a clause that opens with "for" and the name's kind or bound ("For negative $x$, …", "For $x < 0$, …").
 */
const REBINDING = new RegExp(
  String.raw`\b(?:suppose|supposing|assume|assuming|let|if|unless|when|whenever|for\s+(?:all|every|any|each|arbitrary)|for\s+the\s+(?:other|remaining)|now|fix|take|given|pick|choose|consider|any)\b|(?:^|[.;:,\n]|\*\*|__)\s*${CLAUSE_LINKS}for\s+(?:(?:positive|negative|non-?negative|non-?positive|strictly|real|odd|even|non-?zero)\s+)*(?:(?:integers?|numbers?|reals?|real\s+numbers?|naturals?)\s+)?(?:\$|\\\()?\s*$`,
  'i',
);

/**
 * "If not, replace $x$ by $-x$", "(otherwise swap $a$ and $b$)": the proof goes on with the same name under its
 * assumption; the name is not bound afresh (rev12: the bound ended there and the next step was read as a hypothesis).
 */
const REPLACING = /\b(?:replac(?:e|ing)|swap(?:ping)?|interchang(?:e|ing)|exchang(?:e|ing)|renam(?:e|ing)|switch(?:ing)?)\b[^.;:]*$/i;

/**
 * Whether an inline formula states a value or a bound for `name` (`a \\ge 0`, `a = 3`), a set it is in
 * (`a \\in [0, \\infty)`, `a \\in \\mathbb{R}^+`, read or not) or lists it (`for every real $a$`).
 */
function bindsName(tex: string, name: string): boolean {
  // Asked of later fragments that mention a bound name, for every bound, on every check (each keystroke
  // in the editor): the answer depends on the formula and the name only.
  const key = `${name}\u0000${tex}`;
  let binds = bindsNameCache.get(key);
  if (binds === undefined) bindsNameCache.set(key, (binds = readBindsName(tex, name)));
  return binds;
}

const bindsNameCache = new RunCache<boolean>(20_000);

function readBindsName(tex: string, name: string): boolean {
  const member = /^(.+?)(?:\\in(?![a-zA-Z])|∈)/.exec(tex);
  if (member && member[1].split(',').some((part) => nameOf(part) === name)) return true;
  const pairs = relationPairs(tex, 0);
  if (pairs.length === 0) return tex.split(',').some((part) => nameOf(part) === name);
  // "When $|x| > 1$," after "For $x \\in [-1, 1]$,": a bound on the name's absolute value binds the name afresh too (rev17
  // gen-piece-out: both read together left "no values").
  const named = (side: string) => nameOf(side) ?? nameOf(/^\s*(?:\\left\s*)?(?:\||\\lvert|\\vert)\s*(.+?)\s*(?:\\right\s*)?(?:\||\\rvert|\\vert)\s*$/.exec(side)?.[1] ?? '');
  return pairs.some((p) => (named(p.left.tex) === name && sideVariables(p.right.tex)?.length === 0) || (named(p.right.tex) === name && sideVariables(p.left.tex)?.length === 0));
}

/**
 * Where a bound on `name` stated by `fragments[i]` stops holding, at most `until`: at the sentence of a later
 * inline formula that binds the name afresh (`bindsName`) in a sentence that supposes or quantifies
 * (`REBINDING`). A sentence that only restates it ("since $a < 0$") goes on under it.
 */
function rebindEnd(text: string, fragments: readonly FactSource[], i: number, name: string, until: number, refuted: readonly { from: number; to: number }[] = [], first = i + 1): { end: number; resume?: number } {
  // A supposition ends with its lemma: the next statement's label ("**Lemma 2.**", "## Theorem 3") starts another argument.
  // So does a lemma's condition ("**Lemma 2.** If $x \\le 1$, then …": rev13 lr01, it held in Lemma 3 and the corollary).
  const opening = sentenceAround(text, fragments[i].start, fragments[i].end).before;
  if (SUPPOSING_SENTENCE.test(opening) || CONDITION_SENTENCE.test(opening)) {
    const labels = statementLabels(text);
    const k = lowerBound(labels.length, (n) => labels[n] < fragments[i].end);
    if (k < labels.length) until = Math.min(until, labels[k]);
  }
  // The first 64 inline mentions of the name after the bound are looked at; of those, only a rebinding one
  // (`lookAhead`) can end it.
  const ahead = lookAhead(text, fragments, name);
  const p0 = lowerBound(ahead.all.length, (n) => ahead.all[n] < first);
  for (let c = lowerBound(ahead.at.length, (n) => ahead.at[n] < p0); c < ahead.at.length; c++) {
    const p = ahead.at[c];
    const f = fragments[ahead.all[p]];
    if (f.start >= until || ahead.inlineBefore[p] - ahead.inlineBefore[p0] >= 64) break;
    const { before } = sentenceAround(text, f.start, f.end);
    // The supposition's own sentence ("Suppose $a < 0$ and $b > a$") binds nothing afresh; a case clause later in it
    // does ("For $x > 0$, $x^2 \\ge x$, and for $x \\ge 1$, …": rev17 W1), from where that clause opens.
    const opening = f.start - before.length + caseClauseAt(before);
    if (opening <= fragments[i].end) continue;
    const end = Math.min(until, Math.max(fragments[i].end, opening));
    // A supposition a contradiction refutes ("Let $x \\ge 0$. Suppose for contradiction that $x > 1$. … a
    // contradiction. Hence …") binds the name only until the contradiction: the bound holds again after it.
    const span = refuted.find((s) => s.from <= f.start && f.start < s.to && !(s.from <= fragments[i].start && fragments[i].start < s.to));
    return span && span.to < until ? { end, resume: span.to } : { end };
  }
  return { end: until };
}

/**
 * The indices of the fragments written with `base` (`fragmentNames`), ascending. Every bound and
 * every fixed value looks ahead for the name (rebindEnd, valueScopeEnd); reading the names of each
 * fragment on the way made a check O(facts × fragments) (the check bench: 775 ms a keystroke on 400
 * lines). Indexed once per fragment list.
 */
function mentionsOf(fragments: readonly FactSource[], base: string): readonly number[] {
  let index = mentionIndex.get(fragments);
  if (!index) {
    index = new Map();
    for (let j = 0; j < fragments.length; j++) {
      for (const name of fragmentNames(fragments[j].tex)) {
        const list = index.get(name);
        if (list) list.push(j);
        else index.set(name, [j]);
      }
    }
    mentionIndex.set(fragments, index);
  }
  return index.get(base) ?? [];
}

/**
 * The fragments among `mentionsOf(fragments, factBase(name))` that could end a bound on `name` (`rebindEnd`: an
 * inline formula binding the name in a rebinding sentence), by their place in that list (`at`, ascending), and the
 * inline mentions before each place (`inlineBefore[k]`, of list places 0…k−1). Every bound on a name asked the
 * same of the same later fragments, up to 64 each (a re-check of the check bench's 400 lines, with a bound in
 * each of its 200 sentences, spent a third of its context there); what differs between two bounds is only where
 * their own sentence ends. Read once per name and check.
 */
function lookAhead(text: string, fragments: readonly FactSource[], name: string): { all: readonly number[]; at: number[]; inlineBefore: Int32Array } {
  let byName = lookAheadMemo.get(fragments);
  if (!byName || byName.text !== text) lookAheadMemo.set(fragments, (byName = { text, found: new Map() }));
  let found = byName.found.get(name);
  if (!found) {
    const all = mentionsOf(fragments, factBase(name));
    const inlineBefore = new Int32Array(all.length + 1);
    const at: number[] = [];
    for (let p = 0; p < all.length; p++) {
      const f = fragments[all[p]];
      inlineBefore[p + 1] = inlineBefore[p] + (f.display ? 0 : 1);
      if (f.display || !bindsName(f.tex, name)) continue;
      const { before } = sentenceAround(text, f.start, f.end);
      if (REBINDING.test(before) && !REPLACING.test(before)) at.push(p);
    }
    byName.found.set(name, (found = { all, at, inlineBefore }));
  }
  return found;
}

/** A sentence that states a condition, not a hypothesis of the proof ("If $x \\le -1$, …", "When $x < 0$"). */
// "For $x \\ge 1$, …" after a space, ", and for $x \\ge 1$,", "Also, for $0 < x < 1$,": each such clause is a case of its
// own (rev17 W1: read as no condition, its bound narrowed an earlier "For $x \\ge 0$," claim's samples into a wrong "holds").
const CONDITION_SENTENCE = new RegExp(String.raw`\b(?:if|when|whenever)\b|(?:^|[.;:,\n]|\*\*|__)\s*${CLAUSE_LINKS}for\s+(?:(?:all|every|any|each)\s+)?(?:real\s+)?(?:\$|\\\()\s*$`, 'i');

/**
 * Whether a bound on `name` that `fragments[i]` states under a condition ("If $x \\le -1$, then …") is one case of an
 * analysis: another sentence, before or after it, binds the name afresh (`lookAhead`: "Let $x$ be a real number", "For
 * $x$ in $[-1, 1]$", "if $x < 0$ then …"). Such a bound holds for its case (its fact's scope), not for the document.
 */
export function boundInCase(text: string, fragments: readonly FactSource[], i: number, name: string): boolean {
  const f = fragments[i];
  return !f.display && CONDITION_SENTENCE.test(sentenceAround(text, f.start, f.end).before) && reboundElsewhere(text, fragments, i, name);
}

/** Whether a sentence other than that of `fragments[i]` binds `name` afresh (`lookAhead`), before or after it. */
export function reboundElsewhere(text: string, fragments: readonly FactSource[], i: number, name: string): boolean {
  const ahead = lookAhead(text, fragments, name);
  return ahead.at.some((p) => ahead.all[p] !== i);
}

const lookAheadMemo = new WeakMap<readonly FactSource[], { text: string; found: Map<string, ReturnType<typeof lookAhead>> }>();

const mentionIndex = new WeakMap<readonly FactSource[], Map<string, number[]>>();

/** A sentence that supposes (its bounds are the argument's, ended by the next statement's label). */
const SUPPOSING_SENTENCE = /\b(?:suppose|supposing|assume|assuming)\b/i;
/** The label of a new statement at a line start: bold, a heading or an environment ("**Lemma 2.**", "## Theorem", "Lemma 3.", `\\begin{lemma}`). */
const STATEMENT_LABEL =
  /(?:^|\n)[ \t]*(?:(?:#{1,6}[ \t]+|\\(?:sub)*section\*?\s*\{|(?:\*\*|__|\\textbf\{)\s*)(?:Lemma|Theorem|Proposition|Corollary)\b|(?:Lemma|Theorem|Proposition|Corollary)(?:\s+[\w.-]+)?\s*[.:])|\\begin\{(?:lemma|theorem|proposition|corollary)\}/g;

/**
 * Where the facts of a fragment in a sentence that supposes or states a condition ("**Lemma 2.** If $x \\le 1$, then …",
 * "Suppose …") end: at the next statement's label ("**Lemma 3.**"), which starts another argument; else Infinity.
 */
function conditionLabelEnd(text: string, f: FactSource): number {
  const before = sentenceAround(text, f.start, f.end).before;
  if (!SUPPOSING_SENTENCE.test(before) && !CONDITION_SENTENCE.test(before)) return Infinity;
  const labels = statementLabels(text);
  const k = lowerBound(labels.length, (n) => labels[n] < f.end);
  return k < labels.length ? labels[k] : Infinity;
}

/** Offsets of every `STATEMENT_LABEL` of a text, ascending; read once per document text. */
let labelsMemo: { text: string; at: number[] } = { text: '', at: [] };
function statementLabels(text: string): number[] {
  if (labelsMemo.text !== text) labelsMemo = { text, at: [...text.matchAll(STATEMENT_LABEL)].map((m) => m.index) };
  return labelsMemo.at;
}

/** Where the sentence of fragment `f` starts, but not before `from` (its delimiter and the sentence's own math are past the break). */
function sentenceStart(text: string, f: FactSource, from: number): number {
  return Math.max(from, f.start - sentenceAround(text, f.start, f.end).before.length);
}

/**
 * Where the value `name = c` fixed by `fragments[i]` stops holding, at most `until`: the first point
 * after its fragment where the proof moves on (`points`, from `movingOnPoints`) or the sentence where
 * a later fragment takes the name up afresh (`requantifies`). A value fixed for a base case or an example must not be
 * substituted into the inductive step or the general claim that follows it.
 */
export function valueScopeEnd(text: string, fragments: readonly FactSource[], i: number, name: string, until: number, points: readonly number[]): number {
  const from = fragments[i].end;
  const k = lowerBound(points.length, (j) => points[j] < from);
  let end = Math.min(until, k < points.length ? points[k] : Infinity);
  // A value fixed for a case ("For $n = 1$:") also ends at the next sentence that opens a step of the
  // argument, whatever letter that step names ("Assume it for $k$").
  if (end > from && CASE_VALUE.test(sentenceAround(text, fragments[i].start, fragments[i].end).before)) {
    const steps = nextSteps(text);
    const k = lowerBound(steps.length, (n) => steps[n] < from);
    if (k < steps.length) end = Math.min(end, steps[k]);
  }
  // Only fragments written with the name can take it up; a few dozen are enough to look at (a value's scope is
  // short: most loops end at the first mention past it).
  const all = mentionsOf(fragments, factBase(name));
  for (let p = lowerBound(all.length, (n) => all[n] <= i), looked = 0; p < all.length; p++, looked++) {
    const f = fragments[all[p]];
    if (f.start >= end || looked >= 64) break;
    if (requantifies(text, f, name, fragments[i].start)) end = Math.min(end, sentenceStart(text, f, from));
  }
  return end;
}

/** A heading's line start: a Markdown `#` heading or a sectioning command. */
const HEADING_START = /^[ \t]*(?:#{1,6}[ \t]|\\(?:part|chapter|section|subsection|subsubsection)\*?\s*\{)/;
/** A whole heading line, ended by its newline, in a stretch of text (not the line a formula of the heading stands in). */
const HEADING_LINE = /(?:^|\n)[ \t]*(?:#{1,6}[ \t]|\\(?:part|chapter|section|subsection|subsubsection)\*?\s*\{)[^\n]*\n/;

/**
 * Whether the `.`, `!` or `?` at `i` ends a sentence: whitespace follows it, and after a `!` a capital, a line break
 * or the text's end (`$n! > 6$`, `$(n-1)! \\cdot n$` are factorials: "Suppose that $n! > 6$ and $x < 0$" lost its "Suppose").
 */
export function endsSentence(text: string, i: number): boolean {
  const ch = text[i];
  if ((ch !== '.' && ch !== '!' && ch !== '?') || !/\s/.test(text[i + 1] ?? ' ')) return false;
  return ch !== '!' || /^[ \t]*(?:\n|$|[A-Z*_#"“])/.test(text.slice(i + 1, i + 6));
}

/** The sentence around a math fragment: from the last sentence end before it (a blank line right before a display does not end it) to the next one after it. */
export function sentenceAround(text: string, start: number, end: number): { before: string; after: string; whole: string } {
  // Every bound and fixed value reads the sentences of the later fragments that mention its name
  // (rebindEnd, valueScopeEnd), so one check asks for the same sentence many times: it was a fifth of
  // a re-check's CPU (bench/check.bench.ts). Memoised for one document text (the callers share it).
  if (text.length >= 0x4000000) return readSentenceAround(text, start, end);
  if (sentenceMemo.text !== text) sentenceMemo = { text, at: new Map() };
  const key = start * 0x4000000 + end;
  let found = sentenceMemo.at.get(key);
  if (!found) {
    found = readSentenceAround(text, start, end);
    sentenceMemo.at.set(key, found);
  }
  return found;
}

let sentenceMemo: { text: string; at: Map<number, { before: string; after: string; whole: string }> } = { text: '', at: new Map() };

function readSentenceAround(text: string, start: number, end: number): { before: string; after: string; whole: string } {
  let from = Math.max(0, start - 240);
  let i = start - 1;
  // Skip the delimiter and blank lines between the sentence and its display.
  while (i > from && /[\s$\\[(]/.test(text[i])) i--;
  for (; i > from; i--) {
    const ch = text[i];
    // A blank line, or the end of an earlier display, ends the sentence.
    if ((ch === '\n' && text[i - 1] === '\n') || (ch === '$' && text[i - 1] === '$') || (ch === ']' && text[i - 1] === '\\') || text.startsWith('\\end{', i)) {
      from = i + 1;
      break;
    }
    if (endsSentence(text, i)) {
      from = i + 1;
      break;
    }
  }
  // A heading line ("# False ones", `\\section{Wrong claims}`) is no part of the sentence under it: its words
  // would speak for every formula of the section ("false" silenced them all as stated false).
  HEADING_LINE.lastIndex = 0;
  for (let m = HEADING_LINE.exec(text.slice(from, start)); m; m = HEADING_LINE.exec(text.slice(from, start))) from += m.index + m[0].length;
  const before = text.slice(from, start);
  const limit = Math.min(text.length, end + 240);
  let to = limit;
  // Skip the fragment's closing delimiter, then stop at the first sentence end.
  let j = end;
  while (j < limit && /[$\\)\]]/.test(text[j])) j++;
  for (; j < limit; j++) {
    const ch = text[j];
    if (ch === '\n' && (text[j + 1] === '\n' || HEADING_START.test(text.slice(j + 1, j + 40)))) {
      to = j;
      break;
    }
    if (endsSentence(text, j)) {
      to = j + 1;
      break;
    }
  }
  return { before, after: text.slice(end, to), whole: text.slice(from, to) };
}

/** Variables a side mentions (families as `a[]`), or null when it does not parse. */
export function sideVariables(tex: string): string[] | null {
  const json = parseSide(tex.trim());
  if (json === null) return null;
  const f = analyzeSide(json);
  return [...f.variables, ...[...f.families].map((b) => `${b}[]`), ...f.applied];
}

/**
 * What a fragment must contain for a fact about variable `v` to concern it: `c_5` itself for an indexed
 * name, the base letter for a family (`a[]`) or a plain name, the engine's name for a Greek letter.
 */
export function factBase(v: string): string {
  if (v.endsWith('[]')) return v.slice(0, -2);
  // A Greek name with a number for index (`alpha_3`) is one name too: filed under `alpha`, every fact about
  // `\alpha_1 … \alpha_n` concerned every formula with any of them, and checking grew with the square of their number.
  return /^[A-Za-z]_[A-Za-z0-9]+$/.test(v) || (/^[A-Za-z]+_[0-9]+$/.test(v) && !v.includes('Symbol')) ? v : v.replace(/_.*$/, '');
}

/** The names a fragment is written with, as `factBase` files facts: `x`, `alpha`, `c_5` (from `c_{5}`), `alpha_2` (from `\\alpha_{2}`). */
export function fragmentNames(tex: string): ReadonlySet<string> {
  let names = fragmentNamesCache.get(tex);
  if (names === undefined) fragmentNamesCache.set(tex, (names = readFragmentNames(tex)));
  return names;
}

const fragmentNamesCache = new RunCache<ReadonlySet<string>>(20_000);

function readFragmentNames(tex: string): Set<string> {
  const names = new Set((tex.match(/\\[a-zA-Z]+|[A-Za-z]/g) ?? []).map((t) => t.replace(/^\\/, '')));
  for (const m of tex.matchAll(/([A-Za-z])_\{?\s*([A-Za-z0-9]+)\s*\}?/g)) names.add(`${m[1]}_${m[2]}`);
  for (const m of tex.matchAll(/\\([A-Za-z]+)_\{?\s*([0-9]+)\s*\}?/g)) names.add(`${m[1]}_${m[2]}`);
  return names;
}

/** `x_1 + x_2 + \cdots + x_n` (also `\dots`, `\ldots`, `\dotsb`, `x_{1}`): one family summed from a number to a bound. */
const ELLIPSIS_SUM = /^\s*([A-Za-z])_\{?\s*(\d+)\s*\}?\s*\+\s*\1_\{?\s*(\d+)\s*\}?\s*\+\s*\\(?:cdots|dots|ldots|dotsb)(?![a-zA-Z])\s*\+\s*\1_\{?\s*([A-Za-z]|\d+)\s*\}?\s*$/;

/**
 * A side written `x_1 + x_2 + \cdots + x_n` as `\sum_{i=1}^{n} x_{i}`, which the parser reads (the
 * ellipsis does not parse); anything else unchanged. Only two consecutive first indices count.
 */
export function foldEllipsisSum(tex: string): string {
  const m = ELLIPSIS_SUM.exec(tex);
  if (!m || Number(m[3]) !== Number(m[2]) + 1) return tex;
  const index = ['i', 'j', 'k', 'r'].find((l) => l !== m[1] && l !== m[4]) ?? 'i';
  return `\\sum_{${index}=${m[2]}}^{${m[4]}} ${m[1]}_{${index}}`;
}

/** Variables named anywhere in a piece of TeX, token by token (for TeX that does not parse whole: `P=(x,y)`). */
export function texVariables(tex: string): string[] {
  const out = new Set<string>();
  for (const token of tex.match(/\\[a-zA-Z]+|[A-Za-z](?:_\{?[A-Za-z0-9]+\}?)?/g) ?? []) for (const v of sideVariables(token) ?? []) out.add(v);
  return [...out];
}

const LOWER_OP = String.raw`(?:<|≤|⩽|\\(?:leq?|lt)(?:slant)?(?![a-zA-Z]))`;
const UPPER_OP = String.raw`(?:>|≥|⩾|\\(?:geq?|gt)(?:slant)?(?![a-zA-Z]))`;
const SHARED_BOUND = new RegExp(String.raw`^\s*([^,<>≤≥⩽⩾]+?)\s*(${LOWER_OP}|${UPPER_OP})\s*([^<>≤≥⩽⩾]+,[^<>≤≥⩽⩾]+?)\s*(${LOWER_OP}|${UPPER_OP})\s*([^,<>≤≥⩽⩾]+?)\s*$`);

/** `a, b > 0`, `x, y, z \\ge 1`, `a, b \\ne 0`: a list of names, then one bound for all of them. */
const LIST_THEN_BOUND = new RegExp(String.raw`^\s*([^<>≤≥⩽⩾≠=]+,[^<>≤≥⩽⩾≠=]+?)\s*(${LOWER_OP}|${UPPER_OP}|≠|\\neq?(?![a-zA-Z]))\s*([^,<>≤≥⩽⩾≠=]+?)\s*$`);
/** `0 < x, y`, `1 \\le a, b, c`: one bound, then the list of names it bounds. */
const BOUND_THEN_LIST = new RegExp(String.raw`^\s*([^,<>≤≥⩽⩾≠=]+?)\s*(${LOWER_OP}|${UPPER_OP})\s*([^<>≤≥⩽⩾≠=]+,[^<>≤≥⩽⩾≠=]+?)\s*$`);

/**
 * A bound shared by a list of names, `0 < x, y < 1`, `0 \\le a, b \\le 1`, `1 > u, v > 0`, `a, b > 0`, `0 < x, y`,
 * `a, b \\ne 0`, written out name by name (`0 < x < 1, 0 < y < 1`, `a > 0, b > 0`); null for anything else. Where
 * two ends bound the list they must be constants and the two relations point the same way, so every name lies
 * between them (read as `0 < x` and `y < 1` alone, `xy < 1` failed at x = 2); one end may be any expression in
 * other names (`x, y \\ge a`). In "Let $a, b > 0$" both are positive, as mathematics writes it (the facts held b > 0 only).
 */
export function sharedBoundList(tex: string): string | null {
  const names = (list: string) => {
    const parts = list.split(',').map((part) => part.trim());
    return parts.length >= 2 && parts.every((name) => nameOf(name) !== null) ? parts : null;
  };
  /** A bound in none of the listed names. */
  const bound = (side: string, listed: string[]) => {
    const vars = sideVariables(side);
    return vars !== null && !vars.some((v) => listed.some((n) => nameOf(n) === v));
  };
  const m = SHARED_BOUND.exec(tex);
  if (m) {
    const [, low, op1, list, op2, high] = m;
    if (new RegExp(`^${LOWER_OP}$`).test(op1) !== new RegExp(`^${LOWER_OP}$`).test(op2)) return null;
    if (sideVariables(low)?.length !== 0 || sideVariables(high)?.length !== 0) return null;
    const listed = names(list);
    return listed && listed.map((name) => `${low.trim()} ${op1} ${name} ${op2} ${high.trim()}`).join(', ');
  }
  const after = LIST_THEN_BOUND.exec(tex);
  if (after) {
    const listed = names(after[1]);
    return listed && bound(after[3], listed) ? listed.map((name) => `${name} ${after[2]} ${after[3].trim()}`).join(', ') : null;
  }
  const before = BOUND_THEN_LIST.exec(tex);
  if (before) {
    const listed = names(before[3]);
    return listed && bound(before[1], listed) ? listed.map((name) => `${before[1].trim()} ${before[2]} ${name}`).join(', ') : null;
  }
  return null;
}

/** `m`, `a_n`, `S_{n}`: the engine's name of a variable written so (≤ 16 characters); null for anything else. */
export function nameOf(tex: string): string | null {
  const json = parseSide(tex.trim());
  if (json === null) return null;
  const sym = symbolName(json);
  if (sym !== null) return sym.length <= 16 ? sym : null;
  if (Array.isArray(json) && json[0] === 'Subscript') return subscriptName(json as Json[]);
  return null;
}

/** Whether `left = right` holds at a few points (a quick identity test; unknown → false). */
function looksLikeIdentity(left: string, right: string): boolean {
  const a = parseSide(left);
  const b = parseSide(right);
  if (a === null || b === null) return false;
  const fa = analyzeSide(a);
  const fb = analyzeSide(b);
  const vars = new Set([...fa.variables, ...fb.variables]);
  const integers = new Set([...fa.integers, ...fb.integers, ...[...vars].filter((v) => INTEGER_NAMES.has(v))]);
  if (!vars.size) return false;
  try {
    for (const [k, seed] of [0.37, 1.41, 2.23, 0.71].entries()) {
      const point = new Map([...vars].map((v, i) => [v, integers.has(v) ? 2 + k + i : seed + 0.29 * i]));
      const x = evaluate(a, point, { logBase: Math.E, variables: vars });
      const y = evaluate(b, point, { logBase: Math.E, variables: vars });
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) return false;
    }
    return true;
  } catch (error) {
    if (error instanceof Undecidable) return false;
    throw error;
  }
}

/**
 * Facts stated by the document, in document order. `hypothesisDisplay(f)` says whether a display is
 * introduced as a hypothesis or an equation (its equations then constrain their variables).
 */
export function collectFacts(text: string, fragments: readonly FactSource[], hypothesisDisplay: (f: FactSource) => boolean): ContextFact[] {
  return placeFacts(text, fragments, fragments.map((f) => readFragmentFacts(text, f, hypothesisDisplay)));
}

/** What one fragment states, without offsets (`placeFacts` gives them their place and scope). */
export type FragmentFacts = readonly { fact: PlacedFact; scope: FactScope }[];

/**
 * The facts one fragment states, read from its TeX and its sentence only (at most 240 characters
 * either side of it: `sentenceAround`), so a reading stays valid while that stretch of text does.
 */
export function readFragmentFacts(text: string, f: FactSource, hypothesisDisplay: (f: FactSource) => boolean): FragmentFacts {
  if (f.tex.length > 400) return [];
  const { before, after, whole } = sentenceAround(text, f.start, f.end);
  if (!f.display && dismissedCase(before, after)) return [];
  const stated = ASSUMING.test(withoutFalseHypotheses(before)) || DEFINING.test(before);
  const hypothesisDisplayed = f.display && !stated && hypothesisDisplay(f);
  // What a fragment states depends only on its TeX and its sentence, not on where it is: read once
  // per distinct (TeX, sentence) and placed at each use (the editor re-checks on every keystroke).
  const key = JSON.stringify([f.tex, f.display, before, after, whole, hypothesisDisplayed]);
  let read = fragmentFactCache.get(key);
  if (!read) {
    read = fragmentFacts(f.tex, f.display, before, after, whole, hypothesisDisplayed);
    fragmentFactCache.set(key, read);
  }
  return read;
}

/**
 * Places what each fragment states (`reads[i]` for `fragments[i]`, in document order) at the fragment,
 * with the end of its scope: the next case of a case analysis, or the paragraph for a value stated in
 * passing.
 */
export function placeFacts(text: string, fragments: readonly FactSource[], reads: readonly FragmentFacts[]): ContextFact[] {
  const out: ContextFact[] = [];
  // An "otherwise" opens a case as a "Case 2" does; the first branch before it, and a supposition a
  // contradiction refutes, end where the text closes them (`closedStretches`).
  const closed = closedStretches(text);
  const refuted = closed.spans.filter((s) => s.kind === 'refuted');
  const cases = [...new Set([...caseBoundaries(text), ...closed.elses])].sort((a, b) => a - b);
  const ends = caseAnalysisEnds(text);
  // Inside a case, an assumption ends where the next case starts or the case analysis ends.
  const scopeEnd = (at: number): number => caseScopeEnd(cases, ends, at);
  let blankLines: number[] | null = null;
  let points: number[] | null = null;
  const picked = pickedAlternatives(text, fragments, reads, cases, ends);
  fragments.forEach((f, i) => {
    let read = reads[i];
    // "Case 1. $x + 3 < 0$ and $x + 1 < -2$" after "Either $x < -3$ or …": a bare label picks the alternative, the formulas after
    // it are what the case derives (claims drawn under it), no assumption of their own (rev17 slip/gen-quad-first02: read as
    // one, each constrained itself and held).
    if (picked.labels.length && !f.display && read.some(({ fact }) => fact.kind === 'bound' && !fact.disjunct)) {
      const label = lastBefore(picked.labels, f.start);
      if (label !== null && f.start - label < 300 && BARE_LABEL_THEN.test(text.slice(label, f.start))) read = read.filter(({ fact }) => fact.kind !== 'bound' || fact.disjunct);
    }
    if (read.length === 0) return;
    const scoped = scopeEnd(f.start);
    // A value stated in passing ("for $n = 1$ both sides…", "when $t = 3$") holds for its paragraph only.
    blankLines ??= blankLinesOf(text);
    const paragraphEnd = firstAtOrAfter(blankLines, f.end) ?? text.length;
    // Constant values this fragment fixes (`n = 1` of a base case, a case, an example): they, and what
    // the same fragment says about those names ("when $n = 1$ … which is even"), end where the proof moves on.
    // A parity stated for a variable ("if $n$ is even", "Case $n$ odd") ends the same way: "Now for arbitrary $n$" is every n again.
    // So does one name set equal to another for a base case ("For $n = r$ both sides equal 1"): the inductive step is about every n.
    const values = read.flatMap(({ fact }) =>
      (fact.kind === 'define' && fact.name !== undefined && (fact.variables.length === 1 || (fact.variables.length === 2 && fact.expr !== undefined && nameOf(fact.expr) !== null)))
        ? [fact.name]
        : isParityOfName(fact) ? [fact.variables[0]] : [],
    );
    const labelEnd = conditionLabelEnd(text, f);
    for (const { fact, scope } of read) {
      let until = scope === 'document' ? Infinity : scope === 'paragraph' ? Math.min(paragraphEnd, scoped) : scoped;
      // "**Lemma 1.** If $x \\ge 2$, then $|x - 2| + |x - 1| = 2x - 3$.": what a statement's condition gives ends with it (rev13 lr01).
      if (scope !== 'document') until = Math.min(until, labelEnd);
      for (const name of values) {
        if (!fact.variables.includes(name)) continue;
        points ??= movingOnPoints(text);
        until = valueScopeEnd(text, fragments, i, name, until, points);
      }
      // A bound on one name ("Suppose $a < 0$") ends where a later sentence binds that name afresh ("… for every
      // $a \\ge 0$", "Now assume $a > 1$"): it was intersected with the new one into "no values satisfy".
      // Where it holds: from its fragment to `until`, and again after a refuted supposition that suspended it.
      const spans: [number, number][] = [];
      if (fact.kind === 'bound' && fact.variables.length === 1 && fact.op !== '\\equiv') {
        for (let at = f.start, first = i + 1; ; ) {
          const { end, resume } = rebindEnd(text, fragments, i, fact.variables[0], until, refuted, first);
          spans.push([at, end]);
          if (resume === undefined) break;
          at = resume;
          first = lowerBound(fragments.length, (k) => fragments[k].start < resume);
        }
      } else spans.push([f.start, until]);
      // A fact of a closed stretch (a first branch, a refuted supposition) ends with it, and is not taken up again after a
      // refutation further on (rev12 t02: "If $x \\ge 0$ … If not, suppose … contradicting $x < 0$. Hence …" had x ≥ 0 back).
      if (scope !== 'document') {
        for (const span of closed.spans) {
          if (!(span.from <= f.start && f.start < span.to)) continue;
          spans[0][1] = Math.min(spans[0][1], span.to);
          spans.splice(1);
        }
      }
      // What one problem or part states or claims ("Then $y - x \ge 0$" in part (a)) is no fact of the next
      // one; the same part further on (the solution's "(b)" after the statement's) takes it up again.
      const part = scope === 'document' ? null : partAt(sectionStarts(text), f.start);
      // "WLOG $a \ge b \ge c$" in one proof is no order in the next problem's, nor past its section's heading.
      const own = isOrder(fact) ? sectionAt(sectionStarts(text), f.start) : null;
      // One alternative of a disjunction is a doubt about its names, up to where the text picks a case out of it.
      const stated: PlacedFact = fact.disjunct ? { ...fact, kind: 'constrain', ...disjunctionOf(text, fragments, reads, i) } : fact;
      if (fact.disjunct && picked.ends.has(i)) {
        spans.splice(1);
        spans[0][1] = Math.min(spans[0][1], picked.ends.get(i)!);
      }
      for (const [k, [at, end]] of spans.entries()) if (k === 0 || at < Math.min(end, part?.end ?? Infinity, own?.end ?? Infinity)) out.push({ ...stated, at, until: Math.min(end, part?.end ?? Infinity, own?.end ?? Infinity) });
      const last = spans[spans.length - 1][1];
      if (part && (!own || own.index === part.index)) for (const same of part.same) if (same.at < last) out.push({ ...stated, at: same.at, until: Math.min(last, same.end) });
    }
  });
  endBoundsAtIntervals(text, fragments, out);
  out.push(...outsideCases(text, fragments, out, cases, ends));
  out.push(...picked.facts);
  for (const span of closed.spans) if (span.kind === 'otherwise') out.push(...otherBranch(text, fragments, reads, span, cases, ends));
  out.push(...alternativeCases(text, cases, ends));
  out.push(...remainingCases(text, fragments, out, cases, ends));
  // Copies for a later same part sit at its start: keep the list in order of `at` (factsNear searches it so).
  return out.sort((a, b) => a.at - b.at);
}

/**
 * A case that binds its name to an interval ("For $x$ in $[-1, 1]$", "Between $-1$ and $1$,", "On $[1, 2]$,") ends the
 * bounds an earlier case put on that name ("If $x \\le -1$, …") at its sentence, as a new supposition would (rev13 m08,
 * m12: both held, and left x = −1 alone). `placed` is changed in place.
 */
function endBoundsAtIntervals(text: string, fragments: readonly FactSource[], placed: ContextFact[]): void {
  for (const fact of placed) {
    if (!fact.rebinds || fact.left === undefined) continue;
    const f = fragments.find((g) => g.start === fact.at);
    // From its own clause when a sentence argues two intervals ("On $[1, \\infty)$, …, and on $(-\\infty, 1)$, …").
    const before = f ? sentenceAround(text, f.start, f.end).before : '';
    const opening = f ? f.start - before.length + caseClauseAt(before) : fact.at;
    // What the earlier interval's case drew about the name ("$|x - 1| = x - 1 \\ge 0$") is that case's, not this one's.
    const earlier = placed.filter((o) => o.rebinds && o.left === fact.left && o.at < opening && o.until > opening);
    const caseFrom = earlier.length ? Math.min(...earlier.map((o) => o.at)) : Infinity;
    for (const other of placed) if (other.at >= caseFrom && other.at < opening && other.until > opening && other.variables.includes(fact.left)) other.until = opening;
    for (const other of placed) {
      if (other.kind === 'bound' && other.variables.length === 1 && other.variables[0] === fact.left && other.at < opening && other.until > opening) other.until = opening;
    }
    // "On $[-1, 1]$ we get …; outside, $D(x) = 2|x| > 2$": the complement ends the interval's case.
    OUTSIDE.lastIndex = fact.at;
    const outside = OUTSIDE.exec(text);
    if (outside && outside.index < fact.until) fact.until = outside.index;
  }
}

/** The complement of an interval a case argued on: "outside (of) it", "elsewhere". */
const OUTSIDE = /\b(?:outside|elsewhere)\b/gi;

/**
 * "Outside this interval", "Elsewhere,", "outside $[0, 1]$,", "For all other $x$," opening a clause: the rest of the line
 * after a case (group 1 the interval it names, if any).
 */
const OUTSIDE_OPENING = new RegExp(
  String.raw`(?:^|[.;:,\n]|\*\*|__)\s*${CLAUSE_LINKS}(?:outside(?:\s+(?:of\s+)?(?:this|that|the|it|them)(?:\s+(?:interval|segment|range|region|set|case|half-?line|ray|part))?|\s+(?:\$|\\\()\s*((?:\\left\s*)?[([\]][^$]{1,40}?[)\][])\s*(?:\$|\\\)))?|elsewhere|for\s+(?:all|every|any)\s+other\s+(?:real\s+)?(?:values?\s+(?:of\s+)?)?(?:\$|\\\()\s*[A-Za-z]\s*(?:\$|\\\)))\s*(?=[,:]|\s+(?:\$|\\\(|we\b|one\b|it\b|the\b|f\b))`,
  'gi',
);

/**
 * What "Outside this interval …" / "Elsewhere, …" / "outside $[0, 1]$, …" assumes after a case on one name ("On $[-1, 1]$,",
 * "For $x \\le 1$,"): the case's bounds on that name negated, as one bound (`x > 1`) or the two alternatives of an
 * interval (`x < -1` or `x > 1`), from the opening to the end of its paragraph or case; the case's bounds and what it drew
 * about the name end there (rev17 F2: the second chain was checked under the first one's `x^2 \\le 1`). The case is the
 * latest bound of one name by a constant in scope at the opening, stated in its paragraph by an interval or a condition.
 * `placed` is changed in place.
 */
function outsideCases(text: string, fragments: readonly FactSource[], placed: ContextFact[], cases: readonly number[], ends: readonly number[]): ContextFact[] {
  const out: ContextFact[] = [];
  if (!/\b(?:outside|elsewhere|other)\b/i.test(text)) return out;
  for (const m of text.matchAll(OUTSIDE_OPENING)) {
    const w = m.index + m[0].search(/\S/) + (/^[.;:,\n]/.test(m[0].trimStart()) ? 1 : 0);
    const paragraphStart = text.lastIndexOf('\n\n', w);
    const caseBound = (f: ContextFact) => {
      if (f.kind !== 'bound' || f.disjunct || f.variables.length !== 1 || f.at >= w || f.at < paragraphStart || f.until < w || nameBound(f) === null) return false;
      if (f.rebinds) return true;
      const g = fragments.find((x) => x.start === f.at);
      return g !== undefined && CONDITION_SENTENCE.test(sentenceAround(text, g.start, g.end).before);
    };
    const latest = placed.filter(caseBound).sort((a, b) => b.at - a.at)[0];
    if (!latest) continue;
    const name = latest.variables[0];
    const own = placed.filter((f) => caseBound(f) && f.at === latest.at && f.variables[0] === name);
    // "outside $[0, 1]$": the interval it names, else the case's own bounds.
    const named = m[1] ? intervalBounds(m[1], name) : null;
    const bounds = named ?? own.map((f) => nameBound(f)!);
    for (const f of placed) if (f.at >= latest.at && f.at < w && f.until > w && f.variables.includes(name)) f.until = w;
    const paragraphEnd = text.indexOf('\n\n', w);
    const until = Math.min(caseScopeEnd(cases, ends, w + 1), paragraphEnd < 0 ? Infinity : paragraphEnd, partAt(sectionStarts(text), w)?.end ?? Infinity);
    const negated = bounds.flatMap((b) => (NEGATED[b.op] ? [{ op: NEGATED[b.op]!, right: b.right }] : []));
    if (!negated.length || negated.length !== bounds.length || negated.length > 2) continue;
    const place = (fact: Omit<ContextFact, 'at' | 'until' | 'key' | 'bases'>): ContextFact => ({ ...fact, at: w, until, key: JSON.stringify(fact), bases: [factBase(name)] });
    const tex = (b: { op: RelOp; right: string }) => `${name} ${b.op} ${b.right}`;
    if (negated.length === 1) out.push(place({ kind: 'bound', left: name, op: negated[0].op, right: negated[0].right, variables: [name], tex: tex(negated[0]), assumed: true }));
    else for (const b of negated) out.push(place({ kind: 'constrain', left: name, op: b.op, right: b.right, variables: [name], tex: tex(b), assumed: true, group: w, groupSize: 2 }));
  }
  return out;
}

const FLIP: Partial<Record<RelOp, RelOp>> = { '<': '>', '>': '<', '\\le': '\\ge', '\\ge': '\\le' };

/** A bound of one name by a constant as `name op c` (`0 < x` is `x > 0`); null for any other fact. */
function nameBound(f: ContextFact): { op: RelOp; right: string } | null {
  if (f.op === undefined || f.left === undefined || f.right === undefined || !(f.op in NEGATED)) return null;
  const name = f.variables[0];
  if (nameOf(f.left) === name && sideVariables(f.right)?.length === 0) return { op: f.op, right: f.right.trim() };
  if (nameOf(f.right) === name && sideVariables(f.left)?.length === 0) return { op: FLIP[f.op]!, right: f.left.trim() };
  return null;
}

const NEGATED: Partial<Record<RelOp, RelOp>> = { '<': '\\ge', '\\ge': '<', '>': '\\le', '\\le': '>' };

/**
 * What the other branch of "If $x \\ge 0$, then …; otherwise …" assumes: the condition negated (`x < 0`; "$n$ is
 * even" gives n odd), from "otherwise" to the end of its paragraph or case. A condition that is no single bound on
 * one name ("If $0 < x < 1$") negates into a disjunction: its names are a doubt there instead (no failure reported).
 * The condition is the formula right after the condition word, in its clause.
 */
function otherBranch(text: string, fragments: readonly FactSource[], reads: readonly FragmentFacts[], span: { from: number; to: number }, cases: readonly number[], ends: readonly number[]): ContextFact[] {
  const i = fragments.findIndex((f) => f.start >= span.from && f.start < span.to);
  if (i < 0 || /[.;:!?]/.test(text.slice(span.from, fragments[i].start)) || fragments[i].start - span.from > 80) return [];
  const facts = reads[i].map((r) => r.fact).filter((f) => f.kind !== 'define' || f.variables.length > 0);
  if (!facts.length) return [];
  const at = span.to;
  const paragraphEnd = text.indexOf('\n\n', at);
  const until = Math.min(caseScopeEnd(cases, ends, at + 1), paragraphEnd < 0 ? Infinity : paragraphEnd, partAt(sectionStarts(text), at)?.end ?? Infinity);
  const place = (fact: Omit<ContextFact, 'at' | 'until' | 'key' | 'bases'>): ContextFact => ({ ...fact, at, until, key: JSON.stringify(fact), bases: [...new Set(fact.variables.map(factBase))] });
  // "If $x > 0$ or $x < -1$, …; otherwise …": every alternative negated ($x \le 0$ and $x \ge -1$), or a doubt.
  if (facts.every((g) => g.disjunct)) {
    const group = [facts];
    for (let k = i + 1; k < fragments.length && alternativesBetween(text.slice(fragments[k - 1].end, fragments[k].start)); k++) {
      const next = reads[k].map((r) => r.fact);
      if (!next.length || !next.every((g) => g.disjunct)) break;
      group.push(next);
    }
    const negated = group.map((g) => (g.length === 1 ? negatedBound(g[0]) : null));
    if (group.length > 1 && negated.every((n) => n !== null)) return negated.map((n) => place(n!));
    const names = [...new Set(group.flat().flatMap((g) => g.variables))];
    return [place({ kind: 'constrain', variables: names, tex: `the other case of ${group.flat().map((g) => g.tex).join(' or ')}`, assumed: true })];
  }
  const only = facts.length === 1 ? facts[0] : null;
  if (only?.kind === 'bound' && only.variables.length === 1 && only.left !== undefined && only.right !== undefined && only.op !== undefined) {
    if (only.op === '\\equiv' && only.modulus === 2 && (only.right === '0' || only.right === '1')) {
      const right = only.right === '0' ? '1' : '0';
      return [place({ kind: 'bound', left: only.left, op: '\\equiv', right, modulus: 2, variables: only.variables, tex: `${only.left} \\equiv ${right} \\pmod{2}`, assumed: true })];
    }
    const op = NEGATED[only.op];
    if (op && (nameOf(only.left) !== null || nameOf(only.right) !== null)) return [place({ kind: 'bound', left: only.left, op, right: only.right, variables: only.variables, tex: `${only.left} ${op} ${only.right}`, assumed: true })];
  }
  // "If $n = 1$ …; otherwise …": every other value.
  if (only?.kind === 'define' && only.name !== undefined && only.expr !== undefined && only.variables.length === 1 && sideVariables(only.expr)?.length === 0) {
    return [place({ kind: 'bound', left: only.name, op: '\\ne', right: only.expr, variables: only.variables, tex: `${only.name} \\ne ${only.expr}`, assumed: true })];
  }
  const variables = [...new Set(facts.flatMap((f) => f.variables))];
  return variables.length ? [place({ kind: 'constrain', variables, tex: `the other case of ${facts.map((f) => f.tex).join(', ')}`, assumed: true })] : [];
}

/** A single bound of one name by a constant (`x > 0`, `-1 < x`), negated (`x \le 0`); else null. */
function negatedBound(fact: PlacedFact): Omit<ContextFact, 'at' | 'until' | 'key' | 'bases'> | null {
  const op = fact.op === undefined ? undefined : NEGATED[fact.op];
  if (fact.kind !== 'bound' || fact.variables.length !== 1 || !op || fact.left === undefined || fact.right === undefined) return null;
  if (nameOf(fact.left) === null && nameOf(fact.right) === null) return null;
  return { kind: 'bound', left: fact.left, op, right: fact.right, variables: fact.variables, tex: `${fact.left} ${op} ${fact.right}`, assumed: true };
}

/**
 * The disjunction the alternatives of `fragments[i]` belong to: where its first fragment starts (`group`) and how many
 * alternatives its fragments state in all (`groupSize`; "at least one of $a, b$ is positive" states two in one).
 */
function disjunctionOf(text: string, fragments: readonly FactSource[], reads: readonly FragmentFacts[], i: number): { group: number; groupSize: number } {
  const linked = (k: number) => reads[k - 1].some((r) => r.fact.disjunct) && reads[k].some((r) => r.fact.disjunct) && alternativesBetween(text.slice(fragments[k - 1].end, fragments[k].start));
  let first = i;
  while (first > 0 && linked(first)) first--;
  let last = i;
  while (last + 1 < fragments.length && linked(last + 1)) last++;
  let groupSize = 0;
  // One alternative per formula of bounds (`2 \le x \le 3`); "at least one of $a, b$" states one per name.
  for (let k = first; k <= last; k++) groupSize += new Set(reads[k].filter((r) => r.fact.disjunct).map((r, j) => r.fact.chain ?? j)).size;
  return { group: fragments[first].start, groupSize };
}

/** From a bare case label ("Case 1.", "**Case 2:**") to a formula: only formulas joined by "and" between them. */
const BARE_LABEL_THEN = /^[\s*_]*case\s*(?:\d|[ivx]{1,4}|\(?[a-d]\))\s*[.:]\s*(?:\*\*|__)?\s*(?:(?:\$|\\\()[^$]{1,80}?(?:\$|\\\))\s*,?\s*and\s+)*(?:\$|\\\()?\s*$/i;

/** The text between two formulas that are alternatives: "$x > 0$ or $x < -1$". */
const OR_BETWEEN = /^[\s$\\()]*,?\s*(?:or|or\s+else)\s*[$\\(]*\s*$/i;
/** A number or letter that counts the items of a list: "(1)", "(ii)", "(b)". */
const LIST_ITEM_NUMBER = String.raw`(?:\(\s*(?:\d|[ivx]{1,4}|[a-d])\s*\)\s*)?`;
/** The text between two formulas of a list of alternatives: ", ", ", or ", " and ", "; ", ", (2) ". */
const LIST_BETWEEN = new RegExp(String.raw`^[\s$\\)]*(?:[,;]\s*(?:(?:or|and)\s+)?|(?:or|and)\s+)${LIST_ITEM_NUMBER}[$\\(]*\s*$`, 'i');
/**
 * Words that open a list of alternatives, one of which holds: "Exactly one of", "We have three possibilities:", "We
 * distinguish", "three cases: (1)", "We consider the cases". Rev17: read as all true at once, the list left no value for
 * the whole document, earlier lines too.
 */
const ALTERNATIVES_OPENING = String.raw`\b(?:(?:(?:exactly|precisely|at\s+least)\s+)?one\s+of(?:\s+the\s+following(?:\s+(?:holds?|is\s+true|occurs))?\s*:?)?|either|(?:possibilit(?:y|ies)|cases|alternatives|options)(?:\s+(?:are|arise|remain|occur|to\s+consider))?\s*(?::|,?\s+namely)|according\s+(?:as|to\s+whether)|depending\s+on\s+whether|distinguish(?:\s+between)?(?:\s+the\s+(?:(?:two|three|four|following)\s+)?cases)?|(?:consider|split\s+into|treat)\s+(?:the\s+)?(?:(?:two|three|four|following)\s+)?cases\s*:?)\s*`;
/** Before a formula: a list's opening words, then only its earlier formulas and separators (`LIST_BETWEEN`). */
const LIST_SO_FAR = new RegExp(String.raw`${ALTERNATIVES_OPENING}${LIST_ITEM_NUMBER}(?:(?:\$|\\\()[^$]{1,80}?(?:\$|\\\))\s*(?:[,;]\s*(?:(?:or|and)\s+)?|(?:or|and)\s+)${LIST_ITEM_NUMBER})*(?:\$|\\\()?\s*$`, 'i');
/** After a formula: a separator and another formula of the list. */
const LIST_GOES_ON = new RegExp(String.raw`^[\s$\\)]*(?:[,;]\s*(?:(?:or|and)\s+)?|(?:or|and)\s+)${LIST_ITEM_NUMBER}(?:\$|\\\()`, 'i');

/**
 * Whether a formula is one item of a list of alternatives (`ALTERNATIVES_OPENING`): a later item, or the first with more after
 * it. After "either" an "and" joins the bounds of one alternative ("Either $x > 0$ and $y > 0$, or …"): no list there.
 */
function listedAlternative(before: string, after: string): boolean {
  const list = LIST_SO_FAR.exec(before);
  if (!list) return false;
  if (/^either\b/i.test(list[0]) && /(?:\$|\\\))\s*,?\s*and\s/i.test(`${list[0]}${after}`)) return false;
  return /(?:\$|\\\))\s*(?:[,;]\s*(?:(?:or|and)\s+)?|(?:or|and)\s+)(?:\(\s*(?:\d|[ivx]{1,4}|[a-d])\s*\)\s*)?(?:\$|\\\()?\s*$/i.test(before) || LIST_GOES_ON.test(after);
}

/** Whether the text between two formulas, each with alternatives, joins them into one disjunction ("or", or a list's separator). */
function alternativesBetween(between: string): boolean {
  return OR_BETWEEN.test(between) || LIST_BETWEEN.test(between);
}
/**
 * A label that picks one alternative out of a disjunction: "In the first / former case", "Case 1", "in the second / latter
 * case", "In the third case", "In the last case", "In the other / remaining case" (group 1 the word, group 2 the number), "If the first holds" (group 3).
 */
const CASE_PICKED = /\bin\s+the\s+(first|former|second|latter|third|fourth|last|other|remaining)\s+(?:case|alternative|possibility)\b|\bcase\s*(1|2|3|4|i{1,3}|iv|\(?[a-d]\))(?![\w)])|\bif\s+the\s+(first|former|second|latter|third|fourth|last|other)\s+(?:(?:one|alternative|possibility)\s+)?holds\b/gi;

/** Where the `count`-th blank line after offset `at` of `text` is (its end where there are fewer). */
function paragraphsOn(text: string, at: number, count: number): number {
  let i = at;
  for (let k = 0; k < count; k++) {
    const blank = text.indexOf('\n\n', i);
    if (blank < 0) return text.length;
    i = blank + 2;
    while (text[i] === '\n') i++;
  }
  return i;
}
const ORDINAL_LABELS = [['first', 'former', '1', 'i', 'a'], ['second', '2', 'ii', 'b'], ['third', '3', 'iii', 'c'], ['fourth', '4', 'iv', 'd']];

/**
 * Which of `n` alternatives a label picks: by its ordinal, the last one for "latter" and "last", and for "other" or
 * "remaining" the last one not picked yet (`taken`); null where there is none.
 */
function pickedIndex(word: string, n: number, taken: ReadonlySet<number>): number | null {
  const w = word.toLowerCase().replace(/[()\s]/g, '');
  const ordinal = ORDINAL_LABELS.findIndex((labels) => labels.includes(w));
  if (ordinal >= 0) return ordinal < n ? ordinal : null;
  if (w === 'latter' || w === 'last') return n - 1;
  for (let k = n - 1; k >= 0; k--) if (!taken.has(k)) return k;
  return null;
}

/** The label of a proof at a line start: "*Proof.*", "**Proof.**", "Proof:", "## Proof", `\\begin{proof}`. */
const PROOF_LABEL = /(?:^|\n)[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__|\*|_|\\textbf\{|\\textit\{|\\emph\{)?[ \t]*Proof\b|\\begin\{proof\}/g;

/**
 * Where the argument holding the list of alternatives that ends with `fragments[last]` ends, as far as its case labels go:
 * at the next statement's label ("**Lemma 2.**"), or at the next proof's label where the list stands in a proof already. A
 * lone "Case 2." past there belongs to another analysis (rev17: it picked this list's alternative up to two paragraphs
 * on). Not at a later list of alternatives: one inside a case ("so $y < 0$ or $y > 2$") is no new analysis of the outer.
 */
function analysisEnd(text: string, fragments: readonly FactSource[], last: number): number {
  const from = fragments[last].end;
  let end = Infinity;
  const labels = statementLabels(text);
  const k = lowerBound(labels.length, (n) => labels[n] < from);
  if (k < labels.length) end = labels[k];
  const proofs = [...text.matchAll(PROOF_LABEL)].map((m) => m.index);
  const before = proofs.filter((at) => at < from);
  const opened = before.length && before[before.length - 1] > (labels[k - 1] ?? -1);
  const next = proofs.find((at) => at >= from);
  if (opened && next !== undefined) end = Math.min(end, next);
  return end;
}

/**
 * The cases a text picks out of a disjunction of formulas ("Depending on whether $a \ge 0$ or $a < 0$: in the former
 * case …; in the latter case …", "Either $x < 2$ or $x > 3$ or $2 \le x \le 3$. In the first case … In the remaining
 * case …"): each picked alternative's bounds (all of its formula's: `2 \le x \le 3` holds as a whole), from its label
 * to the next label, or to the end of its case or paragraph. `ends`: where the doubt of each alternative's fragment
 * ends (the first label); `labels`: where each picking label stands.
 */
function pickedAlternatives(text: string, fragments: readonly FactSource[], reads: readonly FragmentFacts[], cases: readonly number[], ends: readonly number[]): { ends: Map<number, number>; facts: ContextFact[]; labels: number[] } {
  const out = { ends: new Map<number, number>(), facts: [] as ContextFact[], labels: [] as number[] };
  if (!/\b(?:case|alternative|possibility|holds)\b/i.test(text)) return out;
  const alternatives = (k: number) => reads[k].map((r) => r.fact).filter((g) => g.disjunct);
  const linked = (k: number) => alternatives(k - 1).length > 0 && alternatives(k).length > 0 && alternativesBetween(text.slice(fragments[k - 1].end, fragments[k].start));
  for (let i = 0; i + 1 < fragments.length; i++) {
    if (!alternatives(i).length || (i > 0 && linked(i))) continue;
    let last = i;
    while (last + 1 < fragments.length && linked(last + 1)) last++;
    const n = last - i + 1;
    if (n < 2) continue;
    const from = fragments[last].end;
    let blank = text.indexOf('\n\n', from);
    // A disjunction that ends its paragraph ("Suppose $x < -1$ or $x > 1$.") opens the cases of the next one.
    const next = blank < 0 ? null : /\S/.exec(text.slice(blank));
    if (next && /^[\s$\\).,;:]*$/.test(text.slice(from, blank))) blank = text.indexOf('\n\n', blank + next.index);
    const paragraphEnd = blank < 0 ? text.length : blank;
    // The labels may open the paragraphs after it ("Case 2." the next one, "In the last case" the one after): read on to
    // the end of the case analysis or the part, while a label follows within two paragraphs of the last one (rev17 F4).
    const partEnd = partAt(sectionStarts(text), from)?.end ?? Infinity;
    const rest = text.slice(from, Math.min(firstAtOrAfter(ends, from) ?? text.length, partEnd, analysisEnd(text, fragments, last), from + 2400));
    const labels: { at: number; index: number }[] = [];
    const taken = new Set<number>();
    let reach = Math.max(paragraphEnd - from, paragraphsOn(rest, 0, 2));
    for (const m of rest.matchAll(CASE_PICKED)) {
      if (m.index! > reach) break;
      const index = pickedIndex(m[1] ?? m[2] ?? m[3], n, taken);
      if (index === null || taken.has(index)) continue;
      taken.add(index);
      labels.push({ at: from + m.index!, index });
      reach = paragraphsOn(rest, m.index!, 2);
    }
    if (!labels.length) continue;
    // Where a case picked out ends: the next label, else the next case, its paragraph or its part. Only the first case
    // argued ("Suppose $x < -1$ or $x > 1$. In the first case …", the other left to the reader or symmetric): it is
    // argued under its alternative to its case's end (rev15 kind C: a point of the other failed it).
    // A label in a later paragraph ("Case 3." opening one) argues to the end of its paragraph at most.
    const caseEnd = (at: number) => Math.min(caseScopeEnd(cases, ends, at + 1), at < paragraphEnd ? paragraphEnd : text.indexOf('\n\n', at) < 0 ? text.length : text.indexOf('\n\n', at), partEnd);
    const place = (g: PlacedFact, at: number, until: number): ContextFact => {
      // A value picked out ("In the second case", of "$x < 0$, $x = 0$ or $x > 0$") is substituted, as a stated one is.
      const fact = g.op === '='
        ? { kind: 'define' as const, name: nameOf(g.left!)!, expr: g.right!.trim(), variables: g.variables, tex: g.tex, assumed: true }
        : { kind: g.kind, left: g.left, op: g.op, right: g.right, variables: g.variables, tex: g.tex, assumed: true };
      return { ...fact, at, until, key: JSON.stringify(fact), bases: g.bases };
    };
    labels.forEach((label, k) => {
      out.labels.push(label.at);
      const until = labels[k + 1]?.at ?? caseEnd(label.at);
      out.facts.push(...alternatives(i + label.index).map((g) => place(g, label.at, until)));
    });
    for (let k = i; k <= last; k++) out.ends.set(k, labels[0].at);
    i = last;
  }
  return out;
}

/** "whether $a$ is nonnegative or negative", "$x$ is either positive or negative": the two signs a case analysis splits on. */
const SIGN_ALTERNATIVES = /\b(?:whether|either)\s+(?:\$|\\\()\s*([^$]{1,20}?)\s*(?:\$|\\\))\s+is\s+(?:either\s+)?(positive|negative|non-?\s?negative|non-?\s?positive)\s*,?\s+or\s+(?:is\s+)?(positive|negative|non-?\s?negative|non-?\s?positive)\b|(?:\$|\\\()\s*([^$]{1,20}?)\s*(?:\$|\\\))\s+is\s+either\s+(positive|negative|non-?\s?negative|non-?\s?positive)\s*,?\s+or\s+(positive|negative|non-?\s?negative|non-?\s?positive)\b/gi;
/** The label of the first or the second case of an analysis: "In the first case", "Case 1", "In the other case". */
const FIRST_CASE = /^\s*(?:\*\*|__)?\s*(?:in\s+the\s+first\s+case|case\s*(?:1|i|\(?a\)))\b/i;
const SECOND_CASE = /^\s*(?:\*\*|__)?\s*(?:in\s+the\s+(?:second|other|remaining)\s+case|case\s*(?:2|ii|\(?b\)))\b/i;

/**
 * The sign of each case of an analysis announced in words ("We distinguish whether $a$ is nonnegative or negative.
 * In the first case … In the second case …"): a bound fact from each of the next two case labels to the end of its
 * case. Only where those labels are the first and the second case; the analysis names its name once.
 */
function alternativeCases(text: string, cases: readonly number[], ends: readonly number[]): ContextFact[] {
  const out: ContextFact[] = [];
  // Most documents announce no alternatives: skip the scan (it runs on every check of the editor's document).
  if (!/\b(?:whether|either)\b/i.test(text)) return out;
  for (const m of text.matchAll(SIGN_ALTERNATIVES)) {
    const name = nameOf(m[1] ?? m[4]);
    if (name === null) continue;
    const signs = [m[2] ?? m[5], m[3] ?? m[6]].map((w) => w.toLowerCase().replace(/[\s-]/g, ''));
    const k = lowerBound(cases.length, (j) => cases[j] < m.index + m[0].length);
    const labels = [cases[k], cases[k + 1]];
    if (labels.some((at) => at === undefined) || !FIRST_CASE.test(text.slice(labels[0], labels[0] + 40)) || !SECOND_CASE.test(text.slice(labels[1], labels[1] + 40))) continue;
    labels.forEach((at, i) => {
      const op: RelOp = signs[i] === 'positive' ? '>' : signs[i] === 'negative' ? '<' : signs[i] === 'nonnegative' ? '\\ge' : '\\le';
      const fact: PlacedFact = { kind: 'bound', left: name, op, right: '0', variables: [name], tex: `${name} ${op} 0`, assumed: true, key: '', bases: [factBase(name)] };
      out.push({ ...fact, key: JSON.stringify({ ...fact, key: undefined, bases: undefined }), at, until: caseScopeEnd(cases, ends, at + 1) });
    });
  }
  return out;
}

/** "For all other $x$", "for the remaining $x$", "For every other real $x$": the values a case before it left out. */
const REMAINING_CASE =
  /\bfor\s+(?:(?:all|every|any|each)\s+(?:the\s+)?(?:other|remaining)|the\s+(?:other|remaining))\s+(?:(?:real|integer|natural)\s+)?(?:(?:numbers?|values?(?:\s+of)?|reals?|integers?)\s+)?(?:\$|\\\()?\s*$/i;

/**
 * What "For all other $x$" (or "for the remaining $x$", "for every other real $x$") assumes after a case on x
 * ("For negative $x$, …", "If $x < 0$, …"): the one bound of x by a constant that ended at its sentence (`rebindEnd`),
 * negated, to the end of its paragraph or case; a value `x = c` the case fixed gives `x \ne c`. Nothing where no
 * single such bound is found (a bound of two ends negates into a disjunction): x is free there, as before. What the
 * first case stated about x after its condition (`x^2 = x` under `x = 1`) ends at the opening too (`placed` is changed).
 */
function remainingCases(text: string, fragments: readonly FactSource[], placed: ContextFact[], cases: readonly number[], ends: readonly number[]): ContextFact[] {
  const out: ContextFact[] = [];
  if (!/\b(?:other|remaining)\b/i.test(text)) return out;
  for (const f of fragments) {
    const name = f.display ? null : nameOf(f.tex);
    if (name === null) continue;
    const { before } = sentenceAround(text, f.start, f.end);
    if (!REMAINING_CASE.test(before)) continue;
    const opening = f.start - before.length;
    // Every bound the case put on x (`0 < x < 1` gives two), or the value it fixed (`x = 1`): only a single one
    // `x op c` negates into one bound (`x = c` into `x \ne c`).
    const ended = placed.filter((p) => (p.kind === 'bound' || (p.kind === 'define' && p.name === name && p.expr !== undefined && sideVariables(p.expr)?.length === 0)) && p.variables.length === 1 && p.variables[0] === name && p.at < opening && p.until <= f.start && p.until >= opening - 4);
    if (!ended.length) continue;
    const caseFrom = Math.max(...ended.map((e) => e.at));
    // What the case derived about x after stating it ("If $x = 1$, then $x^2 = x$"): the first case's, not the rest's.
    for (const p of placed) if (p.at >= caseFrom && p.at < opening && p.until > opening && p.variables.includes(name)) p.until = opening;
    const last = ended.filter((p) => p.at === caseFrom);
    const value = last.length === 1 && last[0].kind === 'define';
    const single = value || (last.length === 1 && last[0].left !== undefined && nameOf(last[0].left) === name && last[0].right !== undefined && sideVariables(last[0].right)?.length === 0);
    const op: RelOp | undefined = value ? '\\ne' : single ? NEGATED[last[0].op!] : undefined;
    if (!op) continue;
    const right = value ? last[0].expr!.trim() : last[0].right!;
    const paragraphEnd = text.indexOf('\n\n', f.end);
    const until = Math.min(caseScopeEnd(cases, ends, opening + 1), paragraphEnd < 0 ? Infinity : paragraphEnd, partAt(sectionStarts(text), opening)?.end ?? Infinity);
    const fact = { kind: 'bound' as const, left: name, op, right, variables: [name], tex: `${name} ${op} ${right}`, assumed: true };
    out.push({ ...fact, at: opening, until, key: JSON.stringify(fact), bases: [factBase(name)] });
  }
  return out;
}

/** `a_n = …`, `S_{k} = …` with the index on the right and no other member of the family: a closed general term. */
function generalTerms(tex: string): { base: string; name: string; tex: string }[] {
  if (!/[A-Za-z]_\{?\s*[a-z]\s*\}?\s*=/.test(tex)) return [];
  const out: { base: string; name: string; tex: string }[] = [];
  for (const pair of relationPairs(tex, 0)) {
    if (pair.op !== '=') continue;
    const m = /^\s*([A-Za-z])_\{?\s*([a-z])\s*\}?\s*$/.exec(pair.left.tex);
    const name = m ? nameOf(pair.left.tex) : null;
    const rv = m ? sideVariables(pair.right.tex) : null;
    if (!m || name === null || rv === null || !rv.includes(m[2]) || rv.some((v) => v === `${m[1]}[]` || v.startsWith(`${m[1]}_`))) continue;
    out.push({ base: m[1], name, tex: `${pair.left.tex.trim()} = ${pair.right.tex.trim()}` });
  }
  return out;
}

/** A parity read from words about one variable (`parityStated`): `n \equiv 1 \pmod{2}`, `n^2 \equiv 0 \pmod{2}`. */
function isParityOfName(fact: PlacedFact): boolean {
  return fact.kind === 'bound' && fact.op === '\\equiv' && fact.modulus === 2 && fact.variables.length === 1;
}

/** Offsets of every `\n\n` (as `indexOf` finds them: overlapping runs included), ascending. */
function blankLinesOf(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('\n\n'); i >= 0; i = text.indexOf('\n\n', i + 1)) out.push(i);
  return out;
}

/** The first value ≥ `at` of an ascending list (binary search), or null. */
function firstAtOrAfter(sorted: readonly number[], at: number): number | null {
  const i = lowerBound(sorted.length, (k) => sorted[k] < at);
  return i < sorted.length ? sorted[i] : null;
}

/** How far a fact reaches: the whole proof, its case (or the proof when there are none), or its paragraph within its case. */
export type FactScope = 'document' | 'case' | 'paragraph';
export type PlacedFact = Omit<ContextFact, 'at' | 'until'>;

const fragmentFactCache = new RunCache<{ fact: PlacedFact; scope: FactScope }[]>(20_000);

/** Forgets the facts read per fragment (benchmarks measure a cold check). */
export function clearFactCache(): void {
  fragmentFactCache.clear();
  bindsNameCache.clear();
  fragmentNamesCache.clear();
}

/** The words between a formula and a bound that quantifies it: "$P$ for all $", "$Q$, for $", "$P$ when $". */
const QUANTIFIES_FORMULA_BEFORE = /(?:\$|\\\))\s*,?\s*(?:(?:and|or)\s+)?(?:for\s+(?:(?:all|every|each|any)\s+)?(?:real\s+)?|when|whenever|if)\s*(?:\$|\\\()\s*$/i;
/** An inequality sign, for the bounds below. */
const INEQUALITY_SIGN = String.raw`(?:[<>≤≥]|\\(?:le|ge|leq|geq|lt|gt)(?![a-zA-Z]))`;
/** The name a bound bounds: `x > 0` or `-1 \\le x \\le 0` (group 1 or 2). */
const BOUND_NAME = String.raw`(?:([A-Za-z])\s*${INEQUALITY_SIGN}|-?[\d.]+\s*${INEQUALITY_SIGN}\s*([A-Za-z])\s*${INEQUALITY_SIGN})`;
/** Such a bound of one name, anywhere in a sentence (group 1 or 2 the name): "$P$ for $x > 0$", "… and for $-1 \\le x \\le 0$". */
const QUANTIFYING_BOUNDS = new RegExp(String.raw`(?:\$|\\\))\s*,?\s*(?:(?:and|or)\s+)?(?:for\s+(?:(?:all|every|each|any)\s+)?(?:real\s+)?|when|whenever|if)\s*(?:\$|\\\()\s*${BOUND_NAME}`, 'gi');

/**
 * Whether a bound quantifies the formula before it in a sentence that quantifies another formula by another bound of the
 * same name: "Prove that $P$ for all $x > 0$, and that $Q$ for $x < 0$." Each bound is its own formula's, a case of the
 * statement, no fact nor domain of the document (rev17: both read as domains, they left no value for the whole proof).
 */
export function quantifiesOneOfTwo(tex: string, before: string, whole: string): boolean {
  if (!QUANTIFIES_FORMULA_BEFORE.test(before)) return false;
  const m = new RegExp(String.raw`^\s*${BOUND_NAME}`).exec(tex);
  const name = m ? (m[1] ?? m[2]) : undefined;
  return name !== undefined && [...whole.matchAll(QUANTIFYING_BOUNDS)].filter((q) => (q[1] ?? q[2]) === name).length >= 2;
}

/**
 * Whether the bounds of an inline formula are no domain of the document, whatever it states: a bound left out ("Unless $x
 * \\ge 1$"), one of two bounds that quantify two formulas (`quantifiesOneOfTwo`). An alternative is none either: its facts
 * say so (`ContextFact.disjunct`).
 */
export function statesNoDomain(tex: string, before: string, whole: string): boolean {
  return EXCEPTING.test(before) || quantifiesOneOfTwo(tex, before, whole);
}

/** A sentence that opens with the words that leave values out ("Unless $x \\ge 1$, …"). */
const EXCEPTING_OPENS = new RegExp(String.raw`^[\s*_]*(?:${EXCEPT_WORDS})\b`, 'i');

/** A name, then the words that leave a value out of it (`EXCEPT_WORDS`), right before the value's formula: "$x$ other than $". */
const EXCEPTED_VALUE_OF = new RegExp(String.raw`(?:\$|\\\()\s*([^$]{1,12}?)\s*(?:\$|\\\))\s*,?\s*(?:${EXCEPT_WORDS})\s*(?:\$|\\\()\s*$`, 'i');

/** The formula before this one ends right before an "or" (its other alternative): "If $x > 0$ or $x < -1$". */
const OR_BEFORE = /(?:\$|\\\))\s*,?\s*or(?:\s+else)?\s*(?:\$|\\\()\s*$/i;
/** An "or" and another formula right after this one. */
const OR_AFTER = /^[\s$\\)]*,?\s*or(?:\s+else)?\s+(?:\$|\\\()/i;
/** "at least one of", "one of", "either of", "some of", "not both of" before a list of names. */
const SOME_OF_BEFORE = /\b(?:at\s+least\s+one|(?:exactly\s+)?one|either|some|not\s+both|any)\s+of\s+(?:the\s+(?:numbers|reals|integers|variables)\s+)?(?:\$|\\\()?\s*$/i;

/**
 * "Claim: $x > 0$." — a claim label, then the formula as the whole claim: what the proof sets out to prove (rev12 i07:
 * "Suppose not" argued under it). "**Claim.** $a_n = \frac{n}{2^n}$ is decreasing" names its sequence and stays read.
 */
const CLAIM_LABEL = /(?:^|[.;]\s*|\n\s*)(?:\*\*|__)?\s*claim(?:\s+\d+)?\s*[.:]\s*(?:\*\*|__)?\s*(?:\$|\\\()?\s*$/i;
/** The formula ends its sentence (its delimiter, then a full stop or the end). */
const ENDS_SENTENCE_AFTER = /^[\s$\\)]*(?:[.;]|$)/;

/** "For $", "If $", ", and when $": a clause opening with a condition word right before the formula. */
const CONDITION_OPENING = new RegExp(String.raw`(?:^|[.;:,\n]|\*\*|__)\s*${CLAUSE_LINKS}(?:for|if|when|whenever|unless|provided(?:\s+that)?)\s+(?:(?:all|every|any|each)\s+)?(?:real\s+)?(?:\$|\\\()\s*$`, 'i');

/**
 * "For all reals $x$ with $", "for every $n$ such that $": the condition a quantifier puts on its names, right before the
 * formula (rev17 W2: read as a claim, "$|x| \\le 1$" was unconfirmed and "$x^2 \\le 1$" after it "followed from" it).
 */
const QUANTIFIER_CONDITION = /\bfor\s+(?:all|every|any|each)\s+(?:[A-Za-z-]+\s+){0,3}(?:\$|\\\()[^$]{1,20}?(?:\$|\\\))\s*,?\s*(?:with|such\s+that|satisfying|where|obeying)\s+(?:\$|\\\()\s*$/i;

/** A consequence word after the sentence's last formula: "If $x < 3$, then $", "Suppose $a > 0$; hence $". */
const DRAWN_AFTER_FORMULA = /(?:\$|\\\))[^$]*\b(?:then|so|hence|thus|therefore|consequently|whence|we\s+(?:have|get|obtain))\b[^$]*?(?:\$|\\\()?\s*$/i;

/** The facts one fragment states, given its sentence (`before`/`after` it, and `whole`), without offsets. */
function fragmentFacts(
  tex: string, display: boolean, before: string, after: string, whole: string, hypothesisDisplayed: boolean,
): { fact: PlacedFact; scope: FactScope }[] {
  const facts: { fact: PlacedFact; scope: FactScope }[] = [];
  const f = { tex, display };
  const sentence = `${before} ${after}`;
  const assuming = ASSUMING.test(withoutFalseHypotheses(before));
  // "The sequence $a_n = \frac{n}{2^n}$ is decreasing": the claim names its sequence by its formula, a definition
  // the proof reads its members through (forgotten with the claim's paragraph, `a_{n+1}` and `a_n` were free numbers).
  const defining = !assuming && (DEFINING.test(before) || /^\W{0,4}where\b/i.test(before.slice(-12)) || SEQUENCE_NAMED.test(before));
  const hypothesis = assuming || DEFINING.test(before) || hypothesisDisplayed;
  // Stated as something the proof takes for granted ("suppose", "given", "by hypothesis") or derives from
  // its own equations ("adding (1) and (2)"): then it constrains even a later copy of itself. A relation
  // claimed in passing ("expanding, …") does not.
  const assumed = hypothesis || introducesHypothesis(before) || DERIVED_FROM_EQUATIONS.test(before) || /\bby (?:assumption|hypothesis)\b|\b(?:is given|are given|as assumed)\b/i.test(after);
  // "$x > 0$ or $x < -1$": each side of an "or" between two formulas is one alternative, not a fact. So is each formula of
  // a list of alternatives ("Exactly one of $A$, $B$, $C$ holds", "three possibilities: $A$, $B$, or $C$"). Not the values
  // a statement leaves out ("Unless $x = 1$ or $x = -1$": neither holds).
  const listed = !display && !EXCEPTING.test(before) && listedAlternative(before, after);
  const alternative = listed || (!display && !EXCEPTING.test(before) && (OR_BEFORE.test(before) || OR_AFTER.test(after)));
  const derived = assumed && DRAWN_AFTER_FORMULA.test(before);
  const condition = !display && (CONDITION_OPENING.test(before) || QUANTIFIER_CONDITION.test(before));
  const push = (stated: Omit<ContextFact, 'at' | 'until' | 'key' | 'bases'>, scope: FactScope = 'case') => {
    let fact = assumed ? { ...stated, assumed, ...(derived ? { derived } : {}) } : stated;
    if (condition) fact = { ...fact, condition };
    if (alternative && fact.kind === 'bound') fact = { ...fact, disjunct: true, chain: f.tex.trim() };
    // A general term (`a_n = \frac1n`) concerns every member of its family, whatever index a fragment writes (`a_k`).
    const families = fact.variables.flatMap((v) => /^([A-Za-z]+)_[A-Za-z]$/.exec(v)?.[1] ?? []);
    facts.push({ fact: { ...fact, key: JSON.stringify(fact), bases: [...new Set([...fact.variables.map(factBase), ...families])] }, scope });
  };

  // `m := …`, `m \coloneqq …`, `m \overset{\mathrm{def}}{=} …`, `m ≝ …`; and the other way round, `… =: m`,
  // `… \eqqcolon m` (the name on the side of the colon).
  const colon = new RegExp(String.raw`^\s*([^=]{1,40}?)\s*(?::=|\\coloneqq|\\coloneq|\\triangleq|≝|${DEF_EQUALS})\s*([^,;]+)$`).exec(f.tex);
  const reversed = colon ? null : /^\s*([^,;]+?)\s*(?:=:|\\eqqcolon|\\eqcolon)\s*([^=,;]{1,40}?)\s*$/.exec(f.tex);
  const definition = colon ? { name: colon[1], expr: colon[2] } : reversed ? { name: reversed[2], expr: reversed[1] } : null;
  if (definition) {
    const name = nameOf(definition.name);
    const vars = sideVariables(definition.expr);
    if (name !== null && vars !== null && !vars.includes(name)) push({ kind: 'define', name, expr: definition.expr.trim(), certain: true, variables: [name, ...vars], tex: f.tex.trim() }, 'document');
  }

  // `a_n = \frac{n}{2^n}` anywhere (a claim, a goal, part (a)): the family's members are values of that formula, never
  // free numbers, even where the formula is out of scope (rev11 m19: "For $n \ge 1$" in the proof of the claim).
  for (const term of generalTerms(f.tex)) push({ kind: 'constrain', variables: [`${term.base}[]`], tex: term.tex, termOf: term.base }, 'document');
  // "We show that $x = y$": what the proof sets out to prove is no value or constraint it may use. Nor the bound of one of
  // its statements ("… for all $x > 0$, and … for $x < 0$").
  if (GOAL.test(before) || (CLAIM_LABEL.test(before) && ENDS_SENTENCE_AFTER.test(after)) || (!display && quantifiesOneOfTwo(tex, before, whole))) return facts;
  // "with equality exactly for $-2 \le x \le 1$", "equality holds iff $a = b$": the set where a bound is
  // attained, not a hypothesis; read as one it made a later claim about every x "hold" on that set.
  if (EQUALITY_CASE.test(before)) return facts;
  const pairs = relationPairs(sharedBoundList(f.tex) ?? f.tex, 0);
  // "Solve $x^2 - 5x + 6 > 0$.", "Find all $x$ with $…$", "Determine for which $x$ …": the inequality is what the proof solves
  // for, no fact of its steps (rev15 kind D: read as one, the case $2 \le x \le 3$ of its solution had no value left).
  if (SOLVE_GOAL.test(before) && !CONSEQUENCE_OPENING.test(before) && pairs.length && pairs.every((p) => p.op !== '=' && p.op !== '\\equiv')) return facts;
  const named = new Set<string>();
  // "Setting $x = 0$", "putting $x = y = 0$ in (1)": values substituted into an equation for one
  // derivation, not a definition of x for the rest of the proof (the check of the answer that follows
  // is about every x).
  const substituting = SUBSTITUTING.test(before) && !/\b(?:let|define|denote|where|call|fix)\b/i.test(before);
  for (const [index, pair] of pairs.entries()) {
    // `x_1 + x_2 + \cdots + x_n = 1` is a constraint on the whole family: read it as the sum it abbreviates.
    const leftTex = foldEllipsisSum(pair.left.tex);
    const rightTex = foldEllipsisSum(pair.right.tex);
    const lv = sideVariables(leftTex);
    const rv = sideVariables(rightTex);
    if (lv === null || rv === null) {
      if (hypothesis) {
        const vars = texVariables(`${pair.left.tex} ${pair.right.tex}`);
        if (vars.length) push({ kind: 'constrain', variables: vars, tex: `${pair.left.tex} ${pair.op} ${pair.right.tex}`, joint: pair.op === '=' });
      }
      continue;
    }
    const variables = [...new Set([...lv, ...rv])];
    const tex = `${pair.left.tex} ${pair.op} ${pair.right.tex}`;
    if (pair.op === '\\equiv' || pair.op === '\\not\\equiv') {
      // A congruence stated as a hypothesis or in passing (`x \equiv 2 \pmod 7`): sample inside its class.
      // A displayed one that is a step of a computation is a claim (like a displayed inequality).
      if (f.display && !hypothesis) continue;
      const m = statedModulus(f.tex, before, after, pair.right.start);
      if (m !== null) push({ kind: 'bound', left: leftTex, op: pair.op, right: rightTex, modulus: m, variables, tex: `${tex} \\pmod{${m}}` });
      else if (hypothesis) push({ kind: 'constrain', variables, tex });
      continue;
    }
    // "Except when $x = 1$", "Unless $x = 1$", "other than $x = 1$": the value left out, `x \\ne 1` (rev15: read as x = 1,
    // the opposite, every step under it went unchecked).
    if (pair.op === '=' && pairs.length === 1 && EXCEPTING.test(before) && nameOf(leftTex) !== null && rv.length === 0) {
      push({ kind: 'bound', left: leftTex, op: '\\ne', right: rightTex, variables, tex: `${leftTex.trim()} \\ne ${rightTex.trim()}`, assumed: true });
      continue;
    }
    // "Unless $x \\ge 1$, we have $x < 1$": what is left out is the bound, the rest its negation (rev17: read as x ≥ 1, it
    // met the x < 1 after it in "no values satisfy"). A bound of one name by a constant negates into one bound, a double one
    // into a disjunction; any other is a doubt about its names. Only where the words open the sentence: in "…, unless
    // $y > 2$" the bound is the condition of that clause alone, no fact.
    if (EXCEPTING.test(before) && NEGATED[pair.op] !== undefined) {
      const op = NEGATED[pair.op]!;
      const single = (nameOf(leftTex) !== null || nameOf(rightTex) !== null) && variables.length === 1;
      const negated = { kind: 'bound' as const, left: leftTex, op, right: rightTex, variables, tex: `${leftTex.trim()} ${op} ${rightTex.trim()}`, assumed: true };
      // "Unless $0 \\le x \\le 1$": x < 0 or x > 1, each negated bound one alternative.
      if (EXCEPTING_OPENS.test(before) && single) push(pairs.length === 1 ? negated : { ...negated, disjunct: true, chain: negated.tex });
      else if (EXCEPTING_OPENS.test(before)) push({ kind: 'constrain', variables, tex: `not ${tex}`, assumed: true });
      continue;
    }
    // "We distinguish $x < 0$, $x = 0$ and $x > 0$": a value as one alternative of a list, no value of the paragraph (a picked
    // case gives it: `pickedAlternatives`). Not "so $x = 1$ or $x = 2$": the solutions found, each substituted as before.
    if (pair.op === '=' && listed && pairs.length === 1 && nameOf(leftTex) !== null && rv.length === 0) {
      push({ kind: 'bound', left: leftTex, op: '=', right: rightTex, variables, tex });
      continue;
    }
    if (pair.op === '=') {
      const name = nameOf(leftTex);
      if (name !== null && !rv.includes(name)) {
        named.add(name);
        // `x = y = 0`, `a = b = c = 1`: every name of the chain takes the constant that ends it (not `x = y`
        // for good, which would make a later identity "hold under x = y").
        const value = chainConstant(pairs, index);
        if (value !== null && rv.length > 0) {
          push({ kind: 'define', name, expr: value, certain: defining && !substituting, variables: [name], tex: `${name} = ${value}` }, substituting || !defining ? 'paragraph' : 'case');
          continue;
        }
        // A display `S = 1 + 2 + …` names a value too, but only a definition sentence makes it certain.
        const certain = defining && pair.indexInChain === 0;
        const constant = rv.length === 0;
        // A value, or an equation met in passing ("substituting $y = -x$", "so $x = 1$"), holds for its
        // paragraph; an assumption ("assume that $u = 3v$") and a definition for the rest of their case.
        // A general term stated in passing ("$a_n = \frac{n}{2^n}$ is decreasing") is the family's formula for the case,
        // not for its paragraph only: the proof after it reads its members through it (a failure under it stays unchecked).
        const passing = ((!certain && (constant || !assuming)) || (substituting && constant)) && !generalTerms(f.tex).some((t) => t.name === name);
        push({ kind: 'define', name, expr: rightTex, certain, variables, tex }, passing ? 'paragraph' : 'case');
        continue;
      }
      // A displayed equation with a constant side (`a + b = 5`) is an equation of the proof, not a
      // computation: it constrains its variables like a stated one.
      if (f.display && !hypothesis && (lv.length === 0) === (rv.length === 0)) continue;
      // A consequence drawn in passing ("Then $\\sqrt{a^2} = -a$", true under that paragraph's supposition, false after
      // it) constrains its paragraph only; what the proof states, assumes or derives from its equations, its case.
      if (!looksLikeIdentity(leftTex, rightTex)) push({ kind: 'constrain', variables, tex, joint: true, left: leftTex, op: '=', right: rightTex }, !assumed && CONSEQUENCE_OPENING.test(before) ? 'paragraph' : 'case');
      continue;
    }
    // Inequalities: sample only points that satisfy them (a displayed inequality that is a step of a
    // computation is a claim, not a constraint).
    if (f.display && !hypothesis) continue;
    // A sign supposed for one name ("Suppose $a < 0$") holds for its case, up to where a later sentence binds the
    // name afresh (placeFacts, `rebindEnd`). Not for its paragraph only: "Assume $x < 1$." often closes the paragraph
    // whose next one argues under it, and there a step true for x < 1 only would fail.
    push({ kind: 'bound', left: leftTex, op: pair.op, right: rightTex, variables, tex });
    // `s = 3r \ge 6`: the defined name inherits the bound.
    for (const name of named) if (pair.indexInChain > 0) push({ kind: 'bound', left: name, op: pair.op, right: rightTex, variables: [name, ...rv], tex: `${name} ${pair.op} ${rightTex}` });
  }

  // "For all $x$ other than $3$", "every $x$ except $0$": the value left out of the name written just before the words.
  if (!pairs.length && !f.display) {
    const left = EXCEPTED_VALUE_OF.exec(before);
    const name = left ? nameOf(left[1]) : null;
    if (name !== null && sideVariables(f.tex)?.length === 0) push({ kind: 'bound', left: name, op: '\\ne', right: f.tex.trim(), variables: [name], tex: `${name} \\ne ${f.tex.trim()}`, assumed: true });
  }
  // "Case $n$ even", "let $n$ be odd", "the odd number $2n + 1$": a congruence modulo 2 to sample inside.
  const parity = parityStated(f.tex, display, before, after);
  for (const p of parity?.sides ?? []) {
    push({ kind: 'bound', left: p.tex, op: '\\equiv', right: String(parity!.r), modulus: 2, variables: p.variables, tex: `${p.tex} \\equiv ${parity!.r} \\pmod{2}` }, parity!.scope);
  }

  // Words: "for vectors $u, v$", "a point of the unit circle", "a root of …".
  if (!f.display && DECLARING.test(before)) {
    // "Consider the function $g(x) = |x^2 - 4|$": the word is about g, whose argument is a number (rev17: every later
    // relation in x was "not a real number here").
    const objects = OBJECT_WORDS.test(sentence) && !(FUNCTION_DEFINED.test(f.tex) && !OBJECT_WORDS.test(sentence.replace(FUNCTION_WORDS, ' ')));
    const near = `${before.slice(-30)} ${after.slice(0, 30)}`;
    // Odd and even, once read as a congruence, no longer leave the variable unreadable.
    const constraining = CONSTRAINING_WORDS.test(withoutParityPhrases(parity ? sentence.replace(/\b(?:odd|even)\b/gi, ' ') : sentence)) || (/^\s*\\?[A-Za-z]+\s*$/.test(f.tex) && QUANTITY_WORDS.test(near));
    if (objects || constraining) {
      const vars = texVariables(f.tex);
      if (vars.length) push({ kind: objects ? 'opaque' : 'constrain', variables: vars, tex: whole.replace(/\s+/g, ' ').trim().slice(0, 120) }, objects ? 'document' : 'case');
    }
    // "a point $(x, y)$ of the unit circle": the words state an equation the checker can sample on.
    const pair = /\(\s*([A-Za-z])\s*,\s*([A-Za-z])\s*\)\s*$/.exec(f.tex);
    if (!objects && pair && pair[1] !== pair[2] && /\bunit circle\b/i.test(sentence)) {
      const [x, y] = [nameOf(pair[1]), nameOf(pair[2])];
      if (x !== null && y !== null) push({ kind: 'constrain', variables: [x, y], tex: `${pair[1]}^2 + ${pair[2]}^2 = 1`, joint: true, left: `${pair[1]}^2 + ${pair[2]}^2`, op: '=', right: '1' });
    }
  }
  // "$x$ is larger than $y$", "$a$ is at least $b + 1$", "$t$ exceeds $s$", "$n$ be an integer greater than $1$",
  // "$y$ is negative", "for negative $x$": an inequality said in words, to sample inside like the same one
  // written in symbols (and ended, like it, where a later sentence binds the name afresh: placeFacts).
  const worded = boundsInWords(f.tex, f.display, before, after);
  // "at least one of $a, b$ is positive", "one of $x$, $y$ is negative": a sign for some of the names, not for each.
  const some = SOME_OF_BEFORE.test(before);
  for (const name of worded?.names ?? []) {
    for (const b of worded!.bounds) {
      const rv = sideVariables(b.right);
      if (rv !== null) push({ kind: 'bound', left: name, op: b.op, right: b.right, variables: [...new Set([...(sideVariables(name) ?? []), ...rv])], tex: `${name} ${b.op} ${b.right}`, ...(some ? { disjunct: true } : {}) }, worded!.scope);
    }
  }
  const signed = worded ? null : expressionSign(f.tex, f.display, before, after);
  if (signed) push({ kind: 'bound', left: f.tex.trim(), op: signed.op, right: '0', variables: signed.variables, tex: `${f.tex.trim()} ${signed.op} 0` }, signed.scope);
  // "Case 2: $x \in [1, 2]$", "a real number $x$ in $[1, 2]$", "On $[1, 2]$, …", "Between $-1$ and $1$, …": the interval
  // bounds the name for its case as `1 \le x \le 2` would (rev13: read as nothing, the case was judged at x = −2).
  const interval = intervalStated(f.tex, f.display, before, after);
  for (const name of interval?.names ?? []) {
    for (const b of interval!.bounds) {
      const rv = sideVariables(b.right);
      if (rv !== null) push({ kind: 'bound', left: name, op: b.op, right: b.right, variables: [...new Set([name, ...rv])], tex: `${name} ${b.op} ${b.right}`, rebinds: true });
    }
  }
  // "$F_n$ is the $n$-th Fibonacci number", "let $H_n$ be the harmonic numbers", "$p_k$ the $k$-th prime":
  // a family named in words as a sequence the checker does not compute. Its members are not free
  // numbers, so an identity between them (Cassini's) says nothing when it fails at independent values.
  const family = /^\s*(?:\\left)?[({]?\s*([A-Za-z])_\{?\s*[A-Za-z]\s*\}?\s*(?:\\right)?[)}]?(?:_\{[^{}]*\})?\s*$/.exec(f.tex.replace(/\\[{}]/g, (m) => m[1]));
  if (!f.display && family && NAMED_SEQUENCE.test(sentence)) {
    push({ kind: 'constrain', variables: [`${family[1]}[]`], tex: whole.replace(/\s+/g, ' ').trim().slice(0, 120) }, 'document');
  }
  return facts;
}

/**
 * A sentence that opens by drawing a consequence ("Then", "So", "Hence", "Thus, we have", "It follows that"), or
 * whose last clause before the formula does ("Since $x = 2$ and $y = 1$, we get").
 */
export const CONSEQUENCE_OPENING = /^[\s*_]*(?:then|so|hence|thus|therefore|consequently|it follows that|this gives|which gives|we get|we obtain|we have)\b|[,;:]\s*(?:(?:and\s+)?(?:then|so|hence|thus|therefore|consequently)\b|it follows that|this gives|which gives|we get|we obtain|we have)[^,;:$]*$/i;


/** The words right before a formula naming where equality holds ("with equality exactly for", "equality holds iff"). */
export const EQUALITY_CASE =
  /\bequality\s+(?:(?:holds|occurs|is\s+(?:attained|achieved|reached))\s+)?(?:exactly\s+|precisely\s+|only\s+)?(?:if\s+and\s+only\s+if|iff|when|whenever|for|if|at|in\s+the\s+case)\s*(?:\$|\\\()?\s*$/i;

/** "the sequence $…$", "the sequence defined by $…$", "a sequence given by $…$": a formula that names a sequence. */
const SEQUENCE_NAMED = /\bsequences?\s+(?:(?:is\s+)?(?:defined|given)\s+by\s+)?(?:\$|\\\()?\s*$/i;

/** Words that substitute values into an equation for one derivation ("setting $x = 0$", "plug in $y = 1$"). */
const SUBSTITUTING = /\b(?:set|setting|letting|put|putting|plug|plugging|plugged|substitut\w*|taking|specializ\w*|choosing)\b/i;

/**
 * The constant that ends the `=` chain of `pairs[index]` when every term from that pair's left side on
 * is a plain name (`x = y = 0`: `0` for both pairs), else null.
 */
function chainConstant(pairs: readonly RelationPair[], index: number): string | null {
  let j = index;
  while (j + 1 < pairs.length && pairs[j + 1].left.start === pairs[j].right.start && pairs[j + 1].op === '=') j++;
  if (j === index && pairs[j].op !== '=') return null;
  for (let k = index; k <= j; k++) if (pairs[k].op !== '=' || nameOf(pairs[k].left.tex) === null) return null;
  const last = pairs[j].right.tex.trim();
  return sideVariables(last)?.length === 0 ? last : null;
}

/** `\stackrel{\text{def}}{=}`, `\overset{\mathrm{def}}{=}`, `\overset{\Delta}{=}`: an equals sign marked as a definition. */
const DEF_EQUALS = String.raw`\\(?:stackrel|overset)\s*\{\s*(?:\\(?:text|mathrm|textrm|rm|scriptscriptstyle|scriptstyle)\s*\{?\s*)?(?:def|defn|d|\\Delta|\\triangle|Δ)\s*\}?\s*\}\s*\{\s*=\s*\}`;

/** Numbers people write in words after a comparison ("less than zero", "greater than three"). */
const NUMBER_WORDS: Record<string, string> = { zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10' };
const INLINE_ARG = String.raw`(?:\$|\\\()([^$]{1,40}?)(?:\$|\\\))`;
const WORD_NUMBER = String.raw`(zero|one|two|three|four|five|six|seven|eight|nine|ten)\b`;
/** More names of the same list after the formula: "$x$ and $y$ are negative", "$a$, $b$, and $c$ be positive". */
export const LIST_AFTER = String.raw`(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:\$|\\\()[^$]{1,20}?(?:\$|\\\)))*`;
/** The kind a name is said to be before its bound: "an integer", "a natural number", "an even number", "a positive real". */
const KIND_NOUN = String.raw`(?:(?:an?|any|some|arbitrary|fixed)\s+)?(?:(?:odd|even|positive|negative|non-?negative|non-?positive|natural|real|whole|prime|rational)\s+)*(?:integers?|numbers?|reals?|naturals?|primes?)\s*,?\s*(?:(?:that|which)\s+(?:is|are)\s+)?`;
/**
 * A comparison in words: "greater than or equal to", "larger than", "at least", "no more than", "exceeds",
 * "exceeding", "between … and …"; the number after it as a formula or a word ("zero", "three").
 */
const COMPARISON = String.raw`(?:strictly\s+)?(?:(larger|greater|bigger|higher|more|smaller|less|lower)\s+than(\s+or\s+equal\s+to)?|at\s+(least|most)|(?:no|not)\s+(less|fewer|smaller|lower|more|greater|larger|bigger)\s+than|(exceed(?:s|ing)?)|(between))`;
/** "is larger than $y$", "be an integer greater than $1$", "exceeds $s$", right after a name's formula (or a list of names). */
const COMPARED_IN_WORDS = new RegExp(
  String.raw`^\s*(?:\$|\\\))?${LIST_AFTER}\s*,?\s*((?:is|be|are|was|being|were)\s+(?:(?:both|all|each)\s+)?)?(?:${KIND_NOUN})?${COMPARISON}\s*`,
  'i',
);
/** A further comparison joined to the first ("greater than $3$ and less than $4$", "at least $1$ but at most $n$"). */
const AND_COMPARED = new RegExp(String.raw`^\s*,?\s*(?:and|but)\s+(?:(?:is|be|are|was|were)\s+)?(?:also\s+)?${COMPARISON}\s*`, 'i');
/** Parts named in words ("one half", "three quarters", "a third"), by their denominator. */
const DENOMINATORS: Record<string, string> = {
  half: '2', halves: '2', third: '3', thirds: '3', quarter: '4', quarters: '4', fourth: '4', fourths: '4', fifth: '5', fifths: '5',
  sixth: '6', sixths: '6', seventh: '7', sevenths: '7', eighth: '8', eighths: '8', ninth: '9', ninths: '9', tenth: '10', tenths: '10',
};
const FRACTION_WORDS = new RegExp(String.raw`^(a|an|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(${Object.keys(DENOMINATORS).join('|')})\b\s*`, 'i');
/** Words after a number that change it ("$3$ times", "two thirds", "$2$ more than", "$1$ or less than"): the number alone is no bound. */
const NUMBER_CONTINUES = new RegExp(String.raw`^\s*(?:times|multiplied|divided|plus|minus|more|less|fewer|of|as|or|percent|squared|cubed|to\s+the|hundred|thousand|million|point|${Object.keys(DENOMINATORS).join('|')})\b|^\s*[-+*/^·×]`, 'i');
/** `tex` as one factor of a product: bare when a name or a number, else in parentheses. */
const factor = (tex: string): string => (/^\s*(?:\\?[A-Za-z]+|\d+(?:\.\d+)?)\s*$/.test(tex) ? tex.trim() : `(${tex.trim()})`);

/**
 * The quantity a comparison in words compares with, at the start of `rest`: a formula or a number word ("$n$",
 * "three", "one half" as `\frac{1}{2}`), or a multiple or part of a formula ("twice $x$" as `2 x`, "three times
 * $x$", "half of $x$" as `\frac{1}{2} x`, "at least twice as large as $a$"), with the length read. Null where the
 * words go on to change the number ("three times the sum", "$2$ more than $x$"): no bound is better than a wrong one.
 */
function quantityInWords(rest: string): { tex: string; length: number } | null {
  let at = /^\s*/.exec(rest)![0].length;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest.slice(at));
    if (m) at += m[0].length;
    return m;
  };
  let times: string | null = null;
  let part = false;
  const multiple = take(/^(?:(twice|double)|(thrice)|(half))\s+(?:of\s+)?/i);
  if (multiple) times = multiple[1] ? '2' : multiple[2] ? '3' : '\\frac{1}{2}';
  const fraction = times === null ? take(FRACTION_WORDS) : null;
  if (fraction) {
    const n = /^an?$/i.test(fraction[1]) ? '1' : NUMBER_WORDS[fraction[1].toLowerCase()];
    times = `\\frac{${n}}{${DENOMINATORS[fraction[2].toLowerCase()]}}`;
    part = !take(/^of\s+/i);
  }
  if (times === null) {
    const n = take(new RegExp(String.raw`^(?:${INLINE_ARG}|${WORD_NUMBER})\s+times\s+`, 'i'));
    if (n) times = factor(n[1] ?? NUMBER_WORDS[n[2].toLowerCase()]);
  }
  take(/^as\s+(?:large|big|great|much|high)\s+as\s+/i);
  const arg = take(new RegExp(String.raw`^${INLINE_ARG}`, 'i'));
  let tex: string | null = null;
  if (arg && times !== null) tex = `${times} ${factor(arg[1])}`;
  else if (arg) tex = arg[1].trim();
  else if (times !== null && part && at === /^\s*/.exec(rest)![0].length + fraction![0].length) tex = times;
  else if (times === null && at === /^\s*/.exec(rest)![0].length) {
    const word = take(new RegExp(`^${WORD_NUMBER}`, 'i'));
    if (word) tex = NUMBER_WORDS[word[1].toLowerCase()];
  }
  if (tex === null || NUMBER_CONTINUES.test(rest.slice(at))) return null;
  return { tex, length: at };
}

/** A sign said as an adjective: "positive", "strictly negative", "non-negative", "nonpositive". */
const SIGN_WORD = String.raw`(?:strictly\s+)?(positive|negative|non-?\s?negative|non-?\s?positive)(?![\w-])(?!\s*,?\s+(?:or|nor)\b|\s*,\s*(?:zero|positive|negative)\b|\s+(?:definite|semi-?definite|part|root|direction|side|axis|sign)\b)`;
/** "$y$ is negative", "$x$ and $y$ be negative real numbers", "$x$ negative", "$k$ an odd negative integer". */
const SIGN_AFTER = new RegExp(String.raw`^\s*(?:\$|\\\))?${LIST_AFTER}\s*,?\s*(?:(?:is|be|are|being|was|were|is also|are also|must be)\s+)?(?:(?:both|all|each)\s+)?(?:(?:an?|any|some|arbitrary|fixed)\s+)?(?:(?:odd|even|real)\s+)?${SIGN_WORD}`, 'i');
/**
 * A sign or zero: "$x$ is negative or zero", "either negative or zero", "a negative number or zero", "negative or
 * equal to zero", "zero or a negative number": the sign word (group 1 or 2) with zero let in, as nonpositive would be.
 */
const SIGN_OR_ZERO_AFTER = new RegExp(
  String.raw`^\s*(?:\$|\\\))?${LIST_AFTER}\s*,?\s*(?:(?:is|be|are|being|was|were|is also|are also|must be)\s+)?(?:(?:both|all|each)\s+)?(?:either\s+)?(?:(?:an?\s+)?(?:real\s+)?(positive|negative)(?:\s+(?:real\s+)?(?:numbers?|reals?|integers?))?\s*,?\s+or\s+(?:equal\s+to\s+)?(?:zero|\$0\$)|(?:equal\s+to\s+)?(?:zero|\$0\$)\s*,?\s+or\s+(?:an?\s+)?(?:real\s+)?(positive|negative)(?:\s+(?:real\s+)?(?:numbers?|reals?|integers?))?)(?![\w-])(?!\s*,?\s+(?:or|nor)\b)`,
  'i',
);
/** A sign denied: "$x$ is not negative", "a real number that is not positive", "be not strictly positive" (group 1, the sign). */
const NOT_SIGN_AFTER = new RegExp(
  String.raw`^\s*(?:\$|\\\))?${LIST_AFTER}\s*,?\s*(?:(?:is|be|are|being|was|were|must be)\s+)?(?:(?:an?\s+)?(?:real\s+)?(?:numbers?|reals?|integers?)\s+(?:that|which)\s+(?:is|are)\s+)?not\s+(?:strictly\s+)?(positive|negative)(?![\w-])(?!\s*,?\s+(?:or|nor)\b)`,
  'i',
);
/** The sign said of an expression right after it: "$x - 1$ is negative", "$a - b$ is not positive" (groups: not, sign). */
const EXPRESSION_SIGN_AFTER = /^\s*(?:\$|\\\))?\s*,?\s*(?:is|be|are|must be)\s+(?:(not)\s+)?(?:strictly\s+)?(positive|negative|non-?\s?negative|non-?\s?positive)(?![\w-])(?!\s*,?\s+(?:or|nor)\b|\s*,\s*(?:zero|positive|negative)\b)/i;

/**
 * The sign a sentence states for an expression of its names ("Let $x$ be real such that $x - 1$ is negative"), as the
 * formula `x - 1 < 0` would: a bound for the case of a sentence that assumes, else (a condition: "if", "such that") for
 * its paragraph. Null for a name (`boundsInWords` reads those), a formula that is no plain polynomial expression, a
 * goal, or a sign drawn in passing.
 */
export function expressionSign(tex: string, display: boolean, before: string, after: string): { op: RelOp; variables: string[]; scope: FactScope } | null {
  if (display || tex.length > 40 || nameOf(tex) !== null || !/^[A-Za-z0-9\s+\-^{}()]+$/.test(tex)) return null;
  const variables = sideVariables(tex);
  const m = variables?.length ? EXPRESSION_SIGN_AFTER.exec(after) : null;
  // Only as an assumption or a condition: "the factors $a - b$ and $b - c$ are non-negative" after "Since" restates.
  if (!m || BOUND_NOT_ASSUMED.test(before) || GOAL.test(before) || !(BOUND_FOR_GOOD.test(before) || /\b(?:such that|with|where|if|when|whenever|provided)\b/i.test(before))) return null;
  const sign = m[2].toLowerCase().replace(/[\s-]/g, '');
  const ops: Record<string, RelOp> = m[1] ? { positive: '\\le', negative: '\\ge', nonnegative: '<', nonpositive: '>' } : { positive: '>', negative: '<', nonnegative: '\\ge', nonpositive: '\\le' };
  return { op: ops[sign], variables: variables!, scope: BOUND_FOR_GOOD.test(before) ? 'case' : 'paragraph' };
}

/** "for negative $x$", "a negative number $x$", "an odd negative integer $k$", "positive reals $a$, $b$". */
const SIGN_BEFORE = new RegExp(String.raw`\b${SIGN_WORD}\s+(?:(?:odd|even|real)\s+)?(?:(?:integers?|numbers?|reals?|naturals?|real\s+numbers?)\s+)?(?:(?:\$|\\\()[^$]{1,20}?(?:\$|\\\))\s*(?:,\s*(?:and\s+)?|and\s+))*(?:\$|\\\()?\s*$`, 'i');
/** Words that make a sentence's bound the goal or a condition of an equivalence, not an assumption. */
const BOUND_NOT_ASSUMED = /\b(?:prove|show|claim|verify|check|want|need|whether|iff|if and only if|exactly when|precisely when|called|means)\b/i;
/** Sentences that assume a bound for the rest of the proof or case; others ("for negative $x$", "if $x$ is negative", "since …") only for their paragraph. */
const BOUND_FOR_GOOD = /\b(?:let|suppose|supposing|assume|assuming|given|fix|take|pick|choose|consider|case)\b/i;

/** A sentence that quantifies or declares the names before them: "for all", "let", "take", "any". */
const QUANTIFYING_BEFORE = /\b(?:for|let|take|pick|choose|fix|consider|any|every|each|all)\b/i;
/** "$t$ exceeds $s$": the verb is the comparison. */
const exceeds = (m: RegExpExecArray): boolean => /^exceeds$/i.test(m[6] ?? '');

/** The relation a comparison word (`COMPARISON`'s groups, from `at`) states, or null. */
function comparisonOp(m: RegExpExecArray, at: number): RelOp | 'between' | null {
  const [greater, orEqual, atLeast, no, exceed, between] = m.slice(at, at + 6);
  if (between) return 'between';
  if (exceed) return '>';
  if (atLeast) return /least/i.test(atLeast) ? '\\ge' : '\\le';
  if (no) return /^(?:less|fewer|smaller|lower)$/i.test(no) ? '\\ge' : '\\le';
  if (!greater) return null;
  const up = /^(?:larger|greater|bigger|higher|more)$/i.test(greater);
  return up ? (orEqual ? '\\ge' : '>') : orEqual ? '\\le' : '<';
}

/**
 * Bounds a sentence states in words for the names of an inline formula (a name or a list of names), as the
 * formula `x < 0` or `n > 1` would: a sign ("$y$ is negative", "for negative $x$", "$x$ and $y$ be negative reals",
 * "$k$ an odd negative integer", "$y$ nonpositive") or a comparison after the name and perhaps its kind ("$n$ be an
 * integer greater than $1$", "$x$ is greater than or equal to $4$", "$x$ is less than zero", "$k$ is between $1$
 * and $n$", "$t$ exceeds $s$"). Null in a sentence that sets the bound as its goal ("we show that $x$ is
 * negative"); no sign for an alternative ("$x$ is positive or zero"). A sign holds for the case of a sentence that
 * assumes or declares ("Let", "Suppose", "Case 2:"), else for the paragraph ("for negative $x$", "since $x$ is
 * negative"); a comparison for the case (as it always did).
 */
export function boundsInWords(tex: string, display: boolean, before: string, after: string): { names: string[]; bounds: { op: RelOp; right: string }[]; scope: FactScope } | null {
  if (display || tex.length > 60) return null;
  let names = tex.split(',').map((part) => nameOf(part));
  // "let $y \ge 0$ be at most half of $x$": a name bounded in the formula, compared again in words after it.
  const bounded = /^\s*(\\?[A-Za-z]+(?:_\{?[A-Za-z0-9]+\}?)?)\s*(?:<|>|\\[lg]eq?\b|\\[lg]eqslant\b|\\ne\b)/.exec(tex);
  const relationOnly = names.some((n) => n === null) && bounded !== null && nameOf(bounded[1]) !== null;
  if (relationOnly) names = [nameOf(bounded![1])];
  if (!names.length || names.some((n) => n === null)) return null;
  if (BOUND_NOT_ASSUMED.test(before) || GOAL.test(before)) return null;
  after = withEachOfThem(after);
  const scope: FactScope = BOUND_FOR_GOOD.test(before) ? 'case' : 'paragraph';
  const bounds: { op: RelOp; right: string }[] = [];
  const orZero = relationOnly ? null : SIGN_OR_ZERO_AFTER.exec(after);
  const denied = relationOnly || orZero ? null : NOT_SIGN_AFTER.exec(after);
  const sign = orZero
    ? /positive/i.test(orZero[1] ?? orZero[2]) ? 'nonnegative' : 'nonpositive'
    : denied
      ? /positive/i.test(denied[1]) ? 'nonpositive' : 'nonnegative'
      : relationOnly ? undefined : (SIGN_AFTER.exec(after) ?? SIGN_BEFORE.exec(before))?.[1].toLowerCase().replace(/[\s-]/g, '');
  if (sign) bounds.push({ op: sign === 'positive' ? '>' : sign === 'negative' ? '<' : sign === 'nonnegative' ? '\\ge' : '\\le', right: '0' });
  // Without a verb ("$x$ greater than $1$") only where a quantifier or a declaration introduces the name ("for all
  // $x$ greater than $1$", "Take $n$ at least $2$"); "the integers $k$ between $1$ and $n$ with …" bounds nothing.
  const found = COMPARED_IN_WORDS.exec(after);
  const compared = found && (found[1] || exceeds(found) || (!relationOnly && QUANTIFYING_BEFORE.test(before))) ? found : null;
  if (compared) {
    const op = comparisonOp(compared, 2);
    let rest = after.slice(compared[0].length);
    const first = quantityInWords(rest);
    if (op === 'between') {
      // "between $1$ and $n$": the ends included (the wider reading; "strictly between" leaves them out).
      const and = first && /^\s+and\s+/i.exec(rest.slice(first.length));
      const second = first && and ? quantityInWords(rest.slice(first.length + and[0].length)) : null;
      const strict = /^\W*(?:\$|\\\))?[^$]*?strictly\s+between/i.test(compared[0]);
      if (first && second) bounds.push({ op: strict ? '>' : '\\ge', right: first.tex }, { op: strict ? '<' : '\\le', right: second.tex });
    } else if (op !== null && first) {
      // "greater than $3$ and less than $4$": every comparison of the conjunction, or none (a part alone is a
      // weaker hypothesis than the text's, so a step that needs the rest would be flagged).
      const read: { op: RelOp; right: string }[] = [{ op, right: first.tex }];
      rest = rest.slice(first.length);
      for (let more = AND_COMPARED.exec(rest); more; more = AND_COMPARED.exec(rest)) {
        const nextOp = comparisonOp(more, 1);
        const next = quantityInWords(rest.slice(more[0].length));
        if (nextOp === null || nextOp === 'between' || !next) return sign ? { names: names as string[], bounds, scope } : null;
        read.push({ op: nextOp, right: next.tex });
        rest = rest.slice(more[0].length + next.length);
      }
      bounds.push(...read);
    }
  }
  if (!bounds.length) return null;
  // A comparison holds for its case wherever it is said ("$x$ is larger than $y$" orders the two from there on).
  return { names: names as string[], bounds, scope: sign ? scope : 'case' };
}

/** Words naming a sequence by what it is, not by a formula ("the Fibonacci numbers", "the $n$-th prime"). */
const NAMED_SEQUENCE =
  /\b(?:Fibonacci|Lucas|Catalan|harmonic|Bernoulli|Stirling|Bell|Pell|Euler(?:ian)?|triangular|pentagonal|tetrahedral|Motzkin|Schr(?:ö|oe?)der|Padovan|Perrin|Tribonacci|Jacobsthal|Narayana)\s+(?:numbers?|sequence|series|polynomials?)\b|(?:\$|\b[a-z])\s*-?\s*(?:\^\{?\\?(?:text\{)?)?th\}?\}?\s+(?:[A-Z][a-z]+\s+)?(?:prime|Fibonacci|harmonic|Catalan|Lucas|triangular)\b/i;

/** The numeric modulus a congruence of fragment `tex` is written or said under (its relation's right side at `rightAt`), or null. */
function statedModulus(tex: string, before: string, after: string, rightAt: number): number | null {
  const reading = readModulus(tex, before, after);
  if (!reading) return null;
  const m = reading.inTex.length ? modulusFor(reading, rightAt)?.m : reading.inText?.one ? reading.inText.m : null;
  return m !== null && m !== undefined && m >= 2 ? m : null;
}

const INLINE = String.raw`(?:\$[^$]*\$|\\\([^)]*\\\))`;
/** "the odd number $2n+1$", "$n^2$ is even": parity said of another formula of the sentence, which that formula's own reading takes up. */
const PARITY_PHRASES = new RegExp(String.raw`${INLINE}\s*(?:(?:is|are|be)\s+)?(?:an?\s+)?(?:odd|even)\b|\b(?:odd|even)\s+(?:(?:integers?|numbers?)\s+)?${INLINE}`, 'gi');

function withoutParityPhrases(sentence: string): string {
  return sentence.replace(PARITY_PHRASES, ' ');
}

/** "$n$ is odd", "$m, n$ even", "$n$ be an even integer". */
const PARITY_AFTER = /^\s*(?:\$|\\\))?\s*(?:(?:is|are|be|being|is also|are both|are all|must be)\s+)?(?:an?\s+)?(odd|even)\b(?!\s+(?:or|and|nor)\s+(?:odd|even))(?!\s+(?:if|iff|exactly|precisely|only)\b)/i;
/** "odd $n$", "the odd number $2n+1$", "an even integer $m$". */
const PARITY_BEFORE = /\b(odd|even)\s+(?:(?:positive|negative|natural|whole|prime)\s+)?(?:integers?|numbers?|naturals?)?\s*(?:\$|\\\()?\s*$/i;
/** Sentences that state a goal, a definition of a property or an alternative ("$m$ is odd or $n$ is odd"), not an assumption: their parity words say nothing certain about the values. */
const PARITY_NOT_ASSUMED = /\b(?:prove|show|claim|verify|check|want|need|must|whether|iff|if and only if|exactly when|precisely when|called|means|or|either|neither|nor|unless|not)\b/i;
/** A consequence clause before the formula ("if $n$ is even then $n^2$ is even"): what follows is derived, not assumed. */
const CONSEQUENCE = /\b(?:then|so|hence|thus|therefore|consequently|implies|gives)\b/i;
/** Sentences that assume a parity for the rest of the proof or case ("let", "suppose", a case heading); others ("for odd $n$", "if $n$ is even") only for their paragraph. */
const PARITY_FOR_GOOD = /\b(?:let|suppose|supposing|assume|assuming|given|fix|take|case)\b/i;

/**
 * A parity the text states for an inline formula: each name of a list (`$m, n$ odd`) or the expression
 * itself (`the odd number $2n+1$`), with its residue modulo 2 and how far it holds. Only in sentences
 * that assume or declare it (never in "show that $n^2$ is even").
 */
export function parityStated(tex: string, display: boolean, before: string, after: string): { r: 0 | 1; scope: FactScope; sides: { tex: string; variables: string[] }[] } | null {
  if (display || tex.length > 40 || /[=<>≤≥≠⩽⩾≡]|\\(?:le|ge|ne|lt|gt|equiv)(?![a-z])/.test(tex)) return null;
  const word = PARITY_AFTER.exec(after)?.[1] ?? PARITY_BEFORE.exec(before)?.[1];
  if (!word) return null;
  const sentence = `${before} ${after}`;
  if (PARITY_NOT_ASSUMED.test(sentence) || CONSEQUENCE.test(before) || !(ASSUMING.test(before) || DEFINING.test(before) || DECLARING.test(before))) return null;
  const parts = tex.split(',').map((part) => part.trim());
  const sides = parts.map((part) => ({ tex: part, variables: sideVariables(part) ?? [] }));
  if (sides.some((s) => s.variables.length === 0) || (parts.length > 1 && parts.some((part) => nameOf(part) === null))) return null;
  return { r: word.toLowerCase() === 'odd' ? 1 : 0, scope: PARITY_FOR_GOOD.test(before) ? 'case' : 'paragraph', sides };
}

/** `e` or `\pi` named as a variable ("Let the excess be $e$"): then it is not Euler's number or π. */
export function symbolsNamedAsVariables(text: string, fragments: readonly FactSource[]): Set<string> {
  const names = new Set<string>();
  for (const f of fragments) {
    const name = namedVariableOf(text, f);
    if (name) names.add(name);
  }
  return names;
}

/** Whether this fragment names `e` or `\pi` as a variable (`'e'`, `'Pi'`), from its sentence only. */
export function namedVariableOf(text: string, f: FactSource): 'e' | 'Pi' | null {
  // The name alone (`Let the excess be $e$`) or the name being given its value (`the permutation
  // $\pi = (1\,2)$`, `$e := |E|$`).
  const t = /^(e|\\pi)\s*(?::=|=|\\colon|\\coloneqq)(?!.*(?:\\lim|\\sum|\\approx|\d\.\d))/.exec(f.tex.trim())?.[1] ?? f.tex.trim();
  if (f.display || (t !== 'e' && t !== '\\pi')) return null;
  const { before, after } = sentenceAround(text, f.start, f.end);
  // Words only: the `\pi` of `$\pi(1) = 2$` in the same sentence is not the word "pi".
  const s = `${before} ${after}`.replace(/\\[a-zA-Z]+/g, ' ');
  if (/Euler|exponential|natural|base|constant|\bnumber \$?e\b/i.test(s) || (t === '\\pi' && /\b(pi|circle|radian|angle)\b/i.test(s))) return null;
  if (/\b(let|be|denote|call|write|set|is the|excess|variable|permutation|bijection|edges?|number of|where)\b/i.test(s)) return t === 'e' ? 'e' : 'Pi';
  return null;
}

/**
 * The bounds an interval written as a set gives a name (`[1, 2]`: ≥ 1 and ≤ 2; `(1, 2]`, the French `]1, 2]`,
 * `\left[1, \infty\right)`: the infinite end none); null for anything else. The ends are constants or other names.
 */
function intervalBounds(set: string, name: string): { op: RelOp; right: string }[] | null {
  const m = /^\s*(?:\\left\s*)?([([\]])(.+),(.+?)(?:\\right\s*)?([)\][])\s*$/.exec(set);
  if (!m) return null;
  const bounds: { op: RelOp; right: string }[] = [];
  for (const [end, op] of [[m[2], m[1] === '[' ? '\\ge' : '>'], [m[3], m[4] === ']' ? '\\le' : '<']] as const) {
    if (/\\infty|∞/.test(end)) continue;
    const vars = sideVariables(end);
    if (vars === null || vars.includes(name)) return null;
    bounds.push({ op, right: end.trim() });
  }
  return bounds.length ? bounds : null;
}

const INTERVAL_ARG = String.raw`(?:\$|\\\()\s*((?:\\left\s*)?[([\]][^$]{1,40}?[)\][])\s*(?:\$|\\\))`;
/** "is in", "be real numbers in", "lies in the closed interval", "which belongs to", "from", right after the names. */
const IN_INTERVAL_AFTER = new RegExp(
  String.raw`^\s*(?:\$|\\\))?${LIST_AFTER}\s*,?\s*(?:(?:is|be|are|being|lies?|lying|belongs?|belonging|ranges?|ranging|varies|vary|varying|stays?|now|also|further|both|all|each|real|and|an?|arbitrary|fixed|some|real|numbers?|reals?|values?|points?|which|that|still|again)\s*,?\s+)*(?:in|on|from|to|over|inside|within|of)\s+(?:the\s+(?:(?:open|closed|half-open|compact|whole|middle|unit)\s+)*(?:interval|segment|range|set)\s+)?` + INTERVAL_ARG,
  'i',
);
/** "On $[1, 2]$,", "On the interval $[1, 2]$ we get", "For the middle interval $[1, 2]$,", "In $(1, 2)$,": an interval opening its sentence. */
// A clause in the sentence opens one too: "On $[1, \infty)$, …, and on $(-\infty, 1)$, …" (rev17 F3: the second was read as no case).
const INTERVAL_OPENING = new RegExp(
  String.raw`(?:^[\s*_]*|[,;:]\s*${CLAUSE_LINKS})(?:(?:now|next|then|finally|second(?:ly)?|third(?:ly)?|first(?:ly)?)\s*,?\s+)?(?:on|in|for|over|inside|within)\s+(?:the\s+(?:(?:open|closed|half-open|middle|first|second|third|last|remaining|other)\s+)*(?:interval|segment|range|region)\s+)?(?:\$|\\\()\s*$`,
  'i',
);
/** "Between $-1$ and $1$,", "For $x$ between …" is `boundsInWords`': a range opening its sentence with no name. */
const BETWEEN_OPENING = /^[\s*_]*(?:(?:now|next|then|finally)\s*,?\s+)?(?:(?:strictly|for\s+values?|for\s+numbers?)\s+)?between\s+(?:\$|\\\()\s*$/i;

/**
 * A name bound to an interval for its case: `x \\in [1, 2]` (also a list, `x, y \\in [0, 1]`), "$x$ is in $[1, 2]$", "$x$
 * be a real number in the closed interval $[1, 2]$", "$x, y$ be real numbers in $[1, 2]$", "$x$ which belongs to $[1, 2]$";
 * and a sentence opened by its interval with no name ("On $[1, 2]$, $|x - 1| + |x - 2| = 1$", "Between $-1$ and $1$,
 * …"), bounding the one name of the formula that follows. Null elsewhere, and for a goal ("show that $x \\in [1, 2]$").
 */
function intervalStated(tex: string, display: boolean, before: string, after: string): { names: string[]; bounds: { op: RelOp; right: string }[] } | null {
  if (display || tex.length > 80 || GOAL.test(before) || EQUALITY_CASE.test(before)) return null;
  const bind = (names: (string | null)[], set: string) => {
    if (!names.length || names.some((n) => n === null)) return null;
    const bounds = intervalBounds(set, names[0]!);
    return bounds && names.every((n) => intervalBounds(set, n!) !== null) ? { names: names as string[], bounds } : null;
  };
  const member = /^(.+?)(?:\\in(?![a-zA-Z])|∈)(.+)$/.exec(tex);
  if (member) {
    const set = member[2].trim();
    // `x \\in \\mathbb{R}` followed by "be in $[1, 2]$": the words bound it.
    if (!/^(?:\\mathbb\s*\{?R\}?|\\R(?![a-zA-Z])|ℝ)$/.test(set)) return bind(member[1].split(',').map(nameOf), set);
    tex = member[1];
  }
  const names = tex.split(',').map(nameOf);
  // "$P$ on $(0, 2)$": a capital letter is a point more often than a number, and `(0, 2)` its coordinates.
  if (names.some((n) => n !== null && /^[A-Z]$/.test(n))) return null;
  if (names.every((n) => n !== null)) {
    const m = IN_INTERVAL_AFTER.exec(after);
    if (m) return bind(names, m[1]);
    // "in the interval from $1$ to $2$": the ends included.
    const from = new RegExp(String.raw`^\s*(?:\$|\\\))?\s*,?\s*(?:(?:is|be|are|lies?|lying|real|numbers?|an?)\s+)*(?:in\s+the\s+(?:closed\s+)?(?:interval|range)\s+)?from\s+(?:\$|\\\()([^$]{1,20}?)(?:\$|\\\))\s+to\s+(?:\$|\\\()([^$]{1,20}?)(?:\$|\\\))`, 'i').exec(after);
    if (from && names.length === 1) return bind(names, `[${from[1]}, ${from[2]}]`);
    return null;
  }
  // An interval or a range opening the sentence: the name is the one variable of the next formula.
  const next = (rest: string) => {
    const formula = /^[^$]{0,40}?(?:\$|\\\()([^$]{1,200}?)(?:\$|\\\))/.exec(rest);
    // `f(x) = x^2 \le 1`: the function's letter is no second name (rev15 kind E: "On $[0, 1]$," bound nothing then).
    // So is a Greek one (`\phi(t) = t - t^2 \ge 0`, rev17 F2).
    const pairs = formula ? relationPairs(formula[1].replace(/(?<![\\A-Za-z])[A-Za-z]\s*(?=\()|\\(?:alpha|beta|gamma|delta|phi|varphi|psi|chi|eta|theta|rho|sigma|tau|omega|Phi|Psi|Gamma)\s*(?=\()/g, ''), 0) : [];
    const vars = new Set(pairs.flatMap((p) => [...(sideVariables(p.left.tex) ?? ['?']), ...(sideVariables(p.right.tex) ?? ['?'])]));
    return vars.size === 1 && !vars.has('?') ? [...vars][0] : null;
  };
  if (INTERVAL_OPENING.test(before)) {
    const name = next(after.replace(/^\s*(?:\$|\\\))/, ''));
    return name === null ? null : bind([name], tex);
  }
  if (BETWEEN_OPENING.test(before) && sideVariables(tex)?.length === 0) {
    const and = /^\s*(?:\$|\\\))\s+and\s+(?:\$|\\\()([^$]{1,20}?)(?:\$|\\\))\s*,?/.exec(after);
    if (!and || sideVariables(and[1])?.length !== 0) return null;
    const name = next(after.slice(and[0].length));
    const strict = /strictly/i.test(before);
    return name === null ? null : bind([name], `${strict ? '(' : '['}${tex}, ${and[1]}${strict ? ')' : ']'}`);
  }
  return null;
}

/** "be real numbers, each of them", "are integers, both of which are", "be reals, all": a kind, then the words giving every listed name the sign after them. */
const EACH_OF_THEM = /^(\s*(?:\$|\\\))?(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:\$|\\\()[^$]{1,20}?(?:\$|\\\)))*)\s*,?\s*(?:be|are)\s+(?:(?:real|nonzero|non-zero)\s+)?(?:numbers?|reals?|integers?)\s*,\s*(?:each|both|all)(?:\s+of\s+(?:them|which|these))?\s+(?:(?:is|are|being|be)\s+)?/i;

/**
 * The words after a list of names with "…, each of them zero or negative" read as "… are all zero or negative" (rev13
 * hy21: the sign bound one name only, or none), so the sign words after it (`boundsInWords`) speak of every name.
 */
function withEachOfThem(after: string): string {
  return after.replace(EACH_OF_THEM, '$1 are all ');
}
