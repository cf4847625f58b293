import { IMAGE_CATALOG, catalogTags } from './image-catalog';
import { parseImageReference } from './image-reference';
import { lookupImage } from './image-registry';
import type { ImageSpec } from '../state/image';

const view = (custom: ImageSpec[] = [], broken: string[] = []) => ({
  customImages: new Map(custom.map((image) => [image.name, image])),
  brokenImages: new Set(broken),
});

describe('image references', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['library/nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['docker.io/nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['fluent/fluentd:v1.7.4-1.0', 'docker.io/fluent/fluentd:v1.7.4-1.0'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['quay.io/prometheus/node-exporter:v1.8.2', 'quay.io/prometheus/node-exporter:v1.8.2'],
  ])('%s is %s', (raw, full) => {
    const parsed = parseImageReference(raw);
    expect(parsed.ok && parsed.ref.full).toBe(full);
  });

  it.each([
    ['Nginx', 'invalid reference format: repository name must be lowercase'],
    ['nginx:', 'invalid reference format'],
    ['nginx::1', 'invalid reference format'],
    [' nginx', 'invalid reference format'],
  ])('%j does not parse: %s', (raw, message) => {
    const parsed = parseImageReference(raw);
    expect(parsed.ok ? 'parsed' : parsed.message).toBe(message);
  });
});

describe('the catalog', () => {
  // Every image the spec and the seed tutorials name, plus the common official ones learners reach for.
  it.each([
    'nginx:1.24',
    'nginx:1.25',
    'nginx:1.26',
    'nginx:1.27',
    'nginx:1.28',
    'nginx:1.14.2',
    'nginx:latest',
    'nginx',
    'nginx:alpine',
    'nginx:1.25-alpine',
    'busybox',
    'busybox:1.36',
    'busybox:1.36.1',
    'fluentd:latest',
    'fluentd:v1.16-1',
    'fluent/fluentd:v1.7.4-1.0',
    'fluent/fluent-bit:3.1',
    'myapp:1.0',
    'myapp:2.0',
    'postgres:16',
    'postgres:16-alpine',
    'httpd:2.4',
    'redis:7.2',
    'redis:alpine',
    'mysql:8.0',
    'mysql:8.4',
    'mongo:7.0',
    'memcached:1.6',
    'alpine:3.20',
    'ubuntu:22.04',
    'ubuntu:noble',
    'debian:bookworm-slim',
    'python:3.12-slim',
    'node:20-alpine',
    'node:lts',
    'golang:1.22',
    'registry.k8s.io/pause:3.9',
    'k8s.gcr.io/pause:3.2',
    'prom/node-exporter:v1.8.2',
    'quay.io/prometheus/node-exporter:v1.8.2',
    'registry.k8s.io/e2e-test-images/agnhost:2.39',
    'hashicorp/http-echo',
    'hashicorp/http-echo:1.0',
    'traefik/whoami:v1.10',
    'traefik/whoami',
    'registry.k8s.io/nginx-slim:0.8',
    'gcr.io/google-samples/hello-app:1.0',
  ])('%s resolves', (name) => {
    const lookup = lookupImage(view(), name);
    expect(lookup.ok ? lookup.image.imageID : lookup.message).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('tags stand for the newest matching release', () => {
    const nginx = IMAGE_CATALOG.find((i) => i.repository === 'docker.io/library/nginx');
    const tags = nginx ? catalogTags(nginx) : new Map();
    expect(tags.get('1.25')).toBe('1.25.5');
    expect(tags.get('1')).toBe('1.29.3');
    expect(tags.get('latest')).toBe('1.29.3');
    expect(tags.get('1.27-alpine')).toBe('1.27.5');
    const lookup = lookupImage(view(), 'nginx:1.24');
    expect(lookup.ok && lookup.image.version).toBe('1.24.0');
  });

  it('the same tag always has the same digest and size', () => {
    const a = lookupImage(view(), 'nginx:1.25');
    const b = lookupImage(view(), 'docker.io/library/nginx:1.25');
    expect(a.ok && b.ok && a.image.digest === b.image.digest && a.image.sizeBytes === b.image.sizeBytes).toBe(
      true,
    );
    const c = lookupImage(view(), 'nginx:1.26');
    expect(a.ok && c.ok && a.image.digest !== c.image.digest).toBe(true);
  });

  it.each([
    ['nginx:doesnotexist', 'NotFound', 'docker.io/library/nginx:doesnotexist: not found'],
    ['myapp:3.0', 'NotFound', 'docker.io/library/myapp:3.0: not found'],
    [
      'nosuchimage:1',
      'Unknown',
      'pull access denied, repository does not exist or may require authorization',
    ],
    ['registry.k8s.io/nope:1', 'NotFound', 'registry.k8s.io/nope:1: not found'],
    ['quay.io/nobody/nothing:1', 'Unknown', '401 UNAUTHORIZED'],
    ['my.registry.local/app:1', 'Unknown', 'lookup my.registry.local on 172.18.0.1:53: no such host'],
  ])('%s fails (%s)', (name, code, fragment) => {
    const lookup = lookupImage(view(), name);
    expect(lookup.ok).toBe(false);
    if (!lookup.ok) {
      expect(lookup.reason).toBe('ErrImagePull');
      expect(lookup.message).toContain(`rpc error: code = ${code} desc = failed to pull and unpack image`);
      expect(lookup.message).toContain(fragment);
    }
  });

  it('exercise images come from view.customImages, written in any normal form', () => {
    const custom: ImageSpec = {
      name: 'docker.io/podlab/crasher',
      tags: ['1'],
      behaviour: { pullSeconds: 1, readySeconds: 0, run: 'crash-after', runSeconds: 30, exitCode: 2 },
    };
    const lookup = lookupImage(view([custom]), 'podlab/crasher:1');
    expect(lookup.ok && lookup.image.behaviour.runSeconds).toBe(30);
    expect(lookupImage(view([custom]), 'podlab/crasher:2').ok).toBe(false);
    // A registered image overrides the catalog.
    const override: ImageSpec = { ...custom, name: 'nginx', tags: [] };
    const nginx = lookupImage(view([override]), 'nginx:whatever');
    expect(nginx.ok && nginx.image.behaviour.run).toBe('crash-after');
  });

  it.each([
    [['nginx:1.25'], 'nginx:1.25', false],
    [['nginx:1.25'], 'docker.io/library/nginx:1.25', false],
    [['nginx:1.25'], 'nginx:1.26', true],
    [['nginx'], 'nginx:1.26', false],
    [['docker.io/library/nginx'], 'nginx', false],
  ])('broken %j: %s pulls = %s', (broken, name, pulls) => {
    const lookup = lookupImage(view([], broken), name);
    expect(lookup.ok).toBe(pulls);
    if (!lookup.ok) expect(lookup.message).toContain('503 Service Unavailable');
    expect(lookupImage(view([], broken), name, { ignoreBroken: true }).ok).toBe(true);
  });
});
