import type { BestScore } from '../store/submission-store';

/** The grid's colour of a score: by its share of the maximum, so labs of any size compare. */
export function scoreClass(best: number | undefined, max: number | undefined): string {
  if (best === undefined || !max) return 'score-none';
  const share = best / max;
  return share >= 0.9 ? 'score-high' : share >= 0.5 ? 'score-mid' : 'score-low';
}

/** A learner's best scores added up over the labs they were graded in: "170/200 (85%)". */
export function totalOf(scores: BestScore[]): string {
  const graded = scores.filter((s) => s.best !== undefined && s.maxScore);
  if (graded.length === 0) return '–';
  const best = graded.reduce((sum, s) => sum + s.best!, 0);
  const max = graded.reduce((sum, s) => sum + s.maxScore!, 0);
  return `${round(best)}/${round(max)} (${Math.round((best / max) * 100)}%)`;
}

/** The mean of a lab's best scores over the learners graded in it, as a share of the maximum. */
export function averageOf(scores: BestScore[]): string {
  const graded = scores.filter((s) => s.best !== undefined && s.maxScore);
  if (graded.length === 0) return '–';
  const mean = graded.reduce((sum, s) => sum + s.best! / s.maxScore!, 0) / graded.length;
  return `${Math.round(mean * 100)}% of ${graded.length}`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
