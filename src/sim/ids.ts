import { randomBytes } from 'node:crypto';

// Ids look like the service's (`item_…`, `resp_…`): a prefix and random characters, so clients
// cannot come to rely on a counting pattern.
export function newId(prefix: 'sess' | 'conv' | 'item' | 'resp' | 'event'): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}
