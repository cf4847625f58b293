# syntax=docker/dockerfile:1
# The worker, built from the repository root: docker build -f docker/worker.Dockerfile .
# Stages: deps (all packages) -> build (tsc + tsc-alias via Nx) -> prod-deps (runtime packages) -> runtime.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off, as on the project's machines; nothing at runtime needs them.
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY . .
RUN npx nx run worker:build --outputStyle=static

FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/apps/worker ./dist/apps/worker
COPY package.json ./
USER node
# No port: the worker is a BullMQ consumer with no HTTP server.
# SIGTERM starts the graceful shutdown; give it SHUTDOWN_TIMEOUT_MS plus a margin (compose: stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/worker/apps/worker/src/main.js"]
