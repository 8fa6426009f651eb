import { expect } from 'expect';
import { describe, it } from 'node:test';
import { buildTree, childPath, depthOf, isSelfOrDescendant } from './category-tree';

const row = (id: string, parentId: string | null, path: string, sortOrder = 0, visible = true) => ({
  id,
  parentId,
  path,
  sortOrder,
  name: id,
  visible,
});

describe('category tree', () => {
  it('builds paths and depths from the root down', () => {
    const a = childPath(null, 'a');
    const b = childPath(a, 'b');
    expect(b).toBe('a/b/');
    expect(depthOf(a)).toBe(0);
    expect(depthOf(b)).toBe(1);
  });

  it('recognises a move under itself or a descendant', () => {
    expect(isSelfOrDescendant('a/', 'a/')).toBe(true);
    expect(isSelfOrDescendant('a/', 'a/b/c/')).toBe(true);
    expect(isSelfOrDescendant('a/', 'ab/')).toBe(false);
    expect(isSelfOrDescendant('a/b/', 'a/')).toBe(false);
  });

  it('nests and sorts siblings, and drops hidden subtrees for shoppers', () => {
    const rows = [
      row('b', null, 'b/', 2),
      row('a', null, 'a/', 1),
      row('a2', 'a', 'a/a2/', 2),
      row('a1', 'a', 'a/a1/', 1, false),
      row('a1x', 'a1', 'a/a1/a1x/', 0),
    ];
    const all = buildTree(rows);
    expect(all.map((n) => n.id)).toEqual(['a', 'b']);
    expect(all[0].children.map((n) => n.id)).toEqual(['a1', 'a2']);
    expect(all[0].children[0].children.map((n) => n.id)).toEqual(['a1x']);
    const visible = buildTree(rows, { onlyVisible: true });
    expect(visible[0].children.map((n) => n.id)).toEqual(['a2']);
  });
});
