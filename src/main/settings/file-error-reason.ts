// Why a file operation failed, in plain words: one table for every file the app writes (settings, key,
// autostart entry).
import { errorText } from '../../shared/error-text';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a file is in the way of its folder',
  EEXIST: 'a file is in the way of its folder',
  EISDIR: 'a folder is in its place',
};

export function fileErrorReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && REASONS[code]) || errorText(error);
}
