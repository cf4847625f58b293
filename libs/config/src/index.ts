export {
  DEVELOPMENT_JWT_SECRET,
  configSchema,
  configHints,
  configVariables,
  type AppConfig,
  type ConfigVariable,
} from './config.schema';
export {
  ConfigError,
  loadConfigOrExit,
  logFormat,
  parseConfig,
  pinoOptions,
  type ConfigProblem,
  type LogFormat,
} from './load-config';
