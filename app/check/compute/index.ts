// Computation checks over math fragments: every adjacent pair of every relation chain is judged.
import type { CheckFragment } from '../types';
import { relationPairs, type RelationPair } from './chains';
import { applyBound, constantValue, domainsAt, factsNear, lowerBoundHinted, naturalsFrom, quantifierDomain, valuesNear, type DocumentContext, type VariableRelation } from './context';
import type { Domain } from './sample';
import { MOD_TAIL, modulusFor, readModulus, type ModulusReading } from './modulus';
import { relationKey, type FragmentFinding } from './restated';
import { exactValue } from './exact';
import { constantDifference, parseSide } from './parse';
import { CLAUSE_LINKS, CONSEQUENCE_OPENING, EXCEPT_WORDS, boundsInWords, closedStretches, fragmentNames, introducesHypothesis, nameOf, sideVariables, sectionAt, sectionStarts, sentenceAround, type ContextFact } from './facts';
import { holdsAt, judgeRelation, type Judgement, type JudgeOptions, type SymbolicTally } from './judge';

export { documentContext, type DocumentContext, type MathSource } from './context';
export { relationPairs, type RelationPair } from './chains';
export { judgeRelation, type Judgement, type JudgeOptions, type SymbolicTally } from './judge';

export interface ComputeOptions {
  symbolic?: boolean;
  /** Counts the simplifier's attempts (the checker's work budget, `symbolicAttempts`). */
  symbolicTally?: SymbolicTally;
  samples?: number;
}

/**
 * Whether the sentence before a fragment introduces a hypothesis or an equation (then the first
 * relation is not flagged). A blank line between the sentence and its display does not end it.
 */
export function introducedAsHypothesis(text: string, at: number, end = at): boolean {
  return introducesHypothesis(sentenceAround(text, at, end).before);
}

/** The text says the relation is false ("…, which is absurd", "would give $5 < 4$"). */
// "…, that's wrong", "which is incorrect", "by mistake", "(oops, …)", "is the classic error": a model
// retracting a line it just wrote ("error" alone is left out: "the error term $E = …$").
const STATED_FALSE = /\b(absurd|contradicts?|contradiction|impossible|cannot|can't|would|false|never|not possible|no (?:integer |real |positive )?solutions?|has no|is not|isn't|fails?|wrong|incorrect|mistaken|mistakes?|typo|oops|(?:an?|my|the|classic|common|arithmetic|sign) error)\b/i;
/** `… \iff x = 3`, `… \quad\Longrightarrow\quad t = 4`: the display goes on to solve for one of its letters. */
const SOLVED_AFTER = /^[^]{0,40}?(?:\\(?:iff|implies|Rightarrow|Longrightarrow|Leftrightarrow|Longleftrightarrow|therefore)(?![a-zA-Z])|\\text\s*\{\s*(?:so|hence|thus|i\.\s?e\.|that is)\s*,?\s*\})(?:\s|\\q?quad(?![a-zA-Z])|\\[,;: ]|&)*([A-Za-z])\s*=/;

