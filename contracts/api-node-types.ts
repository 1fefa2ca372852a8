import { z } from 'zod';
import { NODE_CATEGORIES, PORT_TYPES } from './node-types';

/** `GET /api/node-types` as the wire carries it; contracts/node-types.ts is the catalogue itself. */
const portDto = z
  .object({
    name: z.string(),
    type: z.enum(PORT_TYPES),
    label: z.string(),
    required: z.boolean(),
    multiple: z.boolean()
  })
  .meta({ id: 'Port' });

export const nodeTypeDto = z
  .object({
    type: z.string().meta({ example: 'random_forest' }),
    category: z.enum(NODE_CATEGORIES),
    label: z.string(),
    description: z.string(),
    inputs: z.array(portDto),
    outputs: z.array(portDto),
    params: z
      .object({
        type: z.literal('object'),
        properties: z.record(z.string(), z.unknown()),
        required: z.array(z.string()).readonly().optional(),
        additionalProperties: z.literal(false),
        allOf: z.array(z.unknown()).readonly().optional()
      })
      .meta({
        description:
          'A JSON Schema of the parameters, with `x-columns` and `x-column-types` markers (docs/API.md › Node types).'
      }),
    tasks: z.array(z.enum(['classification', 'regression'])).optional()
  })
  .meta({ id: 'NodeType' });
