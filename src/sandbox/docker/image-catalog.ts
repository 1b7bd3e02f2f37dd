import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-fs';
import { PlatformError } from '../../platform-error';
import { projectRoot } from '../../project-root';
import { contentHash } from './content-hash';
import { isNotFound, toPlatformError } from './docker-errors';

/** Built offline (debootstrap + docker import) when the configured base cannot be had. */
export const OFFLINE_BASE_IMAGE = 'shipshape/base:trixie';
const BOOTSTRAP_SCRIPT = path.join(projectRoot, 'docker', 'base', 'build-base-image.sh');
/** A pull that has not answered by then will not: there is no registry on this network. */
const PULL_TIMEOUT_MS = 30_000;

export type Log = (line: string) => void;

/**
 * The lab images under docker/images/<name>/, each tagged by a hash of its
 * build context and of the base image's id, so an unchanged image is never
 * rebuilt and a changed one never goes stale.
 */
export class ImageCatalog {
  constructor(
    private readonly docker: Docker,
    private readonly imagesDir: string,
    private readonly baseImage: string,
    /** Whether a missing base may be pulled from a registry before it is built offline. */
    private readonly pullBase: boolean,
  ) {}

  names(): string[] {
    return fs
      .readdirSync(this.imagesDir, { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && fs.existsSync(path.join(this.imagesDir, d.name, 'Dockerfile')),
      )
      .map((d) => d.name)
      .sort();
  }

  /** The tag an image has when it is built from the current sources, or an error saying how to build it. */
  async tagFor(name: string): Promise<string> {
    const base = await this.findBase();
    if (!base) throw this.missing(name);
    const tag = this.tag(name, base.id);
    if (!(await this.exists(tag))) throw this.missing(name);
    return tag;
  }

  /** Builds every image that is missing; returns the tags. */
  async buildAll(log: Log): Promise<Record<string, string>> {
    const base = (await this.findBase()) ?? (await this.provideBase(log));
    const tags: Record<string, string> = {};
    for (const name of this.names()) {
      const tag = this.tag(name, base.id);
      if (await this.exists(tag)) {
        log(`image ${name}: up to date (${tag})`);
      } else {
        const started = Date.now();
        log(`image ${name}: building ${tag} from ${base.ref}`);
        await this.build(name, tag, base.ref, log);
        log(`image ${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      tags[name] = tag;
    }
    return tags;
  }

  private tag(name: string, baseId: string): string {
    return `shipshape/${name}:${contentHash(path.join(this.imagesDir, name), [baseId])}`;
  }

  private missing(name: string): PlatformError {
    return new PlatformError('image-missing', `The lab image "${name}" is not built yet.`, {
      action: 'Run `npx shipshape images build` (or `npm start`, which builds missing images).',
    });
  }

  private async exists(ref: string): Promise<boolean> {
    return (await this.inspectId(ref)) !== undefined;
  }

  private async inspectId(ref: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(ref).inspect()).Id;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toPlatformError(error, `looking up image ${ref}`);
    }
  }

  private async findBase(): Promise<{ ref: string; id: string } | undefined> {
    for (const ref of [this.baseImage, OFFLINE_BASE_IMAGE]) {
      const id = await this.inspectId(ref);
      if (id) return { ref, id };
    }
    return undefined;
  }

  private async provideBase(log: Log): Promise<{ ref: string; id: string }> {
    let pulled = false;
    if (this.pullBase) {
      log(`base image: trying to pull ${this.baseImage}`);
      pulled = await this.pull(this.baseImage).then(
        () => true,
        (error: unknown) => {
          log(
            `base image: cannot pull ${this.baseImage} (${(error as Error).message.split('\n')[0]})`,
          );
          return false;
        },
      );
    }
    if (!pulled) {
      log(`base image: building ${OFFLINE_BASE_IMAGE} offline with debootstrap (about a minute)`);
      await runScript(BOOTSTRAP_SCRIPT, [OFFLINE_BASE_IMAGE], log);
    }
    const base = await this.findBase();
    if (!base) {
      throw new PlatformError('image-missing', 'No base image could be pulled or built.', {
        action: `Load ${this.baseImage} into the engine (docker load) or make Debian's archive reachable for debootstrap.`,
      });
    }
    return base;
  }

  private async pull(ref: string): Promise<void> {
    const stream = await withTimeout(this.docker.pull(ref), PULL_TIMEOUT_MS, `pull ${ref}`);
    await withTimeout(
      new Promise<void>((resolve, reject) =>
        this.docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())),
      ),
      PULL_TIMEOUT_MS * 10,
      `pull ${ref}`,
    );
  }

  private async build(name: string, tag: string, baseRef: string, log: Log): Promise<void> {
    const context = tar.pack(path.join(this.imagesDir, name));
    const stream = await this.docker.buildImage(context, {
      t: tag,
      buildargs: { BASE_IMAGE: baseRef },
      labels: { 'dev.shipshape.image': name },
      rm: true,
      forcerm: true,
    });
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err, output: Array<{ error?: string }>) => {
          const failed = err ?? output.find((o) => o.error)?.error;
          if (failed)
            reject(new PlatformError('engine-error', `Building ${name} failed: ${String(failed)}`));
          else resolve();
        },
        (event: { stream?: string }) => {
          const line = event.stream?.trimEnd();
          if (line) log(`  ${name} | ${line}`);
        },
      );
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function runScript(script: string, args: string[], log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(script)} exited with ${code}`)),
    );
  });
}
