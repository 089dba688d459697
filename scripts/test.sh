#!/usr/bin/env bash
# Sets up this machine (see setup.sh) and runs every check and test. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

npm run lint
npm run security
npm run typecheck
mkdir -p test-results
set +e
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
status=$?
set -e
node scripts/test-summary.mjs test-results/vitest.json
exit $status
