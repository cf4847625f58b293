// The built-in catalog of the simulated registry: real repositories with realistic tags, sizes and what their
// default command does. Tags are generated from release lists (`1.25.5` also answers to `1.25`, `1` and, for
// the newest, `latest`), each with the repository's variant suffixes (`-alpine`, `-slim` …).
// Start-up log lines may hold placeholders that logs/container-logs.ts expands: `{t:<format>}` (the instant,
// in the program's own log format), `{version}`, `{host}` (pod name), `{ip}` (pod IP), `{kernel}`.
import type { ImageBehaviour } from '../state/image';

export interface CatalogImage {
  /** Normalized repository, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** Full versions, oldest first. */
  versions: string[];
  /** Variant suffixes besides the plain tag, e.g. `-alpine`. */
  suffixes?: string[];
  /** Extra tags and the version they point at (`stable` → `1.28.0`); `''` = no particular version. */
  aliases?: Record<string, string>;
  /** Prefix of version tags (`v1.8.2`). */
  tagPrefix?: string;
  /** Whether shortened tags (`1.25`, `1`) exist. Default true. */
  shortTags?: boolean;
  /** Whether `latest` exists. Default true. */
  latest?: boolean;
  /** Compressed size of the plain variant, bytes. */
  sizeBytes: number;
  behaviour: ImageBehaviour;
  /**
   * How `args` without `command` run: `exec` images (docker-entrypoint.sh, shells) run them as the command
   * unless they start with `-`; `binary` images pass them to their own program as flags.
   */
  entrypoint: 'exec' | 'binary';
  /** Commands that mean "the image's own server" (`nginx`, `redis-server` …). */
  serverCommands?: string[];
  /** Start-up lines per version (overrides behaviour.startupLogs). */
  logsFor?: (version: string) => string[];
  /** The entrypoint refuses to start without one of these environment variables. */
  requiresEnv?: { anyOf: string[]; logs: string[]; exitCode: number };
}

const serve = (
  pullSeconds: number,
  readySeconds: number,
  stopSeconds: number | undefined,
  startupLogs: string[] = [],
): ImageBehaviour => ({
  pullSeconds,
  readySeconds,
  run: 'serve',
  ...(stopSeconds !== undefined ? { stopSeconds } : {}),
  startupLogs,
});

/** A shell or interpreter image whose default command has no terminal and ends at once (exit 0). */
const exitsAtOnce = (pullSeconds: number): ImageBehaviour => ({
  pullSeconds,
  readySeconds: 0,
  run: 'exit',
  exitCode: 0,
  stopSeconds: 0,
  startupLogs: [],
});

function range(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${i}`);
  return out;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number(p));
  const pb = b.split(/[.-]/).map((p) => Number(p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return (Number.isNaN(x) ? 0 : x) - (Number.isNaN(y) ? 0 : y);
  }
  return 0;
}

const nginxLogs = (version: string): string[] => {
  // The docker-entrypoint.sh chatter exists since the 1.19 images; 15-local-resolvers since 1.25.3.
  const entrypoint =
    compareVersions(version, '1.19.0') < 0
      ? []
      : [
          '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
          '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
          '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
          '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
          ...(compareVersions(version, '1.25.3') >= 0
            ? ['/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh']
            : []),
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
          '/docker-entrypoint.sh: Configuration complete; ready for start up',
        ];
  if (compareVersions(version, '1.19.0') < 0) return [];
  return [
    ...entrypoint,
    '{t:nginx} [notice] 1#1: using the "epoll" event method',
    `{t:nginx} [notice] 1#1: nginx/${version}`,
    '{t:nginx} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ',
    '{t:nginx} [notice] 1#1: OS: Linux {kernel}',
    '{t:nginx} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    '{t:nginx} [notice] 1#1: start worker processes',
    '{t:nginx} [notice] 1#1: start worker process 29',
    '{t:nginx} [notice] 1#1: start worker process 30',
    '{t:nginx} [notice] 1#1: start worker process 31',
    '{t:nginx} [notice] 1#1: start worker process 32',
  ];
};

