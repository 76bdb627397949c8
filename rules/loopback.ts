/**
 * Whether a URL points at this machine (127.0.0.0/8, ::1, localhost). A demo terminal may only
 * talk to such a platform, so sample applications never reach a real one.
 */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  if (host === 'localhost' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
