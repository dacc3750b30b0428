import { listLabs, type BrokenLab, type Lab } from '../lab';

/** The labs the server grades: loaded from the labs folder at start, looked up by id. */
export class LabRegistry {
  private constructor(
    private readonly labs: Map<string, Lab>,
    readonly broken: BrokenLab[],
  ) {}

  static async load(labsDir: string): Promise<LabRegistry> {
    const catalog = await listLabs(labsDir);
    return new LabRegistry(new Map(catalog.labs.map((lab) => [lab.id, lab])), catalog.broken);
  }

  static of(labs: Lab[]): LabRegistry {
    return new LabRegistry(new Map(labs.map((lab) => [lab.id, lab])), []);
  }

  get(id: string): Lab | undefined {
    return this.labs.get(id);
  }

  list(): Lab[] {
    return [...this.labs.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  ids(): string[] {
    return this.list().map((lab) => lab.id);
  }
}
