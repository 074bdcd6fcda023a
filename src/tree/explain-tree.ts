import { guards } from './guards.js';
import type { DiagnosisTree, TreeNode } from './tree-types.js';

const kindWord: Record<TreeNode['kind'], string> = { probe: 'runs', question: 'asks', branch: 'decides' };

/** The tree as text, from the same data the engine walks (`conn-doctor --explain`), in walk order. */
export function explainTree(tree: DiagnosisTree): string {
  const lines: string[] = ['conn-doctor decision tree (the first matching edge wins)', ''];
  const seen = new Set<string>();
  const queue = [tree.entry];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const node = tree.nodes[id];
    if (!node || seen.has(id)) continue;
    seen.add(id);
    const what =
      node.kind === 'probe'
        ? ` ${node.step}`
        : node.kind === 'question'
          ? ` "${node.prompt}" (default ${node.defaultValue})`
          : '';
    lines.push(`${node.id} — ${node.title} [${kindWord[node.kind]}${what}]`);
    for (const edge of node.edges) {
      const target = 'goto' in edge ? `→ ${edge.goto}` : `⇒ verdict ${edge.verdict}`;
      lines.push(`    if ${guards[edge.when].describe}: ${target}`);
      if ('goto' in edge) queue.push(edge.goto);
    }
    lines.push('');
  }
  return lines.join('\n');
}
