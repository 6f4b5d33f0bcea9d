// Turning an analysis into Findings. Three readers, from most to least structured:
// - labelled lines:   `[S3] Critical Error: … | quote: "…"`   (labelled profile)
// - Huang–Yang lists: `**Location:** "…"` + `**Issue:** Justification Gap - …`
// - free text:        a sentence that quotes the proof and clearly calls it wrong or unjustified.
// Each reader only reports what the text states; anything vaguer is left to the extraction pass.
import type { Finding, Severity } from '../common/annotations';

/** Severity named by a classification phrase, or null when the phrase names none. */
export function severityOf(phrase: string): Severity | null {
  const p = phrase.toLowerCase();
  if (/critical|fatal/.test(p)) return 'critical';
  if (/justification\s*gap|\bgap\b/.test(p)) return 'gap';
  if (/\bminor\b/.test(p)) return 'minor';
  return null;
}

// Quoted text: "…", “…”, `…` (single quotes are left out: they collide with apostrophes).
const QUOTE = /"([^"\n]+)"|“([^”\n]+)”|`([^`\n]+)`/;

function firstQuote(text: string): string | undefined {
  const m = QUOTE.exec(text);
  return cleanQuote(m ? (m[1] ?? m[2] ?? m[3]) : undefined);
}

const CLOSERS: Record<string, string> = { '"': '"', '“': '”', '`': '`' };

/**
 * A location field that is one quotation (`"… "clearly" …"`) up to its LAST closing mark, so quotes
 * nested inside it survive; otherwise the first quoted fragment in it.
 */
function wholeQuote(field: string): string | undefined {
  const s = field.trim();
  const closer = CLOSERS[s[0]];
  if (closer) {
    const end = s.lastIndexOf(closer);
    if (end > 0) return cleanQuote(s.slice(1, end));
  }
  return firstQuote(s);
}

/** Models mark omissions with ellipses at the ends of a quote; the proof does not contain them. */
function cleanQuote(q: string | undefined): string | undefined {
  const cleaned = q?.replace(/^(?:\s|\.{3}|…)+|(?:\s|\.{3}|…)+$/g, '');
  return cleaned || undefined;
}

