import { describe, expect, it } from 'vitest';
import { diagnosisTree } from './diagnosis-tree.js';
import { explainTree } from './explain-tree.js';
import { guards } from './guards.js';
import { verdictIds } from './verdict-ids.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

const nodes = Object.values(diagnosisTree.nodes);
const edges = nodes.flatMap((node) => node.edges.map((edge) => ({ node, edge })));

describe('the diagnosis tree', () => {
  it('has an entry node and every goto leads to a node', () => {
    expect(diagnosisTree.nodes[diagnosisTree.entry]).toBeDefined();
    for (const { node, edge } of edges) {
      if ('goto' in edge) expect(diagnosisTree.nodes[edge.goto], `${node.id} → ${edge.goto}`).toBeDefined();
    }
  });

  it('only uses known guards and catalogue verdicts that have words', () => {
    for (const { edge } of edges) {
      expect(guards[edge.when]).toBeDefined();
      if ('verdict' in edge) {
        expect(verdictIds).toContain(edge.verdict);
        expect(verdictBuilders[edge.verdict], edge.verdict).toBeTypeOf('function');
      }
    }
  });

  it('ends every node with a catch-all edge, so the walk never gets stuck', () => {
    for (const node of nodes) expect(node.edges.at(-1)?.when, node.id).toBe('always');
  });

  it('reaches every node from the entry', () => {
    const reached = new Set<string>();
    const queue = [diagnosisTree.entry];
    while (queue.length) {
      const id = queue.pop() as string;
      if (reached.has(id)) continue;
      reached.add(id);
      for (const edge of diagnosisTree.nodes[id]?.edges ?? []) if ('goto' in edge) queue.push(edge.goto);
    }
    expect([...reached].sort()).toEqual(Object.keys(diagnosisTree.nodes).sort());
  });

  it('can end in every verdict of the catalogue', () => {
    const reachable = new Set(edges.flatMap(({ edge }) => ('verdict' in edge ? [edge.verdict] : [])));
    expect([...reachable].sort()).toEqual([...verdictIds].sort());
  });

  it('prints itself from the same data', () => {
    const text = explainTree(diagnosisTree);
    for (const node of nodes) expect(text).toContain(`${node.id} — ${node.title}`);
    expect(text).toContain(`if ${guards['tcp.all-refused'].describe}: → local.check`);
    expect(text).toContain(`if ${guards['answer.loopback-only'].describe}: ⇒ verdict listener-bound-elsewhere`);
  });
});
