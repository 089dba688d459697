// Runs Electronegativity over the sources and fails on any warning or error it reports. The tool always
// exits 0, so this reads its SARIF output. Checks listed in EXEMPT are covered another way, said why.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The main window's webPreferences come from secureWebPreferences() in window-security.ts, which the
// scanner cannot follow; tests/main/shell/window-security.test.ts asserts sandbox, contextIsolation, no
// nodeIntegration and Auxclick off. Only that one file is exempt, so a new window elsewhere is still checked.
const EXEMPT_FILE = 'main/shell/main-window.ts';
const EXEMPT_RULES = new Set(['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']);

const dir = mkdtempSync(join(tmpdir(), 'eneg-'));
const out = join(dir, 'report.sarif');
try {
  execFileSync('npx', ['electronegativity', '-i', 'src', '-o', out, '-r', '-v', 'false', '-e', '41.0.0'], { stdio: 'ignore' });
  const results = JSON.parse(readFileSync(out, 'utf8')).runs[0].results;
  const where = (r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    return `${loc?.artifactLocation?.uri}:${loc?.region?.startLine}`;
  };
  const exempt = (r) => EXEMPT_RULES.has(r.ruleId) && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === EXEMPT_FILE;
  const findings = results.filter((r) => r.level !== 'note' && !exempt(r));
  for (const r of results.filter((r) => r.level === 'note')) console.log(`security: note ${r.ruleId} at ${where(r)}`);
  for (const r of findings) console.log(`security: ${r.level} ${r.ruleId} at ${where(r)}: ${r.message?.text ?? ''}`);
  console.log(`security: ${findings.length} finding(s) from Electronegativity`);
  process.exit(findings.length ? 1 : 0);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
