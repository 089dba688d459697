// Child process for the hotkey test: runs the real global key hook and reports what it sees as lines.
import { PushToTalkKey } from '../../src/main/hotkey/push-to-talk-key';

const key = new PushToTalkKey(process.argv[2] ?? 'F9');
key.on('press', () => process.stdout.write('press\n'));
key.on('release', () => process.stdout.write('release\n'));
key.on('unavailable', (reason) => process.stdout.write(`unavailable: ${reason}\n`));
key.start();
process.stdout.write('ready\n');
// 'bye' marks the end of the stream, so a test can tell that no event came after the ones it expected.
process.stdin.on('end', () => process.stdout.write('bye\n', () => process.exit(0)));
process.stdin.resume();
