// Finds relation chains in a math fragment: `a = b \le c`, align rows (`&=` continuing the previous
// row's last term), `\intertext`, `\text{…}` and `\quad (\text{by …})` annotations, trailing
// punctuation. Works on the source text so every term keeps its exact range in the document.

import { commaNumber } from './normalize';

/** `\equiv` / `\not\equiv`: congruences, checked only where a modulus is written or said (compute/modulus.ts). */
export type RelOp = '=' | '<' | '>' | '\\le' | '\\ge' | '\\ne' | '\\equiv' | '\\not\\equiv';

export interface Term {
  /** Document offsets, trimmed of spaces and trailing punctuation. */
  start: number;
  end: number;
  /** The TeX to parse (annotations inside the term replaced by spaces). */
  tex: string;
}

export interface RelationPair {
  left: Term;
  right: Term;
  op: RelOp;
  /** Document range of the relation symbol. */
  opRange: { start: number; end: number };
  /** Position of this pair in its chain and the chain's number of relations. */
  indexInChain: number;
  chainRelations: number;
}

/** Relations typed as Unicode characters (`x ≥ y + 1`), as pasted from word processors and models. */
const RELATION_CHARS: Record<string, RelOp> = { '≤': '\\le', '⩽': '\\le', '≦': '\\le', '≥': '\\ge', '⩾': '\\ge', '≧': '\\ge', '≠': '\\ne', '≡': '\\equiv', '≢': '\\not\\equiv' };

const RELATION_COMMANDS: Record<string, RelOp> = {
  le: '\\le', leq: '\\le', leqslant: '\\le', leqq: '\\le', lt: '<',
  ge: '\\ge', geq: '\\ge', geqslant: '\\ge', geqq: '\\ge', gt: '>',
  ne: '\\ne', neq: '\\ne', equiv: '\\equiv', nequiv: '\\not\\equiv',
};

/** Relations and arrows that are not checked: the chain stops there. */
const CLEARING_COMMANDS = new Set([
  'approx', 'sim', 'simeq', 'cong', 'propto', 'to', 'rightarrow', 'Rightarrow', 'leftarrow',
  'Leftarrow', 'implies', 'impliedby', 'iff', 'Leftrightarrow', 'leftrightarrow', 'longrightarrow',
  'Longrightarrow', 'Longleftrightarrow', 'mapsto', 'in', 'notin', 'ni', 'subset', 'subseteq', 'supset',
  'supseteq', 'subsetneq', 'mid', 'nmid', 'parallel', 'perp', 'coloneqq', 'coloneq', 'eqqcolon', 'triangleq',
  'doteq', 'll', 'gg', 'prec', 'succ', 'preceq', 'succeq', 'therefore', 'because', 'forall', 'exists',
  'land', 'lor', 'vdash', 'models', 'asymp', 'gtrsim', 'lesssim', 'nless', 'ngtr', 'nleq', 'ngeq',
  'le' + 'ftarrow', 'hookrightarrow', 'quad' + 'implies', 'text' + 'implies',
]);

/** Commands whose brace argument is prose, not math: skipped, ending the current term. */
const TEXT_COMMANDS = new Set(['text', 'textrm', 'textit', 'textbf', 'textnormal', 'mbox', 'hbox', 'intertext', 'shortintertext', 'label', 'tag', 'eqref', 'ref', 'emph']);
/**
 * A congruence's modulus (`\pmod{7}`, `\pod 7`, `\mod 7`): an annotation of the chain, not a term, so
 * the chain goes on across aligned rows (`&\equiv 4 \pmod 7 \\ &\equiv 1`); modulus.ts reads it.
 */
