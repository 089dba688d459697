// `npm run web -- …`: runs the core in Node and serves the window to a browser on 127.0.0.1.
// Prints exactly one line, `web: http://127.0.0.1:P/?token=T`, the only place the token ever appears.
import { createAudioService } from '../main/audio/engine';
import { errorText } from '../shared/error-text';
import { commandLineKey } from './connection-options';
import { UsageError } from './exit-codes';
import { parseWebCliOptions, WEB_USAGE } from './web-options';
import { MissingBuildError, startWebApp } from '../main/web/web-app';
import { startOfflineDemoServer } from '../sim/index';

async function main(): Promise<number> {
  const options = parseWebCliOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${WEB_USAGE}\n`);
    return 0;
  }
  const stdinKey = await commandLineKey(options.keyFlag, process);
  const app = await startWebApp({ ...options, apiKey: stdinKey ?? options.apiKey, audio: createAudioService(), startLocalServer: startOfflineDemoServer });
  for (const notice of app.notices) process.stderr.write(`notice: ${notice}\n`);
  process.stdout.write(`web: ${app.web.url}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${WEB_USAGE}\n`);
    else if (error instanceof MissingBuildError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`web mode failed to start: ${errorText(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
