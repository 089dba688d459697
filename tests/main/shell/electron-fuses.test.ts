// The packaged binary's fuses, as electron-builder itself reads its configuration.
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';

describe('electron fuses', () => {
  it('turn off file:// privileges, running as Node and outside code loading', async () => {
    const config = await getConfig(process.cwd(), null, null);
    expect(config.electronFuses).toMatchObject({
      grantFileProtocolExtraPrivileges: false,
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
