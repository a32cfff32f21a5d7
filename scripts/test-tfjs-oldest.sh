#!/usr/bin/env bash
# Runs the node-cpu and node-wasm test suites against the oldest TensorFlow.js of the peer range
# in package.json (`^4.1.0` tests 4.1.0), so that the range cannot claim more than is tested.
#
# It works in a temporary copy of the working tree (tracked and untracked files, not the ignored
# ones such as node_modules and dist), removed on exit: the checkout's node_modules is never
# touched. There it runs `npm ci`, builds dist/ with the locked tfjs (as the published package
# is built; the documentation and example tests import it), installs the oldest tfjs-core,
# tfjs-layers and backends (all at one version, as the @tensorflow/tfjs umbrella pins them) and
# runs the suites. Needs the npm registry (an empty npm cache is fine).
#
#   npm run test:tfjs-oldest
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
start=$(date +%s)

# The oldest version: the lower bound of the tfjs-core and tfjs-layers peer ranges, which must be
# one caret range so that "oldest" has one meaning.
oldest="$(node -e '
  const peers = require("./package.json").peerDependencies ?? {};
  const ranges = ["@tensorflow/tfjs-core", "@tensorflow/tfjs-layers"].map((name) => peers[name]);
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(ranges[0] ?? "");
  if (match === null || ranges[1] !== ranges[0]) {
    console.error(`peerDependencies of tfjs-core and tfjs-layers must be one caret range "^X.Y.Z", found ${JSON.stringify(ranges)}`);
    process.exit(1);
  }
  console.log(match[1]);
')"
# Every @tensorflow package the project installs (the webgl backend too, so that no package keeps
# a second copy of tfjs-core or tfjs-backend-cpu at the locked version).
mapfile -t packages < <(node -p '
  Object.keys(require("./package.json").devDependencies)
    .filter((name) => name.startsWith("@tensorflow/"))
    .join("\n")
')
[ "${#packages[@]}" -gt 0 ] || { echo "no @tensorflow devDependencies in package.json" >&2; exit 1; }

echo "== tfjs-multilabel against the oldest tfjs of its peer range (^$oldest): $oldest"
for name in "${packages[@]}"; do echo "   $name@$oldest"; done

work="$(mktemp -d "${TMPDIR:-/tmp}/tfjs-multilabel-oldest-XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== copying the working tree to $work"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
  tar --null -T - -cf - | tar -xf - -C "$work"
cd "$work"

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== npm run build"
npm run build

echo "== installing tfjs $oldest"
# --legacy-peer-deps: npm cannot move every package of a peer set away from the locked versions
# in one step (ERESOLVE); the check below proves the tree is consistent instead.
npm install --no-save --no-audit --no-fund --legacy-peer-deps "${packages[@]/%/@$oldest}"
node -e '
  const { readdirSync, readFileSync, existsSync } = require("node:fs");
  const { join } = require("node:path");
  const expected = process.argv[1];
  const found = [];
  const walk = (dir) => {
    const scope = join(dir, "@tensorflow");
    if (existsSync(scope))
      for (const name of readdirSync(scope)) {
        const pkg = JSON.parse(readFileSync(join(scope, name, "package.json"), "utf8"));
        found.push(`${pkg.name}@${pkg.version} (${join(scope, name)})`);
        if (pkg.version !== expected) process.exitCode = 1;
      }
    for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
      const nested = entry.startsWith("@")
        ? readdirSync(join(dir, entry)).map((n) => join(dir, entry, n, "node_modules"))
        : [join(dir, entry, "node_modules")];
      for (const sub of nested) if (existsSync(sub)) walk(sub);
    }
  };
  walk("node_modules");
  console.log(found.map((line) => `   ${line}`).join("\n"));
  if (process.exitCode) console.error(`every @tensorflow package must be at ${expected}`);
' "$oldest"

# The example applications are not part of the package, and their tfjs-only baselines need a
# newer tfjs than the library: the demo trains a CNN with max pooling on wasm (the MaxPool
# gradient kernel is in tfjs-backend-wasm from 4.6) and saves through tf.io.CompositeArrayBuffer
# (4.6); the tabular baseline trains with tfjs-layers' binaryCrossentropy on wasm (Log1p kernel
# from 4.3). Their tests are left out below those versions.
older_than() {
  node -e '
    const [a, b] = process.argv.slice(1).map((v) => v.split(".").map(Number));
    const order = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    process.exit(order < 0 ? 0 : 1);
  ' "$oldest" "$1"
}
excluded=()
if older_than 4.6.0; then excluded+=(test/examples/demo.test.ts); fi
if older_than 4.3.0; then excluded+=(test/examples/tabular.test.ts); fi
mapfile -t files < <(
  npx vitest list --project node-cpu --project node-wasm --filesOnly |
    sed -E 's/^\[[^]]*\] //' | sort -u | grep -vxF -f <(printf '%s\n' "${excluded[@]}" '')
)
[ "${#files[@]}" -gt 0 ] || { echo "vitest listed no test files" >&2; exit 1; }
echo "== vitest: node-cpu and node-wasm, ${#files[@]} test files (not run: ${excluded[*]:-none})"
npx vitest run --project node-cpu --project node-wasm "${files[@]}"

echo "== passed with tfjs $oldest in $(($(date +%s) - start)) s"
