/** RFC 8785 (JCS) text of a JSON value; payload_sha256 is SHA-256 of exactly these UTF-8 bytes. */
export { canonicalJson } from '../protocol/jcs';
