import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AccountService, ROLES } from '../auth/account-service';
import { IdentityService } from '../auth/identity-service';
import type { Config } from '../config';
import type { Role } from '../store/store';
import { Store } from '../store/store';

export const USER_HELP = `  shipshape user add <email> [--role learner|instructor|admin] [--password-stdin]
                             create an account (the password is generated and printed
                             unless --password-stdin reads it from standard input)
  shipshape user role <email> <learner|instructor|admin>   change an account's role
  shipshape user reset-link <email>   print a one-time password-reset link (valid 1 hour)
`;

/** `shipshape user …`: accounts managed by an administrator on the server's own database. */
export async function userCommand(config: Config, args: string[]): Promise<number> {
  const [action, email, ...options] = args;
  if (!action || !email) {
    console.error(`Usage:\n${USER_HELP}`);
    return 2;
  }
  const store = new Store(path.join(config.dataDir, 'shipshape.db'));
  try {
    const identity = new IdentityService(store, false, config.sessionLifetimeMs);
    // An administrator may create accounts even when visitors may not.
    const accounts = new AccountService(store, identity, { openRegistration: true });
    if (action === 'add') return await addUser(accounts, email, options);
    if (action === 'role') {
      const role = parseRole(options[0]);
      if (!role) return 2;
      const user = accounts.setRole(email, role);
      console.log(`${user.email} is now ${user.role}.`);
      return 0;
    }
    if (action === 'reset-link') {
      const token = accounts.issueResetToken(email);
      console.log(`One-time password-reset link for ${email} (valid for 1 hour, works once):`);
      console.log(`${siteOrigin(config)}/reset?token=${token}`);
      return 0;
    }
    console.error(`Unknown user action "${action}".\n${USER_HELP}`);
    return 2;
  } finally {
    store.close();
  }
}

async function addUser(
  accounts: AccountService,
  email: string,
  options: string[],
): Promise<number> {
  const roleAt = options.indexOf('--role');
  const role = roleAt === -1 ? 'learner' : parseRole(options[roleAt + 1]);
  if (!role) return 2;
  const fromStdin = options.includes('--password-stdin');
  const password = fromStdin ? (await readStdin()).replace(/\r?\n$/, '') : generatePassword();
  const user = await accounts.createAccount(email, password, role);
  console.log(`Created ${user.role} ${user.email}.`);
  if (!fromStdin) console.log(`Password (shown once, pass it on privately): ${password}`);
  return 0;
}

function parseRole(raw: string | undefined): Role | undefined {
  if (ROLES.includes(raw as Role)) return raw as Role;
  console.error(`The role must be one of ${ROLES.join(', ')}.`);
  return undefined;
}

/** 120 random bits in 20 URL-safe characters: strong, and easy to paste. */
function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Where a learner's browser reaches this platform, for links printed here. */
function siteOrigin(config: Config): string {
  if (config.publicOrigin) return config.publicOrigin;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  return `http://${host}:${config.port}`;
}