/** The first formula after a display, when it opens with `letter =`. */
const FIRST_FORMULA_NAMES = /^[^$]{0,80}?(?:\$|\\\()\s*([A-Za-z])\s*=/;
/**
 * "For $n = 1$ this is $\frac13$", "At $x = 0$ both sides…", "With $t = 2$": a value put into the display to
 * try it, not the display solved for that letter (s76: a wrong closed form went silent behind its check).
 */
const VALUE_PLUGGED = /\b(?:for|at|with|when|whenever|if|taking|setting|putting|plugging(?:\s+in)?|substituting|e\.g\.|example,?)\s*$/i;

/** `…, hence $$t = …$$` later in the sentence after a display: a solving word, then a formula opening with `letter =`. */
const SOLVED_LATER = /\b(?:hence|thus|therefore|whence|giving|gives|we get|we obtain|i\.\s?e\.)[\s,:]*(?:\$\$?|\\\(|\\\[)\s*([A-Za-z])\s*=/i;

/** Whether the formula, after the relation ending at `end` (an offset in `tex`), solves it for one of its letters. */
function solvedInside(tex: string, end: number, relation: string): boolean {
  const letter = SOLVED_AFTER.exec(tex.slice(end))?.[1];
  return letter !== undefined && new RegExp(`(?<![A-Za-z\\\\])${letter}(?![A-Za-z])`).test(relation);
}

/**
 * A model taking back what it just wrote, right after the formula: "I first got $… = 38$... no, actually",
 * "$x = 7$ — wait, no", "$… = 12$. Oops". An ellipsis ends no sentence here, so the sentence test above
 * does not reach the words after it.
 */
const RETRACTED_AFTER = /^[\s$\\)\]]*(?:\.{2,}|…|[.,;:!—–-])*\s*(?:no\s*[,!—–-]|no,?\s+(?:actually|wait|that)\b|wait,?\s+no\b|oops\b|scratch that\b)/i;

/**
 * An inline `L = R` that the same paragraph soon writes again with the same left side and another right
 * side (`$3^4 = 64$? No: $3^4 = 81$`, `$11 \cdot 13 = 153$. Actually, let me redo that: $11 \cdot 13 = 143$`):
 * the later copy is the proof's word and is judged on its own, so a wrong recomputation is still caught.
 */
function recomputedLater(text: string, fragment: CheckFragment, end: number): boolean {
  if (fragment.display) return false;
  const parts = fragment.tex.split('=');
  if (parts.length !== 2 || RELATION_SYMBOLS_ONE.test(fragment.tex)) return false;
  // A copy that ends its sentence (`… = a^2 + b^2 .$$`) is the same copy: the full stop is no part of its right side.
  const squeeze = (t: string) => t.replace(/\\[,;:! ]|\\q?quad(?![a-zA-Z])|\\left|\\right|\\cdot|\\times|[\s×·]/g, (m) => (/cdot|times|[×·]/.test(m) ? '*' : '')).replace(/[.,;]+$/, '');
  const left = squeeze(parts[0]);
  const right = squeeze(parts[1]);
  if (!left) return false;
  let after = text.slice(end, end + 200).replace(/^\$/, '');
  const blank = after.search(/\n\s*\n/);
  if (blank >= 0) after = after.slice(0, blank);
  for (const m of after.matchAll(/\$([^$]+)\$/g)) {
    const other = m[1].split('=');
    if (other.length >= 2 && squeeze(other[0]) === left && squeeze(other[1]) !== right) return true;
  }
  return false;
}
/** Relation symbols other than `=`: a fragment with one of them is not a plain `L = R`. */
const RELATION_SYMBOLS_ONE = /\\(?:le|ge|leq|geq|lt|gt|ne|neq|equiv|approx|not)(?![a-zA-Z])|[<>≤≥≠≡]/;

/**
 * "…, so $P$ is never negative": a sign the text draws from the relation, not a word that takes the relation
 * back (a WLOG sign slip `(a - b)(b - c)(c - a) \ge 0` was silenced by its own conclusion).
 */
const SIGN_NEVER = /\b(?:is|are|be|stays?|remains?)\s+never\s+(?:negative|positive|zero|less|greater|smaller|larger|below|above|exceeds?)\b/gi;
/**
 * "which is not a contradiction", "no contradiction arises", "this does not contradict …", "is not false": a refutation
 * word the text denies takes nothing back (rev12 d01, s30: the next relation read as stated false).
 */
const NOT_REFUTED = /\b(?:(?:is|was|are|gives|yields|gets?|reach(?:es)?|derives?)\s+)?(?:not|no|never)\s+(?:an?\s+)?(?:contradiction|absurd(?:ity)?|impossible|false)\b|\b(?:does|do|did|would)\s*(?:not|n't)\s+(?:be\s+)?(?:contradict\w*|absurd|impossible|false)\b/gi;
const STATED_FALSE_REASON = 'the text itself says this relation is false';

/** Whether words around a formula say it is false (`STATED_FALSE`), a drawn sign ("never negative") and a denied refutation aside. */
function statedFalseIn(words: string): boolean {
  // Most sentences have no such word: the two blankings run only where one is found (every fragment, every check).
  return STATED_FALSE.test(words) && STATED_FALSE.test(words.replace(SIGN_NEVER, '').replace(NOT_REFUTED, ''));
}

/**
 * Words that open a clause of its own: a coordinator or a consequence word, then a subject. "…$$, and a
 * square is never negative, a contradiction": what is absurd is the clause "a square is never negative"
 * set against the hypothesis, not the display before it (s69: a slip there was silenced by the
 * contradiction 60 characters on).
 */
const NEW_CLAUSE = /^\s*(?:and|but|so|hence|thus|therefore|then|yet|while|whereas|whence|also|moreover|furthermore|now)\b\s*,?\s*(?:(?:then|so|hence|thus|therefore|also|in particular)\b\s*,?\s*)?(\S*(?:\s+\S+)?)/i;
/** A subject that points back at the formula: "and this is absurd", "but that contradicts (1)", "so we get a contradiction". */
const ANAPHOR = /^(?:(?:this|that|it|which|these|those|such|we|one|is|are|was|would|contradict\w*|gives?|yields?|implies|impossible|absurd|false|cannot|can't|never|not|again)\b|the\s+(?:last|latter|former|above|previous|display|equation|inequality|relation|identity|result|line)\b|an?\s+(?:contradiction|absurdity)\b|$)/i;
/** A subordinate justification right after a formula ("since squares are non-negative", "by (2)"): it says why, not what. */
const JUSTIFICATION = /^\s*(?:since|because|as|by|from|using|via|for|in view of|thanks to|according to|owing to|\()/i;

/**
 * The clauses after a formula that speak of it (the STATED_FALSE words are looked for there): its own
 * clause ("which is absurd", "a contradiction", "and this is impossible"), passing over justifications
 * ("since squares are non-negative"), up to the next clause that opens with a coordinator ("and a square
 * is never negative", "so $x = 0$", "which is odd, and this contradicts…"). At most 80 characters, as before.
 */
export function clauseAfter(after: string): string {
  const text = after.replace(/^[\s$\\)\].,;:]*/, '').slice(0, 80);
  const out: string[] = [];
  // The formula's own clause is the first one that is no justification; a later clause that opens with a
  // coordinator speaks of what came between ("which is odd, and this contradicts…": of "odd"), not of the formula.
  let ownClause = false;
  for (const part of text.split(/(?<=[,;:—–])\s*|\s+(?=—|–)/)) {
    const justification = JUSTIFICATION.test(part);
    const subject = NEW_CLAUSE.exec(part)?.[1];
    if (subject !== undefined && !justification && (ownClause || !ANAPHOR.test(subject))) break;
    out.push(part);
    if (!justification) ownClause = true;
  }
  return out.join(' ');
}

/**
 * The clause a formula ends (the STATED_FALSE words "would give $…$", "it is false that $…$" are looked
 * for there): from the last clause that opens with a coordinator ("…, which is absurd, and hence $$…$$")
 * on, at most 80 characters.
 */
export function clauseBefore(before: string): string {
  const parts = before.slice(-80).split(/(?<=[,;:—–])\s*/);
  let from = 0;
  parts.forEach((part, k) => {
    if (k > 0 && NEW_CLAUSE.test(part)) from = k;
  });
  return parts.slice(from).join(' ');
}

/** The contradiction marks people write after a false line: `\Rightarrow\Leftarrow`, `\lightning`, `↯`, `\bot`, `⊥`, `\contradiction`. */
const CONTRADICTION_MARK = /\\Rightarrow\s*(?:\\[!,]\s*)*\\Leftarrow|\\(?:lightning|contradiction|bot|blitza)(?![a-zA-Z])|[↯⊥⨳]/;

/** The prose in a formula's text boxes (`\quad \text{(contradiction)}`): it speaks of the formula like the sentence around it. */
function textBoxes(tex: string): string {
  return [...tex.matchAll(/\\(?:text|textrm|textit|textup|textnormal|mbox)\s*\{([^{}]*)\}/g)].map((m) => m[1]).join(' ');
}

/** Symbols written like fractions: the Legendre, Jacobi and Kronecker symbols. */
const SYMBOL_WORDS = /\b(Legendre|Jacobi|Kronecker|quadratic (?:non-?)?residues?|reciprocity)\b/i;
let symbolWordsMemo = { text: '', found: false };

/** Whether the document speaks of Legendre-like symbols (one scan per document text, not per fragment). */
export function fractionSymbolsIn(text: string): boolean {
  if (symbolWordsMemo.text !== text) symbolWordsMemo = { text, found: SYMBOL_WORDS.test(text) };
  return symbolWordsMemo.found;
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** TeX as inline math in a message (`$…$`): the cards, the Problems list and the report typeset it. */
function math(tex: string): string {
  return `$${tex.trim()}$`;
}

function message(pair: RelationPair, j: Judgement): string {
  // The relation in TeX (`\le`, where the messages once said ≤): typeset, it reads as in the proof.
  const rel = math(`${pair.left.tex.trim()} ${pair.op} ${pair.right.tex.trim()}`);
  // `modulo 7` is words, not a formula (typeset it would read "modulo7" in italics).
  const under = (hypotheses: readonly string[]) => hypotheses.map((h) => (/^modulo \d+$/.test(h) ? h : math(h))).join('; ');
  switch (j.status) {
    case 'verified':
      return `Verified symbolically: ${rel}`;
    case 'holds':
      // "values tried", not "points": in a graded report the proof's own "3/7 points" sits nearby.
      if (j.hypotheses?.length) return `Holds under ${under(j.hypotheses)} (${triedAt(j.points)}): ${rel}`;
      return `Holds numerically (${triedAt(j.points)}): ${rel}`;
    case 'fails': {
      const c = j.counterexample!;
      const at = Object.entries(c.assignment).map(([k, v]) => math(`${k} = ${formatNumber(v)}`)).join(', ');
      // The hypotheses the counterexample satisfies, so a reader can see what the verdict assumed.
      const used = j.hypotheses?.length ? ` (hypotheses used: ${under(j.hypotheses)})` : '';
      // A congruence's sides with their residues: 36 and 2 differ, but what fails is 1 ≢ 2 (mod 7).
      const modulus = Number(/^not congruent modulo (\d+)$/.exec(j.reason ?? '')?.[1]);
      const side = (v: number) => (modulus ? `${formatNumber(v)} ≡ ${formatNumber(((v % modulus) + modulus) % modulus)}` : formatNumber(v));
      const sides = `left side = ${side(c.left)}, right side = ${side(c.right)}${modulus ? ` (mod ${modulus})` : ''}`;
      return `Computation fails${at ? ` at ${at}` : ''}: ${rel} — ${sides}${used}`;
    }
    default:
      return `Not checked (${j.reason ?? 'undecided'}): ${rel}`;
  }
}

/** What a fragment's checks depend on besides its TeX (computed by `fragmentSetting`). */
export interface FragmentSetting {
  domains: DocumentContext['domains'];
  relations: DocumentContext['relations'];
  /** Values fixed by the text just before the fragment (`Let $n = 5$`). */
  fixed: Map<string, number>;
  /** The sentence before the fragment introduces a hypothesis or an equation. */
  hypothesis: boolean;
  /** An inline formula right after "when", "if", "iff" ("equality holds when $x = y = z$"): every link is the condition, none a claim. */
  condition: boolean;
  /** Definitions, hypotheses and constraints in scope at the fragment (and `where …` right after it). */
  facts: ContextFact[];
  namedVariables: ReadonlySet<string>;
  /** The formula's own clause says the relation is false (`$5 < 4$, which is absurd`): never report it. */
  statedFalse: boolean;
  /**
   * A contradiction word elsewhere in the sentence (80 characters either side): "$$2^n < n,$$ but $2^n \\ge n$
   * …, a contradiction". Silences every relation but an equality with variables (checkFragmentComputations).
   */
  statedFalseNear: boolean;
  /**
   * An inline formula in a sentence that draws a consequence ("Then $y - x \ge 0$", "So $x^2 = 4$") and states no
   * hypothesis: a relation in it whose variables all have values fixed just before is arithmetic, and checked.
   */
  consequence: boolean;
  /** The formula follows a case's one bound ("If $x < 1$, then", "For $x > 0$,"): that bound is supposed for it, as "Suppose" would. */
  caseThen: boolean;
  /**
   * An inline formula stated for every value of the names a quantifier lists before it ("for all reals $a, b$,
   * $(a + b)^2 = a^2 + b^2$"): those names, for which a single relation is a claimed identity, not an equation; else null.
   */
  quantified: string[] | null;
  /** A congruence: the moduli the TeX writes, or the one its sentence names (compute/modulus.ts). */
  modulus: ModulusReading | null;
  /** A display equation the next sentence solves (`…, hence $x = y$`). */
  solved: boolean;
  /** The document writes Legendre-like symbols, which look like fractions in brackets. */
  fractionSymbols: boolean;
  /** An inline formula in a sentence that assumes nothing: a copy of a claim the proof makes elsewhere (restated.ts). */
  restatable: boolean;
  /** An inline formula right after "Since", "Because", "As": a reason the step gives, perhaps a law it quotes (`lawQuoted`). */
  reason: boolean;
  /**
   * A reason ("since $…$") given outside any supposition the text refutes or contradiction it draws nearby, in a text
   * about no finite ring: a relation there that no value satisfies (`noSolution`) is a claim, and false.
   */
  reasonAsserted: boolean;
  /** An inline formula right after "Factor:", "Expanding,": the computation the sentence names, an identity it claims (`COMPUTATION_NAMED`). */
  computationNamed: boolean;
  /** "$17 \\div 5 = 3$ remainder $2$", "… with remainder": the words after the formula give a remainder (`REMAINDER_AFTER`). */
  remainderAfter: boolean;
  /**
   * A formula named as what a step contradicts ("…, contradicting $x^2 \le 1$", "contrary to", "which violates"):
   * a fact the proof holds, false under the supposition it refutes by design; never a claim to check there.
   */
  contradicted: boolean;
  /** An inline formula the sentence supposes ("Suppose $\\sqrt 2 \\ge 1.5$", "Suppose not, so $…$"): a hypothesis, never a claim, arithmetic included. */
  supposed: boolean;
  /**
   * The relations (`relationKey`) the text stated before as hypotheses ("Let $x \ge 0$ with $x^2 \le 1$"): a later
   * copy ("…, yet $x^2 \le 1$") cites one, it claims nothing, and under a supposition that contradicts it (the
   * point of a proof by contradiction) it would fail by design.
   */
  cited: ReadonlySet<string>;
  /**
   * The constants (`\\pi`, `e`, `\\sqrt`) of a supposition earlier in the paragraph that names no variable ("Suppose
   * $\\pi \\le 3$"): a consequence about them ("Then $\\pi^2 \\le 9$") is false by design, never a claim to check.
   */
  supposedConstants: readonly string[];
  /**
   * The names the sentence solves an inequality of the formula for: "…$ = -2x - 1 \le 5$, so $x \ge -3$", "we need $… \le 5$"
   * (`solvingFor`); the last link of a chain in them alone is the condition being solved, not a claim.
   */
  solvingFor: readonly string[];
  /** The fragment's names the document bounds from below or calls positive anywhere (context.ts `lowerBoundHinted`). */
  lowerHinted: readonly string[];
  /** "…$ only when $t = 1$", "…$ holds iff": the words after the formula give when it holds, so it claims nothing for every value. */
  onlyWhen: boolean;
  /** Everything above as a cache key (the TeX excluded). */
  key: string;
}

/** Small numbers for fact keys, so a fragment's cache key stays short however many facts apply. */
const factIds = new Map<string, number>();
function factId(key: string): number {
  let id = factIds.get(key);
  if (id === undefined) {
    if (factIds.size > 100_000) factIds.clear();
    id = factIds.size;
    factIds.set(key, id);
  }
  return id;
}

/** The words right after a formula give a remainder: "$17 \\div 5 = 3$ remainder $2$", "…$ with a remainder of $2$", "…$ R $2$". */
const REMAINDER_AFTER = /^[\s$.,;]*(?:with\s+|and\s+)?(?:a\s+)?(?:remainder|rem\b|R\b)/i;
/** The same inside the formula: `17 \\div 5 = 3 \\text{ R } 2`, `\\text{ remainder } 2`, `\\ \\mathrm{rem}\\ 2`. */
const REMAINDER_INSIDE = /^\s*(?:\\[,;: ]|\\q?quad(?![a-zA-Z])|\s)*\\(?:text|textrm|mathrm|mbox|operatorname)\s*\{\s*(?:with\s+|and\s+)?(?:a\s+)?(?:remainder|rem\b|R\b|r\b)/i;

/**
 * `17 \\div 5 = 3` with a remainder given after it: the quotient of a division with remainder, which fails as a real
 * division (3.4 ≠ 3) but is right when the whole number is the quotient's integer part.
 */
function quotientWithRemainder(j: Judgement): boolean {
  const c = j.counterexample;
  if (!c) return false;
  const whole = (q: number, v: number) => Number.isInteger(q) && !Number.isInteger(v) && Math.floor(v) === q;
  return whole(c.right, c.left) || whole(c.left, c.right);
}

export function fragmentSetting(ctx: DocumentContext, fragment: CheckFragment): FragmentSetting {
  const at = fragment.range?.start ?? fragment.contentOffset;
  const end = fragment.range?.end ?? fragment.contentOffset + fragment.tex.length;
  // The introducing sentence matters only where a relation could be flagged because of it: in display
  // math and inline chains (an inline single relation is never flagged unless it is plain arithmetic).
  const mayMatter = fragment.display || (fragment.tex.match(RELATION_SYMBOLS)?.length ?? 0) > 1;
  const { before, after } = sentenceAround(ctx.text, at, end);
  const tokens = fragmentNames(fragment.tex);
  // `…, where $m = …$` defines; `…, since $xy = 1$` (because, as, using, given) names the hypothesis the step
  // used: both belong to the relation though they come after it.
  // "with equality when $x = 2$" names the equality case, not a hypothesis: the relation is about every x.
  const lead = /^[\s$\\)\].,]*/.exec(after)![0];
  const clause = /^\W{0,6}(where|with|since|because|as|using|given)\b(\s+equality)?/i.exec(after.slice(lead.length));
  // "… \ge 0 .$$ With $a = 3$, $b = 2$: …" starts a new sentence (an example after the claim), not a
  // clause of the display's: its values are not the display's (a general identity was judged at one point).
  const newSentence = clause !== null && /^[A-Z]/.test(after.slice(lead.length)) && (/\.\s*$/.test(fragment.tex) || lead.includes('.'));
  const whereAfter = clause !== null && !clause[2] && !newSentence;
  // A justification ("since $y = 0$") is a hypothesis or an equation; a constant value it names is not
  // substituted into a relation that reads as a claim about every value (only "where $n = 5$" fixes one).
  const justification = clause !== null && !/^(?:where|with)$/i.test(clause[1]);
  // `… = 2S \quad\text{where } S = a + b + c`: the definition is inside the display itself.
  const whereInside = /\\(?:text|textrm|mbox|mathrm)\s*\{\s*(?:where|with|for|if)\b/i.test(fragment.tex);
  // Facts that name a symbol of the fragment, in document order. The same statement made again (`for
  // $x > 0$` in every step) is one fact; offsets are not part of it, so an edit elsewhere does not
  // change what this fragment depends on.
  const indices = new Set<number>();
  const until = whereAfter ? end + after.length : whereInside ? end : at;
  // A name written only with a number for index (`x_{7}`, `\alpha_2`) is another name than `x`: the facts filed under
  // the letter (about `x` itself, about the family `x_n`) concern the fragment only through a fact that ties them to
  // one of its names (`x_7 = x + 1`), so that letter is looked up only then. Reading every fact about `x` for each
  // `x_k \ge k` of a long proof made its check quadratic in length.
  const indexedOnly = indexedOnlyBases(fragment.tex, tokens);
  for (const t of [...tokens, '*']) if (!indexedOnly.has(t)) factsNear(ctx, t, at, until, indices);
  // (A Set's iteration reaches what is added during it: the facts such a lookup brings are looked through too.)
  if (indexedOnly.size) for (const i of indices) for (const b of ctx.facts[i].bases) if (indexedOnly.delete(b)) factsNear(ctx, b, at, until, indices);
  const seen = new Map<string, ContextFact>();
  for (const i of [...indices].sort((a, b) => a - b)) {
    const f = ctx.facts[i];
    // After the fragment itself: its own relations are claims, not what it was given.
    const laterWhere = whereAfter && f.at >= end && f.at <= until && !(justification && f.kind === 'define' && f.variables.length === 1);
    const ownWhere = whereInside && f.at >= at && f.at <= end;
    if (!((f.at < at && f.until > at) || laterWhere || ownWhere)) continue;
    seen.delete(f.key);
    seen.set(f.key, f);
  }
  const facts = [...seen.values()];
  const modulus = readModulus(fragment.tex, before, after);
  const rest = after.replace(/^[\s$\\\]]+/, '');
  // The first formula after the display names the unknown (`…, so $t = …$`), or the sentence rearranges
  // first and then solves (`Expanding, $0 = … - 4dt$, hence $$t = …$$`): a solving word before a
  // formula that opens with one of the display's letters.
  const solved =
    fragment.display &&
    [FIRST_FORMULA_NAMES.exec(rest), SOLVED_LATER.exec(rest)].some((m) => m !== null && tokens.has(m[1]) && !VALUE_PLUGGED.test(m[0].replace(/(?:\$|\\\()[^]*$/, '')));
  // Stated orders hold in the section that states them (facts.ts `sectionStarts`).
  const section = ctx.relations.some((r) => r.section !== undefined) ? sectionAt(sectionStarts(ctx.text), at).index : -1;
  // Domains stated in a problem or part hold there (and in the same part further on) only.
  const domainsHere = domainsAt(ctx, at);
  const relations = withTransitiveOrders(ctx.relations.filter((r) => r.section === undefined || (r.section <= section && section < (r.untilSection ?? Infinity))));
  const fixed = valuesNear(ctx, at);
  const quantifier = fragment.display
    ? null
    : (quantifiedNames(before, after, ctx.text) ?? quantifiedAfter(after, ctx.text) ?? alwaysQuantified(before, ctx.text, at, tokens, domainsHere.domains, fixed, facts));
  let domains = domainsHere.domains;
  let factsHere = facts;
  if (quantifier?.domains.size) {
    // A quantifier with its own domain binds its names afresh ("Suppose $a < 0$ …" then "$\\sqrt{a^2} = a$ for every
    // $a \\ge 0$", "Let $x > 0$ …" then "for every real $x$"): the domain stated for them elsewhere, the facts about
    // them alone and the values fixed for them before are another a's.
    const rebound = new Set(quantifier.domains.keys());
    domains = new Map(domains);
    for (const [name, d] of quantifier.domains) domains.set(name, d);
    factsHere = facts.filter((f) => !(f.variables.length > 0 && f.variables.every((v) => rebound.has(v))));
    for (const name of rebound) fixed.delete(name);
  }
  // "If $x \le 0$, then $x + 20 \ge 0$", "For $x > 0$, $\frac{1}{x} \le 100$": the formula after a case's one bound is
  // what the case claims, drawn under it (`drawnUnderAssumption`), not a second condition (rev15: it "held" or was silent).
  const caseOpening = fragment.display ? null : CASE_THEN.exec(before);
  // So is the formula after a bare label that picks an alternative ("Case 1. $x + 3 < 0$ and $", its own sentence after the label's full stop).
  const caseThen = caseOpening !== null || (!fragment.display && CONSEQUENCES_ONLY.test(before) && BARE_LABEL_BEFORE.test(ctx.text.slice(Math.max(0, at - before.length - 40), at - before.length)));
  // "For $x \ge 0$, $\sqrt{x} \le x$": the claim is for every x ≥ 0, however the document narrows x elsewhere ("For
  // $x \ge 1$, …" later in the paragraph, "Now let $x \ge 1$"): the case's own bounds set the sides of x's domain they
  // bound (rev17 W1: x ≥ 1 from the next sentence made the claim "hold", though false at x = 0.25).
  const beforeCase = domains;
  if (caseOpening?.[1]?.toLowerCase() === 'for') domains = caseDomains(domains, factsHere, at - before.length + caseOpening.index, at);
  const caseKey = domains === beforeCase ? null : [...domains].filter(([name, d]) => beforeCase.get(name) !== d);
  const reason = !fragment.display && REASON_BEFORE.test(before) && !introducesHypothesis(before);
  const setting = {
    domains,
    relations,
    fixed,
    hypothesis: mayMatter && introducesHypothesis(before) && !caseThen,
    condition: (!fragment.display && CONDITION_BEFORE.test(before)) || ANAPHORIC_CONDITION.test(before),
    facts: factsHere,
    namedVariables: ctx.namedVariables,
    statedFalse:
      statedFalseIn(`${clauseBefore(before)} ${clauseAfter(after)} ${textBoxes(fragment.tex)}`) ||
      CONTRADICTION_MARK.test(`${fragment.tex} ${after.slice(0, 40)}`) ||
      RETRACTED_AFTER.test(ctx.text.slice(end, end + 40)) ||
      recomputedLater(ctx.text, fragment, end),
    statedFalseNear: statedFalseIn(`${before.slice(-80)} ${after.slice(0, 80)}`),
    caseThen,
    consequence: caseThen || (!fragment.display && CONSEQUENCE_OPENING.test(before) && !introducesHypothesis(before)),
    quantified: quantifier?.names ?? null,
    modulus,
    solved,
    fractionSymbols: fractionSymbolsIn(ctx.text),
    restatable: !fragment.display && !introducesHypothesis(before),
    reason,
    computationNamed: !fragment.display && COMPUTATION_NAMED.test(before),
    remainderAfter: REMAINDER_AFTER.test(after),
    reasonAsserted: reason && reasonAsserted(ctx.text, at, end),
    contradicted: CONTRADICTED_BEFORE.test(before),
    supposed: !fragment.display && SUPPOSED_BEFORE.test(before),
    cited: statedBefore(ctx, at),
    supposedConstants: fragment.display ? [] : constantsSupposed(ctx.text, at),
    solvingFor: fragment.display ? [] : solvingFor(before, pastAbbreviation(ctx.text, end, after)),
    lowerHinted: [...tokens].filter((name) => lowerBoundHinted(ctx.text, name)),
    onlyWhen: !fragment.display && ONLY_WHEN_AFTER.test(after),
  };
  const factKey = factsHere.map((f) => factId(f.key)).join(',');
  const key = JSON.stringify([domainsHere.key, caseKey, quantifier ? [...quantifier.domains] : null, relations.map((r) => `${r.left} ${r.op} ${r.right}`), setting.hypothesis, setting.condition, [...setting.fixed], factKey, [...ctx.namedVariables], setting.statedFalse, setting.statedFalseNear, setting.consequence, setting.caseThen, setting.quantified, modulus, setting.solved, setting.fractionSymbols, setting.restatable, setting.reason, setting.reasonAsserted, setting.computationNamed, setting.remainderAfter, setting.contradicted, setting.supposed, [...setting.cited], setting.supposedConstants, setting.solvingFor, setting.lowerHinted, setting.onlyWhen]);
  return { ...setting, key };
}

/**
 * `domains` with the sides that the case bounds stated in [from, to) set by those bounds: each bound of one name by a constant
 * (`x \\ge 0`, `0 < x < 1`) replaces that side of the name's domain, wider or narrower (the fact itself still filters the
 * samples). Other names and the other side keep the document's domain ("Let $x > 0$. For $x < 1$, …" keeps x > 0).
 */
function caseDomains(domains: Map<string, Domain>, facts: readonly ContextFact[], from: number, to: number): Map<string, Domain> {
  let out = domains;
  for (const f of facts) {
    if (f.kind !== 'bound' || f.at < from || f.at >= to || f.variables.length !== 1 || f.op === undefined || f.left === undefined || f.right === undefined) continue;
    const name = f.variables[0];
    const varOnLeft = nameOf(f.left) === name;
    if (!varOnLeft && nameOf(f.right) !== name) continue;
    const value = constantValue(varOnLeft ? f.right : f.left);
    const flipped = varOnLeft ? f.op : ({ '<': '>', '>': '<', '\\le': '\\ge', '\\ge': '\\le' } as Record<string, string>)[f.op];
    if (value === null || flipped === undefined || !['<', '>', '\\le', '\\ge'].includes(flipped)) continue;
    if (out === domains) out = new Map(domains);
    const d: Domain = { ...(out.get(name) ?? { integer: false, stated: false }) };
    if (flipped === '>' || flipped === '\\ge') {
      delete d.lower;
      delete d.lowerStrict;
      delete d.roomLower;
    } else {
      delete d.upper;
      delete d.upperStrict;
      delete d.roomUpper;
    }
    applyBound(d, flipped, value, true);
    out.set(name, d);
  }
  return out;
}

/**
 * The letters and Greek names among `tokens` (`fragmentNames`) that `tex` writes only with a number for index
 * (`x_1`, `x_{12}`, `\alpha_{2}`), never alone nor with a letter or expression for index (`x`, `x_n`, `x_{n+1}`).
 */
function indexedOnlyBases(tex: string, tokens: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (!tex.includes('_')) return out;
  const indexed = new Set<string>();
  const other = new Set<string>();
  for (const m of tex.matchAll(/\\([a-zA-Z]+)|([A-Za-z])/g)) {
    const name = m[1] ?? m[2];
    const rest = tex.slice(m.index + m[0].length, m.index + m[0].length + 24);
    (/^_(?:\d|\{\s*\d+\s*\})/.test(rest) ? indexed : other).add(name);
  }
  for (const name of indexed) if (!other.has(name) && tokens.has(name)) out.add(name);
  return out;
}

const SILENCED = 'stated as an equation or hypothesis';

/** The constants a formula is written with: Greek and one-letter names, roots, logarithms, exponentials, trigonometry. */
function constantTokens(tex: string): string[] {
  return [...new Set(tex.match(/\\(?:pi|sqrt|ln|log|exp|sin|cos|tan)(?![a-zA-Z])|(?<![\\a-zA-Z])[a-zA-Z](?![a-zA-Z])/g) ?? [])];
}

/**
 * The constants of the last formula a supposing word introduces earlier in the paragraph before `at` ("Suppose
 * $\\pi \\le 3$. Then …"), when it has no variable (`sideVariables` finds none); else none.
 */
function constantsSupposed(text: string, at: number): string[] {
  // The blank line is looked for only in the 400 characters read: searching the whole text back from `at`
  // made each formula of a paragraph with none cost the text before it (a 750 KB line: 3.7 of 5.9 s).
  const from = Math.max(0, at - 400);
  const blank = text.slice(from, at + 2).lastIndexOf('\n\n', at - from);
  const paragraph = text.slice(blank < 0 ? from : from + blank, at);
  let last: RegExpMatchArray | null = null;
  for (const m of paragraph.matchAll(/\b(?:suppose|supposing|assume|assuming)\b[^.;$]{0,40}\$([^$]{1,60})\$/gi)) last = m;
  if (last === null || !/[<>=≤≥]|\\(?:le|ge|lt|gt|ne)/.test(last[1])) return [];
  const pairs = relationPairs(last[1], 0);
  const variables = pairs.flatMap((p) => [...(sideVariables(p.left.tex) ?? ['?']), ...(sideVariables(p.right.tex) ?? ['?'])]);
  if (variables.length) return [];
  // A supposition that is true ("Suppose $\pi > 3$") is no counterfactual: what follows is checked as
  // anywhere (rev9: "Then $\pi^2 > 10$" was silenced).
  const values = pairs.map((p) => [constantValue(p.left.tex), constantValue(p.right.tex)] as const);
  if (values.every(([a, b]) => a !== null && b !== null) && pairs.every((p, i) => holdsAt(p.op, values[i][0]!, values[i][1]!))) return [];
  // Nor once the text has refuted it ("…, a contradiction. Hence $\pi > 3$ and so $\pi^2 > 10$").
  if (/\b(?:contradict\w*|impossible|absurd|false|hence|therefore|thus)\b/i.test(paragraph.slice(last.index! + last[0].length))) return [];
  return constantTokens(last[1]);
}

/**
 * The relations (`relationKey`) stated as hypotheses (a `bound` or `constrain` fact the proof assumes) before `at`,
 * whatever their scope: a supposition may have ended or suspended one, and the copy after it still cites it.
 */
function statedBefore(ctx: DocumentContext, at: number): Set<string> {
  const keys = new Set<string>();
  for (const f of assumedRelations(ctx)) if (f.at < at) keys.add(f.key);
  return keys;
}

/** The context's assumed bounds and constraints with their relation keys, in fact order; computed once per context. */
const assumedRelationsOf = new WeakMap<DocumentContext, { at: number; key: string }[]>();

/**
 * `statedBefore` ran over every fact for every fragment: on a 2 MB line of 75,000 formulas that was
 * 5.6 billion steps (12 of 16 s of a 200 KB line's check). The assumed ones are few; they are filtered once.
 */
function assumedRelations(ctx: DocumentContext): { at: number; key: string }[] {
  let list = assumedRelationsOf.get(ctx);
  if (!list) {
    list = [];
    for (const f of ctx.facts) {
      if (!f.assumed || (f.kind !== 'bound' && f.kind !== 'constrain') || f.left === undefined || f.op === undefined || f.right === undefined) continue;
      list.push({ at: f.at, key: relationKey(f.left, f.op, f.right) });
    }
    assumedRelationsOf.set(ctx, list);
  }
  return list;
}

/** A supposing word before a formula with no formula but bare names ("Suppose $n$ is an integer with $2 < n^2 < 5$") or drawn consequence between them ("Suppose (not, so) $…$", "Assume that $…$"). */
const SUPPOSED_BEFORE =
  /\b(?:suppose|supposing|assume|assuming)\b(?:(?!\$|\\\(|\b(?:then|hence|thus|therefore|consequently|it follows|we get|we obtain|we have|gives|yields|implies|note|observe|recall|clearly|compute|computing|check)\b)[^.;!?]|\$[A-Za-z\\{}_,\s]{1,20}\$)*$/i;

/**
 * The words right before a formula naming it as what the step contradicts ("contradicting (the fact that / our
 * assumption) $…$", "contrary to", "in contradiction with", "incompatible with", "which violates", "impossible
 * since"), with no other formula and no drawn consequence ("absurd, and hence $$…$$") between them.
 */
const CONTRADICTED_BEFORE =
  /\b(?:contradict(?:s|ing|ed)?|contrary\s+to|(?:in\s+)?contradiction\s+(?:with|to)|incompatible\s+with|inconsistent\s+with|at\s+odds\s+with|violat(?:es|ing|ed|ion\s+of)|impossible|absurd)\b(?:(?!\$|\\\(|\b(?:then|hence|thus|so|therefore|consequently|it follows|we get|we obtain|gives|yields|implies)\b)[^.;!?])*(?:\$|\\\()?\s*$/i;

/**
 * "for all reals $a, b$, …", "for every $x > 0$ we have …", "for any real numbers $x$ and $y$: …": the names a
 * quantifier lists in the sentence before an inline formula, when nothing but words of no hypothesis stand
 * between them and the formula ("for all $x$ with $x > 1$" and "such that" are conditions: null).
 */
/** The quantifier and the names it lists: `for all real $a$, $b$` (group 1 the first formula, 2 the rest). */
const QUANTIFIER_HEAD = String.raw`for\s+(?:all|every|any|each|arbitrary)\s+(?:(?:positive|negative|non-?negative|non-?zero|nonzero|real|integer|natural|distinct)\s+)*(?:(?:real\s+)?numbers?\s+|reals?\s+|integers?\s+|naturals?\s+)?(?:\$|\\\()([^$]{1,40}?)(?:\$|\\\))((?:\s*(?:,|and|,\s*and)\s*(?:\$|\\\()[^$]{1,20}?(?:\$|\\\)))*)`;
const QUANTIFIER = new RegExp(String.raw`\b${QUANTIFIER_HEAD}([^$]*)$`, 'i');
const BOUND_TAIL = /\s*(?:[<>≤≥]|\\(?:geq?|leq?|gt|lt|neq?|in)(?![a-zA-Z])).*$/;

/**
 * "$\sqrt{a^2} = a$ for every real $a$.", "$(a+b)^2 = a^2 + b^2$ for all real $a, b$", "$x^2 \ge 0$ holds for all $x$":
 * the names a quantifier lists right after an inline formula (or after "holds", "is true"), when it closes the sentence
 * or its clause before a consequence ("…$ for every real $x$, so …", ", hence", ", with equality …"). Nothing else may
 * follow it: "for all $x$ in the interval", "with", "such that" are conditions (null).
 */
const QUANTIFIER_AFTER = new RegExp(
  String.raw`^\s*,?\s*(?:(?:holds|is\s+true|is\s+valid|is\s+satisfied)\s+)?${QUANTIFIER_HEAD}\s*(?:[.;](?:\s|$)|\n|$|,\s*(?:and\s+)?(?:so|hence|thus|therefore|whence|which|with\s+equality)\b)`,
  'i',
);

function quantifiedAfter(after: string, text: string): Quantifier | null {
  const m = QUANTIFIER_AFTER.exec(after);
  return m ? quantifierOf(m, text) : null;
}

/**
 * The formulas a sentence lists before this one, each a relation, joined by commas and "and" only: "For every $t \\in I$ we
 * have $t^2 \\le t$ and $" (the quantifier is theirs as well as this one's).
 */
const SIBLING_CLAIMS = /(?:(?:\$|\\\()[^$]{1,80}?(?:[<>=≤≥]|\\(?:le|ge|leq|geq|lt|gt|ne|neq)(?![a-zA-Z]))[^$]{0,80}?(?:\$|\\\))\s*(?:,\s*(?:and\s+)?|and\s+))+$/;

/** Nothing after a formula but its delimiter and the end of its clause or sentence. */
const CLAUSE_ENDS_AFTER = /^[\s$\\)]*(?:[.;,:]|\n|$)/;

function quantifiedNames(before: string, after: string, text: string): Quantifier | null {
  const own = quantifierBefore(before, text);
  if (own) return own;
  // "For every $t \\in I$ we have $t^2 \\le t$ and $t(1 - t) \\ge 0$": the second claim is quantified as the first (rev17 W2
  // left it "following from" the first, which its own reading, without the domain, could not confirm). Only where it ends
  // its clause: "…, and $x = 0$ gives equality" is no claim for every x.
  const siblings = CLAUSE_ENDS_AFTER.test(after) ? SIBLING_CLAIMS.exec(before) : null;
  // Only right after the quantifier and its names, with no words but "we have" between ("For all $n \\ge 1$ except $n = 2$,
  // $…$": the value left out is no sibling claim).
  const head = siblings ? before.slice(0, siblings.index) : '';
  return siblings && QUANTIFIER_THEN.test(head) ? quantifierBefore(head, text) : null;
}

/**
 * "For positive reals we always have $", "For all real numbers, $", "We always have $": a claim for every value, with
 * no names listed, and no other formula in its sentence before it (`alwaysQuantified`).
 */
const ALWAYS_BEFORE = new RegExp(
  String.raw`^[\s*_]*(?:(?:step|part|claim|case|lemma)\s*[\w.-]{0,6}\s*[.:)]\s*(?:\*\*|__)?\s*)?(?:(?:so|hence|thus|therefore|then|now|also|moreover|in\s+particular|note\s+that|recall\s+that)\s*,?\s*)?(?:for\s+(?:all\s+|every\s+|any\s+|arbitrary\s+)?(?:(?:positive|negative|non-?negative|non-?zero|real|distinct)\s+)*(?:reals|real\s+numbers|numbers|integers|natural\s+numbers)\s*,?\s*(?:(?:we|one)\s+(?:always\s+)?(?:have|has|get)\s+(?:that\s+)?)?|(?:we|one)\s+always\s+(?:have|has|get)\s+(?:that\s+)?|it\s+always\s+holds\s+that\s+)(?:\$|\\\()?\s*$`,
  'i',
);
/** "Let $a, b, c$ be positive real numbers.": names declared as arbitrary numbers of a kind, with no condition after them (group 1). */
const DECLARED_ARBITRARY =
  /\blet\s+(?:\$|\\\()([^$]{1,40}?)(?:\$|\\\))\s+be\s+(?:any\s+|arbitrary\s+|two\s+|three\s+|four\s+)?(?:(?:positive|negative|non-?negative|non-?zero|real|distinct)\s+)*(?:real\s+numbers?|reals?|numbers?|integers?|natural\s+numbers?)\s*[.;](?:\s|$)/gi;

/**
 * The names of a claim stated for every value in words with no names listed ("For positive reals we always have
 * $a^2 + b^2 + c^2 \ge a + b + c$", `ALWAYS_BEFORE`): the fragment's names the text declared as arbitrary numbers of
 * a kind (`DECLARED_ARBITRARY`), with no value fixed and no definition. A name the text introduced otherwise (a bound
 * $M$ it chose, "there is $N$") is not among them, so a claim about it stays an equation (`quantifiedOver`).
 */
function alwaysQuantified(before: string, text: string, at: number, tokens: ReadonlySet<string>, domains: ReadonlyMap<string, Domain>, fixed: ReadonlyMap<string, number>, facts: readonly ContextFact[]): Quantifier | null {
  if (!ALWAYS_BEFORE.test(before)) return null;
  const declared = new Set<string>();
  DECLARED_ARBITRARY.lastIndex = 0;
  for (const m of text.slice(0, at).matchAll(DECLARED_ARBITRARY)) {
    for (const part of m[1].split(/,|\band\b/)) {
      const name = nameOf(part.trim());
      if (name) declared.add(name);
    }
  }
  const names = [...tokens].filter((t) => declared.has(t) && (domains.get(t)?.stated || domains.get(t)?.real) && !fixed.has(t) && !facts.some((f) => f.kind === 'define' && f.name === t));
  return names.length ? { names, domains: new Map() } : null;
}

/** A quantifier and its names, then nothing but a comma or "we have" before the claims: "For every $t \\in I$ we have ". */
const QUANTIFIER_THEN = new RegExp(String.raw`\b${QUANTIFIER_HEAD}\s*,?\s*(?:(?:we|one)\s+(?:have|get|find|obtain)(?:\s+that)?|it\s+holds\s+that)?\s*,?\s*$`, 'i');

function quantifierBefore(before: string, text: string): Quantifier | null {
  const m = QUANTIFIER.exec(before);
  if (!m || introducesHypothesis(m[3]) || /\b(?:with|complex)\b/i.test(`${m[0]}`)) return null;
  // "$x^2 + 1 \\ge 2x$ for all real $x$, and $x^2 \\ge x$ for every $x \\ge 1$": a quantifier right after an earlier
  // formula is that formula's (read after it), not this one's.
  if (/(?:\$|\\\))\s*$/.test(before.slice(0, m.index))) return null;
  return quantifierOf(m, text);
}

/** A quantifier read around an inline formula: the names it lists and the domain it gives each by itself (`quantifierDomain`). */
interface Quantifier {
  names: string[];
  domains: Map<string, Domain>;
}

/**
 * The quantifier of match `m` in document `text`, or null where it ranges over a set the checker cannot read
 * ("for all $x \\in S$" with $S$ the set of reals in $(0, 1)$): its claim's domain is unknown, so it is no claim
 * for every value of a default domain. A set named and defined in the text ("Let $D = [0, 1]$") is read as written there.
 */
function quantifierOf(m: RegExpExecArray, text: string): Quantifier | null {
  const names = listedNames(m);
  if (!names) return null;
  // The kind words stand between the quantifier and its first formula ("for every positive integer $n$").
  const words = m[0].slice(0, m[0].search(/\$|\\\(/));
  const formulas = [m[1], ...[...m[2].matchAll(/(?:\$|\\\()([^$]{1,20}?)(?:\$|\\\))/g)].map((x) => x[1])].map((f) => withSetDefinition(f, text));
  const domains = new Map<string, Domain>();
  // "for every natural number $n$ greater than three, …": a bound in words after the names is the quantifier's too.
  const worded = boundsInWords(m[1], false, 'for every ', m[3] ?? '')?.bounds.flatMap((b) => {
    const value = constantValue(b.right);
    return value === null ? [] : [{ op: b.op, value }];
  });
  for (const name of names) {
    const formula = formulas.find((f) => f.split(',').some((part) => nameOf(part.replace(BOUND_TAIL, '')) === name)) ?? '';
    let d = quantifierDomain(words, formula, name, naturalsFrom(text));
    for (const b of worded ?? []) applyBound((d ??= { integer: false, stated: true }), b.op, b.value, true);
    if (d) domains.set(name, d);
    else if (MEMBERSHIP.test(formula)) return null;
  }
  return { names, domains };
}

const MEMBERSHIP = /\\in(?![a-zA-Z])|∈/;

/** `x \\in D` with `D` defined in the text as an interval or set (`$D = [0, 1]$`, `$E := (1, \\infty)$`): `x \\in [0, 1]`. */
function withSetDefinition(formula: string, text: string): string {
  const m = /^(.+?(?:\\in(?![a-zA-Z])|∈)\s*)([A-Za-z]|\\[A-Za-z]+)\s*$/.exec(formula);
  if (!m) return formula;
  const name = m[2].replace(/\\/g, '\\\\');
  const defined = new RegExp(String.raw`(?:\$|\\\()\s*${name}\s*(?::=|=|\\coloneqq)\s*([[(][^$]{1,60}?[\])])\s*(?:\$|\\\))`).exec(text);
  return defined ? `${m[1]}${defined[1]}` : formula;
}

/** The names a QUANTIFIER_HEAD match lists (a bound such as `x > 0` dropped), or null when one is no name. */
function listedNames(m: RegExpExecArray): string[] | null {
  // Not at the comma of an interval: "for each $x \in [0, 1]$" lists x alone (its " 1]" is no name).
  const listed = [m[1], ...[...m[2].matchAll(/(?:\$|\\\()([^$]{1,20}?)(?:\$|\\\))/g)].map((x) => x[1])].flatMap((t) => t.split(/,(?![^[(]*[\])])/));
  const names = listed.map((part) => nameOf(part.replace(BOUND_TAIL, '')));
  return names.length && names.every((n) => n !== null) ? (names as string[]) : null;
}
/** The consequences a case states before a formula, joined by "and" ("If $x < 1$, then $x - 1 < 0$ and $"): it is drawn under the case too. */
const CONSEQUENCES_SO_FAR = String.raw`(?:(?:\$|\\\()[^$]{1,80}?(?:\$|\\\))\s*,?\s*and\s+(?:(?:so|hence|thus|therefore)\s+)?)*`;
/** Only consequences joined by "and" before a formula in its sentence (`CONSEQUENCES_SO_FAR`), or nothing. */
const CONSEQUENCES_ONLY = new RegExp(String.raw`^[\s*_]*${CONSEQUENCES_SO_FAR}$`);
/** A bare case label ending the sentence before: "Case 1.", "**Case 2:**". */
const BARE_LABEL_BEFORE = /(?:^|\n|[.!?]\s+)[\s*_]*case\s*(?:\d|[ivx]{1,4}|\(?[a-d]\))\s*[.:]\s*(?:\*\*|__)?\s*$/i;
/** A condition word right before an inline formula: "holds when $…$", "if and only if $…$", "provided $…$". */
/**
 * A sentence opening with one case bound and nothing after it but "then" or "we have": "If $x < 1$, then", "For $x > 0$,",
 * "For $x \\ne 1$,", "Provided $x \\ne 5$,", "Except when $x = 1$,", "Unless $x = 1$ or $x = -1$, we have", "Unless $x \\ge 1$,", "Apart from $x = 5$,",
 * "For all $x$ other than $3$," (the words that leave values out: facts.ts `EXCEPT_WORDS`); and a label that picks one
 * alternative of a disjunction, "In the last case", "Finally, in the remaining case,", "If the first holds,", "Case 1." (facts.ts `CASE_PICKED`; its bounds are assumed facts).
 * A case bound may also open after a theorem's label ("**Lemma.** For $x > 0$,") or inside a sentence after a clause link
 * (", and for $x \\ge 1$,", "; whereas for": facts.ts `CLAUSE_LINKS`); group 1 is the case word ("for": its bounds set the claim's domain).
 */
const CASE_THEN = new RegExp(
  String.raw`(?:^[\s*_]*(?:(?:Lemma|Theorem|Proposition|Corollary|Claim|Fact|Remark)(?:\s+[\w.-]+)?\s*[.:][\s*_]*)?|[,;:]\s*${CLAUSE_LINKS})(?:(if|when|whenever|for|provided(?:\s+that)?|as\s+long\s+as)\s+(?:\$|\\\()[^$]{0,40}?(?:[<>≤≥≠]|\\(?:le|ge|leq|geq|lt|gt|ne|neq)(?![a-zA-Z]))|(?:${EXCEPT_WORDS})\s+(?:(?:\$|\\\()[^$]{0,40}?=[^$]{0,40}?(?:\$|\\\))\s*,?\s*(?:or|and)\s+)*(?:\$|\\\()[^$]{0,40}?(?:=|[<>≤≥]|\\(?:le|ge|leq|geq|lt|gt)(?![a-zA-Z]))|for\s+(?:(?:all|every|each|any)\s+)?(?:real\s+)?(?:\$|\\\()\s*[A-Za-z]\s*(?:\$|\\\))\s*,?\s*(?:${EXCEPT_WORDS})\s+(?:\$|\\\())[^$]{0,40}?(?:\$|\\\))\s*(?:[,:]\s*(?:then\s+)?(?:(?:we|one)\s+(?:have|has|get|gets)\s+)?|\s+(?:then|(?:we|one)\s+(?:have|has|get|gets))\s+)${CONSEQUENCES_SO_FAR}$|^[\s*_]*(?:(?:finally|lastly|next|now|then)\s*,?\s*)?(?:in\s+the\s+(?:first|former|second|latter|third|fourth|last|other|remaining)\s+(?:case|alternative|possibility)|if\s+the\s+(?:first|former|second|latter|third|fourth|last|other)\s+(?:(?:one|alternative|possibility)\s+)?holds|case\s*(?:\d|[ivx]{1,4}|\(?[a-d]\))\s*[.:]\s*(?:\*\*|__)?)\s*,?\s*(?:then\s+)?(?:we\s+(?:have|get)\s+)?${CONSEQUENCES_SO_FAR}$`,
  'i',
);
const CONDITION_BEFORE = /\b(?:when|whenever|if|iff|if and only if|provided(?: that)?|unless)\s*(?:\$|\\\()?\s*$/i;
/**
 * A condition whose subject points back instead of naming ("If both are positive, then …", "When they are equal,",
 * "Suppose all three are negative."): the checker cannot tie it to names, so nothing said under it is judged (a
 * relation true only under it failed at values it excludes).
 */
const ANAPHORIC_CONDITION =
  /\b(?:if|when|whenever|suppose|supposing|assume|assuming|provided|in case)\s+(?:that\s+)?(?:both|all|each|either|neither|none|they|these|those|it|the\s+(?:two|three|four|numbers|variables|terms|factors|roots))\b(?:\s+(?:two|three|four|of\s+them|numbers|variables))?\s+(?:is|are|be|were|was|have|has|equals?)\b[^$]*$/i;
const BMOD = /\\bmod(?![a-zA-Z])/;

const RELATION_SYMBOLS = /[=<>≤≥≠⩽⩾≡≢]|\\(?:le|ge|ne|lt|gt|equiv)(?![a-z])|\\(?:leq|geq|neq)\b/g;

/**
 * Checks the relation chains of one fragment. Inline math with a single relation is only flagged when
 * it has no variables (`$2^{10} = 1000$`): `$x^2 = 4$` is far more often an equation than a claim.
 */
export function checkFragmentComputations(
  fragment: CheckFragment,
  setting: FragmentSetting,
  options: ComputeOptions = {},
): FragmentFinding[] {
  const pairs = relationPairs(fragment.tex, fragment.contentOffset);
  const findings: FragmentFinding[] = [];
  const judged: { pair: (typeof pairs)[number]; judgement: Judgement; inlineAlone: Judgement | null; chain: number }[] = [];
  let chain = -1;
  // `\left(\frac{a}{p}\right)` in a text about Legendre symbols is a symbol, not a fraction.
  const symbolLikeInText = setting.fractionSymbols && (/\\(?:left|[Bb]igg?l?)\s*\(\s*\\[dt]?frac/.test(fragment.tex) || new RegExp(SLASH_SYMBOL).test(fragment.tex));
  for (const pair of pairs) {
    const symbolLike = symbolLikeInText || legendreShaped(pair.left.tex, pair.right.tex);
    let mayFlag = true;
    if ((pair.indexInChain === 0 && setting.hypothesis) || setting.condition || setting.contradicted || setting.supposed) mayFlag = false;
    // An inline relation alone reads as an equation, unless the sentence quantifies every one of its letters.
    // So is a consequence drawn under a supposed sign or order of every one of its names ("Suppose $a < 0$. Then $\\sqrt{a^2} = a$").
    // And a law quoted as the reason for a step ("Since $\\log(ab) = \\log a \\cdot \\log b$, …"): a claim for every value.
    const law = lawQuoted(pair, setting);
    // "Factor: $x^2 - 2x - 3 = (x + 1)(x - 2)$" names the computation it states: an identity claimed, no equation (rev17 h18).
    const named = setting.computationNamed && identityShaped(pair);
    if (!fragment.display && pair.chainRelations === 1 && !quantifiedOver(pair, setting.quantified) && !(drawnUnderAssumption(pair, setting) && !setting.onlyWhen) && !law && !named) mayFlag = false;
    if (setting.solved && pair.op === '=') mayFlag = false;
    // A consequence about the constants of a supposition ("Suppose $\\pi \\le 3$. Then $\\pi^2 \\le 9$") is false by design.
    const aboutSupposedConstants = !fragment.display && setting.supposedConstants.length > 0 && constantTokens(`${pair.left.tex} ${pair.right.tex}`).some((t) => setting.supposedConstants.includes(t));
    if (aboutSupposedConstants) mayFlag = false;
    // A stated hypothesis cited again ("Suppose $x > 1$. Then $x^2 > 1$, yet $x^2 \le 1$") is no claim.
    if (!fragment.display && setting.cited.has(relationKey(pair.left.tex, pair.op, pair.right.tex))) mayFlag = false;
    if (pair.op === '=' && solvedInside(fragment.tex, pair.right.end - fragment.contentOffset, `${pair.left.tex} ${pair.right.tex}`)) mayFlag = false;
    let judgement: Judgement = symbolLike
      ? { status: 'unchecked', reason: 'a bracketed fraction that may be a Legendre or Jacobi symbol' }
      : setting.modulus
        ? judgeCongruence(pair, fragment.contentOffset, setting, options)
        : judgeRelation(pair.left.tex, pair.op, pair.right.tex, { ...judgeOptions(setting, options), quantified: quantifiedOver(pair, setting.quantified) || law });
    // `23 \bmod 7 = 2`: `\bmod` inside a side is the remainder operation, though many write
    // `1024 = 1 \bmod 11` for a congruence. An `=` link is decided only when both readings agree.
    if (setting.modulus && pair.op === '=' && BMOD.test(`${pair.left.tex} ${pair.right.tex}`) && judgement.status !== 'unchecked') {
      const remainder = judgeRelation(pair.left.tex, pair.op, pair.right.tex, judgeOptions(setting, options));
      if ((remainder.status === 'fails') !== (judgement.status === 'fails')) {
        judgement = { status: 'unchecked', reason: 'ambiguous: \\bmod as the remainder or as a congruence' };
      }
    }
    // An inline relation alone is read as an equation; if the proof states it as a claim elsewhere and
    // it fails there, this copy fails too (the document-wide pass, restated.ts, decides).
    const inlineAlone = setting.restatable && pair.chainRelations === 1 && !setting.solved && !aboutSupposedConstants ? judgement : null;
    // Plain arithmetic (no variables) is flagged wherever it stands; a relation that fails only because
    // of a value fixed by the text is arithmetic too when it is displayed or part of a chain.
    // "…, since $2(n+1) + 1 = 2n + 2$": a reason no value satisfies is neither an equation the step solves nor a hypothesis
    // that holds; it is a false claim (rev19 sumsq). Under a supposition or near a contradiction it may be false by design.
    if (judgement.status === 'fails' && !mayFlag && setting.reasonAsserted && !setting.supposed && !setting.contradicted && !setting.condition && !setting.modulus && !setting.solved && !aboutSupposedConstants && noSolution(pair)) {
      mayFlag = true;
    }
    if (judgement.status === 'fails' && !mayFlag && (setting.supposed || aboutSupposedConstants || !isArithmetic(judgement, setting.fixed, fragment.display || pair.chainRelations > 1 || setting.consequence))) {
      judgement = { status: 'unchecked', points: judgement.points, reason: SILENCED };
    }
    // `2 \cdot 2 = 4,3 \cdot 3 = 9` may be a list written without spaces: a comma between digits is read
    // as a decimal comma (`0,5`) but never the reason for a failure.
    if (judgement.status === 'fails' && /\d(?:,|\{,\})\d/.test(`${pair.left.tex} ${pair.right.tex}`)) {
      judgement = { status: 'unchecked', points: judgement.points, reason: 'a comma between digits: a decimal comma or a list' };
    }
    // "$17 \\div 5 = 3$ remainder $2$": the last link of the formula, or any link with its remainder inside it.
    const remainderGiven = setting.remainderAfter && pair === pairs[pairs.length - 1];
    if (judgement.status === 'fails' && pair.op === '=' && (remainderGiven || REMAINDER_INSIDE.test(fragment.tex.slice(pair.right.end - fragment.contentOffset))) && quotientWithRemainder(judgement)) {
      judgement = { status: 'unchecked', points: judgement.points, reason: 'the quotient of a division with remainder' };
    }
    // The absurd line of a proof by contradiction is an inequality (`2^n < n`, `(a - b)^2 < 0`) or closed
    // arithmetic (`2 = 0`), and the sentence's "contradiction" may stand a clause further on ("…, but squares are
    // non-negative, a contradiction"); an equality with variables is a step of the argument (s69, s77), read
    // with its own clause only.
    const stepOfArgument = pair.op === '=' && Object.keys(judgement.counterexample?.assignment ?? {}).length > 0;
    if (judgement.status === 'fails' && solvedLink(pair, setting.solvingFor)) {
      judgement = { status: 'unchecked', points: judgement.points, reason: 'the inequality being solved, a condition on its unknown' };
    }
    if (judgement.status === 'fails' && (setting.statedFalse || (setting.statedFalseNear && !stepOfArgument))) {
      judgement = { status: 'unchecked', points: judgement.points, reason: STATED_FALSE_REASON };
    }
    if (pair.indexInChain === 0) chain++;
    judged.push({ pair, judgement, inlineAlone, chain });
  }
  // `0 < a^2 + 1 \le 0 \quad \text{(contradiction)}`: the text rejects the chain as a whole, so a link of it
  // that happens to hold is no step of the proof either.
  // So is a chain the text calls false that does not hold as a whole (`1 = 2^k - 2^k + 1 = 0 \text{(absurd)}`:
  // its last link reads as an equation, its first one holds).
  const rejected = new Set(
    judged.filter((j) => j.judgement.reason === STATED_FALSE_REASON || (setting.statedFalse && j.judgement.status !== 'holds' && j.judgement.status !== 'verified')).map((j) => j.chain),
  );
  for (const { pair, judgement: judged0, inlineAlone, chain: c } of judged) {
    const judgement: Judgement =
      rejected.has(c) && (judged0.status === 'holds' || judged0.status === 'verified') ? { status: 'unchecked', points: judged0.points, reason: STATED_FALSE_REASON } : judged0;
    findings.push({
      id: `check:calc:${pair.left.start}-${pair.right.end}`,
      stepId: fragment.stepId ?? null,
      op: pair.op,
      left: pair.left.tex,
      right: pair.right.tex,
      range: { start: pair.left.start, end: pair.right.end },
      status: judgement.status,
      points: judgement.points,
      counterexample: judgement.counterexample,
      reason: judgement.reason,
      ...(judgement.hypotheses?.length ? { hypotheses: judgement.hypotheses } : {}),
      message: message(pair, judgement),
      ...(inlineAlone && judgement.reason === SILENCED
        ? { ifClaimed: { counterexample: inlineAlone.counterexample, points: inlineAlone.points, hypotheses: inlineAlone.hypotheses, reason: inlineAlone.reason, message: message(pair, inlineAlone) } }
        : {}),
    });
  }
  return findings;
}

/**
 * "…$, so $x \\ge -3$", "…$, i.e. $-3 \\le x < -2$", "…$, hence $x > 1$", "…$ gives $x \\le 2$", "…$ iff $x \\le 2$", "…$ holds
 * exactly when $x \\le 2$": a solving word or equivalence, then a bound on a name (group 1 the formula). Rev15 kind A.
 */
const SOLVED_BOUND_AFTER = /^\s*(?:\$|\\\))?\s*[,;:]?\s*(?:and\s+)?(?:so|hence|thus|therefore|whence|i\.\s?e\.|that is|(?:which|this|that)\s+(?:gives|yields|implies|forces|means)|giving|yielding|gives|yields|implies|forces|means|meaning|implying|we get|or|(?:(?:holds|is\s+true)\s+)?(?:iff|if\s+and\s+only\s+if|(?:exactly|precisely|just)\s+when))(?:\s+that)?\s*,?\s*(?:\$|\\\()([^$]{1,60}?)(?:\$|\\\))/i;
/** "we need $…$", "we want", "we must have", "solving $…$": the formula is the inequality to solve. */
const SOLVING_BEFORE = /\b(?:we\s+(?:need|want|require|must\s+have)|solv(?:e|ing)|the\s+inequality\s+(?:reads|becomes))\b(?:\s+that)?\s*(?:\$|\\\()?\s*$/i;
const INEQUALITY_OPS = new Set(['<', '>', '\\le', '\\ge']);

/**
 * The names a sentence solves an inequality of an inline formula for (`FragmentSetting.solvingFor`): those the formula
 * after it bounds by constants alone ("so $x \\ge -3$", "so $-3 \\le x < -2$"), or `*` (any one) where the words before
 * it say it is to be solved ("we need", "solve"). Rev13 m03, ce17, rc12: `-2x - 1 \\le 5` was flagged in the case $x < -2$.
 */
function solvingFor(before: string, after: string): string[] {
  if (SOLVING_BEFORE.test(before)) return ['*'];
  const m = SOLVED_BOUND_AFTER.exec(after);
  if (!m) return [];
  const pairs = relationPairs(m[1], 0);
  const names = new Set<string>();
  for (const p of pairs) {
    if (!INEQUALITY_OPS.has(p.op)) return [];
    const [l, r] = [nameOf(p.left.tex), nameOf(p.right.tex)];
    const other = l !== null ? p.right.tex : p.left.tex;
    if ((l === null) === (r === null) || sideVariables(other)?.length !== 0) return [];
    names.add((l ?? r)!);
  }
  return [...names];
}

/**
 * The words after a fragment read on past an abbreviation's full stop ("…$, i.e. $x \\ge -5$."), which `sentenceAround`
 * takes for the sentence's end: the formula it introduces belongs to the clause (rev17 F1: after a case heading, the
 * inequality solved for before ", i.e." was checked as a claim and failed).
 */
function pastAbbreviation(text: string, end: number, after: string): string {
  if (!ABBREVIATION_END.test(after)) return after;
  const at = end + after.length;
  return after + sentenceAround(text, at, at).after;
}
/** An abbreviation's full stop at the end of a clause: "i.e.", "e.g.", "viz.", "cf.". */
const ABBREVIATION_END = /(?:\bi\.\s?e|\be\.\s?g|\bviz|\bcf)\.$/i;

/** The last link of a chain, an inequality with a constant side and the other in one name the sentence solves for (`solvingFor`). */
function solvedLink(pair: RelationPair, names: readonly string[]): boolean {
  if (!names.length || pair.indexInChain !== pair.chainRelations - 1 || !INEQUALITY_OPS.has(pair.op)) return false;
  const [lv, rv] = [sideVariables(pair.left.tex), sideVariables(pair.right.tex)];
  if (lv === null || rv === null || lv.length + rv.length === 0) return false;
  const vars = [...new Set([...lv, ...rv])];
  if (vars.length !== 1) return false;
  // "the inequality reads $2x - 1 < x + 2$, i.e. $x < 3$": the unknown on both sides, the condition solved as well.
  if (lv.length && rv.length) return names.includes(vars[0]) || names.includes('*');
  // "we need $x \\le 2$" alone is a bound, "the inequality reads $-2x - 1 \\le 5$" the condition solved.
  const bare = nameOf(lv.length ? pair.left.tex : pair.right.tex) !== null;
  return names.includes(vars[0]) || (names.includes('*') && (pair.chainRelations > 1 || !bare));
}

/**
 * The stated orders with those they imply by transitivity: "WLOG $x \le y \le z$" is read as x ≤ y and
 * y ≤ z, and a relation in x and z alone (`z - x \ge 0`) samples neither y nor, before, any order at all
 * ("holds at some points only"). Written `a < b` or `a \le b` (strict when a link of the chain is); at most
 * 12 orders are closed over (a stated order is a handful of names).
 */
export function withTransitiveOrders(relations: readonly VariableRelation[]): VariableRelation[] {
  const orders = relations.filter((r) => r.op !== '\\ne');
  if (orders.length < 2 || orders.length > 12) return [...relations];
  // below.get(a).get(b) = strict: a < b (true) or a ≤ b (false).
  const below = new Map<string, Map<string, boolean>>();
  const add = (a: string, b: string, strict: boolean): boolean => {
    if (a === b) return false;
    let m = below.get(a);
    if (!m) below.set(a, (m = new Map()));
    const had = m.get(b);
    if (had === true || had === strict) return false;
    m.set(b, strict);
    return true;
  };
  for (const r of orders) {
    const up = r.op === '<' || r.op === '\\le';
    add(up ? r.left : r.right, up ? r.right : r.left, r.op === '<' || r.op === '>');
  }
  const stated = new Set(orders.map((r) => (r.op === '<' || r.op === '\\le' ? `${r.left} ${r.right}` : `${r.right} ${r.left}`)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [a, above] of below) for (const [b, s1] of [...above]) for (const [c, s2] of [...(below.get(b) ?? [])]) if (add(a, c, s1 || s2)) changed = true;
  }
  const implied: VariableRelation[] = [];
  for (const [a, above] of below) {
    for (const [c, strict] of above) {
      if (stated.has(`${a} ${c}`)) continue;
      // A name it passes through, strictly on one side at least where the order is strict (judge.ts samples it with them).
      const via = [...above.keys()].find((b) => b !== c && below.get(b)?.has(c) && (!strict || above.get(b) || below.get(b)!.get(c)));
      implied.push({ left: a, op: strict ? '<' : '\\le', right: c, ...(via ? { via } : {}) });
    }
  }
  return [...relations, ...implied];
}

/**
 * Whether an inline relation is a consequence ("Then …", "So …") of what the proof supposes about each of its
 * names: a bound on the name alone that it assumed ("Suppose $a < 0$", "Let $x > 1$") or a stated order
 * ("WLOG $a \\le b \\le c$"), and no value fixed for it. It then claims the relation for every such value (not an
 * equation to solve), as a quantifier would: "Suppose $a < 0$. Then $\\sqrt{a^2} = a$" is false at a = −1.
 */
function drawnUnderAssumption(pair: RelationPair, setting: FragmentSetting): boolean {
  if (!setting.consequence || setting.hypothesis) return false;
  const left = sideVariables(pair.left.tex);
  const right = sideVariables(pair.right.tex);
  if (left === null || right === null || left.length + right.length === 0) return false;
  const bound = new Set(setting.facts.filter((f) => f.kind === 'bound' && (f.assumed || setting.caseThen) && f.variables.length === 1 && f.op !== '\\equiv').map((f) => f.variables[0]));
  // "Unless $0 \\le y \\le 1$, …", "If $y < 0$ or $y > 1$, then …": a disjunction whose every alternative bounds the same one
  // name supposes an order of it as much as one bound does (rev17: a false step under it was "stated as an equation").
  const groups = new Map<number, Set<string>>();
  for (const f of setting.facts) {
    if (f.kind !== 'constrain' || f.group === undefined || !(f.assumed || setting.caseThen)) continue;
    const names = groups.get(f.group) ?? new Set<string>();
    for (const v of f.variables) names.add(v);
    groups.set(f.group, names);
  }
  for (const [group, names] of groups) {
    if (names.size === 1 && setting.facts.filter((f) => f.group === group).length >= 2) bound.add([...names][0]);
  }
  const ordered = new Set(setting.relations.flatMap((r) => (r.op === '\\ne' ? [] : [r.left, r.right])));
  return [...left, ...right].every((v) => !setting.fixed.has(v) && (bound.has(v) || ordered.has(v)));
}

/** A sentence that opens by naming the computation of the formula right after it: "Factor:", "Factoring,", "Expanding, we get". */
const COMPUTATION_NAMED = /^[\s*_]*(?:factor(?:ing|ise|ize|ising|izing)?|expand(?:ing)?|multiplying\s+out)\s*[:,]?\s*(?:we\s+(?:get|have|obtain)\s+)?(?:\$|\\\()?\s*$/i;

/** An equality of two sides in the same one name, neither constant (`x^2 - 2x - 3 = (x + 1)(x - 2)`): an identity's shape, not an equation to solve. */
function identityShaped(pair: RelationPair): boolean {
  if (pair.op !== '=') return false;
  const left = sideVariables(pair.left.tex);
  const right = sideVariables(pair.right.tex);
  return left !== null && right !== null && left.length === 1 && right.length === 1 && left[0] === right[0];
}

/**
 * "For $t > 0$, $t^2 = t$ only when $t = 1$", "…$ holds exactly when", "…$ iff": a condition on when the relation holds
 * follows it, so under a case it is no claim for every value of the case (rev15 ok/notes02 failed at t = 2).
 */
const ONLY_WHEN_AFTER = /^[\s$\\)]*,?\s*(?:(?:holds|is\s+true|happens|occurs|is\s+possible)\s+)?(?:(?:only|exactly|precisely|just)\s+(?:when|if|for|at)\b|iff\b|if\s+and\s+only\s+if\b)/i;

/**
 * "Since $…$", "because $…$", ", as $…$": the formula is the reason a step gives. "because" and "since" need no comma
 * before them ("$n^2$ is even because $…$"): in a proof they only give reasons. "as" does ("such as $…$", "as $n \to
 * \infty$", "written as $…$"), and so do "just because" (a reason denied) and "ever since" (time).
 */
const REASON_BEFORE = /(?:(?:^|[,;:])[\s*_]*(?:since|because|as)|(?<!\b(?:just|ever|not)\s+)\b(?:since|because))\s*(?:\$|\\\()?\s*$/i;
/**
 * Words of a contradiction the text draws, of a supposition or of a negative conclusion ("…, impossible", "cannot",
 * "for contradiction", "so $f$ has no fixed point"): an impossible equation near them is the point of the argument.
 */
const REFUTING_NEAR =
  /\b(?:contradict\w*|absurd\w*|impossib\w*|cannot|can't|never|false|would|not\s+possible|suppose|supposing|assume|assuming|(?:has|have|is|are|exists?)\s+no|no\s+(?:such|solutions?|fixed|roots?|real|integers?|values?))\b|\\Rightarrow\s*\\Leftarrow|↯/i;
/** Texts about finite rings and fields, where `x + 1 = x - 1` may hold (characteristic 2). */
const FINITE_RING = /\bcharacteristic\b|\\mathbb\s*\{?\s*[FZ]\s*\}?\s*(?:_|\/)|\\mathbb\s*\{?\s*F|\bGF\s*\(|\b(?:modulo|mod)\b|\\(?:pmod|bmod|equiv)(?![a-zA-Z])/i;
let finiteRingMemo = { text: '', found: false };

/** Whether the document is about finite rings (one scan per document text, not per reason: fractionSymbolsIn's way). */
function finiteRingIn(text: string): boolean {
  if (finiteRingMemo.text !== text) finiteRingMemo = { text, found: FINITE_RING.test(text) };
  return finiteRingMemo.found;
}

/**
 * Whether a reason at [at, end) stands outside any argument the text refutes: no refuted supposition spans it
 * (facts.ts `closedStretches`), no contradiction, supposing or negative word in its sentence, in the rest of its
 * paragraph or at the start of the next one (a fixed point supposed, "since $x + 1 = x$, …", "This is a
 * contradiction" two sentences on), and the document is about no finite ring.
 */
function reasonAsserted(text: string, at: number, end: number): boolean {
  if (finiteRingIn(text)) return false;
  const { before } = sentenceAround(text, at, end);
  const rest = text.slice(end, end + 800);
  const paragraphEnd = rest.search(/\n[ \t]*\n/);
  const following = paragraphEnd < 0 ? rest : rest.slice(0, paragraphEnd + 200);
  if (REFUTING_NEAR.test(`${before} ${following}`)) return false;
  return !closedStretches(text).spans.some((s) => s.kind === 'refuted' && s.from <= at && at < s.to);
}

/**
 * Whether no value of its names satisfies a relation: its sides differ by a constant (`constantDifference`) that fails
 * it (`2(n+1) + 1 = 2n + 2` differ by 1, `x + 1 \le x` by 1).
 */
function noSolution(pair: RelationPair): boolean {
  if (pair.chainRelations !== 1) return false;
  const c = constantDifference(pair.left.tex, pair.right.tex);
  return c !== null && !holdsAt(pair.op, c, 0);
}

/** The functions whose laws students quote (and misquote): `\\log(ab) = \\log a + \\log b`, `\\sqrt{a + b} = \\sqrt a + \\sqrt b`. */
const LAW_FUNCTIONS = /\\(?:log|ln|lg|exp|sqrt|sin|cos|tan|sinh|cosh|tanh)(?![a-zA-Z])/g;

/**
 * Whether an inline equality given as a reason ("Since $\\log(ab) = \\log a \\cdot \\log b$, …") is a law about a
 * function, quoted for every value of its names: one function on both sides, the same two or more names on both
 * sides, none given a value. An equation the proof derived ("since $x^2 = 2x$", "since $\\log x = \\log y$") has one
 * name or different names on its sides, and stays a hypothesis.
 */
function lawQuoted(pair: RelationPair, setting: FragmentSetting): boolean {
  if (!setting.reason || pair.op !== '=' || pair.chainRelations !== 1) return false;
  const functions = (tex: string) => new Set(tex.match(LAW_FUNCTIONS) ?? []);
  const lf = functions(pair.left.tex);
  if (![...functions(pair.right.tex)].some((f) => lf.has(f))) return false;
  const left = sideVariables(pair.left.tex);
  const right = sideVariables(pair.right.tex);
  if (left === null || right === null) return false;
  const names = new Set(left);
  return names.size >= 2 && new Set(right).size === names.size && right.every((v) => names.has(v)) && left.every((v) => !setting.fixed.has(v));
}

/** Whether every variable of the relation is one of the names the sentence quantifies (`FragmentSetting.quantified`). */
function quantifiedOver(pair: RelationPair, names: readonly string[] | null): boolean {
  if (!names) return false;
  const left = sideVariables(pair.left.tex);
  const right = sideVariables(pair.right.tex);
  if (left === null || right === null || left.length + right.length === 0) return false;
  return [...left, ...right].every((v) => names.includes(v));
}

const GROUP = String.raw`\{(?:[^{}]|\{[^{}]*\})*\}`;
/** `(a/p)`, `(-1/p)`, `\left(2/7\right)`: the same symbol written with a slash, as many number theory texts do. */
const SLASH_SYMBOL = String.raw`(?:\\left|\\[Bb]igg?l?)?\s*\(\s*-?\s*[A-Za-z0-9\\]+\s*\/\s*[A-Za-z0-9\\]+\s*(?:\\right|\\[Bb]igg?r?)?\s*\)(?!\s*\^)`;
/** `\left(\frac{a}{p}\right)`, `\Bigl(\dfrac{2}{7}\Bigr)`, `(\tfrac{3}{11})` or a slash symbol, with no exponent after it. */
const BRACKETED_FRACTION = new RegExp(
  String.raw`(?:(?:\\left|\\[Bb]igg?l?)?\s*\(\s*\\[dt]?frac\s*${GROUP}\s*${GROUP}\s*(?:\\right|\\[Bb]igg?r?)?\s*\)(?!\s*\^))|${SLASH_SYMBOL}`,
  'g',
);
/** What a Legendre symbol equals: ±1, 0, a power of −1, or other symbols. */
const SYMBOL_VALUE = /^(?:[-+]?\s*[01]|\\pm\s*1|\\mp\s*1|(?:\\left)?\(\s*-\s*1\s*(?:\\right)?\)\s*\^\s*(?:\{.*\}|\w))$/;

/**
 * A relation between Legendre-shaped terms (`\left(\frac{2}{7}\right) = 1`, `(\frac{ab}{p}) = (\frac{a}{p})(\frac{b}{p})`):
 * one side is only bracketed fractions with no exponent and the other is ±1, 0, a power of −1 or more
 * of them. Nobody brackets a lone fraction to say it equals ±1; a Legendre or Jacobi symbol it is.
 */
function legendreShaped(left: string, right: string): boolean {
  const onlySymbols = (tex: string) => {
    const rest = tex.replace(BRACKETED_FRACTION, ' ');
    // A sign before a symbol (`-(7/3)`) is still only symbols.
    return rest !== tex && /^[\s,.+-]*$/.test(rest.replace(/\\cdot/g, ''));
  };
  const value = (tex: string) => SYMBOL_VALUE.test(tex.trim().replace(/[.,]$/, '').trim());
  return (onlySymbols(left) && (onlySymbols(right) || value(right))) || (onlySymbols(right) && value(left));
}

/**
 * No free variable: no variable at all, or (where `fixedCounts`: displays and chains) every variable has
 * a value fixed by a definition just before. An inline `$t^2 = 7$` after "when $t = 3$" is not arithmetic.
 */
function isArithmetic(j: Judgement, fixed: ReadonlyMap<string, number>, fixedCounts: boolean): boolean {
  if (j.counterexample === undefined) return false;
  const vars = Object.keys(j.counterexample.assignment);
  return vars.length === 0 || (fixedCounts && vars.every((v) => fixed.has(v)));
}

/** What `judgeRelation` needs from a fragment's setting. */
function judgeOptions(setting: FragmentSetting, options: ComputeOptions): JudgeOptions {
  return {
    domains: setting.domains,
    relations: setting.relations,
    fixed: setting.fixed,
    mayFlag: true,
    symbolic: options.symbolic ?? true,
    symbolicTally: options.symbolicTally,
    samples: options.samples ?? 24,
    facts: setting.facts,
    namedVariables: setting.namedVariables,
    lowerHinted: setting.lowerHinted,
  };
}

/**
 * A relation of a congruence (`3^4 = 81 \equiv 4 \pmod{7}`, `$10 \cdot 5 = 1$ (mod 7)`), judged modulo
 * the modulus that closes its chain. `\equiv` links compare residues; an `=` link holds when its sides
 * are congruent (equal integers are, and `10^5 = 1^5 \pmod 9` uses `=` for `\equiv`), so it fails
 * only when it is false in both senses. A failure is reported only where the modulus is certain: an
 * `=` needs it written in the formula (in a sentence saying "modulo 7" it may be plain arithmetic), an
 * `\equiv` also accepts the one modulus its sentence names. A modulus written as a name (`\pmod{p}`)
 * needs a value fixed nearby. Closed arithmetic is exact; with variables, integer points are sampled
 * inside the hypotheses in scope (`judgeRelation`), as for any relation.
 */
function judgeCongruence(pair: RelationPair, offset: number, setting: FragmentSetting, options: ComputeOptions): Judgement {
  const { op } = pair;
  const reading = setting.modulus!;
  if (op !== '=' && op !== '\\equiv' && op !== '\\not\\equiv') return { status: 'unchecked', reason: 'a congruence' };
  const written = modulusFor(reading, pair.right.start - offset);
  const named = written?.name ?? null;
  const m = written ? (written.m ?? (named !== null ? (setting.fixed.get(named) ?? null) : null)) : reading.inText!.m;
  if (m === null || !Number.isSafeInteger(m) || m < 2) return { status: 'unchecked', reason: named !== null ? `a congruence modulo ${named}` : 'a congruence' };
  const mayFail = written !== undefined || (op !== '=' && reading.inText!.one);
  // Exact integers (BigInt), so `2^{100} = (2^{10})^{10} \equiv 1` is compared beyond a double's 2^53.
  const value = (tex: string): bigint | null => {
    const side = tex.replace(MOD_TAIL, '');
    const json = parseSide(side.trim());
    const exact = json === null ? null : exactValue(json);
    if (exact !== null) return exact.d === 1n ? exact.n : null;
    const v = constantValue(side);
    return v !== null && Number.isSafeInteger(v) ? BigInt(v) : null;
  };
  const left = pair.left.tex.replace(MOD_TAIL, '');
  const right = pair.right.tex.replace(MOD_TAIL, '');
  const a = value(left);
  const b = value(right);
  let judgement: Judgement;
  if (a !== null && b !== null && op === '=' && a === b) {
    // Equal as integers: true whatever the modulus, so say so without "under modulo m" (`3^4 = 81 \equiv 4`).
    judgement = { status: 'holds', points: 1, reason: 'equal as integers' };
  } else if (a !== null && b !== null) {
    const congruent = (a - b) % BigInt(m) === 0n;
    // The message shows each side's residue from its value as a double: beyond 2^53 that would be wrong.
    const showable = [a, b].every((x) => Number.isSafeInteger(Number(x)));
    judgement = congruent === (op !== '\\not\\equiv')
      ? { status: 'holds', points: 1, reason: `modulo ${m}`, hypotheses: [`modulo ${m}`] }
      : showable
        ? { status: 'fails', points: 1, counterexample: { assignment: {}, left: Number(a), right: Number(b) }, reason: `not congruent modulo ${m}` }
        : { status: 'unchecked', reason: `not congruent modulo ${m}, but too large to show` };
  } else {
    judgement = judgeRelation(left, op, right, { ...judgeOptions(setting, options), modulus: m });
  }
  if (judgement.status === 'fails' && !mayFail) return { status: 'unchecked', points: judgement.points, reason: `may be a congruence modulo ${m}` };
  return judgement;
}

/** "checked at 1 sample value" / "checked at 10 sample values": how many sample assignments both sides were defined at. */
function triedAt(points: number | undefined): string {
  return `checked at ${points ?? 0} sample ${points === 1 ? 'value' : 'values'}`;
}
