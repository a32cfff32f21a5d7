/**
 * The GitHub Actions workflows of the public repository, checked by parsing them (they cannot
 * run here): CI runs `.ci/run` in Debian containers on Node 20 and 22 and the node suites on the
 * oldest supported tfjs; a version tag runs the tests, publishes with npm provenance and
 * deploys the API site to GitHub Pages. Every `npm run` they call exists, every file they run
 * exists, every action is pinned to a major version. The release gate
 * (scripts/release-notes.ts) is tested on its own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changelogSection, releaseNotes } from '../../scripts/release-notes.js';
import { root } from '../project.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  engines: { node: string };
};

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
}
interface Job {
  'runs-on': string;
  container?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown[]> };
  environment?: { name: string };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowDir = join(root, '.github', 'workflows');
const read = (name: string): Workflow =>
  parse(readFileSync(join(workflowDir, name), 'utf8')) as Workflow;
const ci = read('ci.yml');
const release = read('release.yml');
const runs = (job: Job): string[] => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const jobRunning = (workflow: Workflow, command: string): Job => {
  const job = Object.values(workflow.jobs).find((j) => runs(j).some((r) => r.includes(command)));
  if (!job) throw new Error(`no job runs ${command}`);
  return job;
};

describe.each([
  ['ci.yml', ci],
  ['release.yml', release],
])('%s', (_name, workflow) => {
  it('calls only npm scripts and files that exist', () => {
    const commands = Object.values(workflow.jobs).flatMap(runs).join('\n');
    const scripts = [...commands.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    const files = [...commands.matchAll(/(?:bash|tsx) ((?:\.ci|scripts)\/[\w./-]+)/g)].map(
      (m) => m[1],
    );
    expect(scripts.length + files.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => !(s in pkg.scripts))).toEqual([]);
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([]);
  });

  it('pins every action to a major version and reads the repository only by default', () => {
    const actions = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.flatMap((step) => (step.uses ? [step.uses] : [])),
    );
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => !/^[\w-]+\/[\w-]+@v\d+$/.test(a))).toEqual([]);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('marks the workspace safe for git in every container job (the pack test lists files with git)', () => {
    for (const job of Object.values(workflow.jobs).filter((j) => j.container)) {
      expect(runs(job)[0]).toBe('git config --global --add safe.directory "$GITHUB_WORKSPACE"');
    }
  });
});

describe('CI workflow', () => {
  it('runs on pushes to main and on pull requests', () => {
    expect(ci.on.push).toEqual({ branches: ['main'] });
    expect(ci.on).toHaveProperty('pull_request');
  });

  it('runs .ci/run in Debian containers on Node 20 and 22', () => {
    const job = jobRunning(ci, 'bash .ci/run');
    expect(job.strategy?.matrix.node).toEqual([20, 22]);
    // Debian, so that .ci/run's `apt-get install chromium` is the browser (Ubuntu's is a snap).
    const matrixNode = ['$', '{{ matrix.node }}'].join('');
    expect(job.container).toBe(`node:${matrixNode}-bookworm`);
    expect(pkg.engines.node).toBe('>=20');
  });

  it('runs the node suites on the oldest supported tfjs', () => {
    const job = jobRunning(ci, 'npm run test:tfjs-oldest');
    expect(job.container).toMatch(/^node:20-bookworm$/);
  });
});

describe('release workflow', () => {
  it('starts on a version tag', () => {
    const tags = (release.on.push as { tags: string[] }).tags;
    expect(tags).toEqual(['v*.*.*']);
    expect(Object.keys(release.on)).toEqual(['push']);
  });

  it('publishes with npm provenance after the full tests and the tag check', () => {
    const publish = jobRunning(release, 'npm publish');
    const test = jobRunning(release, 'bash .ci/run');
    expect(publish.needs).toBe(Object.keys(release.jobs).find((k) => release.jobs[k] === test));
    expect(publish.permissions).toMatchObject({ 'id-token': 'write' });
    const commands = runs(publish);
    const gate = commands.findIndex((r) =>
      r.includes('scripts/release-notes.ts "$GITHUB_REF_NAME"'),
    );
    const npmPublish = commands.findIndex((r) => r.startsWith('npm publish --provenance'));
    expect(gate).toBeGreaterThanOrEqual(0);
    expect(npmPublish).toBeGreaterThan(gate);
    const setup = publish.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('builds the API site and deploys it to GitHub Pages', () => {
    const site = jobRunning(release, 'npm run docs');
    expect(site.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(site.environment?.name).toBe('github-pages');
    const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { out: string };
    const upload = site.steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload?.with?.path).toBe(typedoc.out);
    expect(site.steps.at(-1)?.uses).toMatch(/^actions\/deploy-pages@v\d+$/);
  });
});

describe('release notes (scripts/release-notes.ts)', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '## [0.2.0] - 2027-01-10',
    '',
    '### Added',
    '',
    '- `nFolds` everywhere.',
    '',
    '## [0.1.0] - 2026-12-20',
    '',
    '- First release.',
    '',
  ].join('\n');

  it("takes the version's section and nothing of the next", () => {
    expect(changelogSection(changelog, '0.2.0')).toBe('### Added\n\n- `nFolds` everywhere.');
    expect(changelogSection(changelog, '0.1.0')).toBe('- First release.');
    expect(releaseNotes('v0.1.0', '0.1.0', changelog)).toBe('- First release.');
  });

  it('refuses a tag that is not the version, a missing section and an empty one', () => {
    expect(() => releaseNotes('v0.2.1', '0.2.0', changelog)).toThrow(/does not name/);
    expect(() => changelogSection(changelog, '0.3.0')).toThrow(/no "## \[0\.3\.0\]" section/);
    expect(() => changelogSection(changelog, '0.1')).toThrow(/no "## \[0\.1\]" section/);
    expect(() => changelogSection('## [1.0.0]\n\n## [0.9.0]\n- x', '1.0.0')).toThrow(/empty/);
  });

  it('exits non-zero from the command line when the tag does not match', () => {
    const cli = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/release-notes.ts', 'v999.0.0'], {
        cwd: root,
        stdio: 'pipe',
      });
    expect(cli).toThrow(/does not name package.json's version/);
  });
});
