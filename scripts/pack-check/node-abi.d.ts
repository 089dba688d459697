// node-abi ships no types; pack:check only asks it for a runtime's ABI.
declare module 'node-abi' {
  /** NODE_MODULE_VERSION of `target` (a version such as '41.7.1') for `runtime`, as a decimal string. */
  export function getAbi(target: string, runtime?: 'node' | 'electron' | 'node-webkit'): string;
}
