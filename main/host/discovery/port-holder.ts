import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which other program has a device open, found by reading /proc (what `fuser` does), so the
 * technician is told the program's name instead of "busy". Our own process is not counted.
 * `procDir` is injectable for tests.
 */
export function findPortHolder(path: string, procDir = '/proc', selfPid = process.pid): string | null {
  let target: string;
  try {
    target = realpathSync(path);
  } catch {
    return null;
  }
  let pids: string[];
  try {
    pids = readdirSync(procDir).filter((name) => /^\d+$/.test(name) && Number(name) !== selfPid);
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(join(procDir, pid, 'fd'));
    } catch {
      continue; // another user's process, or it just ended
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(join(procDir, pid, 'fd', fd));
      } catch {
        continue;
      }
      if (link === target) return `${programName(procDir, pid)} (进程 ${pid})`;
    }
  }
  return null;
}

function programName(procDir: string, pid: string): string {
  try {
    return readFileSync(join(procDir, pid, 'comm'), 'utf8').trim() || '未知程序';
  } catch {
    return '未知程序';
  }
}
