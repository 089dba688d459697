// A stall of the whole machine, as a busy host gives a virtual machine: the processes given (the sound
// server, the app, the recorder) are all stopped for `ms`, while the wall clock runs on, then resumed.
// The test process itself keeps running to time it.
export async function stallProcesses(pids: number[], ms: number): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
}