const redisLogs = (version: string): string[] => [
  '1:C {t:redis} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
  `1:C {t:redis} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
  '1:C {t:redis} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
  '1:M {t:redis} * monotonic clock: POSIX clock_gettime',
  '1:M {t:redis} * Running mode=standalone, port=6379.',
  '1:M {t:redis} * Server initialized',
  '1:M {t:redis} * Ready to accept connections tcp',
];

const postgresLogs = (version: string): string[] => [
  'The files belonging to this database system will be owned by user "postgres".',
  'This user must also own the server process.',
  '',
  'The database cluster will be initialized with locale "en_US.utf8".',
  'The default database encoding has accordingly been set to "UTF8".',
  'The default text search configuration will be set to "english".',
  '',
  'Data page checksums are disabled.',
  '',
  'fixing permissions on existing directory /var/lib/postgresql/data ... ok',
  'creating subdirectories ... ok',
  'selecting dynamic shared memory implementation ... posix',
  'selecting default max_connections ... 100',
  'selecting default shared_buffers ... 128MB',
  'selecting default time zone ... Etc/UTC',
  'creating configuration files ... ok',
  'running bootstrap script ... ok',
  'performing post-bootstrap initialization ... ok',
  'syncing data to disk ... ok',
  '',
  '',
  'Success. You can now start the database server using:',
  '',
  '    pg_ctl -D /var/lib/postgresql/data -l logfile start',
  '',
  'initdb: warning: enabling "trust" authentication for local connections',
  'initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.',
  'waiting for server to start.... done',
  'server started',
  '',
  '/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*',
  '',
  'waiting for server to shut down.... done',
  'server stopped',
  '',
  'PostgreSQL init process complete; ready for start up.',
  '',
  `{t:pg} UTC [1] LOG:  starting PostgreSQL ${version} (Debian ${version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
  '{t:pg} UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
  '{t:pg} UTC [1] LOG:  listening on IPv6 address "::", port 5432',
  '{t:pg} UTC [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"',
  '{t:pg} UTC [62] LOG:  database system was shut down at {t:pgshort} UTC',
  '{t:pg} UTC [1] LOG:  database system is ready to accept connections',
];

const httpdLogs = (version: string): string[] => [
  "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
  "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
  `[{t:apache}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
  "[{t:apache}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
];

const mysqlStart = (version: string) => [
  `{t:mysqlentry} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version}-1.el9 started.`,
  "{t:mysqlentry} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
  `{t:mysqlentry} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version}-1.el9 started.`,
];

const mysqlLogs = (version: string): string[] => [
  ...mysqlStart(version),
  '{t:mysqlentry} [Note] [Entrypoint]: Initializing database files',
  `{t:mysql} 0 [System] [MY-015017] [Server] MySQL Server Initialization - start.`,
  '{t:mysqlentry} [Note] [Entrypoint]: Database files initialized',
  '{t:mysqlentry} [Note] [Entrypoint]: MySQL init process done. Ready for start up.',
  `{t:mysql} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${version}) starting as process 1`,
  `{t:mysql} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
];

const mongoLogs = (version: string): string[] => [
  `{"t":{"$date":"{t:mongo}"},"s":"I",  "c":"CONTROL",  "id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}`,
  `{"t":{"$date":"{t:mongo}"},"s":"I",  "c":"CONTROL",  "id":4615611, "ctx":"initandlisten","msg":"MongoDB starting","attr":{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"{host}"}}`,
  `{"t":{"$date":"{t:mongo}"},"s":"I",  "c":"CONTROL",  "id":23403,   "ctx":"initandlisten","msg":"Build Info","attr":{"buildInfo":{"version":"${version}"}}}`,
  '{"t":{"$date":"{t:mongo}"},"s":"I",  "c":"NETWORK",  "id":23015,   "ctx":"listener","msg":"Listening on","attr":{"address":"0.0.0.0"}}',
  '{"t":{"$date":"{t:mongo}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}',
];