const MODULUS_COMMANDS = new Set(['pmod', 'pod', 'mod']);
/** Spacing that separates a computation from an annotation. */
const SOFT_BREAKS = new Set(['quad', 'qquad', 'hspace', 'hfill']);
const SPACING = '(?:\\s|\\\\[,;:! ]|\\\\(?:q?quad|enspace|medspace|thickspace|thinspace)(?![a-zA-Z])|~)';
/** A term that ends with a binary operator before a soft break, or an operator right after one. */
const MID_BEFORE = new RegExp(`(?:[-+−·×]|\\\\(?:cdot|times|pm|mp)(?![a-zA-Z]))${SPACING}*$`);
const MID_AFTER = new RegExp(`^${SPACING}*(?:[-+−·×]|\\\\(?:cdot|times|pm|mp)(?![a-zA-Z]))(?!${SPACING}*(?:\\\\(?:text|mbox)|\\(\\s*\\\\text|$))`);
const OPENERS = new Set(['langle', 'lfloor', 'lceil', 'lvert', 'lVert', '{', 'lbrace']);
const CLOSERS = new Set(['rangle', 'rfloor', 'rceil', 'rvert', 'rVert', '}', 'rbrace']);
const PHANTOMS = new Set(['phantom', 'hphantom', 'vphantom']);
/** Markers with no content. */
const IGNORED = new Set(['nonumber', 'notag', 'displaystyle', 'textstyle']);
/** Environments that only lay out rows. */
const LAYOUT_ENVS = new Set(['aligned', 'split', 'gathered', 'alignedat', 'multlined', 'align', 'align*', 'gather', 'gather*', 'eqnarray', 'eqnarray*']);

type Item =
  | { kind: 'term'; pieces: [number, number][] }
  | { kind: 'rel'; op: RelOp; start: number; end: number }
  | { kind: 'clear' }
  | { kind: 'soft'; text?: string }
  | { kind: 'row' };

/** Index just after a balanced `{…}` group starting at `i` (after spaces), or `i` when there is none. */
function skipGroup(tex: string, i: number): number {
  let j = i;
  while (j < tex.length && /\s/.test(tex[j])) j++;
  if (tex[j] !== '{') return i;
  let depth = 0;
  for (; j < tex.length; j++) {
    if (tex[j] === '\\') { j++; continue; }
    if (tex[j] === '{') depth++;
    else if (tex[j] === '}' && --depth === 0) return j + 1;
  }
  return tex.length;
}

function readCommand(tex: string, i: number): { name: string; end: number } {
  // tex[i] === '\\'
  let j = i + 1;
  if (j < tex.length && /[A-Za-z]/.test(tex[j])) {
    while (j < tex.length && /[A-Za-z]/.test(tex[j])) j++;
    if (tex[j] === '*') j++;
    return { name: tex.slice(i + 1, j), end: j };
  }
  return { name: tex.slice(i + 1, j + 1), end: Math.min(tex.length, j + 1) };
}

/** Skips the delimiter after \left / \right / \bigl… so it does not change the depth twice. */
function skipDelimiter(tex: string, i: number): number {
  let j = i;
  while (j < tex.length && tex[j] === ' ') j++;
  if (tex[j] === '\\') return readCommand(tex, j).end;
  return Math.min(tex.length, j + 1);
}

