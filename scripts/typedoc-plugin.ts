/**
 * The typedoc plugin of the API site (`npm run docs`, loaded by `typedoc.json`):
 *
 * - The modules are the import paths users have. The shared names that every subpath
 *   re-exports (declared in `src/core/`) are documented once, on the root module's page
 *   (`tfjs-multilabel`), which comes first; each subpath documents its own names.
 * - Deprecated members are listed after the others (a renamed option's former name after the
 *   option itself), in every list and on every page.
 * - Every function, class and variable gets a "Read more" link to the guide section of its
 *   topic (its `@category`), from the `readMore` option of `typedoc.json`: one table instead of a
 *   link written by hand on each export. An export whose topic has no guide fails the build.
 */
import { dirname, resolve, sep } from 'node:path';
import {
  type Application,
  Comment,
  type CommentDisplayPart,
  CommentTag,
  type Context,
  Converter,
  DeclarationReflection,
  type ManuallyValidatedOption,
  type NormalizedPath,
  ParameterType,
  type ProjectReflection,
  type Reflection,
  ReflectionKind,
  RendererEvent,
} from 'typedoc';

/** The `readMore` option: a guide (`docs/x.md#anchor`, relative to typedoc.json) per topic. */
export interface ReadMoreOption {
  /** Guide of every export whose `@category` is the key. */
  readonly byCategory: Readonly<Record<string, string>>;
  /** Guide of one export (by name), where its topic's guide is not the best page. */
  readonly byName?: Readonly<Record<string, string>>;
}

/** The options this plugin adds to typedoc. */
declare module 'typedoc' {
  export interface TypeDocOptionMap {
    readMore: ManuallyValidatedOption<ReadMoreOption>;
    sharedSources: string;
  }
}

/** The tag this plugin adds; `locales` in typedoc.json names its heading. */
export const readMoreTag = '@readMore';

/** Kinds that get a "Read more" link: what a user calls. */
const linkedKinds = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Variable;

export function load(app: Application): void {
  app.options.addDeclaration({
    name: 'readMore',
    help: 'Guide (docs/x.md#anchor) of each @category, and of single exports by name.',
    type: ParameterType.Mixed,
    defaultValue: { byCategory: {} },
    validate(value) {
      const option = value as ReadMoreOption;
      if (typeof option?.byCategory !== 'object') {
        throw new Error('readMore must be { byCategory: { [category]: "docs/guide.md#anchor" } }');
      }
    },
  });
  app.options.addDeclaration({
    name: 'sharedSources',
    help: 'Folder (relative to typedoc.json) whose declarations belong to the root module.',
    type: ParameterType.String,
    defaultValue: '',
  });
  // Before typedoc's own resolve-begin handlers (the comment plugin drops @category later).
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const base = configDirectory(app);
    const root = moveSharedToRoot(context, app, base);
    if (root) linkSharedNames(context.project, root);
    addReadMoreLinks(context, app, base);
  });
  // After typedoc's own sorting (resolve end), before any page is written.
  app.renderer.on(RendererEvent.BEGIN, (event) => deprecatedLast(event.project));
}

/** Moves deprecated reflections after the others in every list, keeping each part's order. */
function deprecatedLast(project: ProjectReflection): void {
  const reorder = (list: Reflection[] | undefined) => {
    if (!list?.some((r) => r.isDeprecated())) return;
    const current = list.filter((r) => !r.isDeprecated());
    const deprecated = list.filter((r) => r.isDeprecated());
    list.splice(0, list.length, ...current, ...deprecated);
  };
  for (const reflection of Object.values(project.reflections)) {
    if (!(reflection instanceof DeclarationReflection)) continue;
    reorder(reflection.children);
    for (const group of reflection.groups ?? []) {
      reorder(group.children);
      for (const category of group.categories ?? []) reorder(category.children);
    }
    for (const category of reflection.categories ?? []) reorder(category.children);
  }
}

/** The folder of typedoc.json, which the paths of the options are relative to. */
function configDirectory(app: Application): string {
  const options = app.options.getValue('options');
  return options.endsWith('.json') || options.endsWith('js') ? dirname(options) : options;
}

function topLevelModules(project: ProjectReflection): DeclarationReflection[] {
  return (project.children ?? []).filter((child) => child.kindOf(ReflectionKind.Module));
}

/**
 * Typedoc documents a re-exported name in the first entry point that exports it. The subpaths
 * come first in `entryPoints` (so each documents its own names, and the root, which only
 * re-exports, documents nothing); this moves the shared names to the root module, whose name
 * is the package name, and puts that module first.
 */