const fluentdLogs = (version: string): string[] => {
  const gem = version.replace(/^v/, '').replace(/-.*$/, '');
  return [
    'fluentd -c /fluentd/etc/fluent.conf',
    '{t:fluentd} +0000 [info]: init supervisor logger path=nil rotate_age=nil rotate_size=nil',
    '{t:fluentd} +0000 [info]: parsing config file is succeeded path="/fluentd/etc/fluent.conf"',
    `{t:fluentd} +0000 [info]: gem 'fluentd' version '${gem}'`,
    `{t:fluentd} +0000 [info]: starting fluentd-${gem} pid=7 ruby="3.2.4"`,
    '{t:fluentd} +0000 [info]: spawn command to main:  cmdline=["/usr/local/bin/ruby", "-Eascii-8bit:ascii-8bit", "/usr/local/bundle/bin/fluentd", "-c", "/fluentd/etc/fluent.conf", "--plugin", "/fluentd/plugins", "--under-supervisor"]',
    '{t:fluentd} +0000 [info]: #0 starting fluentd worker pid=16 ppid=7 worker=0',
    '{t:fluentd} +0000 [info]: #0 fluentd worker is now running worker=0',
  ];
};

const fluentBitLogs = (version: string): string[] => [
  `Fluent Bit v${version}`,
  '* Copyright (C) 2015-2024 The Fluent Bit Authors',
  '* Fluent Bit is a CNCF sub-project under the umbrella of Fluentd',
  '* https://fluentbit.io',
  '',
  `[{t:fluentbit}] [ info] [fluent bit] version=${version}, commit=, pid=1`,
  '[{t:fluentbit}] [ info] [storage] ver=1.5.2, type=memory, sync=normal, checksum=off, max_chunks_up=128',
  '[{t:fluentbit}] [ info] [cmetrics] version=0.9.6',
  '[{t:fluentbit}] [ info] [input:cpu:cpu.0] initializing',
  '[{t:fluentbit}] [ info] [output:stdout:stdout.0] worker #0 started',
  '[{t:fluentbit}] [ info] [sp] stream processor started',
];

const nodeExporterLogs = (version: string): string[] => [
  `ts={t:iso} caller=node_exporter.go:193 level=info msg="Starting node_exporter" version="(version=${version.replace(/^v/, '')}, branch=HEAD, revision=f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895)"`,
  'ts={t:iso} caller=node_exporter.go:194 level=info msg="Build context" build_context="(go=go1.22.5, platform=linux/amd64, user=root@03d440803209, date=20240714-11:53:45, tags=unknown)"',
  'ts={t:iso} caller=node_exporter.go:111 level=info msg="Enabled collectors"',
  'ts={t:iso} caller=tls_config.go:313 level=info msg="Listening on" address=[::]:9100',
  'ts={t:iso} caller=tls_config.go:316 level=info msg="TLS is disabled." http2=false address=[::]:9100',
];

const NGINX_VERSIONS = [
  ...range('1.14.', 0, 2),
  ...range('1.15.', 0, 12),
  ...range('1.16.', 0, 1),
  ...range('1.17.', 0, 10),
  '1.18.0',
  ...range('1.19.', 0, 10),
  ...range('1.20.', 0, 2),
  ...range('1.21.', 0, 6),
  ...range('1.22.', 0, 1),
  ...range('1.23.', 0, 4),
  '1.24.0',
  ...range('1.25.', 0, 5),
  ...range('1.26.', 0, 3),
  ...range('1.27.', 0, 5),
  '1.28.0',
  ...range('1.29.', 0, 3),
];

