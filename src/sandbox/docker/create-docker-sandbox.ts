import Docker from 'dockerode';
import type { Config } from '../../config';
import { DockerSandboxDriver } from './docker-sandbox-driver';
import { ImageCatalog } from './image-catalog';

/** The Docker engine named by DOCKER_HOST, or the local socket. */
export function createDockerClient(): Docker {
  return new Docker();
}

export function createImageCatalog(config: Config, docker = createDockerClient()): ImageCatalog {
  return new ImageCatalog(docker, config.imagesDir, config.baseImage, config.pullBaseImage);
}

export function createDockerSandbox(config: Config): DockerSandboxDriver {
  const docker = createDockerClient();
  return new DockerSandboxDriver(docker, createImageCatalog(config, docker), config.platformId);
}