function tokenize(tex: string): Item[] {
  const items: Item[] = [];
  let pieces: [number, number][] = [];
  let pieceStart = -1;
  let depth = 0;
  const closePiece = (at: number) => {
    if (pieceStart >= 0 && at > pieceStart) pieces.push([pieceStart, at]);
    pieceStart = -1;
  };
  const closeTerm = (at: number) => {
    closePiece(at);
    if (pieces.length) items.push({ kind: 'term', pieces });
    pieces = [];
  };
  const keep = (at: number) => {
    if (pieceStart < 0) pieceStart = at;
  };

  let i = 0;
  while (i < tex.length) {
    const ch = tex[i];
    if (ch === '%') {
      closePiece(i);
      while (i < tex.length && tex[i] !== '\n') i++;
      continue;
    }
    if (ch === '\\') {
      const { name, end } = readCommand(tex, i);
      const bare = name.replace(/\*$/, '');
      // `\big(` … `\big)`: a size without a side (also `\Big`, `\bigg`, `\bigm`) opens or closes by its
      // delimiter; taken as an opener, `\big)` left the depth raised and the relation after it unread.
      if (/^[Bb]igg?m?$/.test(bare)) {
        const delimiterEnd = skipDelimiter(tex, end);
        const delimiter = tex.slice(end, delimiterEnd).trim();
        keep(i);
        if (/^(?:\(|\[|\\\{|\\langle|\\lfloor|\\lceil)$/.test(delimiter)) depth++;
        else if (/^(?:\)|\]|\\\}|\\rangle|\\rfloor|\\rceil)$/.test(delimiter)) depth = Math.max(0, depth - 1);
        i = delimiterEnd;
        continue;
      }
      if (bare === 'left' || /^[Bb]igg?l$/.test(bare)) {
        keep(i);
        depth++;
        i = skipDelimiter(tex, end);
        continue;
      }
      // Angle, floor, ceiling, bar and set brackets group like parentheses: `\langle u, v\rangle` and
      // `\max\{a, b\}` are one term.
      if (OPENERS.has(bare)) {
        keep(i);
        depth++;
        i = end;
        continue;
      }
      if (CLOSERS.has(bare)) {
        keep(i);
        depth = Math.max(0, depth - 1);
        i = end;
        continue;
      }
      // `&\phantom{=} + 2ab`: invisible alignment, nothing to read.
      if (PHANTOMS.has(bare) && depth === 0) {
        closePiece(i);
        i = skipGroup(tex, end);
        continue;
      }
      if (bare === 'right' || /^[Bb]igg?r$/.test(bare)) {
        keep(i);
        depth = Math.max(0, depth - 1);
        i = skipDelimiter(tex, end);
        continue;
      }
      if (bare === 'begin' || bare === 'end') {
        const after = skipGroup(tex, end);
        const env = tex.slice(end, after).replace(/[{}\s]/g, '');
        if (LAYOUT_ENVS.has(env)) {
          if (depth === 0) {
            closeTerm(i);
            if (bare === 'end') items.push({ kind: 'row' });
          }
          i = env === 'alignedat' && bare === 'begin' ? skipGroup(tex, after) : after;
          continue;
        }
        keep(i);
        depth = bare === 'begin' ? depth + 1 : Math.max(0, depth - 1);
        i = after;
        continue;
      }
      if (depth > 0) {
        keep(i);
        if (name === '{') depth++;
        else if (name === '}') depth = Math.max(0, depth - 1);
        i = end;
        continue;
      }
      if (name === '\\') {
        closeTerm(i);
        items.push({ kind: 'row' });
        i = end;
        // \\[2pt]
        const m = /^\s*\[[^\]]*\]/.exec(tex.slice(i));
        if (m) i += m[0].length;
        continue;
      }
      if (TEXT_COMMANDS.has(bare)) {
        closeTerm(i);
        const after = skipGroup(tex, end);
        items.push({ kind: 'soft', text: tex.slice(end, after).replace(/^\s*\{|\}\s*$/g, '') });
        i = after;
        continue;
      }
      if (SOFT_BREAKS.has(bare)) {
        const after = bare === 'hspace' ? skipGroup(tex, end) : end;
        // Between a binary operator and its operand (`(x+1)^2 \enspace - \hspace{2pt} (x-1)^2`,
        // `a \quad + \quad b`) the space is inside the term, not before an annotation.
        if ((pieceStart >= 0 || pieces.length > 0) && (MID_BEFORE.test(tex.slice(0, i)) || MID_AFTER.test(tex.slice(after)))) {
          closePiece(i);
          i = after;
          continue;
        }
        closeTerm(i);
        items.push({ kind: 'soft' });
        i = after;
        continue;
      }
      if (IGNORED.has(bare)) {
        closePiece(i);
        i = end;
        continue;
      }
      if (RELATION_COMMANDS[bare]) {
        closeTerm(i);
        items.push({ kind: 'rel', op: RELATION_COMMANDS[bare], start: i, end });
        i = end;
        continue;
      }
      if (MODULUS_COMMANDS.has(bare) && depth === 0) {
        closeTerm(i);
        items.push({ kind: 'soft' });
        const after = skipGroup(tex, end);
        i = after > end ? after : end + (/^\s*(?:\d+|[A-Za-z]|\\[A-Za-z]+)/.exec(tex.slice(end))?.[0].length ?? 0);
        continue;
      }
      if (bare === 'not') {
        const next = skipDelimiter(tex, end);
        const negated = tex.slice(end, next).trim();
        closeTerm(i);
        items.push(
          negated === '=' ? { kind: 'rel', op: '\\ne', start: i, end: next } : negated === '\\equiv' ? { kind: 'rel', op: '\\not\\equiv', start: i, end: next } : { kind: 'clear' },
        );
        i = next;
        continue;
      }
      if (bare === 'overset' || bare === 'stackrel' || bare === 'underset') {
        const first = skipGroup(tex, end);
        const second = skipGroup(tex, first);
        const inner = tex.slice(first, second).trim().replace(/^\{|\}$/g, '').trim();
        const op = inner === '=' ? '=' : inner === '<' || inner === '>' ? inner : RELATION_COMMANDS[inner.replace(/^\\/, '')];
        if (first > end && second > first && (op || CLEARING_COMMANDS.has(inner.replace(/^\\/, '')))) {
          closeTerm(i);
          items.push(op ? { kind: 'rel', op, start: i, end: second } : { kind: 'clear' });
          i = second;
          continue;
        }
      }
      if (CLEARING_COMMANDS.has(bare)) {
        closeTerm(i);
        items.push({ kind: 'clear' });
        i = end;
        continue;
      }
      keep(i);
      i = end;
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') {
      keep(i);
      depth++;
      i++;
      continue;
    }
    if (ch === '}' || ch === ')' || ch === ']') {
      keep(i);
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    if (depth === 0) {
      if (ch === '&') {
        closePiece(i);
        i++;
        continue;
      }
      if (ch === '=' || ch === '<' || ch === '>') {
        const prev = tex.slice(0, i).trimEnd().slice(-1);
        if (ch === '=' && prev === ':') {
          closeTerm(i);
          items.push({ kind: 'clear' });
          i++;
          continue;
        }
        const withEq = (ch === '<' || ch === '>') && tex[i + 1] === '=';
        const op: RelOp = ch === '=' ? '=' : ch === '<' ? (withEq ? '\\le' : '<') : withEq ? '\\ge' : '>';
        closeTerm(i);
        items.push({ kind: 'rel', op, start: i, end: i + (withEq ? 2 : 1) });
        i += withEq ? 2 : 1;
        continue;
      }
      if (RELATION_CHARS[ch]) {
        closeTerm(i);
        items.push({ kind: 'rel', op: RELATION_CHARS[ch], start: i, end: i + 1 });
        i++;
        continue;
      }
      // `0,5` and `1,000` are one number (a decimal comma, a thousands separator), not two terms.
      if (ch === ',' && commaNumber(tex, i) !== null) {
        keep(i);
        i++;
        continue;
      }
      if (ch === ',' || ch === ';' || ch === ':') {
        closeTerm(i);
        items.push({ kind: 'clear' });
        i++;
        continue;
      }
    }
    if (!/\s/.test(ch)) keep(i);
    else if (pieceStart >= 0 && /\s/.test(ch)) {
      // keep spaces inside a piece (they separate tokens such as `\sin x`)
    }
    i++;
  }
  closeTerm(tex.length);
  return items;
}

