// Agreement between a verifier and human grades: how far a user can trust a model to grade their proofs.
// "Positive" is a FAIL verdict throughout: precision/recall answer "does it catch broken proofs?".

export type Verdict = 'pass' | 'fail';

export interface GradeMapping {
  /** Human grades on the 0–7 olympiad scale at or above this pass; at or below `failAtOrBelow` fail; between: partial. */
  passAtOrAbove: number;
  failAtOrBelow: number;
  /** A mean verifier score at or above this is a model "pass". */
  modelPassThreshold: number;
}

export const DEFAULT_GRADE_MAPPING: GradeMapping = { passAtOrAbove: 6, failAtOrBelow: 1, modelPassThreshold: 0.75 };

/** `unit`: grades are 0 / 0.5 / 1 like the verifier's; `olympiad`: 0–7. */
export type GradeScale = 'unit' | 'olympiad';

/** A grade of 1 means opposite things on the two scales, so the scale is decided for a whole dataset. */
export function detectScale(grades: readonly number[]): GradeScale {
  return grades.every((g) => g === 0 || g === 0.5 || g === 1) ? 'unit' : 'olympiad';
}

/** The human grade on the common 0..1 scale, and its verdict (null for partial credit, left out of the confusion table). */
export function humanVerdict(
  grade: number,
  scale: GradeScale,
  mapping: GradeMapping = DEFAULT_GRADE_MAPPING,
): { normalized: number; verdict: Verdict | null } {
  if (scale === 'unit') {
    if (grade !== 0 && grade !== 0.5 && grade !== 1) throw new RangeError(`human grade ${grade} is not 0, 0.5 or 1`);
    return { normalized: grade, verdict: grade === 1 ? 'pass' : grade === 0 ? 'fail' : null };
  }
  if (!Number.isFinite(grade) || grade < 0 || grade > 7) throw new RangeError(`human grade ${grade} is outside 0–7`);
  const normalized = grade / 7;
  if (grade >= mapping.passAtOrAbove) return { normalized, verdict: 'pass' };
  if (grade <= mapping.failAtOrBelow) return { normalized, verdict: 'fail' };
  return { normalized, verdict: null };
}

export interface EvalItem {
  id: string;
  humanGrade: number;
  /** Mean verifier score, null when no sample produced a verdict. */
  modelScore: number | null;
  group?: string;
}

export interface Confusion {
  /** rows: human verdict, columns: model verdict; `unparsed` counts items the model gave no verdict on. */
  humanFail: { modelFail: number; modelPass: number; unparsed: number };
  humanPass: { modelFail: number; modelPass: number; unparsed: number };
}

export interface AgreementReport {
  items: number;
  /** Items with a pass/fail human verdict and a model verdict. */
  compared: number;
  partialCredit: number;
  unparsed: number;
  accuracy: number | null;
  failPrecision: number | null;
  failRecall: number | null;
  /** Pearson correlation of the mean model score with the normalised human grade (items with a model score). */
  pearson: number | null;
  confusion: Confusion;
}

export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error('pearson: series differ in length');
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant series has no defined correlation; say so instead of printing NaN.
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function agreement(
  items: readonly EvalItem[],
  mapping: GradeMapping = DEFAULT_GRADE_MAPPING,
  scale: GradeScale = detectScale(items.map((i) => i.humanGrade)),
): AgreementReport {
  const confusion: Confusion = {
    humanFail: { modelFail: 0, modelPass: 0, unparsed: 0 },
    humanPass: { modelFail: 0, modelPass: 0, unparsed: 0 },
  };
  let partialCredit = 0;
  let unparsed = 0;
  const scored: { model: number; human: number }[] = [];
  for (const item of items) {
    const human = humanVerdict(item.humanGrade, scale, mapping);
    if (item.modelScore === null) unparsed++;
    else scored.push({ model: item.modelScore, human: human.normalized });
    if (human.verdict === null) {
      partialCredit++;
      continue;
    }
    const row = human.verdict === 'pass' ? confusion.humanPass : confusion.humanFail;
    if (item.modelScore === null) row.unparsed++;
    else if (item.modelScore >= mapping.modelPassThreshold) row.modelPass++;
    else row.modelFail++;
  }
  const tp = confusion.humanFail.modelFail;
  const fp = confusion.humanPass.modelFail;
  const fn = confusion.humanFail.modelPass;
  const tn = confusion.humanPass.modelPass;
  const compared = tp + fp + fn + tn;
  return {
    items: items.length,
    compared,
    partialCredit,
    unparsed,
    accuracy: ratio(tp + tn, compared),
    failPrecision: ratio(tp, tp + fp),
    failRecall: ratio(tp, tp + fn),
    pearson: pearson(scored.map((s) => s.model), scored.map((s) => s.human)),
    confusion,
  };
}

