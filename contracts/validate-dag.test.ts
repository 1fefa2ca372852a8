// Over 400 lines for a reason: every rule of the one DAG validator (graph, ports, params and their
// combinations, columns against the schema) is checked here against the same fixtures.
import { describe, expect, it } from 'vitest';
import type { PipelineConfig, PipelineEdge, PipelineNode } from './pipeline';
import { validateDag, type DagContext, type DagIssue } from './validate-dag';

const node = (id: string, type: string, params: Record<string, unknown> = {}): PipelineNode => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 }
});
const edge = (
  id: string,
  source: string,
  target: string,
  ports: Partial<PipelineEdge> = {}
): PipelineEdge => ({
  id,
  source,
  target,
  ...ports
});

const IRIS: DagContext = {
  columnSource: 'accepted_schema',
  columns: [
    { name: 'id', type: 'id', role: 'id' },
    { name: 'sepal_length', type: 'float', role: 'feature' },
    { name: 'sepal_width', type: 'float', role: 'feature' },
    { name: 'color', type: 'categorical', role: 'feature' },
    { name: 'species', type: 'categorical', role: 'target' }
  ]
};

/** dataset → impute → scale → split → forest → evaluate (model + test rows). */
function valid(): PipelineConfig {
  return {
    nodes: [
      node('data', 'dataset'),
      node('fill', 'impute', { strategy: 'median' }),
      node('scale', 'scale', { columns: ['sepal_length', 'sepal_width'] }),
      node('split', 'train_test_split', { test_size: 0.25 }),
      node('forest', 'random_forest', { n_estimators: 50 }),
      node('eval', 'evaluate')
    ],
    edges: [
      edge('e1', 'data', 'fill'),
      edge('e2', 'fill', 'scale'),
      edge('e3', 'scale', 'split'),
      edge('e4', 'split', 'forest'),
      edge('e5', 'forest', 'eval', { targetPort: 'model' }),
      edge('e6', 'split', 'eval', { sourcePort: 'out', targetPort: 'data' })
    ]
  };
}

function change(config: PipelineConfig, fn: (c: PipelineConfig) => void): PipelineConfig {
  const copy = structuredClone(config);
  fn(copy);
  return copy;
}

const codes = (issues: DagIssue[]) => issues.map((i) => i.code);
const setParams = (c: PipelineConfig, id: string, params: Record<string, unknown>) => {
  const n = c.nodes.find((x) => x.id === id)!;
  n.params = { ...n.params, ...params };
};