/** Builds the term text and trimmed range; null when nothing mathematical is left. */
function makeTerm(tex: string, offset: number, pieces: [number, number][]): Term | null {
  let text = '';
  let last = -1;
  for (const [s, e] of pieces) {
    if (last >= 0) text += ' '.repeat(Math.max(1, s - last));
    text += tex.slice(s, e);
    last = e;
  }
  let start = pieces[0][0];
  let end = pieces[pieces.length - 1][1];
  while (start < end && /\s/.test(tex[start])) start++;
  while (end > start && /[\s.,;]/.test(tex[end - 1]) && !(tex[end - 1] === '.' && /\d/.test(tex[end - 2] ?? '') && /\d/.test(tex[end] ?? ''))) {
    end--;
  }
  // Drop the same trailing characters from the parse text.
  const trimmed = text.replace(/[\s.,;]+$/, '').trim();
  if (!/[A-Za-z0-9]/.test(trimmed)) return null;
  return { start: offset + start, end: offset + end, tex: trimmed };
}

const BINARY = '(?:[-+−·×]|\\\\(?:cdot|times|pm|mp)(?![a-zA-Z]))';
// Spacing and empty groups may come first: `&\\phantom{=}\\; + 9`, `&{}+ 2ab`.
const BINARY_START = new RegExp(`^(?:\\s|\\\\[,;:! ]|\\\\q?quad(?![a-zA-Z])|~|\\{\\s*\\})*${BINARY}`);
const BINARY_END = new RegExp(`(?:[-+−·×]|\\\\(?:cdot|times|pm|mp))\\s*(?:\\{\\s*\\})?$`);

