/**
 * Limited-memory BFGS for smooth unconstrained problems, with a strong-Wolfe line search. Stops as
 * scipy's L-BFGS-B does (which scikit-learn's lbfgs solver calls): when the largest gradient entry is
 * at most gtol, when the relative decrease of f falls under ftol, or after maxIter iterations.
 */
export interface LbfgsOptions {
  maxIter: number;
  gtol: number;
  /** scipy's default factr·eps. */
  ftol?: number;
  memory?: number;
  /** Called after each iteration with its objective value; throwing stops the run. */
  onIteration?: (iteration: number, f: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

/** Writes the gradient at x into g and returns f(x) (asynchronously when it runs on worker threads). */
export type Objective = (x: Float64Array, g: Float64Array) => number | Promise<number>;

export async function lbfgs(fg: Objective, x0: Float64Array, opts: LbfgsOptions): Promise<LbfgsResult> {
  const n = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 2.220446049250313e-9;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = await fg(x, g);
  const s = Array.from({ length: m }, () => new Float64Array(n));
  const y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let stored = 0;
  let head = 0;
  if (maxAbs(g) <= opts.gtol) return { x, f, iterations: 0, converged: true };
  for (let iter = 1; iter <= opts.maxIter; iter++) {
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = 0; k < stored; k++) {
      const j = (head - 1 - k + m) % m;
      alpha[j] = rho[j]! * dot(s[j]!, d);
      axpy(-alpha[j]!, y[j]!, d);
    }
    if (stored > 0) {
      const j = (head - 1 + m) % m;
      scale(d, dot(s[j]!, y[j]!) / dot(y[j]!, y[j]!));
    }
    for (let k = stored - 1; k >= 0; k--) {
      const j = (head - 1 - k + m) % m;
      const beta = rho[j]! * dot(y[j]!, d);
      axpy(alpha[j]! - beta, s[j]!, d);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      stored = 0;
      slope = dot(g, d);
    }
    const step0 = stored === 0 && iter === 1 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const ls = await wolfeSearch(fg, x, f, g, d, slope, step0, xNew, gNew);
    if (!ls) return { x, f, iterations: iter - 1, converged: false };
    const fOld = f;
    const sj = s[head]!;
    const yj = y[head]!;
    for (let i = 0; i < n; i++) {
      sj[i] = xNew[i]! - x[i]!;
      yj[i] = gNew[i]! - g[i]!;
    }
    x.set(xNew);
    g.set(gNew);
    f = ls.f;
    const sy = dot(sj, yj);
    if (sy > 1e-10 * dot(yj, yj)) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    opts.onIteration?.(iter, f);
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol)
      return { x, f, iterations: iter, converged: true };
    if (maxAbs(g) <= opts.gtol) return { x, f, iterations: iter, converged: true };
  }
  return { x, f, iterations: opts.maxIter, converged: false };
}

/** Strong Wolfe line search (Nocedal & Wright 3.5/3.6) with c1 = 1e-3 and c2 = 0.9 as in scipy's dcsrch. */
async function wolfeSearch(
  fg: Objective,
  x: Float64Array,
  f0: number,
  _g0: Float64Array,
  d: Float64Array,
  slope0: number,
  step0: number,
  xNew: Float64Array,
  gNew: Float64Array
): Promise<{ f: number } | null> {
  const c1 = 1e-3;
  const c2 = 0.9;
  const evalAt = async (t: number): Promise<{ f: number; slope: number }> => {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + t * d[i]!;
    const f = await fg(xNew, gNew);
    return { f, slope: dot(gNew, d) };
  };
  let tPrev = 0;
  let fPrev = f0;
  let slopePrev = slope0;
  let t = step0;
  for (let i = 0; i < 20; i++) {
    const { f, slope } = await evalAt(t);
    if (!Number.isFinite(f) || f > f0 + c1 * t * slope0 || (i > 0 && f >= fPrev)) {
      return zoom(evalAt, f0, slope0, tPrev, fPrev, slopePrev, t, f, slope, c1, c2);
    }
    if (Math.abs(slope) <= -c2 * slope0) return { f };
    if (slope >= 0) return zoom(evalAt, f0, slope0, t, f, slope, tPrev, fPrev, slopePrev, c1, c2);
    tPrev = t;
    fPrev = f;
    slopePrev = slope;
    t *= 2;
  }
  return null;
}

async function zoom(
  evalAt: (t: number) => Promise<{ f: number; slope: number }>,
  f0: number,
  slope0: number,
  tLo: number,
  fLo: number,
  slopeLo: number,
  tHi: number,
  fHi: number,
  slopeHi: number,
  c1: number,
  c2: number
): Promise<{ f: number } | null> {
  for (let i = 0; i < 30; i++) {
    let t = cubicMin(tLo, fLo, slopeLo, tHi, fHi, slopeHi);
    const lo = Math.min(tLo, tHi);
    const hi = Math.max(tLo, tHi);
    const margin = 0.1 * (hi - lo);
    if (!Number.isFinite(t) || t < lo + margin || t > hi - margin) t = (tLo + tHi) / 2;
    const { f, slope } = await evalAt(t);
    if (!Number.isFinite(f) || f > f0 + c1 * t * slope0 || f >= fLo) {
      tHi = t;
      fHi = f;
      slopeHi = slope;
    } else {
      if (Math.abs(slope) <= -c2 * slope0) return { f };
      if (slope * (tHi - tLo) >= 0) {
        tHi = tLo;
        fHi = fLo;
        slopeHi = slopeLo;
      }
      tLo = t;
      fLo = f;
      slopeLo = slope;
    }
    if (Math.abs(tHi - tLo) < 1e-16) break;
  }
  // Accept the best point seen if it decreased f at all: progress beats failure at tiny steps.
  if (fLo < f0 && tLo > 0) {
    const { f } = await evalAt(tLo);
    return { f };
  }
  return null;
}

function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  if (!Number.isFinite(fb)) return NaN;
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