function moveSharedToRoot(
  context: Context,
  app: Application,
  base: string,
): DeclarationReflection | undefined {
  const shared = app.options.getValue('sharedSources');
  if (shared === '') return undefined;
  const folder = resolve(base, shared) + sep;
  const project = context.project;
  const modules = topLevelModules(project);
  const root = modules.find((m) => m.name === project.name);
  if (!root) {
    app.logger.error(`typedoc-plugin: no module is named ${project.name} (the root entry point)`);
    return undefined;
  }
  for (const module of modules) {
    if (module === root) continue;
    for (const child of [...(module.children ?? [])]) {
      const file = context.getSymbolFromReflection(child)?.declarations?.[0]?.getSourceFile();
      if (!file || !resolve(file.fileName).startsWith(folder)) continue;
      // As typedoc's own mergeReflections moves a child (its private parent-to-children
      // index keeps the old entry, which it skips because `child.parent` changed).
      module.removeChild(child);
      child.parent = root;
      root.addChild(child);
    }
  }
  for (const list of [project.children, project.childrenIncludingDocuments]) {
    if (!list) continue;
    list.splice(list.indexOf(root), 1);
    list.splice(
      list.findIndex((c) => c.kindOf(ReflectionKind.Module)),
      0,
      root,
    );
  }
  return root;
}

/**
 * Points `{@link MultilabelError}` at the root module's declaration where typedoc cannot: a
 * comment in a file that does not import the name (TypeScript does not resolve it) and a page
 * whose module no longer lists it by name. Links that still resolve nowhere stay for typedoc
 * to report.
 */
function linkSharedNames(project: ProjectReflection, root: DeclarationReflection): void {
  const fix = (parts: readonly CommentDisplayPart[] | undefined) => {
    for (const part of parts ?? []) {
      if (
        part.kind !== 'inline-tag' ||
        part.target !== undefined ||
        !part.tag.startsWith('@link')
      ) {
        continue;
      }
      const [name, caption] = part.text.split('|').map((s) => s.trim());
      const target = root.getChildByName(name);
      if (!target) continue;
      part.target = target;
      part.text = caption || name;
    }
  };
  for (const reflection of Object.values(project.reflections)) {
    if (reflection.isDocument()) fix(reflection.content);
    fix(reflection.comment?.summary);
    for (const tag of reflection.comment?.blockTags ?? []) fix(tag.content);
  }
}

/** The `@category` of a reflection, from its own comment or its first signature's. */
function categoryOf(reflection: DeclarationReflection): string | undefined {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  for (const comment of comments) {
    const tag = comment?.getTag('@category');
    if (tag) return Comment.combineDisplayParts(tag.content).trim();
  }
  return undefined;
}

/** Adds a `@readMore` block (before the examples) to each function, class and variable. */
function addReadMoreLinks(context: Context, app: Application, base: string): void {
  const option = app.options.getValue('readMore');
  const project = context.project;
  for (const module of topLevelModules(project)) {
    for (const child of module.children ?? []) {
      if (!child.kindOf(linkedKinds)) continue;
      const category = categoryOf(child);
      const guide = option.byName?.[child.name] ?? (category && option.byCategory[category]);
      if (!guide) {
        app.logger.error(
          `typedoc-plugin: ${module.name}.${child.name} (@category ${category}) has no guide in readMore`,
        );
        continue;
      }
      const link = readMoreParts(project, resolve(base, guide) as NormalizedPath);
      if (!link) {
        app.logger.error(`typedoc-plugin: readMore guide ${guide} is not a project document`);
        continue;
      }
      const comments = child.signatures?.length
        ? child.signatures.map((s) => s.comment)
        : [child.comment];
      for (const comment of comments) {
        if (!comment || comment.getTag(readMoreTag)) continue;
        const tag = new CommentTag(readMoreTag, link);
        const example = comment.blockTags.findIndex((t) => t.tag === '@example');
        comment.blockTags.splice(example === -1 ? comment.blockTags.length : example, 0, tag);
      }
    }
  }
}

/** `[Guide title: Section](docs/guide.md#anchor)` as comment parts typedoc resolves and checks. */
function readMoreParts(
  project: ProjectReflection,
  path: NormalizedPath,
): CommentDisplayPart[] | undefined {
  const { target, anchor } = project.files.registerAbsolute(path);
  const document = project.files.resolve(target, project);
  if (typeof document !== 'object' || !document.isDocument()) return undefined;
  const section = anchor ? sectionTitle(document.content, anchor) : undefined;
  const text = section ? `${document.name}: ${section}` : document.name;
  return [
    { kind: 'text', text: `[${text}](` },
    { kind: 'relative-link', text: path, target, targetAnchor: anchor },
    { kind: 'text', text: ')' },
  ];
}

/** The heading of a guide whose anchor is `anchor` (typedoc checks that the anchor exists). */
function sectionTitle(content: readonly CommentDisplayPart[], anchor: string): string | undefined {
  const markdown = Comment.combineDisplayParts(content);
  for (const match of markdown.matchAll(/^#{2,6} (.+)$/gm)) {
    // typedoc's anchor leaves out code spans; the link text keeps them, without backticks.
    if (slug(match[1].replace(/`[^`]*`/g, '')) === anchor) return match[1].replace(/`/g, '');
  }
  return undefined;
}

/** The anchor typedoc gives a heading (its `Slugger`, lower case). */
export function slug(title: string): string {
  return title
    .trim()
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/--+/, '-')
    .toLocaleLowerCase();
}
