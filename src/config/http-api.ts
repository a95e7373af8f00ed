// env.yaml `http.api` → ApiSettings: off by default; tokens with a name and a role; on an address
// other machines can reach, refused without a token (fail closed). A token's value is never put
// into an error message: errors name the entry and say what is wrong with it.
import { API_ROLES, type ApiSettings, type ApiToken } from './types.js';
import type { ConfigNode } from './reader.js';
import { isLoopback } from './loopback.js';

/**
 * A token shorter than this can be found by trying: 16 random characters from a 64-letter
 * alphabet are 96 bits, out of reach of any online guessing the API would let through.
 */
export const MIN_TOKEN_LENGTH = 16;
const MAX_TOKEN_LENGTH = 1_024;
// RFC 6750's b64token: what an `Authorization: Bearer` header can carry.
const TOKEN_CHARS = /^[A-Za-z0-9._~+/-]+=*$/;
// Names go into the audit log, job origins (VARCHAR(191)) and log lines.
const NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const HOST_NAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

/** `api` is the http.api node; `http` the http node (its `host` decides whether a token is required). */
export function readApiSettings(api: ConfigNode, host: string, port: number | null): ApiSettings {
  const keys = api.object(['enabled', 'tokens', 'allowed_hosts']);
  const enabledNode = keys.get('enabled');
  const enabled = enabledNode === undefined || enabledNode.isAbsent ? false : enabledNode.boolean();
  const { tokens, emptyTokens } = readTokens(keys.get('tokens') ?? api.child('tokens', undefined));
  const allowedHosts = (keys.get('allowed_hosts') ?? api.child('allowed_hosts', undefined)).items().map(hostName);
  if (enabled && port === null) enabledNode!.fail('the API is served on http.port, which is not set');
  if (enabled && tokens.length === 0 && !isLoopback(host)) {
    api.fail(`a token is required when http.host is ${host} (anyone who can reach the port could change jobs): set http.api.tokens, e.g. SCHEDULER_API_TOKEN for the shipped env.yaml's admin token`);
  }
  return { enabled, tokens, emptyTokens, allowedHosts };
}

function readTokens(list: ConfigNode): { tokens: ApiToken[]; emptyTokens: string[] } {
  const tokens: ApiToken[] = [];
  const emptyTokens: string[] = [];
  const byName = new Map<string, ConfigNode>();
  for (const item of list.items()) {
    const keys = item.object(['name', 'token', 'role']);
    const nameNode = required(item, keys, 'name');
    const name = nameNode.string();
    if (!NAME.test(name)) nameNode.fail('expected 1 to 64 letters, digits or _ . : -');
    if (byName.has(name)) nameNode.fail(`"${name}" is also the name of ${byName.get(name)!.path}`);
    byName.set(name, item);
    const role = required(item, keys, 'role').oneOf(API_ROLES);
    const token = tokenValue(required(item, keys, 'token'));
    if (token === '') {
      emptyTokens.push(name);
      continue;
    }
    const same = tokens.find((t) => t.token === token);
    if (same) item.child('token', undefined).fail(`is the same as the token of "${same.name}": give each its own`);
    tokens.push(apiToken(name, token, role));
  }
  return { tokens, emptyTokens };
}

// The value itself never appears in a message. An empty token (an unset ${VAR:-}) leaves the
// entry out: fewer credentials, never more.
function tokenValue(n: ConfigNode): string {
  if (n.value === null || n.value === undefined) return '';
  if (typeof n.value !== 'string') n.fail('expected a string (quote it: token: "${SCHEDULER_API_TOKEN}")');
  const token = n.value;
  if (token === '') return '';
  if (token.length < MIN_TOKEN_LENGTH) n.fail(`must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}: a short token can be guessed by trying (make one with: openssl rand -hex 32)`);
  if (token.length > MAX_TOKEN_LENGTH) n.fail(`must be at most ${MAX_TOKEN_LENGTH} characters, got ${token.length}`);
  if (!TOKEN_CHARS.test(token)) n.fail('may hold only letters, digits and - . _ ~ + / (and = at the end), as a Bearer header can carry');
  return token;
}

// Not enumerable: JSON.stringify, pino and util.inspect leave it out, so a logged Settings
// object cannot leak it.
function apiToken(name: string, token: string, role: ApiToken['role']): ApiToken {
  const entry = { name, role } as ApiToken;
  Object.defineProperty(entry, 'token', { value: token, enumerable: false });
  return Object.freeze(entry);
}

function required(item: ConfigNode, keys: Map<string, ConfigNode>, key: string): ConfigNode {
  const n = keys.get(key);
  if (n === undefined) item.fail(`missing "${key}" (each token has a name, a token and a role: admin or read)`);
  return n;
}

function hostName(n: ConfigNode): string {
  const host = n.string().trim().toLowerCase();
  if (!HOST_NAME.test(host)) n.fail('expected a host name without scheme or port, such as scheduler.example.com');
  return host;
}
