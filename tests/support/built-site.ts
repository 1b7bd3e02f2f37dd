import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';

const CLIENT = path.join(projectRoot, 'dist', 'client');

/** A file of the built site (`dist/client/<relative>`), as a browser receives it. */
export function builtFile(relative: string): string {
  const file = path.join(CLIENT, relative);
  if (!fs.existsSync(file))
    throw new Error(
      `${relative} is not built: run \`npm test\` (it builds the site) or \`npm run build\`.`,
    );
  return fs.readFileSync(file, 'utf8');
}

/** A built page by its route, e.g. `/lessons/design-patterns/saga`. */
export const builtPage = (route: string): string => builtFile(path.join(route, 'index.html'));

/** Every built lesson page, by lesson id (`<module>/<slug>`). */
export function builtLessonPages(): Map<string, string> {
  const dir = path.join(CLIENT, 'lessons');
  if (!fs.existsSync(dir))
    throw new Error('The site is not built: run `npm test` (it builds it) or `npm run build`.');
  return new Map(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('index.html'))
      .map((f) => [path.dirname(f), fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}