describe('validateDag', () => {
  it('accepts a complete pipeline with no errors or warnings', () => {
    expect(validateDag(valid(), IRIS)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('reports an unknown node type on the node', () => {
    const r = validateDag(
      change(valid(), (c) => c.nodes.push(node('x', 'xgboost'))),
      IRIS
    );
    expect(r.valid).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ code: 'unknown_node_type', nodeId: 'x' }));
  });

  it('reports each invalid parameter with its path', () => {
    const config = change(valid(), (c) => {
      setParams(c, 'forest', { n_estimators: 0, max_depth: 2.5, criterion: 'gini' });
      c.nodes.push(node('mlp', 'mlp', { hidden_layer_sizes: [64, -1], activation: 'softmax' }));
      c.edges.push(edge('e7', 'split', 'mlp'));
    });
    const errors = validateDag(config, IRIS).errors.filter((e) => e.code === 'invalid_param');
    expect(errors.map((e) => [e.nodeId, e.param])).toEqual([
      ['forest', 'criterion'],
      ['forest', 'n_estimators'],
      ['forest', 'max_depth'],
      ['mlp', 'hidden_layer_sizes[1]'],
      ['mlp', 'activation']
    ]);
    expect(errors[0]!.message).toMatch(/Not a parameter/);
    expect(errors[1]!.message).toMatch(/at least 1/);
    expect(errors[4]!.message).toMatch(/"relu"/);
  });

  it('reports parameter combinations that cannot work together, defaults included', () => {
    const combos = (params: Record<string, unknown>) =>
      validateDag(
        change(valid(), (c) => {
          c.nodes.find((n) => n.id === 'split')!.params = params;
        }),
        IRIS
      )
        .errors.filter((e) => e.code === 'invalid_param')
        .map((e) => [e.nodeId, e.param, e.message]);
    // shuffle defaults to true, so stratify alone passes; turned off, the split cannot stratify.
    expect(combos({ stratify: true })).toEqual([]);
    expect(combos({ stratify: true, shuffle: false })).toEqual([
      ['split', 'shuffle', expect.stringContaining('With stratify true, must be one of true.')]
    ]);
    expect(combos({ stratify: false, shuffle: false })).toEqual([]);
    // A value wrong on its own is reported alone, not again as a combination.
    expect(combos({ stratify: 'yes', shuffle: false }).map(([, param]) => param)).toEqual(['stratify']);
  });

  it('refuses a forest out-of-bag score without bootstrap', () => {
    const forest = (params: Record<string, unknown>) =>
      validateDag(
        change(valid(), (c) => {
          c.nodes.find((n) => n.type === 'random_forest')!.params = params;
        }),
        IRIS
      ).errors.map((e) => [e.code, e.param]);
    expect(forest({ oob_score: true })).toEqual([]);
    expect(forest({ oob_score: true, bootstrap: false })).toEqual([['invalid_param', 'bootstrap']]);
    expect(forest({ oob_score: false, bootstrap: false })).toEqual([]);
  });

  it('refuses model params the engine does not train, naming the node and the param', () => {
    const refused = (type: string, params: Record<string, unknown>) =>
      validateDag(
        change(valid(), (c) => {
          c.nodes.push(node('m2', type, params));
          c.edges.push(edge('e7', 'split', 'm2'));
        }),
        IRIS
      )
        .errors.filter((e) => e.code === 'invalid_param')
        .map((e) => [e.nodeId, e.param]);
    expect(refused('logistic_regression', { penalty: 'l1' })).toEqual([['m2', 'penalty']]);
    expect(refused('logistic_regression', { solver: 'saga' })).toEqual([['m2', 'solver']]);
    expect(refused('mlp', { solver: 'sgd' })).toEqual([['m2', 'solver']]);
    expect(refused('logistic_regression', { penalty: 'none', solver: 'lbfgs' })).toEqual([]);
  });

  it('requires required parameters', () => {
    const config = change(valid(), (c) => {
      c.nodes.push(node('sel', 'select_columns'));
      c.edges.push(edge('e7', 'data', 'sel'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({
        code: 'invalid_param',
        nodeId: 'sel',
        param: 'columns',
        message: expect.stringMatching(/Required/)
      })
    );
  });

  it('reports the nodes of a cycle in cycle order', () => {
    const config = change(valid(), (c) => c.edges.push(edge('back', 'scale', 'fill')));
    const cycle = validateDag(config, IRIS).errors.find((e) => e.code === 'cycle');
    expect(cycle).toMatchObject({ nodeId: 'fill', nodeIds: ['fill', 'scale'] });
    expect(cycle!.message).toContain('"Impute" → "Scale" → "Impute"');
  });

  it('reports a longer cycle and a self-loop separately', () => {
    const config = change(valid(), (c) => {
      c.edges.push(edge('back', 'split', 'data'));
      c.nodes.push(node('loop', 'impute'));
      c.edges.push(edge('self', 'loop', 'loop'));
    });
    const cycles = validateDag(config, IRIS).errors.filter((e) => e.code === 'cycle');
    expect(cycles.map((c) => c.nodeIds)).toEqual([['data', 'fill', 'scale', 'split'], ['loop']]);
  });

  it('reports edges to missing nodes', () => {
    const config = change(valid(), (c) => c.edges.push(edge('ghost', 'scale', 'nowhere')));
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({
        code: 'dangling_edge',
        edgeId: 'ghost',
        message: 'A connection from "Scale" leads to a step that is not in the pipeline.'
      })
    );
  });

  it('reports unknown and ambiguous ports', () => {
    const config = change(valid(), (c) => {
      c.edges.find((e) => e.id === 'e3')!.sourcePort = 'rows';
      c.edges.find((e) => e.id === 'e6')!.targetPort = 'test';
    });
    const errors = validateDag(config, IRIS).errors;
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'unknown_port', edgeId: 'e3', nodeId: 'scale', port: 'rows' })
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ code: 'unknown_port', edgeId: 'e6', nodeId: 'eval', port: 'test' })
    );
  });

  it('infers an unnamed input from the port type, and refuses when it cannot', () => {
    const inferred = change(valid(), (c) => delete c.edges.find((e) => e.id === 'e6')!.targetPort);
    expect(validateDag(inferred, IRIS).valid).toBe(true);
    const config = change(valid(), (c) => {
      c.nodes.push(node('sink', 'evaluate'));
      c.edges.push(edge('e7', 'data', 'sink'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'ambiguous_port', edgeId: 'e7' })
    );
  });

  it('reports port type mismatches', () => {
    const config = change(valid(), (c) => {
      c.edges = c.edges.filter((e) => e.id !== 'e4');
      c.edges.push(edge('bad', 'scale', 'forest'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'port_type_mismatch', edgeId: 'bad', nodeId: 'forest', port: 'data' })
    );
  });

  it('reports missing required inputs on the node', () => {
    const config = change(valid(), (c) => (c.edges = c.edges.filter((e) => e.id !== 'e5')));
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'missing_input', nodeId: 'eval', port: 'model' })
    );
  });

  it('reports a second edge into a single-valued input', () => {
    const config = change(valid(), (c) => c.edges.push(edge('e7', 'data', 'scale')));
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'too_many_inputs', nodeId: 'scale', edgeId: 'e7', port: 'in' })
    );
  });

  it('needs a dataset node and a model node', () => {
    const r = validateDag({ nodes: [], edges: [] }, IRIS);
    expect(codes(r.errors)).toEqual(['no_dataset_node', 'no_model_node']);
  });

  it('reports unknown columns, suggesting a near match', () => {
    const config = change(valid(), (c) => setParams(c, 'scale', { columns: ['Sepal_Length', 'petal'] }));
    const errors = validateDag(config, IRIS).errors.filter((e) => e.code === 'unknown_column');
    expect(errors.map((e) => [e.nodeId, e.param])).toEqual([
      ['scale', 'columns'],
      ['scale', 'columns']
    ]);
    expect(errors[0]!.message).toContain('Did you mean "sepal_length"?');
  });

  it('reports columns removed by an earlier select_columns step', () => {
    const config = change(valid(), (c) => {
      c.nodes.push(node('sel', 'select_columns', { columns: ['sepal_width', 'species'] }));
      c.edges.find((e) => e.id === 'e1')!.target = 'sel';
      c.edges.push(edge('e0', 'sel', 'fill'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({
        code: 'column_not_available',
        nodeId: 'scale',
        message: expect.stringContaining('sepal_length')
      })
    );
  });

  it('reports a target dropped before the split', () => {
    const config = change(valid(), (c) => {
      c.nodes.push(node('sel', 'select_columns', { columns: ['species'], mode: 'exclude' }));
      c.edges.find((e) => e.id === 'e1')!.target = 'sel';
      c.edges.push(edge('e0', 'sel', 'fill'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'column_not_available', nodeId: 'split', param: 'target' })
    );
  });

  it('reports columns of the wrong type for the step', () => {
    const config = change(valid(), (c) => setParams(c, 'scale', { columns: ['color'] }));
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'column_type_mismatch', nodeId: 'scale', param: 'columns' })
    );
  });

  it('takes the target from the split, else from the schema', () => {
    const noRole: DagContext = {
      ...IRIS,
      columns: IRIS.columns!.map((c) => ({ ...c, role: c.role === 'target' ? 'feature' : c.role }))
    };
    expect(validateDag(valid(), noRole).errors).toContainEqual(
      expect.objectContaining({ code: 'target_missing', nodeId: 'split', param: 'target' })
    );
    expect(
      validateDag(
        change(valid(), (c) => setParams(c, 'split', { target: 'color' })),
        noRole
      ).valid
    ).toBe(true);

    const twoTargets: DagContext = {
      ...IRIS,
      columns: IRIS.columns!.map((c) => ({ ...c, role: c.name === 'color' ? 'target' : c.role }))
    };
    expect(codes(validateDag(valid(), twoTargets).errors)).toEqual(['target_ambiguous']);
  });

  it('refuses two splits predicting different columns', () => {
    const config = change(valid(), (c) => {
      c.nodes.push(node('split2', 'train_test_split', { target: 'color' }));
      c.nodes.push(node('lr', 'logistic_regression'));
      c.edges.push(edge('e7', 'scale', 'split2'), edge('e8', 'split2', 'lr'));
    });
    expect(validateDag(config, IRIS).errors).toContainEqual(
      expect.objectContaining({ code: 'target_conflict', nodeIds: ['split', 'split2'] })
    );
  });

  it('refuses an id target and a model of the wrong task', () => {
    const idTarget = change(valid(), (c) => setParams(c, 'split', { target: 'id' }));
    expect(codes(validateDag(idTarget, IRIS).errors)).toEqual(['target_unsuitable']);

    const regression = change(valid(), (c) => {
      setParams(c, 'split', { target: 'sepal_width' });
      setParams(c, 'scale', { columns: ['sepal_length'] });
      c.nodes.push(
        node('lr', 'logistic_regression'),
        node('gb', 'gradient_boosting', { task: 'classification' })
      );
      c.edges.push(edge('e7', 'split', 'lr'), edge('e8', 'split', 'gb'));
    });
    const errors = validateDag(regression, IRIS).errors;
    expect(errors.map((e) => [e.code, e.nodeId])).toEqual([
      ['task_mismatch', 'lr'],
      ['task_mismatch', 'gb']
    ]);
  });

  it('checks names only, with a warning, when no schema is accepted', () => {
    const byName: DagContext = {
      columnSource: 'dataset',
      columns: IRIS.columns!.map((c) => ({ name: c.name }))
    };
    const config = change(valid(), (c) => setParams(c, 'split', { target: 'species' }));
    const r = validateDag(config, byName);
    expect(r).toMatchObject({ valid: true, errors: [] });
    expect(codes(r.warnings)).toEqual(['schema_not_accepted']);
    expect(codes(validateDag(valid(), byName).errors)).toEqual(['target_missing']);
  });

  it('is invalid while the dataset columns are unknown', () => {
    const r = validateDag(valid(), { columns: null, columnSource: 'unknown' });
    expect(codes(r.errors)).toEqual(['dataset_not_ready']);
  });

  it('warns about steps whose result goes nowhere', () => {
    const config = change(valid(), (c) => {
      c.nodes.push(node('dangling', 'one_hot'));
      c.edges.push(edge('e7', 'data', 'dangling'));
    });
    const r = validateDag(config, IRIS);
    expect(r.valid).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'unused_output', nodeId: 'dangling' })]);
  });

  it('skips column checks without a context, as the studio does before the schema loads', () => {
    const config = change(valid(), (c) => setParams(c, 'scale', { columns: ['whatever'] }));
    expect(validateDag(config).valid).toBe(true);
  });

  it('uses node labels in messages', () => {
    const config = change(valid(), (c) => {
      c.nodes.find((n) => n.id === 'eval')!.label = 'Holdout score';
      c.edges = c.edges.filter((e) => e.id !== 'e5');
    });
    const missing = validateDag(config, IRIS).errors.find((e) => e.code === 'missing_input');
    expect(missing!.message).toContain('"Holdout score"');
    expect(missing!.message).not.toContain('eval');
  });

  it('names steps and connections without their ids, which stay in the structured fields', () => {
    // Ids unlike any word, so a leak cannot hide behind a port or type name.
    const id = (name: string) => `${name}_q7x`;
    const config = change(valid(), (c) => {
      for (const n of c.nodes) n.id = id(n.id);
      for (const e of c.edges) Object.assign(e, { id: id(e.id), source: id(e.source), target: id(e.target) });
      c.nodes.push({ ...node(id('odd'), 'no_such_type'), label: 'Mystery' });
      c.edges.push(edge(id('back'), id('scale'), id('fill')));
      c.edges.push(edge(id('ghost'), id('scale'), id('nowhere')));
      c.edges.push(edge(id('twice'), id('data'), id('fill')));
      c.edges.push(edge(id('port'), id('split'), id('eval'), { sourcePort: 'rows' }));
      c.edges.push(edge(id('bad'), id('scale'), id('forest')));
      c.edges = c.edges.filter((e) => e.id !== id('e5'));
      setParams(c, id('scale'), { columns: ['sepal_lenght'] });
    });
    const { errors, warnings } = validateDag(config, IRIS);
    const issues = [...errors, ...warnings];
    expect(codes(issues)).toEqual(
      expect.arrayContaining([
        'unknown_node_type',
        'cycle',
        'dangling_edge',
        'too_many_inputs',
        'unknown_port',
        'port_type_mismatch',
        'missing_input',
        'unknown_column'
      ])
    );
    for (const issue of issues) expect(issue.message).not.toMatch(/_q7x/);
    expect(issues.find((i) => i.code === 'unknown_node_type')).toMatchObject({
      nodeId: id('odd'),
      message: '"Mystery" has an unknown type "no_such_type".'
    });
    expect(issues.filter((i) => i.code === 'too_many_inputs')).toContainEqual(
      expect.objectContaining({ nodeId: id('fill'), edgeId: id('twice') })
    );
  });
});
