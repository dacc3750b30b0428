import type { Lab } from '../../lab';
import type { Submission } from '../store/records';

export interface StagePassRate {
  id: string;
  title: string;
  points: number;
  /** Graded submissions whose latest grade passed this stage. */
  passed: number;
  graded: number;
  /** Learners with at least one such submission. */
  learnersPassed: number;
  learners: number;
}

/** Per stage of `lab`: how many graded submissions, and how many learners, passed it. */
export function stagePassRates(lab: Lab, submissions: Submission[]): StagePassRate[] {
  const graded = submissions.filter((s) => s.lab === lab.id && s.attempt.result);
  const learners = new Set(graded.map((s) => s.learner));
  return lab.stages.map((stage) => {
    const passing = graded.filter((s) =>
      s.attempt.result!.stages.some((r) => r.id === stage.id && r.status === 'pass'),
    );
    return {
      id: stage.id,
      title: stage.title,
      points: stage.points,
      passed: passing.length,
      graded: graded.length,
      learnersPassed: new Set(passing.map((s) => s.learner)).size,
      learners: learners.size,
    };
  });
}
