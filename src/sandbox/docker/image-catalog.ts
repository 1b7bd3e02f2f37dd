import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-fs';
import { PlatformError } from '../../platform-error';
import { projectRoot } from '../../project-root';
import type { ImageRef } from '../sandbox-driver';
import { contentHash } from './content-hash';
import { isNotFound, toPlatformError } from './docker-errors';

/** Built offline (debootstrap + docker import) when the configured base cannot be had. */
export const OFFLINE_BASE_IMAGE = 'shipshape/base:trixie';
const BOOTSTRAP_SCRIPT = path.join(projectRoot, 'docker', 'base', 'build-base-image.sh');
/** A pull that has not answered by then will not: there is no registry on this network. */
const PULL_TIMEOUT_MS = 30_000;
/** Lines of build output kept to explain a failed build. */
const FAILURE_TAIL_LINES = 25;
/** Every image the platform builds is a `shipshape/*` repository carrying this label. */
const IMAGE_LABEL = 'dev.shipshape.image';

export type Log = (line: string) => void;

export interface ImageListing {
  tag: string;
  name: string;
  /** Built from the sources as they are now (false: a stale build, safe to prune). */
  current: boolean;
  sizeBytes: number;
  createdAt: string;
}

interface Base {
  ref: string;
  id: string;
}

/**
 * The images lab containers run: the platform's own (docker/images/<name>/)
 * and those a lab builds from its own folder (`build:` in lab.yaml). Each is
 * tagged by a hash of its build context and of what it is built from, so an
 * unchanged image is never rebuilt and a changed one never goes stale.
 */
export class ImageCatalog {
  /** Builds in progress by tag: two starts needing the same image share one build. */
  private readonly building = new Map<string, Promise<string>>();

  constructor(
    private readonly docker: Docker,
    private readonly imagesDir: string,
    private readonly baseImage: string,
    /** Whether a missing base may be pulled from a registry before it is built offline. */
    private readonly pullBase: boolean,
  ) {}

  /** The platform's images (folders of docker/images/ with a Dockerfile). */
  names(): string[] {
    return fs
      .readdirSync(this.imagesDir, { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && fs.existsSync(path.join(this.imagesDir, d.name, 'Dockerfile')),
      )
      .map((d) => d.name)
      .sort();
  }

  /** The tag the image has when built from the current sources; builds it first when missing. */
  async ensure(ref: ImageRef, log: Log): Promise<string> {
    const base = (await this.findBase()) ?? (await this.provideBase(log));
    const platformTags = ref.kind === 'lab' ? await this.ensurePlatformImages(base, log) : {};
    const tag = this.tag(ref, base, platformTags);
    if (await this.exists(tag)) return tag;
    const pending = this.building.get(tag);
    if (pending) return pending;
    const build = this.build(ref, tag, base, platformTags, log).finally(() =>
      this.building.delete(tag),
    );
    this.building.set(tag, build);
    return build;
  }

  /** Builds every platform image that is missing; returns the tags by name. */
  async buildAll(log: Log): Promise<Record<string, string>> {
    const base = (await this.findBase()) ?? (await this.provideBase(log));
    return this.ensurePlatformImages(base, log, true);
  }

  /** Every image the platform has built, current or stale. */
  async list(): Promise<ImageListing[]> {
    const base = await this.findBase();
    const current = new Set<string>();
    if (base)
      for (const name of this.names()) current.add(this.tag({ kind: 'platform', name }, base, {}));
    const images = await this.docker
      .listImages({ filters: { label: [IMAGE_LABEL] } })
      .catch((error: unknown) => {
        throw toPlatformError(error, 'listing images');
      });
    return images
      .flatMap((image) =>
        (image.RepoTags ?? []).map((tag) => ({
          tag,
          name: image.Labels?.[IMAGE_LABEL] ?? '?',
          // Lab images are current when some lab still builds that tag; the caller knows labs.
          current: current.has(tag) || tag.startsWith('shipshape/lab-'),
          sizeBytes: image.Size,
          createdAt: new Date(image.Created * 1000).toISOString(),
        })),
      )
      .sort((a, b) => a.tag.localeCompare(b.tag));
  }

  /** Removes stale platform images that no container uses; returns the tags removed. */
  async prune(log: Log): Promise<string[]> {
    const removed: string[] = [];
    for (const image of await this.list()) {
      if (image.current) continue;
      try {
        await this.docker.getImage(image.tag).remove();
        removed.push(image.tag);
        log(`removed ${image.tag}`);
      } catch (error) {
        log(
          `kept ${image.tag}: ${(error as { json?: { message?: string } }).json?.message ?? String(error)}`,
        );
      }
    }
    return removed;
  }

  private async ensurePlatformImages(
    base: Base,
    log: Log,
    verbose = false,
  ): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    for (const name of this.names()) {
      const ref: ImageRef = { kind: 'platform', name };
      const tag = this.tag(ref, base, {});
      if (verbose && (await this.exists(tag))) log(`image ${name}: up to date (${tag})`);
      tags[name] = await this.ensure(ref, log);
    }
    return tags;
  }

