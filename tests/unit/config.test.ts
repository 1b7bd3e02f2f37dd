import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { PlatformError } from '../../src/platform-error';

/** The PlatformError loadConfig throws for `env`. */
function configError(env: NodeJS.ProcessEnv): PlatformError {
  try {
    loadConfig(env);
  } catch (error) {
    if (PlatformError.is(error)) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the platform configuration', () => {
  it('has documented defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 4321,
      platformId: 'default',
      publicOrigin: undefined,
      baseImage: 'debian:trixie-slim',
      limits: { memoryBytes: 512 * 1024 * 1024, nanoCpus: 1e9, pids: 256 },
      maxSessionsPerUser: 2,
    });
  });

  it('converts limits given in MiB and cores to bytes and nano-CPUs', () => {
    const { limits } = loadConfig({ SHIPSHAPE_LAB_MEMORY_MIB: '256', SHIPSHAPE_LAB_CPUS: '0.5' });
    expect(limits).toMatchObject({ memoryBytes: 256 * 1024 * 1024, nanoCpus: 500_000_000 });
  });

  it('drops a trailing slash from the public origin, so it compares with Origin headers', () => {
    expect(loadConfig({ SHIPSHAPE_PUBLIC_ORIGIN: 'https://labs.example.org/' }).publicOrigin).toBe(
      'https://labs.example.org',
    );
  });

  it('refuses a PORT that is not a number, naming it and saying what to do', () => {
    const error = configError({ PORT: 'http' });
    expect(error.kind).toBe('config-invalid');
    expect(error.message).toContain('PORT');
    expect(error.action).toBe('Fix or unset these environment variables, then start again.');
  });

  it('refuses a PORT out of range', () => {
    expect(configError({ PORT: '70000' }).message).toContain('PORT');
  });

  it('refuses a platform id that could not be a label value, explaining the format', () => {
    const error = configError({ SHIPSHAPE_PLATFORM_ID: 'My Platform' });
    expect(error.message).toContain('SHIPSHAPE_PLATFORM_ID');
    expect(error.message).toContain('lower-case letters, digits and dashes, at most 32');
    expect(error.action).toMatch(/fix or unset/i);
  });

  it('treats an empty PORT as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(4321);
  });
});
