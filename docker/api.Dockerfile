# syntax=docker/dockerfile:1
# The api, built from the repository root: docker build -f docker/api.Dockerfile .
# Stages: deps (all packages) -> build (tsc + tsc-alias via Nx) -> prod-deps (runtime packages) -> runtime.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off, as on the project's machines; nothing at runtime needs them.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY . .
RUN npx nx run api:build --outputStyle=static

FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/api ./dist/apps/api
COPY package.json ./
USER node
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful shutdown; give it SHUTDOWN_TIMEOUT_MS plus a margin (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
