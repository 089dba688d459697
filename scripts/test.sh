#!/usr/bin/env bash
# Sets up this machine (see setup.sh) and runs every check and test. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

npm run lint
npm run security
npm run typecheck
mkdir -p test-results
status=0
# Unit, integration, real-audio (private PulseAudio), hotkey (Xvfb) and CLI tests.
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json || status=1
# The renderer in Debian's Chromium against web mode (built by setup.sh).
npx playwright test || status=1
# The unpacked Linux app, packaged against a stand-in Electron and inspected (scripts/pack-check.ts).
npm run pack:check || status=1
node scripts/test-summary.mjs test-results/vitest.json test-results/playwright.json
exit $status
