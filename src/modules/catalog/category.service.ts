import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../common/database';
import { ConflictError, NotFoundError, ValidationError } from '../../common/errors';
import { CatalogErrorCode } from './catalog.errors';
import { buildTree, childPath, depthOf, isSelfOrDescendant, Tree } from './domain/category-tree';
import { CategoryResponseDto, CreateCategoryDto, StoreCategoryResponseDto, UpdateCategoryDto } from './dto/category.dto';
import { Category } from './entities/category.entity';
import { ProductCountCache } from './product-count.cache';

// Every change to the tree's shape (create, move, delete) holds this transaction lock, so that a child is
// never created under a parent whose path a concurrent move is rewriting, and two moves cannot form a cycle.
async function lockTree(em: EntityManager): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('catalog'), hashtext('category-tree'))`);
}

export function toCategoryResponse(c: Category): CategoryResponseDto {
  return {
    id: c.id,
    name: c.name,
    parentId: c.parentId,
    depth: c.depth,
    sortOrder: c.sortOrder,
    icon: c.icon,
    visible: c.visible,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

@Injectable()
export class CategoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly counts: ProductCountCache,
  ) {}

  async create(dto: CreateCategoryDto): Promise<CategoryResponseDto> {
    const id = await inTransaction(this.dataSource, async (em) => {
      await lockTree(em);
      const parent = dto.parentId ? await this.parent(em, dto.parentId) : null;
      const id = randomUUID();
      const path = childPath(parent?.path ?? null, id);
      await em.getRepository(Category).insert({
        id,
        name: dto.name.trim(),
        parentId: parent?.id ?? null,
        path,
        depth: depthOf(path),
        sortOrder: dto.sortOrder ?? 0,
        icon: dto.icon ?? null,
        visible: dto.visible ?? true,
      });
      return id;
    });
    return this.get(id);
  }

  async get(id: string): Promise<CategoryResponseDto> {
    const category = await this.dataSource.getRepository(Category).findOneBy({ id });
    if (!category) throw new NotFoundError('Category');
    return toCategoryResponse(category);
  }

  /** Edits a category; a new parentId moves it with its whole subtree. */
  async update(id: string, dto: UpdateCategoryDto): Promise<CategoryResponseDto> {
    const moved = await inTransaction(this.dataSource, async (em) => {
      await lockTree(em);
      const repo = em.getRepository(Category);
      const category = await repo.findOneBy({ id });
      if (!category) throw new NotFoundError('Category');
      if (dto.parentId !== undefined && dto.parentId !== category.parentId) {
        const parent = dto.parentId === null ? null : await this.parent(em, dto.parentId);
        if (parent && isSelfOrDescendant(category.path, parent.path)) {
          throw new ConflictError(
            'A category cannot move under itself or one of its descendants',
            CatalogErrorCode.CATEGORY_MOVE_INTO_DESCENDANT,
          );
        }
        const path = childPath(parent?.path ?? null, category.id);
        // Paths hold only [0-9a-f/-], so the old path is a literal LIKE prefix.
        await em.query(
          `UPDATE categories SET path = $2 || substr(path, length($1) + 1), depth = depth + $3, updated_at = now() ` +
            `WHERE path LIKE $1 || '%'`,
          [category.path, path, depthOf(path) - category.depth],
        );
        await repo.update({ id }, { parentId: parent?.id ?? null });
      }
      const isMove = dto.parentId !== undefined && dto.parentId !== category.parentId;
      const change: Partial<Category> = {};
      if (dto.name !== undefined) change.name = dto.name.trim();
      if (dto.sortOrder !== undefined) change.sortOrder = dto.sortOrder;
      if (dto.icon !== undefined) change.icon = dto.icon;
      if (dto.visible !== undefined) change.visible = dto.visible;
      if (Object.keys(change).length) await repo.update({ id }, change);
      return isMove;
    });
    // A move changes which products a category filter holds.
    if (moved) await this.counts.invalidate();
    return this.get(id);
  }

  /** Deletes a leaf category that no product uses. */
  async remove(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (em) => {
      await lockTree(em);
      const [row] = (await em.query(
        `SELECT EXISTS (SELECT 1 FROM categories WHERE id = $1) AS found, ` +
          `EXISTS (SELECT 1 FROM categories WHERE parent_id = $1) AS children, ` +
          `EXISTS (SELECT 1 FROM products WHERE category_id = $1) AS products`,
        [id],
      )) as { found: boolean; children: boolean; products: boolean }[];
      if (!row.found) throw new NotFoundError('Category');
      if (row.children) {
        throw new ConflictError(
          'The category has subcategories; move or delete them first',
          CatalogErrorCode.CATEGORY_HAS_CHILDREN,
        );
      }
      if (row.products) {
        throw new ConflictError('Products belong to the category; move them first', CatalogErrorCode.CATEGORY_HAS_PRODUCTS);
      }
      await em.getRepository(Category).delete({ id });
    });
  }

  /** The whole tree, hidden categories included. */
  async adminTree(): Promise<Tree<CategoryResponseDto>[]> {
    const rows = await this.dataSource.getRepository(Category).find();
    const tree = buildTree(rows);
    const map = (nodes: Tree<Category>[]): Tree<CategoryResponseDto>[] =>
      nodes.map((n) => ({ ...toCategoryResponse(n), children: map(n.children) }));
    return map(tree);
  }

  /** The visible tree for shoppers: a hidden category hides its whole subtree. One query. */
  async storeTree(): Promise<StoreCategoryResponseDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, parent_id AS "parentId", path, name, icon, sort_order AS "sortOrder", visible FROM categories WHERE visible`,
    )) as Pick<Category, 'id' | 'parentId' | 'path' | 'name' | 'icon' | 'sortOrder' | 'visible'>[];
    const map = (nodes: Tree<(typeof rows)[number]>[]): StoreCategoryResponseDto[] =>
      nodes.map((n) => ({ id: n.id, name: n.name, icon: n.icon, children: map(n.children) }));
    return map(buildTree(rows, { onlyVisible: true }));
  }

  private async parent(em: EntityManager, id: string): Promise<Category> {
    const parent = await em.getRepository(Category).findOneBy({ id });
    if (!parent)
      throw new ValidationError('The parent category does not exist', [
        { field: 'parentId', messages: ['no category has this id'] },
      ]);
    return parent;
  }
}