function stripMarkup(s: string): string {
  return s.replace(/\*\*|__/g, '').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Labelled lines

const SEVERITY_WORDS = '(critical\\s+error|critical|fatal\\s+error|justification\\s+gap|gap|minor\\s+issue|minor\\s+error|minor)';
const LABELLED_LINE = new RegExp(
  '^[ \\t]*(?:[-*+]|\\d+[.)])?[ \\t]*(?:\\*\\*|__)?[ \\t]*' +
    // optional step label: [S3], S3, [Step 3], (S3)
    '(?:[\\[(]\\s*(?:S|Step\\s*)(\\d+)\\s*[\\])]|\\bS(\\d+)\\b)?' +
    '[ \\t]*(?:\\*\\*|__)?[ \\t]*[:\\-–—]?[ \\t]*(?:\\*\\*|__)?[ \\t]*' +
    SEVERITY_WORDS +
    // "Gap: …", "Gap - …", "Gap — …", but not "Gap-free …"
    '[ \\t]*(?:\\*\\*|__)?(?:[ \\t]*:|[ \\t]+-|[ \\t]*[–—])[ \\t]*(.*)$',
  'gim',
);

/**
 * Lines like `[S3] Critical Error: the bound is used before it is proved | quote: "$a_n < 2$"`.
 * The label is optional (self-evaluations cannot cite labels), the quote too.
 */
export function parseLabelledFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const m of text.matchAll(LABELLED_LINE)) {
    const severity = severityOf(m[3]);
    if (!severity) continue;
    const label = m[1] ?? m[2];
    let rest = m[4].trim();
    let quote: string | undefined;
    const bar = /\s*\|\s*(?:quote|location|where)?\s*:?\s*/i.exec(rest);
    if (bar) {
      const field = rest.slice(bar.index + bar[0].length);
      quote = wholeQuote(field) ?? cleanQuote(stripMarkup(field));
      rest = rest.slice(0, bar.index);
    }
    const message = stripMarkup(rest);
    if (!message && !quote) continue;
    findings.push({ severity, message: message || `${severity} issue`, ...(label ? { stepLabel: `S${label}` } : {}), ...(quote ? { quote } : {}) });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Huang–Yang summary lists

const LOCATION = /^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*(?:\*\*|__)?[ \t]*Location[ \t]*(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?(.*)$/gim;
const ISSUE = /(?:\*\*|__)?[ \t]*Issue[ \t]*(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*([\s\S]*)/i;
const SECTION_END = /^[ \t]*(?:#{1,6}\s|\*\*(?:Detailed Verification Log|Final Verdict)|---)/im;

/**
 * Entries of a "List of Findings": a `Location:` line quoting the proof and an `Issue:` line naming
 * **Critical Error** or **Justification Gap** and explaining it. Entries without a classification are
 * skipped (they are not findings).
 */
export function parseHuangYangFindings(text: string): Finding[] {
  const matches = [...text.matchAll(LOCATION)];
  const findings: Finding[] = [];
  matches.forEach((m, i) => {
    const entryEnd = i + 1 < matches.length ? matches[i + 1].index : text.length;
    let entry = text.slice(m.index + m[0].length, entryEnd);
    const end = SECTION_END.exec(entry);
    if (end) entry = entry.slice(0, end.index);
    const issue = ISSUE.exec(entry);
    const issueText = issue ? issue[1] : entry;
    const cls = /(critical\s+error|justification\s+gap)/i.exec(issueText);
    if (!cls) return;
    const severity = severityOf(cls[1])!;
    // The explanation follows the classification, usually after " - " or ":".
    let message = issueText.slice(cls.index + cls[0].length).replace(/^[\s*_]*[-–—:.)]?\s*/, '');
    if (!message.trim()) message = issueText.slice(0, cls.index).replace(/[\s*_([{:–—-]+$/, '');
    const location = m[1].trim();
    const quote = wholeQuote(location.replace(/^(?:\*\*|__)\s*/, '')) ?? cleanQuote(stripMarkup(location));
    findings.push({ severity, message: stripMarkup(message) || cls[1], ...(quote ? { quote } : {}) });
  });
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Free-text analyses (deepseek-math-v2 profile)

const CRITICAL_WORDS = /\b(?:incorrect|wrong|false|invalid|fallacious|fatal|(?:critical|arithmetic|calculation|computational|logical|algebraic)\s+(?:error|mistake|slip)|miscalculat\w*|contradicts?)\b/i;
const GAP_WORDS = /\b(?:(?:not|never)\s+(?:(?:fully|rigorously|properly|adequately|sufficiently|explicitly)\s+)?(?:justified|proved|proven|shown|explained|established|verified|addressed|argued)|(?:insufficiently|inadequately)\s+justified|unjustified|unproved|unproven|unsupported|unclear|incomplete|without\s+(?:any\s+)?(?:proof|justification|explanation|argument|proving|justifying|showing)|justification\s+gap|gaps?|hand-?wav\w*|omi(?:t\w*|ssions?)|skip(?:s|ped)?|missing|lacks?|lacking|(?:does|do|did)\s+not\s+(?:follow|prove|justify|show|establish|explain|verify|address|check)|(?:fails?|failed)\s+to\s+(?:prove|justify|show|establish|explain|verify|address)|not\s+obvious|needs?\s+(?:a\s+)?(?:proof|justification)|requires?\s+(?:a\s+)?(?:proof|justification)|(?:is|are)\s+assumed)\b/i;
// A clause that states the opposite of a defect ("is fine", "There are no issues", "is not incorrect",
// "nothing is missing"). Negation is read per clause: "The first part is fine, but the step … is not
// justified." praises one clause and names a defect in the other (rev19 F4).
const NEGATED = /\b(?:no|not\s+any|without\s+any|nothing)\s+(?:(?:real|major|minor|significant|serious|logical)\s+)?(?:errors?|gaps?|issues?|problems?|mistakes?|flaws?|omissions?|is\s+missing)\b|\b(?:is|are|was|were|seems?|looks?|appears?)\s+(?:\w+ly\s+)?(?:correct|valid|justified|fine|sound|rigorous|complete|right|accurate)\b|\b(?:is|are|was|were)\s+not\s+(?:incorrect|wrong|false|invalid|missing|unjustified|a\s+gap)\b|\bcorrectly\b/i;
// Where one clause of a sentence ends and the next begins, for scoping NEGATED ("While X is valid, Y is wrong").
const CLAUSE_BREAK = /[,;:]|\s(?:but|however|although|whereas)\s/gi;
// `$…$` counts as a quote only right after a phrase that points at a part of the proof.
const POINTED_MATH = /\b(?:the\s+)?(?:step|claim|equation|equality|inequality|identity|assertion|statement|line|bound|estimate)\s*(?:that\s*)?(\${1,2})([^$\n]{2,}?)\1/i;

// Free text puts a word in quotes for emphasis or as a term as often as it quotes the proof ("the
// “obvious” step", "what the author calls “the key lemma”"; rev20 F7). A quoted fragment is read as a
// quote of the proof only when it has the shape of a piece of a step: math (a formula, an operator, a
// digit) or at least three words, and is not a name the sentence gives something ("calls “…”"). One or
// two plain words are a term: left out, the sentence is no finding of its own (the sample's verdict
// still shows at document level) rather than a card quoting what the proof never said.
const STEP_MATH = /[$\\=<>≤≥≠^_+*/|{}()\d]/;
const NAMED_AS = /\b(?:calls?|called|so-called|termed|dubbed|named|refers?\s+to\s+as|referred\s+to\s+as|known\s+as)\s*$/i;

/** The first quoted fragment of a free-text clause that reads as a quote of the proof, not a term. */
function proofQuote(text: string): string | undefined {
  for (const m of text.matchAll(new RegExp(QUOTE.source, 'g'))) {
    const q = cleanQuote(m[1] ?? m[2] ?? m[3]);
    if (!q) continue;
    const backticked = m[3] !== undefined; // backticks mark code or math, never emphasis
    if (!backticked && !STEP_MATH.test(q) && q.split(/\s+/).length < 3) continue;
    if (NAMED_AS.test(text.slice(0, m.index))) continue;
    return q;
  }
  return undefined;
}

/**
 * Conservative findings from free text: one per sentence that both quotes the proof (in quotes or
 * backticks, or `the step $…$`; a quoted term is no quote, see proofQuote) and calls it an error or a
 * gap, and does not negate that.
 */
export function parseQuotedIssues(text: string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences(text)) {
    if (!/["“`$]/.test(sentence)) continue; // cheap test first: most sentences quote nothing
    // The defect is read from the clauses that do not negate one; the quote preferably from the
    // first such clause that names a defect.
    const named = clauses(sentence).filter((c) => !NEGATED.test(c) && (CRITICAL_WORDS.test(c) || GAP_WORDS.test(c)));
    if (!named.length) continue;
    const severity: Severity = named.some((c) => CRITICAL_WORDS.test(c)) ? 'critical' : 'gap';
    const quoted = named.map((c) => proofQuote(c) ?? POINTED_MATH.exec(c)?.[2].trim()).find(Boolean);
    const quote = quoted ?? proofQuote(sentence) ?? POINTED_MATH.exec(sentence)?.[2].trim();
    if (!quote || quote.length < 3 || seen.has(quote)) continue;
    seen.add(quote);
    // A bold paragraph title ("**Passing to the reals.** The step …") is not part of the finding.
    const message = sentence.replace(/^\s*(?:\*\*|__)[^*_\n]{1,80}?(?:\*\*|__)\s*(?=\S)/, '');
    findings.push({ severity, message: stripMarkup(message), quote });
  }
  return findings;
}

/** The clauses of one sentence (split at ", but", ";", …, outside quotes and math). */
function clauses(sentence: string): string[] {
  // Mask quotes and math so a ";" or "but" inside them does not split.
  const masked = sentence.replace(/(\${1,2})[^$]*?\1|"[^"]*"|“[^”]*”|`[^`]*`/g, (m) => '\u0000'.repeat(m.length));
  const out: string[] = [];
  let start = 0;
  for (const m of masked.matchAll(CLAUSE_BREAK)) {
    out.push(sentence.slice(start, m.index));
    start = m.index;
  }
  out.push(sentence.slice(start));
  return out.filter((c) => c.trim());
}

/** Sentences (and lines) of a text, not split inside math or quotes: good enough to find issue sentences. */
function sentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    let start = 0;
    let inMath = false;
    let inQuote: string | null = null;
    for (let i = 0; i < para.length; i++) {
      const ch = para[i];
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '\n' && !inMath && !inQuote) {
        out.push(para.slice(start, i).trim());
        start = i + 1;
      } else if (ch === '$') inMath = !inMath;
      else if (!inMath && (ch === '"' || ch === '`')) inQuote = inQuote === ch ? null : inQuote ?? ch;
      else if (!inMath && ch === '“') inQuote = '”';
      else if (!inMath && ch === '”' && inQuote === '”') inQuote = null;
      else if (!inMath && !inQuote && (ch === '.' || ch === '?' || ch === '!') && /\s/.test(para[i + 1] ?? ' ')) {
        out.push(para.slice(start, i + 1).trim());
        start = i + 1;
      }
    }
    const tail = para.slice(start).trim();
    if (tail) out.push(tail);
  }
  return out.filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Meta-verifier verdicts per claimed defect (labelled profile)

export interface MetaFindingVerdict {
  stepLabel?: string;
  quote?: string;
  verdict: 'confirmed' | 'disputed';
  reason: string;
}

const META_LINE = new RegExp(
  '^[ \\t]*(?:[-*+]|\\d+[.)])?[ \\t]*(?:\\*\\*|__)?[ \\t]*' +
    '(?:[\\[(]\\s*(?:S|Step\\s*)(\\d+)\\s*[\\])]|\\bS(\\d+)\\b|"([^"\\n]+)"|“([^”\\n]+)”)' +
    '[ \\t]*(?:\\*\\*|__)?[ \\t]*[:\\-–—]?[ \\t]*(?:\\*\\*|__)?[ \\t]*(confirmed|disputed)\\b[ \\t]*(?:\\*\\*|__)?[ \\t]*[:\\-–—]?[ \\t]*(.*)$',
  'gim',
);

/**
 * Lines like `[S8] confirmed: the gap is real` / `"by continuity" disputed: continuity is a hypothesis`,
 * as the labelled meta-verify template asks for: which claimed defects the meta-verifier upheld.
 */
export function parseMetaFindingVerdicts(text: string): MetaFindingVerdict[] {
  return [...text.matchAll(META_LINE)].map((m) => {
    const label = m[1] ?? m[2];
    const quote = cleanQuote(m[3] ?? m[4]);
    return {
      ...(label ? { stepLabel: `S${label}` } : {}),
      ...(quote ? { quote } : {}),
      verdict: m[5].toLowerCase() as 'confirmed' | 'disputed',
      reason: stripMarkup(m[6]),
    };
  });
}
