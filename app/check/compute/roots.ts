// Real roots of a function of one variable on an interval, numerically: a scan for sign changes,
// then bisection. Used to put sample points on an equation the text states (`x^2 + y^2 = 1`): one
// variable is solved from the others' sampled values. No symbolic solving: the equation only has to
// evaluate, and every root is checked by evaluating it again.

/** Grid steps of the scan: a root of a sign-changing function between two steps is found. */
const STEPS = 160;
const BISECTIONS = 60;

/**
 * Up to `max` roots of `f` in [lo, hi], ascending. `f` returns NaN/±Infinity where it is undefined;
 * an interval across such a point is skipped, and a sign change across a pole is rejected because
 * `accept(root)` (the caller's residual test) fails there. Roots of even multiplicity (no sign
 * change, `(x - 1)^2`) are found only when a grid point hits them exactly.
 */
export function realRoots(f: (t: number) => number, lo: number, hi: number, accept: (t: number) => boolean, max = 2): number[] {
  const roots: number[] = [];
  if (!(hi > lo)) return roots;
  const step = (hi - lo) / STEPS;
  let a = lo;
  let fa = f(a);
  for (let i = 1; i <= STEPS && roots.length < max; i++) {
    const b = i === STEPS ? hi : lo + i * step;
    const fb = f(b);
    if (fa === 0 && accept(a)) roots.push(a);
    else if (Number.isFinite(fa) && Number.isFinite(fb) && fa * fb < 0) {
      let x = a;
      let y = b;
      let fx = fa;
      for (let k = 0; k < BISECTIONS; k++) {
        const m = (x + y) / 2;
        const fm = f(m);
        if (!Number.isFinite(fm)) break;
        if (fm === 0 || fx * fm < 0) y = m;
        else {
          x = m;
          fx = fm;
        }
      }
      const root = (x + y) / 2;
      if (accept(root)) roots.push(root);
    }
    a = b;
    fa = fb;
  }
  return roots;
}
