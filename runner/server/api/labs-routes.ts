import { Router } from 'express';
import type { LabRegistry } from '../lab-registry';

/** GET /api/labs: what can be submitted, with the stages and their points. */
export function labsRoutes(labs: LabRegistry): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({
      labs: labs.list().map((lab) => ({
        id: lab.id,
        title: lab.title,
        summary: lab.summary,
        difficulty: lab.difficulty,
        maxScore: lab.maxScore,
        stages: lab.stages.map((stage) => ({
          id: stage.id,
          title: stage.title,
          points: stage.points,
          hiddenTests: stage.hidden.length > 0,
        })),
      })),
    });
  });
  return router;
}