/** Prose that separates statements rather than sitting inside a term. */
const CONNECTIVE = /^\s*(?:$|[,;.:()]|(?:and|or|so|hence|thus|then|therefore|i\.\s?e\.|e\.\s?g\.|where|since|because|by|for|with|if|iff|as|which|when|whence|giving|yielding|using|from|while|but|also|similarly|whereas)\b)/i;

/**
 * Relation pairs in one math fragment. `tex` is the fragment's content and `offset` its document
 * offset (contentRange.start).
 */
export function relationPairs(tex: string, offset: number): RelationPair[] {
  const items = tokenize(tex);
  const pairs: Omit<RelationPair, 'indexInChain' | 'chainRelations'>[] = [];
  let lastTerm: Term | null = null;
  let pending: { op: RelOp; start: number; end: number } | null = null;
  // After a soft break (\quad, \text{…}) a term only counts once a relation follows it in that segment.
  let trailing = false;
  let buffered: Term | null = null;
  // A row that starts with a binary operator (`&\quad + 4 + 5`) continues the previous row's last term.
  let rowStart = false;
  // Prose inside a term (`20\% \text{ of } 50 = 10`) leaves no computation on its left: the next
  // relation starts nowhere. Connectives (`\text{and}`, `\text{by AM-GM}`) separate statements.
  let midTerm = false;
  let afterTerm = false;
  for (const item of items) {
    switch (item.kind) {
      case 'term': {
        const term = makeTerm(tex, offset, item.pieces);
        if (!term) break;
        // A row continues the previous one when it starts with a binary operator (`&\quad + 4`) or the
        // previous row ended with one (`1 + 4 + 9 + \\`).
        const continues =
          rowStart && !pending && lastTerm !== null && (BINARY_START.test(term.tex) || BINARY_END.test(lastTerm.tex));
        rowStart = false;
        if (midTerm) {
          midTerm = false;
          afterTerm = true;
          lastTerm = null;
          buffered = null;
          pending = null;
          break;
        }
        afterTerm = true;
        if (continues && lastTerm) {
          // Mutated in place: the pair that ended with this term now ends with the whole sum.
          lastTerm.tex = `${lastTerm.tex} ${term.tex}`;
          lastTerm.end = term.end;
          trailing = false;
          buffered = null;
          break;
        }
        if (pending && lastTerm && !buffered) {
          pairs.push({ left: lastTerm, right: term, op: pending.op, opRange: { start: offset + pending.start, end: offset + pending.end } });
          lastTerm = term;
          pending = null;
        } else if (trailing) {
          buffered = term;
          pending = null;
        } else {
          lastTerm = term;
          pending = null;
        }
        break;
      }
      case 'rel':
        rowStart = false;
        afterTerm = false;
        if (buffered) {
          lastTerm = buffered;
          buffered = null;
          trailing = false;
        }
        if (pending) lastTerm = null;
        pending = { op: item.op, start: item.start, end: item.end };
        break;
      case 'clear':
        afterTerm = false;
        midTerm = false;
        lastTerm = null;
        pending = null;
        buffered = null;
        trailing = false;
        break;
      case 'soft':
        trailing = true;
        buffered = null;
        if (afterTerm && item.text !== undefined && !CONNECTIVE.test(item.text)) midTerm = true;
        break;
      case 'row':
        afterTerm = false;
        midTerm = false;
        trailing = false;
        buffered = null;
        rowStart = true;
        break;
    }
  }
  // Number the pairs within chains (a pair continues a chain when it starts at the previous right term).
  const result: RelationPair[] = [];
  let chainStart = 0;
  for (let k = 0; k <= pairs.length; k++) {
    if (k === pairs.length || (k > 0 && pairs[k].left !== pairs[k - 1].right)) {
      for (let j = chainStart; j < k; j++) result.push({ ...pairs[j], indexInChain: j - chainStart, chainRelations: k - chainStart });
      chainStart = k;
    }
  }
  return result;
}
