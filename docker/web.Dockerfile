# syntax=docker/dockerfile:1
# The web page, built from the repository root: docker build -f docker/web.Dockerfile .
# Stages: deps -> build (vite build) -> runtime (nginx serving the files, proxying /graphql and /health to the api).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
COPY . .
RUN npx nx run web:build --outputStyle=static

FROM nginx:1.27-alpine AS runtime
# The official image renders /etc/nginx/templates/*.template with the environment at start-up.
ENV API_UPSTREAM=http://api:3000
COPY docker/web.nginx.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /app/dist/apps/web /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=10s --timeout=3s CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
