// Categories form a tree stored with a materialized path: each row keeps the ids from its root down to
// itself ("<root-id>/<child-id>/"). "This category and everything below it" is then one prefix predicate
// (`path LIKE '<path>%'`, served by a btree index on a C-collated column) instead of a recursive query,
// and a move rewrites the prefix of the moved subtree in one UPDATE.

export interface CategoryNode {
  id: string;
  parentId: string | null;
  path: string;
  sortOrder: number;
  name: string;
  visible: boolean;
}

export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? ''}${id}/`;
}

export function depthOf(path: string): number {
  return path.split('/').length - 2;
}

/** A category cannot move under itself or under any of its descendants. */
export function isSelfOrDescendant(ancestorPath: string, candidatePath: string): boolean {
  return candidatePath.startsWith(ancestorPath);
}

export type Tree<T> = T & { children: Tree<T>[] };

/** Nests rows by parent, siblings by sortOrder then name; `onlyVisible` drops hidden nodes with their subtrees. */
export function buildTree<T extends CategoryNode>(rows: readonly T[], { onlyVisible = false } = {}): Tree<T>[] {
  const nodes = new Map<string, Tree<T>>();
  for (const row of rows) if (!onlyVisible || row.visible) nodes.set(row.id, { ...row, children: [] });
  const roots: Tree<T>[] = [];
  for (const node of nodes.values()) {
    if (node.parentId === null) roots.push(node);
    else nodes.get(node.parentId)?.children.push(node);
  }
  const sort = (list: Tree<T>[]) => {
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    list.forEach((n) => sort(n.children));
    return list;
  };
  return sort(roots);
}
