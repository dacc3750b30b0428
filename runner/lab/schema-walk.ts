import { z } from 'zod';

/** Finding the schema of a field by its path in lab.yaml, to name known keys and describe fields. */

/** The schema without its optional/default wrappers and transforms: what the value must look like. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}

/** The schema of the field at `path` as declared (with its description), or undefined. */
export function fieldSchemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = childSchema(unwrapSchema(current), segment);
  }
  return current;
}

/** The keys an object at `path` accepts, or [] when there is no object there. */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const field = fieldSchemaAt(root, path);
  const schema = field && unwrapSchema(field);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function childSchema(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject && typeof segment === 'string')
    return schema.shape[segment] as z.ZodType | undefined;
  if (schema instanceof z.ZodArray && typeof segment === 'number') return schema.element as z.ZodType;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      const child = childSchema(unwrapSchema(option), segment);
      if (child) return child;
    }
  }
  return undefined;
}
