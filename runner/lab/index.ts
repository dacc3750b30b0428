/** The lab manifest: schema, loading with validation, and the catalogue of labs. */
export type { Lab, LabApp, LabLimits, LabServices, LabStage, SourcePath } from './lab';
export { formatProblem, type LabProblem } from './lab-problem';
export { loadLab, locateManifestProblems, type LoadFailure, type LoadResult } from './load-lab';
export { defaultLabsDir, findLab, listLabs, type BrokenLab, type LabCatalog } from './lab-catalog';
export {
  LabManifestSchema,
  SERVICE_KINDS,
  type LabManifest,
  type LabManifestInput,
  type ServiceKind,
} from './manifest-schema';
export { MANIFEST_FILE } from './read-manifest';
