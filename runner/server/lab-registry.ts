import { labContentHash } from '../grading/provenance';
import { listLabs, type BrokenLab, type Lab } from '../lab';

/**
 * The labs the server grades: loaded from the labs folder at start, looked up by id, each with its
 * content hash. Attempts record the hash they are to be graded against, so that a worker on
 * another machine with another version of a lab refuses rather than grading against something else.
 */
export class LabRegistry {
  private constructor(
    private readonly labs: Map<string, { lab: Lab; hash: string }>,
    readonly broken: BrokenLab[],
  ) {}

  static async load(labsDir: string): Promise<LabRegistry> {
    const catalog = await listLabs(labsDir);
    const entries = await Promise.all(
      catalog.labs.map(async (lab) => [lab.id, { lab, hash: await labContentHash(lab.dir) }] as const),
    );
    return new LabRegistry(new Map(entries), catalog.broken);
  }

  get(id: string): Lab | undefined {
    return this.labs.get(id)?.lab;
  }

  /** The content hash of the lab as loaded (sha256 over its files). */
  hashOf(id: string): string | undefined {
    return this.labs.get(id)?.hash;
  }

  list(): Lab[] {
    return [...this.labs.values()].map((entry) => entry.lab).sort((a, b) => a.id.localeCompare(b.id));
  }

  ids(): string[] {
    return this.list().map((lab) => lab.id);
  }
}
