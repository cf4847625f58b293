import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

// Docker cannot run on the project's machines, so the compose file is checked statically.
const DOCKER = resolve(__dirname, '../../docker');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[] | string;
  environment?: Record<string, string>;
}
// Compose resolves YAML merge keys (`<<: *anchor`), so the parser must too.
const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const built = Object.entries(services).filter(([, s]) => s.build);

function dockerfileOf(service: Service): string {
  if (!service.build) throw new Error('service has no build');
  return resolve(DOCKER, service.build.context, service.build.dockerfile);
}

function commandWords(service: Service | undefined): string[] {
  const command = service?.command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/);
}

describe('docker/compose.yml', () => {
  it('runs postgres:16, redis:7 and the api, worker and web images', () => {
    expect(services['postgres']?.image).toBe('postgres:16');
    expect(services['redis']?.image).toBe('redis:7');
    expect(built.map(([name]) => name)).toEqual(expect.arrayContaining(['api', 'worker', 'web']));
  });

  it.each(built)('service %s names a Dockerfile that exists and is multi-stage', (_name, service) => {
    const dockerfile = dockerfileOf(service);
    expect(existsSync(dockerfile)).toBe(true);
    const stages = readFileSync(dockerfile, 'utf8').match(/^FROM\s+\S+\s+AS\s+(\S+)/gim) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    if (service.build?.target) {
      expect(stages.map((line) => line.split(/\s+/).pop())).toContain(service.build.target);
    }
  });

  it.each(['api', 'worker'])('the %s image starts the file its Nx build writes', (app) => {
    const dockerfile = readFileSync(dockerfileOf(services[app]!), 'utf8');
    const project = JSON.parse(readFileSync(resolve(DOCKER, `../apps/${app}/project.json`), 'utf8')) as {
      targets: { build: { outputs: string[] } };
    };
    const outDir = project.targets.build.outputs[0]!.replace('{workspaceRoot}/', '');
    expect(dockerfile).toContain(`COPY --from=build /app/${outDir} ./${outDir}`);
    expect(dockerfile).toContain(`CMD ["node", "${outDir}/apps/${app}/src/main.js"]`);
  });

  it('the web image ships the nginx template it copies', () => {
    const dockerfile = readFileSync(dockerfileOf(services['web']!), 'utf8');
    const template = /^COPY (docker\/\S+) /m.exec(dockerfile)?.[1];
    expect(template).toBeDefined();
    expect(existsSync(resolve(DOCKER, '..', template!))).toBe(true);
  });

  it('runs Redis with AOF persistence and the noeviction policy', () => {
    const words = commandWords(services['redis']);
    expect(words[0]).toBe('redis-server');
    expect(words[words.indexOf('--appendonly') + 1]).toBe('yes');
    expect(words[words.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
  });

  it('points the api and worker at the compose Postgres and Redis', () => {
    for (const app of ['api', 'worker']) {
      expect(services[app]?.environment?.['DATABASE_URL']).toMatch(/^postgresql:\/\/[^@]+@postgres:5432\//);
      expect(services[app]?.environment?.['REDIS_URL']).toBe('redis://redis:6379');
    }
  });
});