  private contextDir(ref: ImageRef): string {
    return ref.kind === 'platform' ? path.join(this.imagesDir, ref.name) : ref.contextDir;
  }

  private tag(ref: ImageRef, base: Base, platformTags: Record<string, string>): string {
    const inputs = [base.id, ...Object.values(platformTags)];
    const hash = contentHash(this.contextDir(ref), inputs);
    return ref.kind === 'platform'
      ? `shipshape/${ref.name}:${hash}`
      : `shipshape/lab-${ref.labId}-${ref.name}:${hash}`;
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

  private async findBase(): Promise<Base | undefined> {
    for (const ref of [this.baseImage, OFFLINE_BASE_IMAGE]) {
      const id = await this.inspectId(ref);
      if (id) return { ref, id };
    }
    return undefined;
  }

  private async provideBase(log: Log): Promise<Base> {
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

  private async build(
    ref: ImageRef,
    tag: string,
    base: Base,
    platformTags: Record<string, string>,
    log: Log,
  ): Promise<string> {
    const started = Date.now();
    log(`image ${ref.name}: building ${tag}`);
    // Lab Dockerfiles may start FROM ${BASE_IMAGE} or from a platform image, e.g. ${SHIPSHAPE_IMAGE_PYTHON_SERVICE}.
    const buildargs: Record<string, string> = { BASE_IMAGE: base.ref };
    for (const [name, platformTag] of Object.entries(platformTags)) {
      buildargs[`SHIPSHAPE_IMAGE_${name.toUpperCase().replace(/-/g, '_')}`] = platformTag;
    }
    const stream = await this.docker.buildImage(tar.pack(this.contextDir(ref)), {
      t: tag,
      buildargs,
      labels: { [IMAGE_LABEL]: ref.name },
      rm: true,
      forcerm: true,
    });
    const tail: string[] = [];
    let step = '';
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err, output: Array<{ error?: string }>) => {
          const failed = err ?? output.find((o) => o.error)?.error;
          if (!failed) return resolve();
          const message = `Building image ${ref.name} failed at "${step || 'the start'}": ${String(failed).trim()}`;
          reject(
            new PlatformError('engine-error', `${message}\n${tail.join('\n')}`, {
              action: `Fix ${path.relative(projectRoot, this.contextDir(ref))}/Dockerfile, then start again.`,
            }),
          );
        },
        (event: { stream?: string }) => {
          for (const line of (event.stream ?? '').split('\n').map((l) => l.trimEnd())) {
            if (!line) continue;
            if (/^Step \d+\/\d+ :/.test(line)) step = line;
            tail.push(line);
            if (tail.length > FAILURE_TAIL_LINES) tail.shift();
            log(`  ${ref.name} | ${line}`);
          }
        },
      );
    });
    log(`image ${ref.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return tag;
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