/** Items per value of their `group` ('(none)' when unset), sorted by that value. */
function byGroup<T extends { group?: string }>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = item.group ?? '(none)';
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** The same report per value of a field (e.g. `level`), plus the overall one. */
export function agreementByGroup(
  items: readonly EvalItem[],
  mapping: GradeMapping = DEFAULT_GRADE_MAPPING,
  scale: GradeScale = detectScale(items.map((i) => i.humanGrade)),
): Map<string, AgreementReport> {
  return new Map(byGroup(items).map(([key, list]) => [key, agreement(list, mapping, scale)]));
}

/** One proof graded on a points scale: the human's points and the model's mean points (null: no verdict). */
export interface PointsItem {
  id: string;
  humanPoints: number;
  modelPoints: number | null;
  /** Value of the `--by` field, for the per-group points reports. */
  group?: string;
}

export type GradeBand = 'fail' | 'partial' | 'pass';

export interface PointsReport {
  max: number;
  items: number;
  /** Items the model gave points for. */
  compared: number;
  /** Mean |model points − human points| over the compared items (ProofBench's headline figure); null if none. */
  mae: number | null;
  /**
   * Per band of the human grade (fail ≤ failAtOrBelow, pass ≥ passAtOrAbove, else partial, on the
   * points scale): compared items, and how many the model's (rounded) points put in the same band.
   */
  bands: Record<GradeBand, { items: number; agree: number; accuracy: number | null }>;
  /** confusion[h][m]: items with human points h (rounded) and model points m (mean, rounded half up). */
  confusion: number[][];
}

/** The band of a points value (thresholds of `mapping` are on the 0–7 scale; scaled to 0–max). */
export function gradeBand(points: number, max: number, mapping: GradeMapping = DEFAULT_GRADE_MAPPING): GradeBand {
  const on7 = (points / max) * 7;
  if (on7 >= mapping.passAtOrAbove) return 'pass';
  if (on7 <= mapping.failAtOrBelow) return 'fail';
  return 'partial';
}

/**
 * Agreement on the points scale (grading with a reference and a marking scheme): the mean absolute
 * error, accuracy per grade band and the (max+1)×(max+1) confusion table. Items without model points
 * are counted in `items` but left out of everything else. Throws RangeError for human points outside 0–max.
 */
export function pointsAgreement(items: readonly PointsItem[], max: number, mapping: GradeMapping = DEFAULT_GRADE_MAPPING): PointsReport {
  const confusion = Array.from({ length: max + 1 }, () => new Array<number>(max + 1).fill(0));
  const bands: PointsReport['bands'] = { fail: { items: 0, agree: 0, accuracy: null }, partial: { items: 0, agree: 0, accuracy: null }, pass: { items: 0, agree: 0, accuracy: null } };
  let compared = 0;
  let error = 0;
  for (const item of items) {
    if (!Number.isFinite(item.humanPoints) || item.humanPoints < 0 || item.humanPoints > max) throw new RangeError(`${item.id}: human grade ${item.humanPoints} is outside 0–${max}`);
    if (item.modelPoints === null) continue;
    compared++;
    error += Math.abs(item.modelPoints - item.humanPoints);
    const human = Math.round(item.humanPoints);
    const model = Math.min(max, Math.floor(item.modelPoints + 0.5));
    confusion[human][model]++;
    const band = bands[gradeBand(item.humanPoints, max, mapping)];
    band.items++;
    if (gradeBand(item.humanPoints, max, mapping) === gradeBand(model, max, mapping)) band.agree++;
  }
  for (const band of Object.values(bands)) band.accuracy = band.items ? band.agree / band.items : null;
  return { max, items: items.length, compared, mae: compared ? error / compared : null, bands, confusion };
}

/** pointsAgreement per value of the items' `group` (sorted by value), as `agreementByGroup` does for verdicts. */
export function pointsAgreementByGroup(items: readonly PointsItem[], max: number, mapping: GradeMapping = DEFAULT_GRADE_MAPPING): Map<string, PointsReport> {
  return new Map(byGroup(items).map(([key, list]) => [key, pointsAgreement(list, max, mapping)]));
}
