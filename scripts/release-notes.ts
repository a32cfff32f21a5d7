/**
 * The release job's gate and notes: checks that the pushed tag names package.json's version
 * and prints that version's CHANGELOG.md section (the GitHub release notes).
 *
 *   npx tsx scripts/release-notes.ts v0.2.0 > notes.md
 *
 * Exits non-zero when the tag is not `v<version>` or CHANGELOG.md has no non-empty
 * `## [<version>]` section: move the `## [Unreleased]` entries under `## [<version>] - <date>`
 * before tagging.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The body of the `## [version]` section of a Keep a Changelog file, trimmed. */
export function changelogSection(changelog: string, version: string): string {
  const lines = changelog.split('\n');
  const heading = new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\]( |$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) {
    throw new Error(
      `CHANGELOG.md has no "## [${version}]" section: move the Unreleased entries under "## [${version}] - <date>".`,
    );
  }
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
  if (body === '') throw new Error(`The "## [${version}]" section of CHANGELOG.md is empty.`);
  return body;
}

/** Checks `tag` against `version` and returns the release notes. */
export function releaseNotes(tag: string, version: string, changelog: string): string {
  if (tag !== `v${version}`) {
    throw new Error(
      `The tag ${tag} does not name package.json's version ${version} (v${version}).`,
    );
  }
  return changelogSection(changelog, version);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const tag = process.argv[2] ?? '';
  try {
    console.log(releaseNotes(tag, version, readFileSync(join(root, 'CHANGELOG.md'), 'utf8')));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
