import fs from 'node:fs';
import path from 'node:path';
import { LabAuthoringError } from './lab-authoring-error';
import { parseLabManifest, type LabManifest } from './lab-manifest';

export interface Lab {
  manifest: LabManifest;
  dir: string;
  starterDir: string;
  checksFile: string;
}

export interface LabCatalog {
  labs: Map<string, Lab>;
  /** Labs that failed to load: the platform serves the others and reports these. */
  problems: LabAuthoringError[];
}

/** Loads every labs/<id>/lab.yaml, checking the files the manifest relies on. */
export function loadLabCatalog(labsDir: string): LabCatalog {
  const labs = new Map<string, Lab>();
  const problems: LabAuthoringError[] = [];
  const folders = fs.existsSync(labsDir)
    ? fs.readdirSync(labsDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    : [];
  for (const folder of folders) {
    try {
      const lab = loadLab(path.join(labsDir, folder.name));
      labs.set(lab.manifest.id, lab);
    } catch (error) {
      if (!(error instanceof LabAuthoringError)) throw error;
      problems.push(error);
    }
  }
  return { labs, problems };
}

export function loadLab(dir: string): Lab {
  const folder = path.basename(dir);
  const manifestFile = path.join(dir, 'lab.yaml');
  const shown = `labs/${folder}/lab.yaml`;
  if (!fs.existsSync(manifestFile)) {
    throw new LabAuthoringError(
      shown,
      '',
      'is missing',
      'every lab folder needs a lab.yaml manifest',
    );
  }
  const manifest = parseLabManifest(fs.readFileSync(manifestFile, 'utf8'), shown, folder);
  const lab: Lab = {
    manifest,
    dir,
    starterDir: path.join(dir, 'starter'),
    checksFile: path.join(dir, 'checks.ts'),
  };
  const mustExist: Array<[string, string, string]> = [
    [
      lab.starterDir,
      '',
      'the starter/ folder is missing: it holds the code the learner starts from',
    ],
    [lab.checksFile, '', 'checks.ts is missing: it holds the grader checks'],
    ...Object.entries(manifest.services).flatMap(
      ([name, service]): Array<[string, string, string]> => [
        ...(service.build
          ? [
              [
                path.join(dir, service.build, 'Dockerfile'),
                `services.${name}.build`,
                `names ${service.build}, which has no Dockerfile`,
              ] as [string, string, string],
            ]
          : []),
        ...(service.code && service.code !== '.'
          ? [
              [
                path.join(dir, 'starter', service.code),
                `services.${name}.code`,
                `names ${service.code}, which is not a folder of starter/`,
              ] as [string, string, string],
            ]
          : []),
      ],
    ),
    ...manifest.steps.map((step, i): [string, string, string] => [
      path.join(dir, step.text),
      `steps.${i}.text`,
      `names ${step.text}, which does not exist`,
    ]),
  ];
  for (const [file, field, problem] of mustExist) {
    const isDir = file === lab.starterDir || field.endsWith('.code');
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat)
      throw new LabAuthoringError(shown, field, problem, 'create the file or fix the path');
    if (stat.isDirectory() !== isDir) {
      const wanted = isDir ? 'a folder' : 'a file';
      const rel = path.relative(dir, file);
      throw new LabAuthoringError(shown, field, `${rel} is not ${wanted}`, 'fix the path');
    }
  }
  return lab;
}

/** Every lab's title by its id, in id order: what pages print where a lab is named. */
export function labTitles(catalog: LabCatalog): Map<string, string> {
  return new Map(
    [...catalog.labs.values()]
      .map((lab) => [lab.manifest.id, lab.manifest.title] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
