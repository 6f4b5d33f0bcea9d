// Where a congruence says its modulus: `\pmod{7}`, `\pmod 7`, `(\mathrm{mod}\ 7)`, `\text{ in } \mathbb{Z}_9`
// in the formula, or "modulo 7" / "(mod 7)" in the sentence around it. A formula may carry several
// chains with different moduli (`a \equiv 1 \pmod 3,\ b \equiv 2 \pmod 5`), so each annotation keeps
// its place and a relation takes the one that closes its chain.
import { constantValue } from './context';
import { nameOf } from './facts';

/**
 * The word set upright in math, as people spell it out by hand (`(\mathrm{mod}\ 7)`, `(\text{mod } 7)`,
 * `\operatorname{mod} 7`), and the commands `\pmod`, `\bmod`, `\mod`, `\pod`.
 */
const MOD_WORD = String.raw`\\(?:mathrm|text|textrm|textup|operatorname|rm|mathop)\s*\{\s*mod\s*\}|\\(?:pmod|bmod|mod|pod)(?![a-zA-Z])`;
const SPACING = String.raw`(?:\s|\\[,;:! ]|\\q?quad(?![a-zA-Z])|~)*`;
const MOD_ANNOTATION = new RegExp(MOD_WORD, 'g');
/** The modulus annotation ending a side (`1 \;(\mathrm{mod}\; 9)`, `2 \pmod{5}`): not part of the number (`\bmod` is an operation and stays). */
export const MOD_TAIL = new RegExp(`${SPACING}(?:\\(${SPACING}(?:${MOD_WORD})[^()]*\\)|\\\\(?:pmod|pod|mod)(?![a-zA-Z])[^()]*)${SPACING}$`);
/** The ring of residues named around the formula: `in $\mathbb{Z}/9\mathbb{Z}$`, `$\mathbb{Z}_9$`, `\mathbb F_7`. */
const RESIDUE_RING = String.raw`\\mathbb\s*\{?\s*[ZF]\s*\}?\s*(?:/\s*\{?\s*(\d+)|_\s*\{?\s*(\d+))`;
const MOD_IN_TEXT = new RegExp(String.raw`\b(?:mod|modulo)\b\s*\$?\s*(\d+)?|\bcongruen|\bresidues?\b|${RESIDUE_RING}`, 'i');
const MOD_NUMBERS_IN_TEXT = /\b(?:mod|modulo)\b\s*\$?\s*\{?\s*(\d+)/gi;
/** A ring of residues written inside the formula (`11 = 2 \text{ in } \mathbb{Z}_9`). */
const RING_IN_TEX = new RegExp(String.raw`\\text\s*\{\s*in\s*\}\s*${RESIDUE_RING}`, 'g');

/**
 * The modulus written as prose inside the formula: `\text{ (mod 11)}`, `\text{(mod }11)`, `\text{ modulo } 7`,
 * `\mbox{mod } p` — the annotation's words and number in a text box, which the chain drops as prose.
 */
const MOD_IN_TEXT_BOX = /\\(?:text|textrm|textup|textnormal|mbox)\s*\{\s*\(?\s*(?:mod|modulo)\b\s*(\d+)?\s*\)?\s*\}/g;

/** One modulus written in a formula: a number, a name (`\pmod{p}`: its value may be fixed nearby), or neither (`\pmod{2k+1}`). */
export interface TexModulus {
  /** Offset in the fragment's TeX. */
  at: number;
  m: number | null;
  name: string | null;
}

/** What a fragment and its sentence say about a modulus; null when it is not a congruence at all. */
export interface ModulusReading {
  inTex: TexModulus[];
  /** The sentence's modulus when the formula writes none; `one`: the sentence names no other modulus. */
  inText: { m: number | null; one: boolean } | null;
}

/** The argument after a `\pmod`-like word at `i`: a `{…}` group, a run of digits, a letter or a command; or up to `)` for `(\mathrm{mod}\ …)`. */
function argumentAt(tex: string, i: number, parenthesized: boolean): string {
  const rest = tex.slice(i).replace(new RegExp(`^${SPACING}`), '');
  if (parenthesized) return /^([^()]*)\)/.exec(rest)?.[1].trim() ?? '';
  if (rest.startsWith('{')) {
    let depth = 0;
    for (let j = 0; j < rest.length; j++) {
      if (rest[j] === '{') depth++;
      else if (rest[j] === '}' && --depth === 0) return rest.slice(1, j).trim();
    }
    return '';
  }
  return /^(?:\d+|[A-Za-z]|\\[A-Za-z]+)/.exec(rest)?.[0] ?? '';
}

function texModulus(at: number, arg: string): TexModulus {
  const cleaned = arg.replace(/\\[,;:! ]|~/g, ' ').trim();
  if (/^\d+$/.test(cleaned)) return { at, m: Number(cleaned), name: null };
  const name = cleaned ? nameOf(cleaned) : null;
  if (name !== null) return { at, m: null, name };
  const value = cleaned ? constantValue(cleaned) : null;
  return { at, m: value !== null && Number.isSafeInteger(value) ? value : null, name: null };
}

/** The moduli a formula writes, in order. */
export function texModuli(tex: string): TexModulus[] {
  const out: TexModulus[] = [];
  for (const match of tex.matchAll(MOD_ANNOTATION)) {
    const end = match.index + match[0].length;
    // `(\mathrm{mod}\ 2k+1)`: the word inside brackets takes everything up to the closing one.
    const parenthesized = !/^\\(?:pmod|bmod|mod|pod)/.test(match[0]) && new RegExp(`\\(${SPACING}$`).test(tex.slice(0, match.index));
    out.push(texModulus(match.index, argumentAt(tex, end, parenthesized)));
  }
  for (const match of tex.matchAll(MOD_IN_TEXT_BOX)) {
    // `\text{mod} 9` is the word alone, already read above.
    if (out.some((t) => t.at === match.index)) continue;
    out.push(match[1] !== undefined ? { at: match.index, m: Number(match[1]), name: null } : texModulus(match.index, argumentAt(tex, match.index + match[0].length, false)));
  }
  for (const match of tex.matchAll(RING_IN_TEX)) out.push({ at: match.index, m: Number(match[1] ?? match[2]), name: null });
  return out.sort((a, b) => a.at - b.at);
}

/** Reads a fragment's modulus from its TeX and, when the TeX has none, from its sentence (`before`, `after`). */
export function readModulus(tex: string, before: string, after: string): ModulusReading | null {
  const inTex = texModuli(tex);
  if (inTex.length) return { inTex, inText: null };
  const sentence = `${before} ${after}`;
  const match = MOD_IN_TEXT.exec(sentence);
  if (!match) return null;
  const n = match.slice(1).find((g) => g !== undefined);
  const numbers = new Set([...sentence.matchAll(MOD_NUMBERS_IN_TEXT)].map((m) => m[1]));
  return { inTex: [], inText: { m: n === undefined ? null : Number(n), one: numbers.size <= 1 } };
}

/**
 * The modulus written for the relation whose right side starts at `rightAt` (an offset in the TeX): the
 * same modulus everywhere in the formula, or else the first annotation at or after its right side (the
 * one that closes its chain). `undefined` when the formula writes none.
 */
export function modulusFor(reading: ModulusReading, rightAt: number): TexModulus | undefined {
  const { inTex } = reading;
  if (!inTex.length) return undefined;
  const same = inTex.every((t) => t.m === inTex[0].m && t.name === inTex[0].name);
  if (same) return inTex[0];
  return inTex.find((t) => t.at >= rightAt) ?? { at: rightAt, m: null, name: null };
}