export const IMAGE_CATALOG: readonly CatalogImage[] = [
  {
    repository: 'docker.io/library/nginx',
    versions: NGINX_VERSIONS,
    suffixes: ['-alpine', '-alpine-slim', '-perl', '-alpine-perl', '-bookworm', '-bullseye'],
    aliases: { stable: '1.28.0', mainline: '1.29.3', alpine: '1.29.3', perl: '1.29.3', bookworm: '1.29.3' },
    sizeBytes: 72_099_501,
    behaviour: serve(2.4, 0, 1),
    entrypoint: 'exec',
    serverCommands: ['nginx', 'nginx-debug'],
    logsFor: nginxLogs,
  },
  {
    repository: 'docker.io/library/httpd',
    versions: range('2.4.', 46, 65),
    suffixes: ['-alpine', '-bookworm'],
    aliases: { alpine: '2.4.65', bookworm: '2.4.65' },
    sizeBytes: 58_412_345,
    behaviour: serve(2.1, 0, 1),
    entrypoint: 'exec',
    serverCommands: ['httpd-foreground', 'httpd'],
    logsFor: (v) => httpdLogs(v),
  },
  {
    repository: 'docker.io/library/redis',
    versions: [
      '6.0.20',
      ...range('6.2.', 14, 19),
      '7.0.15',
      ...range('7.2.', 0, 10),
      ...range('7.4.', 0, 5),
      ...range('8.0.', 0, 3),
      ...range('8.2.', 0, 2),
    ],
    suffixes: ['-alpine', '-bookworm'],
    aliases: { alpine: '8.2.2', bookworm: '8.2.2' },
    sizeBytes: 45_236_881,
    behaviour: serve(1.8, 0, 1),
    entrypoint: 'exec',
    serverCommands: ['redis-server'],
    logsFor: redisLogs,
  },
  {
    repository: 'docker.io/library/postgres',
    versions: [
      ...range('12.', 0, 22),
      ...range('13.', 0, 22),
      ...range('14.', 0, 19),
      ...range('15.', 0, 14),
      ...range('16.', 0, 10),
      ...range('17.', 0, 6),
      '18.0',
    ],
    suffixes: ['-alpine', '-bookworm', '-bullseye'],
    aliases: { alpine: '18.0', bookworm: '18.0' },
    sizeBytes: 153_887_744,
    // initdb and recovery: the server accepts connections a few seconds after the container starts.
    behaviour: serve(4.2, 4, 1),
    entrypoint: 'exec',
    serverCommands: ['postgres'],
    logsFor: postgresLogs,
  },
  {
    repository: 'docker.io/library/mysql',
    versions: [
      '5.7.44',
      ...range('8.0.', 30, 43),
      ...range('8.4.', 0, 6),
      '9.0.1',
      '9.1.0',
      '9.2.0',
      '9.3.0',
      '9.4.0',
    ],
    suffixes: ['-oracle', '-debian'],
    aliases: { lts: '8.4.6', innovation: '9.4.0', oracle: '9.4.0' },
    sizeBytes: 172_550_312,
    behaviour: serve(5.1, 12, 2),
    entrypoint: 'exec',
    serverCommands: ['mysqld'],
    logsFor: mysqlLogs,
    requiresEnv: {
      anyOf: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'],
      logs: [
        ...mysqlStart('{version}'),
        '{t:mysqlentry} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
        '    You need to specify one of the following as an environment variable:',
        '    - MYSQL_ROOT_PASSWORD',
        '    - MYSQL_ALLOW_EMPTY_PASSWORD',
        '    - MYSQL_RANDOM_ROOT_PASSWORD',
      ],
      exitCode: 1,
    },
  },
  {
    repository: 'docker.io/library/mongo',
    versions: [
      '4.4.29',
      ...range('5.0.', 25, 31),
      ...range('6.0.', 15, 26),
      ...range('7.0.', 10, 24),
      ...range('8.0.', 0, 15),
    ],
    suffixes: ['-jammy', '-noble'],
    sizeBytes: 265_044_892,
    behaviour: serve(7.5, 2, 1),
    entrypoint: 'exec',
    serverCommands: ['mongod'],
    logsFor: mongoLogs,
  },
  {
    repository: 'docker.io/library/memcached',
    versions: range('1.6.', 20, 39),
    suffixes: ['-alpine', '-bookworm'],
    aliases: { alpine: '1.6.39', bookworm: '1.6.39' },
    sizeBytes: 31_040_110,
    behaviour: serve(1.2, 0, 0),
    entrypoint: 'exec',
    serverCommands: ['memcached'],
  },
  {
    repository: 'docker.io/library/busybox',
    versions: ['1.31.1', '1.32.1', '1.33.1', '1.34.1', '1.35.0', '1.36.0', '1.36.1', '1.37.0'],
    suffixes: ['-glibc', '-musl', '-uclibc'],
    aliases: {
      stable: '1.37.0',
      glibc: '1.37.0',
      musl: '1.37.0',
      uclibc: '1.37.0',
      'stable-glibc': '1.37.0',
    },
    sizeBytes: 2_155_646,
    behaviour: exitsAtOnce(0.9),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/alpine',
    versions: [
      '3.12.12',
      '3.13.12',
      '3.14.10',
      '3.15.11',
      '3.16.9',
      '3.17.10',
      '3.18.12',
      '3.19.8',
      '3.20.7',
      '3.21.4',
      '3.22.1',
    ],
    aliases: { edge: '' },
    sizeBytes: 3_623_807,
    behaviour: exitsAtOnce(0.7),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/ubuntu',
    versions: ['18.04', '20.04', '22.04', '24.04', '24.10', '25.04'],
    shortTags: false,
    aliases: {
      bionic: '18.04',
      focal: '20.04',
      jammy: '22.04',
      noble: '24.04',
      oracular: '24.10',
      plucky: '25.04',
      rolling: '25.04',
      devel: '',
    },
    sizeBytes: 29_754_290,
    behaviour: exitsAtOnce(1.3),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/debian',
    versions: ['10.13', '11.11', ...range('12.', 0, 12), '13.1'],
    suffixes: ['-slim'],
    aliases: {
      buster: '10.13',
      bullseye: '11.11',
      bookworm: '12.12',
      trixie: '13.1',
      'buster-slim': '10.13',
      'bullseye-slim': '11.11',
      'bookworm-slim': '12.12',
      'trixie-slim': '13.1',
      stable: '13.1',
      'stable-slim': '13.1',
    },
    sizeBytes: 48_494_272,
    behaviour: exitsAtOnce(1.6),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/python',
    versions: [
      '3.8.20',
      '3.9.23',
      ...range('3.10.', 14, 18),
      ...range('3.11.', 9, 13),
      ...range('3.12.', 3, 11),
      ...range('3.13.', 0, 7),
      '3.14.0',
    ],
    suffixes: ['-slim', '-alpine', '-bookworm', '-slim-bookworm'],
    aliases: { slim: '3.14.0', alpine: '3.14.0', bookworm: '3.14.0' },
    sizeBytes: 372_001_202,
    behaviour: exitsAtOnce(9.8),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/node',
    versions: [
      '16.20.2',
      '18.20.8',
      ...range('20.', 10, 19).map((v) => `${v}.0`),
      ...range('22.', 0, 20).map((v) => `${v}.0`),
      '24.0.0',
      '24.10.0',
    ],
    suffixes: ['-alpine', '-slim', '-bookworm', '-bookworm-slim'],
    aliases: { lts: '22.20.0', current: '24.10.0', alpine: '24.10.0', slim: '24.10.0' },
    sizeBytes: 401_338_123,
    behaviour: exitsAtOnce(10.4),
    entrypoint: 'exec',
  },
  {
    repository: 'docker.io/library/golang',
    versions: [
      '1.20.14',
      '1.21.13',
      ...range('1.22.', 0, 12),
      ...range('1.23.', 0, 12),
      ...range('1.24.', 0, 8),
      ...range('1.25.', 0, 2),
    ],
    suffixes: ['-alpine', '-bookworm'],
    aliases: { alpine: '1.25.2', bookworm: '1.25.2' },
    sizeBytes: 298_113_004,
    behaviour: exitsAtOnce(8.9),
    entrypoint: 'exec',
  },
  {
    repository: 'registry.k8s.io/pause',
    versions: ['3.1', '3.2', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10'],
    shortTags: false,
    sizeBytes: 321_520,
    behaviour: serve(0.4, 0, 0),
    entrypoint: 'binary',
  },
  {
    repository: 'docker.io/library/fluentd',
    versions: ['v1.16.2-1.1', 'v1.16.5-1.0', 'v1.17.1-1.0', 'v1.18.0-1.0', 'v1.19.0-1.0'],
    shortTags: false,
    aliases: {
      'v1.16-1': 'v1.16.5-1.0',
      'v1.16-debian-1': 'v1.16.5-1.0',
      'v1.17-1': 'v1.17.1-1.0',
      'v1.18-1': 'v1.18.0-1.0',
      'v1.19-1': 'v1.19.0-1.0',
      'v1.19-debian-1': 'v1.19.0-1.0',
      edge: 'v1.19.0-1.0',
    },
    sizeBytes: 41_993_220,
    behaviour: serve(2.0, 2, 2),
    entrypoint: 'exec',
    serverCommands: ['fluentd'],
    logsFor: fluentdLogs,
  },
  {
    repository: 'docker.io/fluent/fluentd',
    versions: [
      'v1.7.4-1.0',
      'v1.9.1-1.0',
      'v1.12.0-1.0',
      'v1.14.6-1.2',
      'v1.15.3-1.0',
      'v1.16.2-1.1',
      'v1.16.5-1.0',
      'v1.17.1-1.0',
      'v1.18.0-1.0',
    ],
    shortTags: false,
    aliases: {
      'v1.14-1': 'v1.14.6-1.2',
      'v1.15-1': 'v1.15.3-1.0',
      'v1.16-1': 'v1.16.5-1.0',
      'v1.16-debian-1': 'v1.16.5-1.0',
      'v1.17-1': 'v1.17.1-1.0',
      'v1.18-1': 'v1.18.0-1.0',
      edge: 'v1.18.0-1.0',
    },
    sizeBytes: 40_120_445,
    behaviour: serve(2.0, 2, 2),
    entrypoint: 'exec',
    serverCommands: ['fluentd'],
    logsFor: fluentdLogs,
  },
  {
    repository: 'docker.io/fluent/fluent-bit',
    versions: [
      '1.9.10',
      '2.0.14',
      '2.1.10',
      '2.2.3',
      ...range('3.0.', 0, 7),
      ...range('3.1.', 0, 10),
      ...range('3.2.', 0, 10),
      ...range('4.0.', 0, 9),
    ],
    suffixes: ['-debug'],
    sizeBytes: 31_877_102,
    behaviour: serve(1.4, 1, 1),
    entrypoint: 'binary',
    logsFor: fluentBitLogs,
  },
  {
    repository: 'docker.io/prom/node-exporter',
    versions: ['1.3.1', '1.5.0', '1.6.1', '1.7.0', '1.8.0', '1.8.1', '1.8.2', '1.9.0', '1.9.1'],
    tagPrefix: 'v',
    shortTags: false,
    aliases: { master: '' },
    sizeBytes: 11_503_004,
    behaviour: serve(0.8, 0, 0),
    entrypoint: 'binary',
    logsFor: nodeExporterLogs,
  },
  {
    repository: 'quay.io/prometheus/node-exporter',
    versions: ['1.3.1', '1.5.0', '1.6.1', '1.7.0', '1.8.0', '1.8.1', '1.8.2', '1.9.0', '1.9.1'],
    tagPrefix: 'v',
    shortTags: false,
    aliases: { master: '' },
    sizeBytes: 11_503_004,
    behaviour: serve(0.9, 0, 0),
    entrypoint: 'binary',
    logsFor: nodeExporterLogs,
  },
  {
    repository: 'registry.k8s.io/e2e-test-images/agnhost',
    versions: ['2.39', '2.40', '2.43', '2.45', '2.47', '2.48', '2.50', '2.52', '2.53'],
    shortTags: false,
    latest: false,
    sizeBytes: 51_240_110,
    behaviour: serve(1.6, 0, 0, ['I{t:glog}       1 log.go:245] Started HTTP server on port 8080']),
    entrypoint: 'binary',
  },
  {
    repository: 'docker.io/hashicorp/http-echo',
    versions: ['0.2.3', '1.0.0'],
    sizeBytes: 3_409_225,
    behaviour: serve(0.5, 0, 0, ['{t:nginx} [INFO] server is listening on :5678']),
    entrypoint: 'binary',
  },
  {
    repository: 'docker.io/traefik/whoami',
    versions: ['1.8.0', '1.8.7', '1.9.0', '1.10.0', '1.10.1', '1.10.2', '1.10.3', '1.10.4', '1.11.0'],
    tagPrefix: 'v',

    sizeBytes: 3_142_006,
    behaviour: serve(0.5, 0, 0, ['{t:nginx} Starting up on port 80']),
    entrypoint: 'binary',
  },
  {
    repository: 'registry.k8s.io/nginx-slim',
    versions: ['0.8', '0.21', '0.24', '0.26', '0.27'],
    shortTags: false,
    latest: false,
    sizeBytes: 35_012_876,
    behaviour: serve(1.5, 0, 1),
    entrypoint: 'exec',
    serverCommands: ['nginx'],
  },
  {
    repository: 'registry.k8s.io/echoserver',
    versions: ['1.4', '1.10'],
    shortTags: false,
    latest: false,
    sizeBytes: 46_007_110,
    behaviour: serve(1.7, 0, 1),
    entrypoint: 'exec',
  },
  {
    repository: 'gcr.io/google-samples/hello-app',
    versions: ['1.0', '2.0'],
    shortTags: false,
    latest: false,
    sizeBytes: 10_112_332,
    behaviour: serve(0.8, 0, undefined, ['{t:nginx} Server listening on port 8080']),
    entrypoint: 'binary',
  },
  {
    repository: 'docker.io/curlimages/curl',
    versions: ['7.85.0', '8.5.0', '8.10.1', '8.14.1', '8.16.0'],
    shortTags: false,
    sizeBytes: 10_233_501,
    behaviour: {
      pullSeconds: 0.8,
      readySeconds: 0,
      run: 'exit',
      exitCode: 2,
      stopSeconds: 0,
      startupLogs: ["curl: try 'curl --help' or 'curl --manual' for more information"],
    },
    entrypoint: 'binary',
  },
  {
    repository: 'docker.io/grafana/grafana',
    versions: [
      '10.4.5',
      '11.0.0',
      '11.1.0',
      '11.2.0',
      '11.3.0',
      '11.4.0',
      '11.5.0',
      '12.0.0',
      '12.1.0',
      '12.2.0',
    ],
    shortTags: false,
    sizeBytes: 138_230_004,
    behaviour: serve(4.6, 6, 2, [
      'logger=settings t={t:iso} level=info msg="Starting Grafana" version={version} compiled=2025-01-01T00:00:00Z',
      'logger=http.server t={t:iso} level=info msg="HTTP Server Listen" address=[::]:3000 protocol=http subUrl= socket=',
    ]),
    entrypoint: 'binary',
  },
  {
    // The memory hog of the "Assign Memory Resources to Containers" task (`stress --vm-bytes 150M`).
    repository: 'docker.io/polinux/stress',
    versions: ['1.0.4'],
    shortTags: false,
    sizeBytes: 4_041_911,
    behaviour: serve(1.0, 0, undefined),
    entrypoint: 'exec',
  },
  {
    // The made-up application of the seed tutorials (`myapp:1.0`, `kubectl set image … web=myapp:2.0`): it
    // exists here so their manifests run unchanged and behave as the text describes (a web server on 8080).
    repository: 'docker.io/library/myapp',
    versions: ['1.0', '1.1', '2.0'],
    shortTags: false,
    latest: false,
    sizeBytes: 24_876_544,
    behaviour: serve(1.1, 1, 1, ['{t:nginx} myapp {version} listening on :8080']),
    entrypoint: 'binary',
  },
];

/** All tags of a catalog image with the version each stands for (`''` when it names no version). */
export function catalogTags(image: CatalogImage): Map<string, string> {
  const tags = new Map<string, string>();
  const prefix = image.tagPrefix ?? '';
  const sorted = [...image.versions].sort(compareVersions);
  const newest = sorted[sorted.length - 1] ?? '';
  const plain = new Map<string, string>();
  for (const version of sorted) {
    plain.set(`${prefix}${version}`, version);
    if (image.shortTags !== false) {
      const parts = version.split('.');
      // Shorter tags move to the newest release that shares them (the list is sorted ascending).
      for (let n = parts.length - 1; n >= 1; n--)
        plain.set(`${prefix}${parts.slice(0, n).join('.')}`, version);
    }
  }
  for (const [tag, version] of plain) {
    tags.set(tag, version);
    for (const suffix of image.suffixes ?? []) tags.set(`${tag}${suffix}`, version);
  }
  if (image.latest !== false) tags.set('latest', newest);
  for (const [alias, version] of Object.entries(image.aliases ?? {})) tags.set(alias, version);
  return tags;
}

export { compareVersions };
