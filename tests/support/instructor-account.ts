import { spawnSync } from 'node:child_process';
import { projectRoot } from '../../src/project-root';
import { apiClient, type TestServer } from './test-server';

export const INSTRUCTOR_PASSWORD = 'a long enough passphrase';

/** Creates an account on the server's database as an administrator does: `shipshape user add`. */
export function addAccount(
  server: TestServer,
  email: string,
  role: 'learner' | 'instructor' | 'admin',
  password = INSTRUCTOR_PASSWORD,
): void {
  const run = spawnSync(
    process.execPath,
    ['bin/shipshape.mjs', 'user', 'add', email, '--role', role, '--password-stdin'],
    {
      cwd: projectRoot,
      env: { ...process.env, SHIPSHAPE_DATA_DIR: server.dataDir },
      input: password,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`shipshape user add ${email}:\n${run.stderr}`);
}

/** A client signed in (POST /api/auth/signin) as a new account with the role. */
export async function signedIn(
  server: TestServer,
  email: string,
  role: 'learner' | 'instructor' | 'admin',
): Promise<ReturnType<typeof apiClient>> {
  addAccount(server, email, role);
  const client = apiClient(server.url);
  const res = await client.request('POST', '/api/auth/signin', {
    email,
    password: INSTRUCTOR_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`signing in as ${email}: ${res.status}`);
  return client;
}
